// Batch resolution over ResolveStream: Client::ResolveAll and BatchResolveStream against a fake service that
// measures the client (order, window, de-duplication, cancellation) and against the real AkaServer (per-item
// errors, back-pressure when the client stops reading, prompt end of a cancelled stream).
#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/batch_resolve_stream.h"
#include "client/client.h"
#include "aka/v1/resolver.grpc.pb.h"
#include "client/fake_resolve_stream_service.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "service/server.h"

namespace aka {
namespace {

using Clock = std::chrono::steady_clock;

std::unique_ptr<Client> Connect(const std::string& address) {
  ClientOptions options;
  options.target = address;
  options.stream_timeout = std::chrono::seconds(60);
  absl::StatusOr<std::unique_ptr<Client>> client = Client::Create(options);
  EXPECT_TRUE(client.ok()) << client.status();
  return *std::move(client);
}

struct Collected {
  std::vector<size_t> indexes;
  std::vector<v1::ResolveResponse> responses;
};

ResolveResultCallback CollectInto(Collected* collected) {
  return [collected](size_t index, const v1::ResolveResponse& response) {
    collected->indexes.push_back(index);
    collected->responses.push_back(response);
    return true;
  };
}

TEST(ResolveAllTest, AnswersComeInInputOrderAcrossStreams) {
  testing::FakeServer fake;
  auto client = Connect(fake.address());
  std::vector<std::string> names;
  for (int i = 0; i < 5000; ++i) names.push_back(absl::StrCat("name-", i));
  ResolveAllOptions options;
  options.streams = 3;
  options.window = 16;
  Collected got;
  ASSERT_TRUE(client->ResolveAll(names, options, CollectInto(&got)).ok());
  ASSERT_EQ(got.responses.size(), names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    ASSERT_EQ(got.indexes[i], i);
    ASSERT_EQ(got.responses[i].candidates(0).entity_id(), "id:" + names[i]) << i;
  }
  EXPECT_EQ(fake.service.streams_started.load(), 3);
}

TEST(ResolveAllTest, RepeatedNamesAreResolvedOnce) {
  testing::FakeServer fake;
  auto client = Connect(fake.address());
  std::vector<std::string> names;
  for (int i = 0; i < 3000; ++i) names.push_back(absl::StrCat("actor-", (i * 7) % 25));
  Collected got;
  ASSERT_TRUE(client->ResolveAll(names, ResolveAllOptions(), CollectInto(&got)).ok());
  ASSERT_EQ(got.responses.size(), names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    ASSERT_EQ(got.responses[i].candidates(0).entity_id(), "id:" + names[i]) << i;
  }
  EXPECT_EQ(fake.service.received.load(), 25);

  ResolveAllOptions no_dedup;
  no_dedup.deduplicate = false;
  Collected again;
  ASSERT_TRUE(client->ResolveAll(names, no_dedup, CollectInto(&again)).ok());
  EXPECT_EQ(fake.service.received.load(), 25 + 3000);
}

TEST(ResolveAllTest, PerItemErrorsDoNotStopTheStream) {
  testing::FakeServer fake;
  auto client = Connect(fake.address());
  const std::vector<std::string> names = {"a", "bad-1", "b", "bad-2", "c"};
  Collected got;
  ASSERT_TRUE(client->ResolveAll(names, ResolveAllOptions(), CollectInto(&got)).ok());
  ASSERT_EQ(got.responses.size(), 5u);
  EXPECT_TRUE(got.responses[1].has_error());
  EXPECT_TRUE(got.responses[3].has_error());
  EXPECT_EQ(got.responses[4].candidates(0).entity_id(), "id:c");
}

TEST(ResolveAllTest, WindowBoundsRequestsInFlight) {
  testing::FakeServer fake;
  fake.service.delay = std::chrono::milliseconds(1);
  auto client = Connect(fake.address());
  std::vector<std::string> names;
  for (int i = 0; i < 400; ++i) names.push_back(absl::StrCat("n", i));
  ResolveAllOptions options;
  options.window = 8;
  Collected got;
  ASSERT_TRUE(client->ResolveAll(names, options, CollectInto(&got)).ok());
  EXPECT_EQ(got.responses.size(), names.size());
  // The fake reads eagerly, so it holds whatever the client lets loose: never more than the window.
  EXPECT_LE(fake.service.max_outstanding.load(), 8);
  EXPECT_GE(fake.service.max_outstanding.load(), 2);
}

TEST(ResolveAllTest, StoppingFromTheCallbackCancelsTheServerPromptly) {
  testing::FakeServer fake;
  fake.service.delay = std::chrono::milliseconds(1);
  auto client = Connect(fake.address());
  size_t next = 0;
  NameSource endless = [&next](std::string* name) {
    *name = absl::StrCat("n", next++);
    return true;
  };
  const auto start = Clock::now();
  absl::Status status = client->ResolveAll(endless, ResolveAllOptions(),
                                           [](size_t index, const v1::ResolveResponse&) { return index < 50; });
  EXPECT_TRUE(absl::IsCancelled(status)) << status;
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));
  // The handler notices the cancellation within a few items and returns.
  const auto wait_until = Clock::now() + std::chrono::seconds(5);
  while (fake.service.handler_done_at.load() == 0 && Clock::now() < wait_until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_NE(fake.service.handler_done_at.load(), 0);
  EXPECT_TRUE(fake.service.saw_cancel.load());
  EXPECT_LT(fake.service.received.load(), 50 + 2 * 256 + 64);
}

TEST(ResolveAllTest, RejectsBadOptions) {
  testing::FakeServer fake;
  auto client = Connect(fake.address());
  Collected unused;
  ResolveAllOptions options;
  options.window = 0;
  EXPECT_TRUE(absl::IsInvalidArgument(client->ResolveAll({"a"}, options, CollectInto(&unused))));
  options.window = 4;
  options.streams = 0;
  EXPECT_TRUE(absl::IsInvalidArgument(client->ResolveAll({"a"}, options, CollectInto(&unused))));
}

// The real server, empty but for one entity.
class RealServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           absl::StrCat("batch_resolve_test.", ::getpid(), ".",
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    service::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.db_path = (dir_ / "db").string();
    options.load_default_data = false;
    auto server = service::AkaServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    client_ = Connect(server_->address());
    v1::UpsertEntityRequest upsert;
    upsert.mutable_entity()->set_type("threat_actor");
    upsert.mutable_entity()->set_canonical_name("APT31");
    upsert.mutable_entity()->add_aliases()->set_name("Zirconium");
    ASSERT_TRUE(client_->UpsertEntity(upsert).ok());
  }
  void TearDown() override {
    client_.reset();
    if (server_) server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path dir_;
  std::unique_ptr<service::AkaServer> server_;
  std::unique_ptr<Client> client_;
};

TEST_F(RealServerTest, BadItemsComeBackAsTheirOwnErrors) {
  const std::vector<std::string> names = {"APT 31", "", std::string(2000, 'x'), "\xff\xfe", "zirconium", "nobody"};
  Collected got;
  ASSERT_TRUE(client_->ResolveAll(names, ResolveAllOptions(), CollectInto(&got)).ok());
  ASSERT_EQ(got.responses.size(), names.size());
  EXPECT_EQ(got.responses[0].outcome(), v1::MATCHED);
  for (size_t i : {1, 2, 3}) {
    EXPECT_TRUE(got.responses[i].has_error()) << i;
    EXPECT_EQ(got.responses[i].error().code(), 3) << i;  // INVALID_ARGUMENT
  }
  EXPECT_EQ(got.responses[4].outcome(), v1::MATCHED);
  EXPECT_EQ(got.responses[4].candidates(0).entity_id(), got.responses[0].candidates(0).entity_id());
  EXPECT_EQ(got.responses[5].outcome(), v1::NO_MATCH);
}

TEST_F(RealServerTest, ServerStopsReadingWhileTheClientDoesNotRead) {
  // 1 KiB names, so that gRPC's flow-control buffers (a few MiB at most) fill long before the 60 MiB are sent.
  // The client's receive window stays at gRPC's initial 64 KiB (no BDP growth), so the unread answers stop the
  // server's writes quickly instead of piling up in this process.
  constexpr int kRequests = 60000;
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  auto stub = v1::Resolver::NewStub(
      grpc::CreateCustomChannel(server_->address(), grpc::InsecureChannelCredentials(), args));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
  auto stream = stub->ResolveStream(&context);
  std::atomic<int> written{0};
  std::thread writer([&] {
    v1::ResolveRequest request;
    for (int i = 0; i < kRequests; ++i) {
      request.set_request_id(absl::StrCat(i));
      request.set_name(absl::StrCat(std::string(1000, 'q'), i));
      if (!stream->Write(request)) return;
      ++written;
    }
    stream->WritesDone();
  });
  // Without reading, the writes stall: the server stopped reading, so flow control stops the client.
  int last = -1;
  for (int stable = 0; stable < 10;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const int now = written.load();
    stable = now == last ? stable + 1 : 0;
    last = now;
  }
  EXPECT_LT(last, kRequests / 2) << "the server kept reading although nobody read its answers";
  // Reading again drains everything, in order.
  v1::ResolveResponse response;
  int read = 0;
  bool in_order = true;
  while (stream->Read(&response)) {
    in_order = in_order && response.request_id() == absl::StrCat(read);
    ++read;
  }
  EXPECT_TRUE(in_order);
  writer.join();
  EXPECT_TRUE(stream->Finish().ok());
  RecordProperty("writes_before_stall", last);
  EXPECT_EQ(read, kRequests);
}

TEST_F(RealServerTest, CancelledStreamEndsPromptlyOnTheServer) {
  size_t next = 0;
  absl::Status status = client_->ResolveAll(
      [&next](std::string* name) {
        *name = absl::StrCat("name ", next++);
        return true;
      },
      ResolveAllOptions(), [](size_t index, const v1::ResolveResponse&) { return index < 1000; });
  EXPECT_TRUE(absl::IsCancelled(status)) << status;
  // A stream the server kept working on would hold Shutdown up to its deadline.
  const auto start = Clock::now();
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(10));
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(2));
}

