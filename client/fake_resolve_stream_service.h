// A fake aka.v1.Resolver for client tests (test-only, header-only): ResolveStream answers every request with
// an entity id derived from the name ("id:" + name), names starting with "bad" with a per-item error, after
// an optional delay per item. It reads eagerly on its own thread and answers on another, so it measures what
// the client does: how many requests were outstanding at most (the client's window), how many arrived in
// all, and when the handler saw the call cancelled.
#ifndef AKA_CLIENT_FAKE_RESOLVE_STREAM_SERVICE_H_
#define AKA_CLIENT_FAKE_RESOLVE_STREAM_SERVICE_H_

#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "absl/synchronization/mutex.h"
#include "aka/v1/resolver.grpc.pb.h"
#include "grpcpp/grpcpp.h"

namespace aka::testing {

class FakeResolveStreamService final : public v1::Resolver::Service {
 public:
  grpc::Status ResolveStream(grpc::ServerContext* context,
                             grpc::ServerReaderWriter<v1::ResolveResponse, v1::ResolveRequest>* stream) override {
    ++streams_started;
    if (const int64_t fail = fail_after.exchange(-1); fail >= 0) return AnswerThenFail(stream, fail);
    absl::Mutex mu;
    std::deque<v1::ResolveRequest> queue;
    bool reads_done = false;
    int64_t received_here = 0, answered_here = 0;
    std::thread reader([&] {
      v1::ResolveRequest request;
      while (stream->Read(&request)) {
        absl::MutexLock lock(&mu);
        queue.push_back(request);
        ++received_here;
        ++received;
        max_outstanding = std::max<int64_t>(max_outstanding, received_here - answered_here);
      }
      absl::MutexLock lock(&mu);
      reads_done = true;
    });
    while (true) {
      v1::ResolveRequest request;
      {
        absl::MutexLock lock(&mu);
        auto ready = [&] { return !queue.empty() || reads_done; };
        mu.Await(absl::Condition(&ready));
        if (queue.empty()) break;
        request = std::move(queue.front());
        queue.pop_front();
      }
      if (delay.count() > 0) std::this_thread::sleep_for(delay);
      if (context->IsCancelled()) break;
      v1::ResolveResponse response;
      response.set_request_id(request.request_id());
      if (absl::StartsWith(request.name(), "bad")) {
        response.mutable_error()->set_code(3);
        response.mutable_error()->set_message("name: fake refusal");
      } else {
        response.set_outcome(v1::MATCHED);
        v1::Candidate* candidate = response.add_candidates();
        candidate->set_entity_id("id:" + request.name());
        candidate->set_canonical_name(request.name());
        candidate->set_type("threat_actor");
        candidate->set_score(0.9);
      }
      {
        absl::MutexLock lock(&mu);
        ++answered_here;
      }
      if (!stream->Write(response)) break;
    }
    if (context->IsCancelled()) saw_cancel = true;
    // The reader ends once the call is over (cancelled, failed or half-closed by the client).
    if (context->IsCancelled()) context->TryCancel();
    reader.join();
    handler_done_at = std::chrono::steady_clock::now().time_since_epoch().count();
    return grpc::Status::OK;
  }

  // Answers `count` requests, then fails the call as a dropped connection would. Single-threaded, so the
  // handler can return while the client still holds the stream open.
  grpc::Status AnswerThenFail(grpc::ServerReaderWriter<v1::ResolveResponse, v1::ResolveRequest>* stream,
                              int64_t count) {
    v1::ResolveRequest request;
    for (int64_t i = 0; i < count && stream->Read(&request); ++i) {
      ++received;
      v1::ResolveResponse response;
      response.set_request_id(request.request_id());
      response.set_outcome(v1::NO_MATCH);
      if (!stream->Write(response)) break;
    }
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "fake: connection reset");
  }

  std::chrono::milliseconds delay{0};
  // >= 0: the first stream fails with UNAVAILABLE after answering this many requests.
  std::atomic<int64_t> fail_after{-1};
  std::atomic<int64_t> received{0};
  std::atomic<int64_t> max_outstanding{0};
  std::atomic<int> streams_started{0};
  std::atomic<bool> saw_cancel{false};
  std::atomic<int64_t> handler_done_at{0};  // steady_clock ticks; 0 while a handler runs

};

// The fake served on 127.0.0.1:0.
struct FakeServer {
  FakeServer() {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&service);
    server = builder.BuildAndStart();
  }
  ~FakeServer() { server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2)); }
  std::string address() const { return "127.0.0.1:" + std::to_string(port); }

  FakeResolveStreamService service;
  int port = 0;
  std::unique_ptr<grpc::Server> server;
};

}  // namespace aka::testing

#endif  // AKA_CLIENT_FAKE_RESOLVE_STREAM_SERVICE_H_
