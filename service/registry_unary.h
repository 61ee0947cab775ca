// The shared shape of Registry's unary handlers (registry_service.cc and curation_handlers.cc): request
// field checks with INVALID_ARGUMENT messages naming the field, the deadline check before a write, and
// ServeOnPool, which parses the raw request, runs the typed handler on the worker pool and finishes with the
// converted status (RegistryService::Serve calls it with the service's pool).
#ifndef AKA_SERVICE_REGISTRY_UNARY_H_
#define AKA_SERVICE_REGISTRY_UNARY_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdint>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/status_macros.h"
#include "service/proto_wire.h"
#include "service/status_conversion.h"
#include "service/worker_pool.h"

namespace aka::service {

inline absl::Status RequireNonEmpty(absl::string_view value, absl::string_view field) {
  if (value.empty()) return absl::InvalidArgumentError(absl::StrCat(field, ": is empty"));
  return absl::OkStatus();
}

inline absl::Status RequireVersion(int64_t expected_version, absl::string_view field = "expected_version") {
  if (expected_version < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must be 0 (any) or a positive version; got ", expected_version));
  }
  return absl::OkStatus();
}

// A write that reached the server after its caller gave up is not applied: the caller cannot learn whether
// it happened, so doing it would only surprise them on retry.
inline absl::Status CheckDeadline(const grpc::CallbackServerContext* context) {
  if (context->deadline() <= std::chrono::system_clock::now()) {
    return absl::DeadlineExceededError("deadline passed before the request was handled");
  }
  return absl::OkStatus();
}

// Runs one unary call on `workers` (null: on this thread): deadline check, parse, `handle(request, &response)`,
// serialize, finish with the converted status. A call finding the pool's queue full is finished with
// RESOURCE_EXHAUSTED at once; one whose deadline passed while it was queued is answered DEADLINE_EXCEEDED
// without running. Returns gRPC's default reactor, finished now or by the worker. `handle` is moved onto the
// worker, so it must own what it captures (apart from the service, which outlives the server's calls).
template <typename Request, typename Response, typename Handler>
grpc::ServerUnaryReactor* ServeOnPool(WorkerPool* workers, grpc::CallbackServerContext* context,
                                      const grpc::ByteBuffer* request_bytes, grpc::ByteBuffer* response_bytes,
                                      Handler handle) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  // gRPC keeps context, request and response alive until Finish, which the task always calls.
  auto run = [context, request_bytes, response_bytes, handle = std::move(handle)]() mutable -> absl::Status {
    RETURN_IF_ERROR(CheckDeadline(context));
    Request request;
    RETURN_IF_ERROR(ParseMessage(*request_bytes, "request", &request));
    Response response;
    RETURN_IF_ERROR(handle(request, &response));
    return SerializeMessage(response, response_bytes);
  };
  if (!RunOrSubmit(workers, [reactor, run = std::move(run)]() mutable { reactor->Finish(ToGrpcStatus(run())); })) {
    reactor->Finish(OverloadStatus(*workers, "Registry call"));
  }
  return reactor;
}

}  // namespace aka::service

#endif  // AKA_SERVICE_REGISTRY_UNARY_H_
