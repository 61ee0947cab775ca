#include "service/resolve_stream_reactor.h"

#include <utility>

#include "aka/v1/resolver.pb.h"
#include "service/proto_wire.h"
#include "service/resolve_wire.h"
#include "service/status_conversion.h"

namespace aka::service {

ResolveStreamReactor::ResolveStreamReactor(const resolve::Resolver* resolver, StreamSlots* slots)
    : resolver_(resolver), slots_(slots) {
  absl::MutexLock lock(&mu_);
  StartNextReadLocked();
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

grpc::ByteBuffer ResolveStreamReactor::Answer(const grpc::ByteBuffer& request) {
  aka::v1::ResolveRequest parsed;
  absl::Status status = ParseResolveRequest(request, &parsed);
  aka::v1::ResolveResponse response;
  if (status.ok()) {
    // The key is the request without its id, so that only identical questions share an answer.
    std::string request_id = std::move(*parsed.mutable_request_id());
    parsed.clear_request_id();
    std::string key = parsed.SerializeAsString();
    if (const std::string* cached = answer_cache_.Find(key)) return ResponseWithRequestId(request_id, *cached);
    absl::StatusOr<aka::v1::ResolveResponse> result = resolver_->Resolve(parsed);
    if (result.ok()) {
      // Resolve echoes the (now empty) request_id, so the serialized answer has no field 1.
      result->clear_request_id();
      std::string answer = result->SerializeAsString();
      grpc::ByteBuffer serialized = ResponseWithRequestId(request_id, answer);
      answer_cache_.Insert(std::move(key), std::move(answer));
      return serialized;
    }
    status = result.status();
    parsed.set_request_id(std::move(request_id));
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

void ResolveStreamReactor::OnDone() {
  if (slots_ != nullptr) slots_->Release();
  delete this;
}

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
