#include "service/resolve_stream_reactor.h"

#include <utility>

#include "aka/v1/resolver.pb.h"
#include "service/proto_wire.h"
#include "service/resolve_wire.h"
#include "service/resolved_answer.h"
#include "service/status_conversion.h"

namespace aka::service {

ResolveStreamReactor::ResolveStreamReactor(const resolve::Resolver* resolver, WorkerPool* workers,
                                           StreamSlots* slots, AnswerCache* answer_cache)
    : resolver_(resolver),
      workers_(workers),
      slots_(slots),
      answer_cache_(answer_cache),
      window_(workers != nullptr ? 2 * workers->threads() : 1),
      deep_window_(workers != nullptr ? kDeepStreamWindowPerWorker * workers->threads() : 1) {
  absl::MutexLock lock(&mu_);
  MaybeStartReadLocked();
}

namespace {

// A response carrying `status` as the item's error (the stream goes on).
grpc::ByteBuffer StreamItemError(const std::string& request_id, const grpc::Status& status) {
  aka::v1::ResolveResponse response;
  response.set_request_id(request_id);
  response.set_outcome(aka::v1::OUTCOME_UNSPECIFIED);
  response.mutable_error()->set_code(static_cast<int>(status.error_code()));
  response.mutable_error()->set_message(status.error_message());
  grpc::ByteBuffer serialized;
  // Cannot fail: a response is far below protobuf's 2 GiB limit.
  SerializeMessage(response, &serialized).IgnoreError();
  return serialized;
}

}  // namespace

void ResolveStreamReactor::OnReadDone(bool ok) {
  if (!ok) {
    absl::MutexLock lock(&mu_);
    read_in_flight_ = false;
    reads_done_ = true;
    MaybeFinishLocked();
    return;
  }
  // request_ is ours until the next StartRead, which only happens below.
  aka::v1::ResolveRequest parsed;
  const absl::Status parsed_status = ParseResolveRequest(request_, &parsed);
  std::string request_id = std::move(*parsed.mutable_request_id());
  std::string key;
  std::string cached;
  bool hit = false;
  if (parsed_status.ok()) {
    // The key is the request without its id, so that only identical questions share an answer.
    parsed.clear_request_id();
    if (answer_cache_ != nullptr) {
      key = AnswerKey(parsed);
      hit = !key.empty() && answer_cache_->Lookup(key, &cached);
    }
  }
  uint64_t sequence = 0;
  {
    absl::MutexLock lock(&mu_);
    read_in_flight_ = false;
    if (finished_) return;
    sequence = first_sequence_ + answers_.size();
    answers_.emplace_back();
    // A bad item or a cached answer is answered here at once; only a new question goes to the pool.
    if (!parsed_status.ok()) {
      CompleteLocked(sequence, StreamItemError(request_id, ToGrpcStatus(parsed_status)));
      return;
    }
    if (hit) {
      CompleteLocked(sequence, ResponseWithRequestId(request_id, cached));
      return;
    }
    ++resolving_;
    refs_.fetch_add(1, std::memory_order_relaxed);
    MaybeStartReadLocked();
  }
  // Submitted outside mu_: without a pool the item resolves right here, and takes mu_ to complete.
  const bool submitted = RunOrSubmit(
      workers_, [this, sequence, parsed = std::move(parsed), request_id, key = std::move(key)]() mutable {
        ResolveItem(sequence, parsed, request_id, std::move(key));
      });
  if (!submitted) {
    {
      absl::MutexLock lock(&mu_);
      --resolving_;
      if (!finished_) {
        CompleteLocked(sequence, StreamItemError(request_id, OverloadStatus(*workers_, "ResolveStream item")));
      }
    }
    Unref();
  }
}

void ResolveStreamReactor::ResolveItem(uint64_t sequence, const aka::v1::ResolveRequest& request,
                                       const std::string& request_id, std::string key) {
  bool skip = false;
  {
    absl::MutexLock lock(&mu_);
    skip = finished_;
  }
  // A cancelled call or one past its deadline is finished already: its queued items cost no resolution.
  grpc::ByteBuffer response;
  if (!skip) {
    // Not looked up again: the reaction thread just missed, and a second lookup would count a second miss.
    absl::StatusOr<std::string> answer = ResolveAnswer(*resolver_, answer_cache_, request, key);
    response = answer.ok() ? ResponseWithRequestId(request_id, *answer)
                           : StreamItemError(request_id, ToGrpcStatus(answer.status()));
  }
  {
    absl::MutexLock lock(&mu_);
    --resolving_;
    if (!finished_) CompleteLocked(sequence, std::move(response));
  }
  Unref();
}

void ResolveStreamReactor::CompleteLocked(uint64_t sequence, grpc::ByteBuffer response) {
  PendingAnswer& place = answers_[sequence - first_sequence_];
  place.ready = true;
  place.response = std::move(response);
  MaybeStartWriteLocked();
  MaybeStartReadLocked();
  MaybeFinishLocked();
}

void ResolveStreamReactor::OnWriteDone(bool ok) {
  absl::MutexLock lock(&mu_);
  write_in_flight_ = false;
  if (!ok) {
    // The client is gone or the call was cancelled: nothing more can be delivered.
    FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "stream closed while writing"));
    return;
  }
  answers_.pop_front();
  ++first_sequence_;
  if (finished_) return;
  MaybeStartWriteLocked();
  MaybeStartReadLocked();
  MaybeFinishLocked();
}

void ResolveStreamReactor::OnCancel() {
  absl::MutexLock lock(&mu_);
  // Operations in flight complete with ok=false; nothing new starts once finished_ is set, and queued items
  // skip resolving.
  FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "call cancelled"));
}

void ResolveStreamReactor::OnDone() { Unref(); }

void ResolveStreamReactor::Unref() {
  if (refs_.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  if (slots_ != nullptr) slots_->Release();
  delete this;
}

void ResolveStreamReactor::MaybeStartWriteLocked() {
  if (finished_ || write_in_flight_ || answers_.empty() || !answers_.front().ready) return;
  write_in_flight_ = true;
  StartWrite(&answers_.front().response);
}

void ResolveStreamReactor::MaybeStartReadLocked() {
  // Back-pressure: with a full backlog or window the next read starts when an answer is written or resolved.
  if (finished_ || read_in_flight_ || reads_done_ || answers_.size() >= kMaxPendingStreamResponses) return;
  if (resolving_ >= window_) {
    // Past the base window only up to the deep one, and only while the pool's queue is under half full.
    if (resolving_ >= deep_window_ || 2 * workers_->queued() >= workers_->max_queue()) return;
  }
  read_in_flight_ = true;
  StartRead(&request_);
}

void ResolveStreamReactor::MaybeFinishLocked() {
  // Every request has been answered and every answer written: end the call with OK.
  if (reads_done_ && answers_.empty() && !write_in_flight_) FinishLocked(grpc::Status::OK);
}

void ResolveStreamReactor::FinishLocked(grpc::Status status) {
  // gRPC requires exactly one Finish per call, even after cancellation.
  if (finished_) return;
  finished_ = true;
  Finish(std::move(status));
}

}  // namespace aka::service
