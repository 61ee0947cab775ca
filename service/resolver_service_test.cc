// ResolverService on a real gRPC server (127.0.0.1:0) with a scripted Resolver, so that the test decides how
// long each name takes: the worker pool's overload answer and deadline check for Resolve, and ResolveStream
// resolving several items at once while answering in request order, refusing items past a full queue and
// skipping queued items of a cancelled stream.
#include "service/resolver_service.h"

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "aka/v1/resolver.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/resolve_stream_reactor.h"

namespace aka::service {
namespace {

using ::testing::HasSubstr;

// Answers every name with one candidate named after it. "slow..." names take 30 ms; "block..." names wait for
// Release(). Records what it resolved, in the order it finished, and how many ran at once.
class ScriptedResolver final : public resolve::Resolver {
 public:
  absl::StatusOr<resolve::Resolution> ResolveWithNotes(const v1::ResolveRequest& request) const override {
    const int running = running_.fetch_add(1) + 1;
    {
      absl::MutexLock lock(&mu_);
      started_.push_back(request.name());
      max_running_ = std::max(max_running_, running);
    }
    if (absl::StartsWith(request.name(), "slow")) std::this_thread::sleep_for(std::chrono::milliseconds(30));
    if (absl::StartsWith(request.name(), "block")) release_.WaitForNotificationWithTimeout(absl::Seconds(20));
    running_.fetch_sub(1);
    resolve::Resolution resolution;
    resolution.response.set_request_id(request.request_id());
    resolution.response.set_outcome(v1::MATCHED);
    resolution.response.add_candidates()->set_canonical_name(request.name());
    absl::MutexLock lock(&mu_);
    finished_.push_back(request.name());
    return resolution;
  }

  // Called from the test thread only; a second call does nothing.
  void Release() {
    if (!release_.HasBeenNotified()) release_.Notify();
  }
  // Resolutions that have started so far.
  int started() const {
    absl::MutexLock lock(&mu_);
    return static_cast<int>(started_.size());
  }
  bool WasResolved(const std::string& name) const {
    absl::MutexLock lock(&mu_);
    return std::find(started_.begin(), started_.end(), name) != started_.end();
  }
  std::vector<std::string> finished() const {
    absl::MutexLock lock(&mu_);
    return finished_;
  }
  int max_running() const {
    absl::MutexLock lock(&mu_);
    return max_running_;
  }

 private:
  mutable absl::Notification release_;
  mutable std::atomic<int> running_{0};
  mutable absl::Mutex mu_;
  mutable std::vector<std::string> started_ ABSL_GUARDED_BY(mu_);
  mutable std::vector<std::string> finished_ ABSL_GUARDED_BY(mu_);
  mutable int max_running_ ABSL_GUARDED_BY(mu_) = 0;
};

using Stream = grpc::ClientReaderWriter<v1::ResolveRequest, v1::ResolveResponse>;

class ResolverServiceTest : public ::testing::Test {
 protected:
  void Start(int threads, size_t max_queue) {
    WorkerPoolOptions options;
    options.threads = threads;
    options.max_queue = max_queue;
    absl::StatusOr<std::unique_ptr<WorkerPool>> pool = WorkerPool::Create(options);
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = std::move(*pool);
    service_ = std::make_unique<ResolverService>(&resolver_, pool_.get());
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = v1::Resolver::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    resolver_.Release();
    if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
    if (pool_ != nullptr) pool_->Shutdown();
  }

  static void SetDeadline(grpc::ClientContext* context, std::chrono::milliseconds timeout) {
    context->set_deadline(std::chrono::system_clock::now() + timeout);
  }

  // Starts an asynchronous unary Resolve of `name`; its status arrives on `done`.
  struct AsyncCall {
    grpc::ClientContext context;
    v1::ResolveRequest request;
    v1::ResolveResponse response;
    grpc::Status status;
    absl::Notification done;
  };
  void StartResolve(AsyncCall* call, const std::string& name, std::chrono::milliseconds timeout) {
    SetDeadline(&call->context, timeout);
    call->request.set_name(name);
    stub_->async()->Resolve(&call->context, &call->request, &call->response, [call](grpc::Status status) {
      call->status = std::move(status);
      call->done.Notify();
    });
  }

