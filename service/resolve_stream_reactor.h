// The reactor behind Resolver.ResolveStream: one response per request, in request order, request_id echoed,
// with back-pressure. One read and one write are in flight at most; several items resolve at once on the
// worker pool; answers wait in a bounded queue and reading pauses while it is full, so a client that does not
// read its answers is not read from either.
// Messages travel as raw bytes (see resolver_service.h) and are parsed and serialized by resolve_wire.h.
#ifndef AKA_SERVICE_RESOLVE_STREAM_REACTOR_H_
#define AKA_SERVICE_RESOLVE_STREAM_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "resolve/resolver.h"
#include "aka/v1/resolver.pb.h"
#include "service/answer_cache.h"
#include "service/stream_slots.h"
#include "service/worker_pool.h"

namespace aka::service {

// Answers waiting to be written before reading pauses. Bounds memory per stream at about this many responses.
inline constexpr size_t kMaxPendingStreamResponses = 64;
// Items of one stream on the pool at once, per worker, while the pool's queue is under half full
// (ResolveStreamReactor::deep_window()).
inline constexpr int kDeepStreamWindowPerWorker = 16;

// Created by ResolverService::ResolveStream for one call; deletes itself once gRPC is done with the call
// (OnDone) and no item of it is still on the worker pool.
//
// Items that need resolving run on the worker pool, several of one stream at once (window(), or deep_window() while the queue is short),
// so that one stream can use every core; errors and names the server-wide AnswerCache holds a current answer
// for are answered on the reaction thread at once. Each
// item takes a place in answers_ when it is read, in request order, and answers are written from the front as
// soon as the front one is ready: order is kept however the items finish. answers_ (in flight and written-to-be)
// holds at most kMaxPendingStreamResponses, and reading pauses while it is full or the window is. Cancellation
// or a deadline finishes the call at once; items still queued then skip resolving.
//
// gRPC may run its reactions on different threads (never two reads or two writes at once) and workers finish
// items on theirs, so shared state is under mu_.
class ResolveStreamReactor final
    : public grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  // `resolver` is not owned and must outlive the call. `workers` (not owned; null: resolve on the reaction
  // thread, one item at a time) must be drained (WorkerPool::Shutdown) before the resolver goes away. `slots`
  // (may be null; not owned, must outlive the call) holds a slot taken for this stream, given back when the
  // reactor is deleted. `answer_cache` (may be null: every item is resolved; not owned, must outlive the call)
  // answers repeats and keeps new answers. Starts the first read.
  ResolveStreamReactor(const resolve::Resolver* resolver, WorkerPool* workers, StreamSlots* slots,
                       AnswerCache* answer_cache);

  void OnReadDone(bool ok) override;
  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

  // Items of one stream on the pool at once: 2 per worker (so a worker never waits for this stream to refill
  // the queue), 1 without a pool.
  int window() const { return window_; }
  // More of a stream's items go to the pool, up to this many (kDeepStreamWindowPerWorker per worker, and never
  // more than kMaxPendingStreamResponses answers waiting), while the pool's queue is under half full. Then
  // a worker takes the stream's next item from the queue instead of sleeping until the reaction thread has
  // read it: on a cold batch job that cut akad's CPU per name by about 14% (docs/BATCH.md). Past half full,
  // streams keep to window(), so that many streams share the queue as before.
  int deep_window() const { return deep_window_; }

 private:
  // One request's place in the answer order.
  struct PendingAnswer {
    bool ready = false;
    grpc::ByteBuffer response;
  };

  // Resolves one parsed request (request_id cleared; `key` is its AnswerKey) on a worker, through the answer
  // cache, and puts the answer in place `sequence`. Skips resolving when the call is already finished.
  void ResolveItem(uint64_t sequence, const aka::v1::ResolveRequest& request, const std::string& request_id,
                   std::string key);
  // Puts `response` at place `sequence` and moves the stream on (write, read, finish).
  void CompleteLocked(uint64_t sequence, grpc::ByteBuffer response) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Drops one reference (gRPC's, or one item's on the pool); the last one deletes the reactor. Call without mu_.
  void Unref();

  void MaybeStartWriteLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void MaybeStartReadLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void MaybeFinishLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void FinishLocked(grpc::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const resolve::Resolver* const resolver_;
  WorkerPool* const workers_;
  StreamSlots* const slots_;
  AnswerCache* const answer_cache_;
  const int window_;
  const int deep_window_;

  // Target of the one read in flight; only touched between StartRead and its OnReadDone.
  grpc::ByteBuffer request_;
  // 1 for gRPC until OnDone, plus 1 per item on the pool. Counted outside mu_ so that the last holder deletes
  // the reactor only after everyone has released mu_.
  std::atomic<int> refs_{1};

  absl::Mutex mu_;
  // Places of requests read and not yet written, in request order; the front is place first_sequence_. While a
  // write is in flight its message is answers_.front().response: std::deque keeps element addresses stable
  // under push_back and pop_front, as StartWrite requires, and workers fill other elements in place.
  std::deque<PendingAnswer> answers_ ABSL_GUARDED_BY(mu_);
  uint64_t first_sequence_ ABSL_GUARDED_BY(mu_) = 0;
  // Items on the pool (queued or resolving).
  int resolving_ ABSL_GUARDED_BY(mu_) = 0;
  bool read_in_flight_ ABSL_GUARDED_BY(mu_) = false;
  bool write_in_flight_ ABSL_GUARDED_BY(mu_) = false;
  // The client half-closed (or the read failed): no more requests will come.
  bool reads_done_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace aka::service

#endif  // AKA_SERVICE_RESOLVE_STREAM_REACTOR_H_
