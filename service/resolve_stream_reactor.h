// The reactor behind Resolver.ResolveStream: one response per request, in request order, request_id echoed,
// with back-pressure. One read and one write are in flight at most; answers wait in a bounded queue and
// reading pauses while it is full, so a client that does not read its answers is not read from either.
// Messages travel as raw bytes (see resolver_service.h) and are parsed and serialized by resolve_wire.h.
#ifndef AKA_SERVICE_RESOLVE_STREAM_REACTOR_H_
#define AKA_SERVICE_RESOLVE_STREAM_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <cstddef>
#include <deque>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "resolve/resolver.h"

namespace aka::service {

// Answers waiting to be written before reading pauses. Bounds memory per stream at about this many responses.
inline constexpr size_t kMaxPendingStreamResponses = 64;

// Created by ResolverService::ResolveStream for one call; deletes itself in OnDone. gRPC may run its
// reactions on different threads (never two reads or two writes at once), so shared state is under mu_.
class ResolveStreamReactor final
    : public grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  // `resolver` is not owned and must outlive the call. Starts the first read.
  explicit ResolveStreamReactor(const resolve::Resolver* resolver);

  void OnReadDone(bool ok) override;
  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  // Answers one serialized request with a serialized response; a bad item becomes a response carrying
  // `error` instead of failing the stream.
  grpc::ByteBuffer Answer(const grpc::ByteBuffer& request) const;

  void StartNextWriteLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void StartNextReadLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void MaybeFinishLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void FinishLocked(grpc::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const resolve::Resolver* const resolver_;

  // Target of the one read in flight; only touched between StartRead and its OnReadDone.
  grpc::ByteBuffer request_;

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
