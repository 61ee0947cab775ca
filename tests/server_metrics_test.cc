// akad's Prometheus endpoint over real HTTP: calls are counted by method and code with latency histograms,
// resolution outcomes are counted from unary and streamed answers, the stream backlog returns to zero, and
// the request id is echoed to the caller.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "aka/v1/registry.grpc.pb.h"
#include "aka/v1/resolver.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/server.h"

namespace aka {
namespace {

using ::testing::HasSubstr;

// GET http://127.0.0.1:port/metrics; the whole response, headers included. Empty on a socket error.
std::string ScrapeMetrics(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    const std::string request = "GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
      char buffer[8192];
      ssize_t n;
      while ((n = read(fd, buffer, sizeof buffer)) > 0) response.append(buffer, n);
    }
  }
  close(fd);
  return response;
}

class ServerMetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "/server_metrics_test_XXXXXX";
    dir_ = mkdtemp(pattern.data());
    service::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.db_path = dir_ + "/db";
    options.load_default_data = false;
    options.metrics_listen = "127.0.0.1:0";
    auto server = service::AkaServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    channel_ = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
  }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now());
    std::filesystem::remove_all(dir_);
  }

  std::string dir_;
  std::unique_ptr<service::AkaServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(ServerMetricsTest, CallsOutcomesAndBacklogAreExposed) {
  ASSERT_NE(server_->metrics_port(), 0);
  {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::UpsertEntityRequest request;
    request.mutable_entity()->set_type("threat_actor");
    request.mutable_entity()->set_canonical_name("APT31");
    v1::UpsertEntityResponse response;
    ASSERT_TRUE(v1::Registry::NewStub(channel_)->UpsertEntity(&context, request, &response).ok());
  }
  {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    context.AddMetadata("x-request-id", "trace-42");
    v1::ResolveRequest request;
    request.set_name("APT31");
    v1::ResolveResponse response;
    ASSERT_TRUE(v1::Resolver::NewStub(channel_)->Resolve(&context, request, &response).ok());
    auto echoed = context.GetServerInitialMetadata().find("x-request-id");
    ASSERT_NE(echoed, context.GetServerInitialMetadata().end());
    EXPECT_EQ(std::string(echoed->second.data(), echoed->second.size()), "trace-42");
  }
  {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    auto stream = v1::Resolver::NewStub(channel_)->ResolveStream(&context);
    for (const char* name : {"APT 31", "nothing like it at all", ""}) {
      v1::ResolveRequest request;
      request.set_name(name);
      ASSERT_TRUE(stream->Write(request));
    }
    stream->WritesDone();
    v1::ResolveResponse response;
    int answers = 0;
    while (stream->Read(&response)) ++answers;
    ASSERT_TRUE(stream->Finish().ok());
    EXPECT_EQ(answers, 3);
  }
  {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::GetEntityRequest request;
    request.set_id("E99999999");
    v1::GetEntityResponse response;
    EXPECT_EQ(v1::Registry::NewStub(channel_)->GetEntity(&context, request, &response).error_code(),
              grpc::StatusCode::NOT_FOUND);
  }

  const std::string text = ScrapeMetrics(server_->metrics_port());
  EXPECT_THAT(text, HasSubstr("200 OK"));
  EXPECT_THAT(text, HasSubstr("aka_rpc_requests_total{code=\"OK\",method=\"/aka.v1.Resolver/Resolve\"} 1"));
  EXPECT_THAT(text, HasSubstr("aka_rpc_requests_total{code=\"OK\",method=\"/aka.v1.Resolver/ResolveStream\"} 1"));
  EXPECT_THAT(text, HasSubstr("aka_rpc_requests_total{code=\"NOT_FOUND\",method=\"/aka.v1.Registry/GetEntity\"} 1"));
  EXPECT_THAT(text, HasSubstr("aka_rpc_latency_seconds_count{code=\"OK\",method=\"/aka.v1.Resolver/Resolve\"} 1"));
  EXPECT_THAT(text, HasSubstr("aka_resolve_outcomes_total{outcome=\"MATCHED\"} 2"));  // unary + streamed
  EXPECT_THAT(text, HasSubstr("aka_resolve_outcomes_total{outcome=\"NO_MATCH\"} 1"));
  EXPECT_THAT(text, HasSubstr("aka_resolve_outcomes_total{outcome=\"ERROR\"} 1"));  // the empty name
  EXPECT_THAT(text, HasSubstr("aka_stream_backlog 0"));
  EXPECT_THAT(text, HasSubstr("aka_auth_rejections_total{code=\"UNAUTHENTICATED\"} 0"));
  // The store's engine figures (service/store_metrics.h): the writes above sit in the memtable.
  EXPECT_THAT(text, HasSubstr("aka_rocksdb_block_cache_hits_total"));
  EXPECT_THAT(text, HasSubstr("aka_rocksdb_block_cache_misses_total"));
  EXPECT_THAT(text, ::testing::ContainsRegex("aka_rocksdb_memtable_bytes [1-9]"));
  EXPECT_THAT(text, HasSubstr("aka_rocksdb_pending_compaction_bytes"));
}

}  // namespace
}  // namespace aka