TEST_F(RealServerTest, BatchStreamReusesOneCallForManyBatches) {
  std::vector<std::string> got;
  auto stream = BatchResolveStream::Open(client_.get(), BatchStreamOptions(),
                                         [&got](uint64_t tag, v1::ResolveResponse* response) {
                                           got.push_back(absl::StrCat(tag, ":", response->outcome()));
                                         });
  ASSERT_TRUE(stream.ok()) << stream.status();
  for (uint64_t batch = 0; batch < 3; ++batch) {
    ASSERT_TRUE((*stream)->Submit(batch * 2, "APT 31").ok());
    ASSERT_TRUE((*stream)->Submit(batch * 2 + 1, "nobody").ok());
    ASSERT_TRUE((*stream)->Drain().ok());
    EXPECT_EQ((*stream)->in_flight(), 0u);
  }
  EXPECT_TRUE((*stream)->Close().ok());
  EXPECT_THAT(got, ::testing::ElementsAre("0:1", "1:3", "2:1", "3:3", "4:1", "5:3"));
}

TEST_F(RealServerTest, RepeatsWithinOneStreamGetTheirOwnRequestIdAndSeeTheLatestWrite) {
  std::vector<v1::ResolveResponse> got;
  auto stream = BatchResolveStream::Open(client_.get(), BatchStreamOptions(),
                                         [&got](uint64_t, v1::ResolveResponse* response) { got.push_back(*response); });
  ASSERT_TRUE(stream.ok()) << stream.status();
  ASSERT_TRUE((*stream)->Submit(0, "APT 31").ok());
  ASSERT_TRUE((*stream)->Drain().ok());
  ASSERT_TRUE((*stream)->Submit(1, "APT 31").ok());
  ASSERT_TRUE((*stream)->Drain().ok());
  ASSERT_EQ(got.size(), 2u);
  ASSERT_EQ(got[0].outcome(), v1::MATCHED);
  // The repeat is answered from the server's answer cache with its own request_id spliced in.
  EXPECT_EQ(got[1].request_id(), "1");
  EXPECT_EQ(got[1].SerializeAsString().size(), got[0].SerializeAsString().size());
  EXPECT_EQ(got[1].candidates(0).entity_id(), got[0].candidates(0).entity_id());
  v1::DeleteEntityRequest remove;
  remove.set_id(got[0].candidates(0).entity_id());
  ASSERT_TRUE(client_->DeleteEntity(remove).ok());
  // The delete is a committed write: the same open stream no longer gets the cached answer.
  ASSERT_TRUE((*stream)->Submit(2, "APT 31").ok());
  ASSERT_TRUE((*stream)->Close().ok());
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[2].request_id(), "2");
  EXPECT_EQ(got[2].outcome(), v1::NO_MATCH);
}