  // Waits until the resolver has started `count` resolutions.
  bool WaitForStarted(int count) {
    for (int i = 0; i < 2000 && resolver_.started() < count; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return resolver_.started() >= count;
  }

  // Waits until `count` tasks wait in the pool's queue.
  bool WaitForQueued(size_t count) {
    for (int i = 0; i < 2000 && pool_->queued() < count; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return pool_->queued() >= count;
  }

  // Opens a stream and sends "block-0" (id b0), which holds a worker until Release, then "queued-1" (id b1)
  // once the first is running, so that the second waits in the pool's queue (check with WaitForQueued).
  std::unique_ptr<Stream> OpenBlockedStream(grpc::ClientContext* context) {
    SetDeadline(context, std::chrono::seconds(30));
    std::unique_ptr<Stream> stream = stub_->ResolveStream(context);
    EXPECT_TRUE(Send(stream.get(), "b0", "block-0"));
    EXPECT_TRUE(WaitForStarted(1));
    EXPECT_TRUE(Send(stream.get(), "b1", "queued-1"));
    return stream;
  }

  static bool Send(Stream* stream, const std::string& id, const std::string& name) {
    v1::ResolveRequest request;
    request.set_request_id(id);
    request.set_name(name);
    return stream->Write(request);
  }

  ScriptedResolver resolver_;
  std::unique_ptr<WorkerPool> pool_;
  std::unique_ptr<ResolverService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::Resolver::Stub> stub_;
};

TEST_F(ResolverServiceTest, StreamAnswersInRequestOrderWhenItemsFinishOutOfOrder) {
  Start(/*threads=*/2, /*max_queue=*/64);
  grpc::ClientContext context;
  SetDeadline(&context, std::chrono::seconds(30));
  std::unique_ptr<Stream> stream = stub_->ResolveStream(&context);
  constexpr int kItems = 40;
  std::vector<std::string> names;
  for (int i = 0; i < kItems; ++i) names.push_back(absl::StrCat(i % 4 == 0 ? "slow-" : "fast-", i));
  std::thread writer([&] {
    for (int i = 0; i < kItems; ++i) {
      if (!Send(stream.get(), absl::StrCat("id-", i), names[i])) break;
    }
    stream->WritesDone();
  });
  std::vector<v1::ResolveResponse> answers;
  v1::ResolveResponse response;
  while (stream->Read(&response)) answers.push_back(response);
  writer.join();
  ASSERT_TRUE(stream->Finish().ok());

  ASSERT_EQ(answers.size(), static_cast<size_t>(kItems));
  for (int i = 0; i < kItems; ++i) {
    EXPECT_EQ(answers[i].request_id(), absl::StrCat("id-", i));
    ASSERT_EQ(answers[i].candidates_size(), 1);
    EXPECT_EQ(answers[i].candidates(0).canonical_name(), names[i]);
  }
  // The premise: one stream's items ran on both workers at once and finished out of request order.
  EXPECT_GE(resolver_.max_running(), 2);
  EXPECT_NE(resolver_.finished(), names);
}

// While the pool's queue is under half full one stream queues up to its deep window (16 per worker), so the
// workers take its next items from the queue; past half full it stops reading there and leaves the rest of
// the queue to other streams. One worker, 40 blocking items; returns how many were queued once at least
// `at_least` were and a little more time passed.
class DeepWindowTest : public ResolverServiceTest {
 protected:
  size_t QueuedByOneStream(size_t max_queue, size_t at_least) {
    Start(/*threads=*/1, max_queue);
    grpc::ClientContext context;
    SetDeadline(&context, std::chrono::seconds(30));
    std::unique_ptr<Stream> stream = stub_->ResolveStream(&context);
    for (int i = 0; i < 40; ++i) EXPECT_TRUE(Send(stream.get(), absl::StrCat("b", i), absl::StrCat("block-", i)));
    EXPECT_TRUE(WaitForStarted(1));
    EXPECT_TRUE(WaitForQueued(at_least));
    // Give the reactor time to read more, if it were going to (more would show up here).
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const size_t queued = pool_->queued();
    resolver_.Release();
    stream->WritesDone();
    v1::ResolveResponse response;
    for (int i = 0; i < 40; ++i) {
      EXPECT_TRUE(stream->Read(&response));
      EXPECT_EQ(response.request_id(), absl::StrCat("b", i));
    }
    EXPECT_TRUE(stream->Finish().ok());
    return queued;
  }
};

TEST_F(DeepWindowTest, AStreamQueuesItsDeepWindowWhileThePoolQueueIsShort) {
  // 1 resolving plus 15 queued: the deep window of one worker (the base window would be 2).
  const size_t deep_queued = kDeepStreamWindowPerWorker - 1;
  EXPECT_EQ(QueuedByOneStream(/*max_queue=*/64, deep_queued), deep_queued);
}

TEST_F(DeepWindowTest, AStreamStopsQueueingAtHalfThePoolQueue) {
  // Reading stops once 4 of the 8 places are taken (the first item counts while the worker has not taken it
  // yet); the read already in flight then still queues its item: 4 or 5, never the 8 the queue would take.
  const size_t queued = QueuedByOneStream(/*max_queue=*/8, 4);
  EXPECT_GE(queued, 4u);
  EXPECT_LE(queued, 5u);
}

TEST_F(ResolverServiceTest, ResolveAnswersResourceExhaustedWhileTheQueueIsFullAndGoesOnServing) {
  Start(/*threads=*/1, /*max_queue=*/1);
  AsyncCall running, queued, refused;
  StartResolve(&running, "block-running", std::chrono::seconds(30));
  ASSERT_TRUE(WaitForStarted(1));
  StartResolve(&queued, "queued", std::chrono::seconds(30));
  ASSERT_TRUE(WaitForQueued(1));
  // One worker busy, the one queue place taken: the next call is refused at once.
  AsyncCall probe;
  StartResolve(&probe, "probe", std::chrono::seconds(30));
  ASSERT_TRUE(probe.done.WaitForNotificationWithTimeout(absl::Seconds(20)));
  EXPECT_EQ(probe.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(probe.status.error_message(), HasSubstr("limit 1"));
  EXPECT_THAT(probe.status.error_message(), HasSubstr("--worker_queue"));
  EXPECT_EQ(pool_->rejected(), 1);
  EXPECT_FALSE(resolver_.WasResolved("probe"));

  resolver_.Release();
  ASSERT_TRUE(running.done.WaitForNotificationWithTimeout(absl::Seconds(20)));
  ASSERT_TRUE(queued.done.WaitForNotificationWithTimeout(absl::Seconds(20)));
  EXPECT_TRUE(running.status.ok()) << running.status.error_message();
  EXPECT_TRUE(queued.status.ok()) << queued.status.error_message();
  // The server goes on serving once the queue has room.
  AsyncCall after;
  StartResolve(&after, "after", std::chrono::seconds(30));
  ASSERT_TRUE(after.done.WaitForNotificationWithTimeout(absl::Seconds(20)));
  EXPECT_TRUE(after.status.ok()) << after.status.error_message();
  EXPECT_EQ(after.response.candidates(0).canonical_name(), "after");
}

TEST_F(ResolverServiceTest, ACallWhoseDeadlinePassedWhileQueuedIsNotResolved) {
  Start(/*threads=*/1, /*max_queue=*/8);
  AsyncCall running, expiring;
  StartResolve(&running, "block-running", std::chrono::seconds(30));
  ASSERT_TRUE(WaitForStarted(1));
  StartResolve(&expiring, "expiring", std::chrono::milliseconds(200));
  ASSERT_TRUE(expiring.done.WaitForNotificationWithTimeout(absl::Seconds(20)));
  EXPECT_EQ(expiring.status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  // The server's copy of the deadline runs from when the call arrived, a little after the client's.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  resolver_.Release();
  ASSERT_TRUE(running.done.WaitForNotificationWithTimeout(absl::Seconds(20)));
  pool_->Shutdown();  // Drains: whatever was queued has run (or skipped) now.
  EXPECT_FALSE(resolver_.WasResolved("expiring"));
}

TEST_F(ResolverServiceTest, StreamItemsPastAFullQueueAreRefusedAsItemErrors) {
  Start(/*threads=*/1, /*max_queue=*/1);
  // The first stream holds the worker (block) and the one queue place (its second item; window 2).
  grpc::ClientContext busy_context;
  std::unique_ptr<Stream> busy = OpenBlockedStream(&busy_context);
  ASSERT_TRUE(WaitForQueued(1));

  grpc::ClientContext context;
  SetDeadline(&context, std::chrono::seconds(30));
  std::unique_ptr<Stream> stream = stub_->ResolveStream(&context);
  ASSERT_TRUE(Send(stream.get(), "x0", "refused"));
  v1::ResolveResponse response;
  ASSERT_TRUE(stream->Read(&response));
  EXPECT_EQ(response.request_id(), "x0");
  EXPECT_EQ(response.error().code(), static_cast<int>(grpc::StatusCode::RESOURCE_EXHAUSTED));
  EXPECT_THAT(response.error().message(), HasSubstr("ResolveStream item"));
  // The stream goes on: once the queue has room its next item is resolved.
  resolver_.Release();
  for (const char* id : {"b0", "b1"}) {
    ASSERT_TRUE(busy->Read(&response));
    EXPECT_EQ(response.request_id(), id);
    EXPECT_FALSE(response.has_error());
  }
  ASSERT_TRUE(Send(stream.get(), "x1", "served"));
  ASSERT_TRUE(stream->Read(&response));
  EXPECT_EQ(response.request_id(), "x1");
  EXPECT_FALSE(response.has_error());
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
  busy->WritesDone();
  EXPECT_FALSE(busy->Read(&response));
  EXPECT_TRUE(busy->Finish().ok());
}

TEST_F(ResolverServiceTest, ACancelledStreamsQueuedItemsAreNotResolved) {
  Start(/*threads=*/1, /*max_queue=*/8);
  grpc::ClientContext context;
  std::unique_ptr<Stream> stream = OpenBlockedStream(&context);
  ASSERT_TRUE(WaitForQueued(1));
  context.TryCancel();
  // Let the cancellation reach the server before the worker frees up.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  resolver_.Release();
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::CANCELLED);
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  pool_->Shutdown();
  EXPECT_FALSE(resolver_.WasResolved("queued-1"));
}

}  // namespace
}  // namespace aka::service
