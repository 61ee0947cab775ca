// The reactor behind Resolver.ResolveStream: one response per request, in request order, request_id echoed,
// with back-pressure. One read and one write are in flight at most; answers wait in a bounded queue and
// reading pauses while it is full, so a client that does not read its answers is not read from either.
// Messages travel as raw bytes (see resolver_service.h) and are parsed and serialized by resolve_wire.h.
#ifndef AKA_SERVICE_RESOLVE_STREAM_REACTOR_H_
#define AKA_SERVICE_RESOLVE_STREAM_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <cstddef>
#include <deque>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "resolve/resolver.h"
#include "service/stream_slots.h"

namespace aka::service {

// Answers waiting to be written before reading pauses. Bounds memory per stream at about this many responses.
inline constexpr size_t kMaxPendingStreamResponses = 64;

// Bytes of requests and answers one stream remembers (between this and twice this much). Batch streams repeat
// names heavily (the same actor on thousands of rows), and a repeat then costs a hash lookup instead of a
// resolution. A repeated request within one call therefore gets the answer the call gave it first, even if the
// registry changed in between: a stream reads as of when it first asked, like a snapshot per name.
inline constexpr size_t kStreamAnswerCacheBytes = size_t{4} << 20;

// The remembered answers of one stream, serialized without request_id, keyed by the serialized request
// without request_id (so type filters and options are part of the key). Two generations: lookups promote from
// the old one, and when the new one is full the old one is dropped, which keeps recently used entries at a
// fraction of an LRU's bookkeeping. Not thread-safe: the reactor uses it from its one read path.
class StreamAnswerCache {
 public:
  explicit StreamAnswerCache(size_t capacity_bytes) : capacity_bytes_(capacity_bytes) {}
  // The cached answer for `key`, or nullptr. Valid until the next Insert.
  const std::string* Find(const std::string& key);
  void Insert(std::string key, std::string answer);

 private:
  size_t capacity_bytes_;
  size_t current_bytes_ = 0;
  absl::flat_hash_map<std::string, std::string> current_;
  absl::flat_hash_map<std::string, std::string> previous_;
};

// Created by ResolverService::ResolveStream for one call; deletes itself in OnDone. gRPC may run its
// reactions on different threads (never two reads or two writes at once), so shared state is under mu_.
class ResolveStreamReactor final
    : public grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  // `resolver` is not owned and must outlive the call. `slots` (may be null; not owned, must outlive the call)
  // holds a slot taken for this stream, given back in OnDone. Starts the first read.
  ResolveStreamReactor(const resolve::Resolver* resolver, StreamSlots* slots);

  void OnReadDone(bool ok) override;
  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  // Answers one serialized request with a serialized response; a bad item becomes a response carrying
  // `error` instead of failing the stream.
  // Called only from OnReadDone, of which there is one at a time, so it may use answer_cache_ unlocked.
  grpc::ByteBuffer Answer(const grpc::ByteBuffer& request);

  void StartNextWriteLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void StartNextReadLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void MaybeFinishLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void FinishLocked(grpc::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const resolve::Resolver* const resolver_;
  StreamSlots* const slots_;

  // Target of the one read in flight; only touched between StartRead and its OnReadDone.
  grpc::ByteBuffer request_;
  // Only touched by Answer (see there).
  StreamAnswerCache answer_cache_{kStreamAnswerCacheBytes};

  absl::Mutex mu_;
  // Answers not yet written, oldest first. While a write is in flight its message is pending_.front():
  // std::deque keeps element addresses stable under push_back, as StartWrite requires.
  std::deque<grpc::ByteBuffer> pending_ ABSL_GUARDED_BY(mu_);
  bool read_in_flight_ ABSL_GUARDED_BY(mu_) = false;
  bool write_in_flight_ ABSL_GUARDED_BY(mu_) = false;
  // The client half-closed (or the read failed): no more requests will come.
  bool reads_done_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace aka::service

#endif  // AKA_SERVICE_RESOLVE_STREAM_REACTOR_H_
