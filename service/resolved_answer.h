// Resolve answers as bytes, through the server-wide AnswerCache (answer_cache.h): what unary Resolve and
// ResolveStream share. An "answer" is an aka.v1.ResolveResponse serialized without request_id;
// ResponseWithRequestId puts a request's id in front, so a cached answer is sent to any number of callers
// without re-serializing its candidates.
#ifndef AKA_SERVICE_RESOLVED_ANSWER_H_
#define AKA_SERVICE_RESOLVED_ANSWER_H_

#include <grpcpp/support/byte_buffer.h>

#include <string>

#include "absl/status/statusor.h"
#include "aka/v1/resolver.pb.h"
#include "resolve/resolver.h"
#include "service/answer_cache.h"

namespace aka::service {

// The cache key of `request` (request_id already cleared): the request serialized, so that the name, type
// filters and every option are part of it. Empty for a request that must not be cached: one with as_of
// answers as the registry stood then, not as it stands at the store's current sequence.
std::string AnswerKey(const aka::v1::ResolveRequest& request);

// A serialized ResolveResponse: request_id (field 1, written first) followed by `answer`. Protobuf parsers
// accept fields in any order and an answer never sets field 1, so this equals the full message.
grpc::ByteBuffer ResponseWithRequestId(const std::string& request_id, const std::string& answer);

// Resolves `request` (request_id cleared) and returns its answer. With a `cache` (may be null) and a
// non-empty `key` (AnswerKey(request)) the answer is also stored, stamped with the store's sequence read
// before resolving, unless the Resolver reports that an expiring negative record applied (the answer would
// outlive it). Does not look up first (see LookUpOrResolveAnswer). Errors are the Resolver's, not cached.
absl::StatusOr<std::string> ResolveAnswer(const resolve::Resolver& resolver, AnswerCache* cache,
                                          const aka::v1::ResolveRequest& request, const std::string& key);

// The cached answer for `key` when `cache` has a current one, else ResolveAnswer.
absl::StatusOr<std::string> LookUpOrResolveAnswer(const resolve::Resolver& resolver, AnswerCache* cache,
                                                  const aka::v1::ResolveRequest& request, const std::string& key);

}  // namespace aka::service

#endif  // AKA_SERVICE_RESOLVED_ANSWER_H_