TEST_F(RealServerTest, AnAddedAliasIsSeenByTheSameQueryAtOnce) {
  v1::ResolveRequest request;
  request.set_request_id("q");
  request.set_name("Judgment Panda");
  for (int i = 0; i < 2; ++i) {  // the second asking is a cache hit
    absl::StatusOr<v1::ResolveResponse> before = client_->Resolve(request);
    ASSERT_TRUE(before.ok()) << before.status();
    EXPECT_EQ(before->outcome(), v1::NO_MATCH);
    EXPECT_EQ(before->request_id(), "q");
  }
  Collected streamed_before;
  ASSERT_TRUE(client_->ResolveAll({"Judgment Panda"}, ResolveAllOptions(), CollectInto(&streamed_before)).ok());
  EXPECT_EQ(streamed_before.responses[0].outcome(), v1::NO_MATCH);

  absl::StatusOr<v1::ResolveResponse> apt31 = client_->Resolve([] {
    v1::ResolveRequest by_name;
    by_name.set_name("APT 31");
    return by_name;
  }());
  ASSERT_TRUE(apt31.ok() && apt31->candidates_size() > 0);
  v1::AddAliasRequest add;
  add.set_entity_id(apt31->candidates(0).entity_id());
  add.mutable_alias()->set_name("Judgment Panda");
  ASSERT_TRUE(client_->AddAlias(add).ok());

  absl::StatusOr<v1::ResolveResponse> after = client_->Resolve(request);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->outcome(), v1::MATCHED);
  EXPECT_EQ(after->request_id(), "q");
  Collected streamed_after;
  ASSERT_TRUE(client_->ResolveAll({"Judgment Panda"}, ResolveAllOptions(), CollectInto(&streamed_after)).ok());
  EXPECT_EQ(streamed_after.responses[0].outcome(), v1::MATCHED);
}

