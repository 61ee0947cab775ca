// Limits of an in-process akad: the bound on concurrent ResolveStream calls. Past the bound a new stream is
// refused with RESOURCE_EXHAUSTED, the streams already open keep working, and a slot freed by a finished
// stream can be used again.
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "aka/v1/resolver.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/akad_test_util.h"

namespace aka {
namespace {

using ::testing::HasSubstr;

using Stream = grpc::ClientReaderWriter<v1::ResolveRequest, v1::ResolveResponse>;

// One open stream with its context (which must outlive it).
struct OpenStream {
  std::unique_ptr<grpc::ClientContext> context;
  std::unique_ptr<Stream> stream;
};

class ServerLimitsTest : public service::testing::InProcessAkadTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(MakeDir("server_limits_test"));
    service::ServerOptions options = AkadOptions();
    options.access_log = false;
    options.max_concurrent_streams = 2;
    ASSERT_NO_FATAL_FAILURE(StartAkad(options));
    stub_ = v1::Resolver::NewStub(grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials()));
  }

  OpenStream Open() {
    OpenStream open;
    open.context = std::make_unique<grpc::ClientContext>();
    open.context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    open.stream = stub_->ResolveStream(open.context.get());
    return open;
  }

  // Sends one name and reads its answer: true when the stream is being served.
  static bool RoundTrip(OpenStream& open, const std::string& id) {
    v1::ResolveRequest request;
    request.set_request_id(id);
    request.set_name("nobody by this name");
    if (!open.stream->Write(request)) return false;
    v1::ResolveResponse response;
    return open.stream->Read(&response) && response.request_id() == id;
  }

  static grpc::Status Close(OpenStream& open) {
    open.stream->WritesDone();
    v1::ResolveResponse ignored;
    while (open.stream->Read(&ignored)) {
    }
    return open.stream->Finish();
  }

  std::unique_ptr<v1::Resolver::Stub> stub_;
};

TEST_F(ServerLimitsTest, StreamsPastTheBoundAreRefusedAndFreedSlotsAreReused) {
  OpenStream first = Open();
  OpenStream second = Open();
  ASSERT_TRUE(RoundTrip(first, "a1"));
  ASSERT_TRUE(RoundTrip(second, "b1"));

  OpenStream third = Open();
  EXPECT_FALSE(RoundTrip(third, "c1"));
  grpc::Status refused = Close(third);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(refused.error_message(), HasSubstr("limit 2"));

  // The open streams are unaffected by the refusal.
  EXPECT_TRUE(RoundTrip(first, "a2"));
  EXPECT_TRUE(Close(first).ok());

  // The slot comes back once the server is done with the finished stream; allow it a moment.
  bool served = false;
  for (int attempt = 0; attempt < 50 && !served; ++attempt) {
    OpenStream again = Open();
    served = RoundTrip(again, "d1");
    grpc::Status status = Close(again);
    if (served) {
      EXPECT_TRUE(status.ok()) << status.error_message();
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  EXPECT_TRUE(served);
  EXPECT_TRUE(RoundTrip(second, "b2"));
  EXPECT_TRUE(Close(second).ok());
}

}  // namespace
}  // namespace aka
