#include "service/resolved_answer.h"

#include <cstdint>
#include <optional>
#include <utility>

namespace aka::service {

std::string AnswerKey(const aka::v1::ResolveRequest& request) {
  if (request.has_as_of()) return std::string();
  return request.SerializeAsString();
}

grpc::ByteBuffer ResponseWithRequestId(const std::string& request_id, const std::string& answer) {
  std::string bytes;
  bytes.reserve(request_id.size() + answer.size() + 8);
  if (!request_id.empty()) {
    bytes.push_back(static_cast<char>((1 << 3) | 2));  // field 1, length-delimited
    for (uint64_t n = request_id.size();; n >>= 7) {   // varint length
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

absl::StatusOr<std::string> ResolveAnswer(const resolve::Resolver& resolver, AnswerCache* cache,
                                          const aka::v1::ResolveRequest& request, const std::string& key) {
  // Read before resolving: a write committed during the resolution then makes this answer a miss.
  std::optional<int64_t> sequence;
  if (cache != nullptr && !key.empty()) {
    absl::StatusOr<int64_t> current = cache->CurrentSequence();
    if (current.ok()) sequence = *current;
  }
  absl::StatusOr<resolve::Resolution> result = resolver.ResolveWithNotes(request);
  if (!result.ok()) return result.status();
  // Resolve echoes the (empty) request_id, so the answer has no field 1.
  result->response.clear_request_id();
  std::string answer = result->response.SerializeAsString();
  // An answer that an expiring negative record shapes would outlive the record: resolve it every time.
  if (sequence.has_value() && !result->expiring_negative_applied) cache->Insert(key, *sequence, answer);
  return answer;
}

absl::StatusOr<std::string> LookUpOrResolveAnswer(const resolve::Resolver& resolver, AnswerCache* cache,
                                                  const aka::v1::ResolveRequest& request, const std::string& key) {
  std::string answer;
  if (cache != nullptr && !key.empty() && cache->Lookup(key, &answer)) return answer;
  return ResolveAnswer(resolver, cache, request, key);
}

}  // namespace aka::service
