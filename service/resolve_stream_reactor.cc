#include "service/resolve_stream_reactor.h"

#include <utility>

#include "aka/v1/resolver.pb.h"
#include "service/proto_wire.h"
#include "service/resolve_wire.h"
#include "service/status_conversion.h"

namespace aka::service {

ResolveStreamReactor::ResolveStreamReactor(const resolve::Resolver* resolver, WorkerPool* workers,
                                           StreamSlots* slots)
    : resolver_(resolver),
      workers_(workers),
      slots_(slots),
      window_(workers != nullptr ? 2 * workers->threads() : 1) {
  absl::MutexLock lock(&mu_);
  MaybeStartReadLocked();
}

namespace {

// A serialized ResolveResponse: request_id (field 1, written first) followed by a cached answer serialized
// without it. Protobuf parsers accept fields in any order and the answer never sets field 1, so this equals the
// full message without re-serializing the candidates.
grpc::ByteBuffer ResponseWithRequestId(const std::string& request_id, const std::string& answer) {
  std::string bytes;
  bytes.reserve(request_id.size() + answer.size() + 8);
  if (!request_id.empty()) {
    bytes.push_back(static_cast<char>((1 << 3) | 2));  // field 1, length-delimited
    for (uint64_t n = request_id.size(); ; n >>= 7) {  // varint length
      if (n < 0x80) {
        bytes.push_back(static_cast<char>(n));
        break;
      }
      bytes.push_back(static_cast<char>((n & 0x7f) | 0x80));
    }
    bytes.append(request_id);
  }
  bytes.append(answer);
  grpc::Slice slice(std::move(bytes));
  return grpc::ByteBuffer(&slice, 1);
}

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

const std::string* StreamAnswerCache::Find(const std::string& key) {
  if (auto it = current_.find(key); it != current_.end()) return &it->second;
  auto it = previous_.find(key);
  if (it == previous_.end()) return nullptr;
  // Promote, so that names still in use survive the next generation change.
  std::string answer = std::move(it->second);
  previous_.erase(it);
  Insert(key, std::move(answer));
  return &current_.find(key)->second;
}

void StreamAnswerCache::Insert(std::string key, std::string answer) {
  // Counted by payload bytes: answers range from a few bytes (NO_MATCH) to kilobytes (explanations).
  const size_t bytes = key.size() + answer.size();
  if (current_bytes_ + bytes > capacity_bytes_) {
    previous_ = std::move(current_);
    current_.clear();
    current_bytes_ = 0;
  }
  current_bytes_ += bytes;
  current_.insert_or_assign(std::move(key), std::move(answer));
}

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
  if (parsed_status.ok()) {
    // The key is the request without its id, so that only identical questions share an answer.
    parsed.clear_request_id();
    key = parsed.SerializeAsString();
  }
  uint64_t sequence = 0;
  {
    absl::MutexLock lock(&mu_);
    read_in_flight_ = false;
    if (finished_) return;
    sequence = first_sequence_ + answers_.size();
    answers_.emplace_back();
    // A bad item or a repeat is answered here at once; only a new question goes to the pool.
    if (!parsed_status.ok()) {
      CompleteLocked(sequence, StreamItemError(request_id, ToGrpcStatus(parsed_status)));
      return;
    }
    if (const std::string* cached = answer_cache_.Find(key)) {
      CompleteLocked(sequence, ResponseWithRequestId(request_id, *cached));
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
  std::string answer;
  bool cacheable = false;
  if (!skip) {
    absl::StatusOr<aka::v1::ResolveResponse> result = resolver_->Resolve(request);
    if (result.ok()) {
      // Resolve echoes the (empty) request_id, so the serialized answer has no field 1.
      result->clear_request_id();
      answer = result->SerializeAsString();
      response = ResponseWithRequestId(request_id, answer);
      cacheable = true;
    } else {
      response = StreamItemError(request_id, ToGrpcStatus(result.status()));
    }
  }
  {
    absl::MutexLock lock(&mu_);
    --resolving_;
    if (!finished_) {
      if (cacheable) answer_cache_.Insert(std::move(key), std::move(answer));
      CompleteLocked(sequence, std::move(response));
    }
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
  if (finished_ || read_in_flight_ || reads_done_ || answers_.size() >= kMaxPendingStreamResponses ||
      resolving_ >= window_) {
    return;
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
