#include "service/resolve_stream_reactor.h"

#include <utility>

#include "aka/v1/resolver.pb.h"
#include "service/proto_wire.h"
#include "service/resolve_wire.h"
#include "service/status_conversion.h"

namespace aka::service {

ResolveStreamReactor::ResolveStreamReactor(const resolve::Resolver* resolver) : resolver_(resolver) {
  absl::MutexLock lock(&mu_);
  StartNextReadLocked();
}

grpc::ByteBuffer ResolveStreamReactor::Answer(const grpc::ByteBuffer& request) const {
  aka::v1::ResolveRequest parsed;
  absl::Status status = ParseResolveRequest(request, &parsed);
  aka::v1::ResolveResponse response;
  if (status.ok()) {
    absl::StatusOr<aka::v1::ResolveResponse> result = resolver_->Resolve(parsed);
    if (result.ok()) {
      response = *std::move(result);
    } else {
      status = result.status();
    }
  }
  if (!status.ok()) {
    response.Clear();
    response.set_request_id(parsed.request_id());
    response.set_outcome(aka::v1::OUTCOME_UNSPECIFIED);
    const grpc::Status converted = ToGrpcStatus(status);
    response.mutable_error()->set_code(static_cast<int>(converted.error_code()));
    response.mutable_error()->set_message(converted.error_message());
  }
  grpc::ByteBuffer serialized;
  // Cannot fail: a response is far below protobuf's 2 GiB limit (max_candidates is at most 100).
  SerializeMessage(response, &serialized).IgnoreError();
  return serialized;
}

void ResolveStreamReactor::OnReadDone(bool ok) {
  if (!ok) {
    absl::MutexLock lock(&mu_);
    read_in_flight_ = false;
    reads_done_ = true;
    MaybeFinishLocked();
    return;
  }
  // Resolved inline on the reaction thread, outside the lock: one item is a few cached point lookups, which
  // is acceptable for this issue; heavier matching moves to the worker pool (ARCHITECTURE.md "Threading").
  // request_ is ours until the next StartRead, which only happens below.
  grpc::ByteBuffer response = Answer(request_);
  absl::MutexLock lock(&mu_);
  read_in_flight_ = false;
  if (finished_) return;
  pending_.push_back(std::move(response));
  if (!write_in_flight_) StartNextWriteLocked();
  // Back-pressure: with a full queue the next read starts from OnWriteDone once a slot frees up.
  if (pending_.size() < kMaxPendingStreamResponses) StartNextReadLocked();
}

void ResolveStreamReactor::OnWriteDone(bool ok) {
  absl::MutexLock lock(&mu_);
  write_in_flight_ = false;
  if (!ok) {
    // The client is gone or the call was cancelled: nothing more can be delivered.
    FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "stream closed while writing"));
    return;
  }
  pending_.pop_front();
  if (finished_) return;
  if (!pending_.empty()) StartNextWriteLocked();
  if (!read_in_flight_ && !reads_done_ && pending_.size() < kMaxPendingStreamResponses) {
    StartNextReadLocked();
  }
  MaybeFinishLocked();
}

void ResolveStreamReactor::OnCancel() {
  absl::MutexLock lock(&mu_);
  // Operations in flight complete with ok=false; nothing new starts once finished_ is set.
  FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "call cancelled"));
}

void ResolveStreamReactor::OnDone() { delete this; }

void ResolveStreamReactor::StartNextWriteLocked() {
  write_in_flight_ = true;
  StartWrite(&pending_.front());
}

void ResolveStreamReactor::StartNextReadLocked() {
  read_in_flight_ = true;
  StartRead(&request_);
}

void ResolveStreamReactor::MaybeFinishLocked() {
  // Every request has been answered and every answer written: end the call with OK.
  if (reads_done_ && pending_.empty() && !write_in_flight_) FinishLocked(grpc::Status::OK);
}

void ResolveStreamReactor::FinishLocked(grpc::Status status) {
  // gRPC requires exactly one Finish per call, even after cancellation.
  if (finished_) return;
  finished_ = true;
  Finish(std::move(status));
}

}  // namespace aka::service