// A negative record with an expire_time stops applying when the time passes, with no write: an answer it
// shaped must not be served from akad's answer cache after that.
TEST_F(RealServerTest, AnAnswerShapedByAnExpiringNegativeIsNotServedAfterTheExpiry) {
  v1::ResolveRequest request;
  request.set_name("Zirconium");
  absl::StatusOr<v1::ResolveResponse> matched = client_->Resolve(request);
  ASSERT_TRUE(matched.ok()) << matched.status();
  ASSERT_EQ(matched->outcome(), v1::MATCHED);
  v1::AddNegativeRequest negative;
  negative.mutable_negative()->set_name("Zirconium");
  negative.mutable_negative()->set_entity_id(matched->candidates(0).entity_id());
  const absl::Time expiry = absl::Now() + absl::Seconds(2);
  negative.mutable_negative()->mutable_expire_time()->set_seconds(absl::ToUnixSeconds(expiry) + 1);
  ASSERT_TRUE(client_->AddNegative(negative).ok());
  for (int i = 0; i < 2; ++i) {  // the second asking would be a cache hit if the answer were stored
    absl::StatusOr<v1::ResolveResponse> refused = client_->Resolve(request);
    ASSERT_TRUE(refused.ok()) << refused.status();
    EXPECT_NE(refused->outcome(), v1::MATCHED);
  }
  absl::SleepFor(expiry + absl::Seconds(1) - absl::Now());
  absl::StatusOr<v1::ResolveResponse> after = client_->Resolve(request);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->outcome(), v1::MATCHED);
}

}  // namespace
}  // namespace aka
