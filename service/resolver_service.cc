#include "service/resolver_service.h"

#include <chrono>
#include <string>
#include <utility>

#include "service/proto_wire.h"
#include "service/resolve_stream_reactor.h"
#include "service/resolve_wire.h"
#include "service/resolved_answer.h"
#include "service/status_conversion.h"

namespace aka::service {
namespace {

// Answers a stream that could not get a slot: no read, no write, just the status.
class RefusedStreamReactor final : public grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  explicit RefusedStreamReactor(grpc::Status status) { Finish(std::move(status)); }
  void OnDone() override { delete this; }
};

}  // namespace

grpc::ServerUnaryReactor* ResolverService::Resolve(grpc::CallbackServerContext* context,
                                                   const grpc::ByteBuffer* request,
                                                   grpc::ByteBuffer* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  // gRPC keeps context, request and response alive until Finish, which the task always calls.
  auto resolve = [this, context, request, response]() -> grpc::Status {
    // A call that waited in a queue past its deadline is answered without doing the work: the caller has
    // given up, and the work would only delay calls that can still succeed.
    if (context->deadline() <= std::chrono::system_clock::now()) {
      return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "deadline passed before resolving");
    }
    if (context->IsCancelled()) return grpc::Status(grpc::StatusCode::CANCELLED, "call cancelled before resolving");
    aka::v1::ResolveRequest parsed;
    absl::Status status = ParseResolveRequest(*request, &parsed);
    if (!status.ok()) return ToGrpcStatus(status);
    const std::string request_id = std::move(*parsed.mutable_request_id());
    parsed.clear_request_id();
    const std::string key = answer_cache_ != nullptr ? AnswerKey(parsed) : std::string();
    absl::StatusOr<std::string> answer = LookUpOrResolveAnswer(*resolver_, answer_cache_, parsed, key);
    if (!answer.ok()) return ToGrpcStatus(answer.status());
    *response = ResponseWithRequestId(request_id, *answer);
    return grpc::Status::OK;
  };
  if (!RunOrSubmit(workers_, [reactor, resolve = std::move(resolve)]() { reactor->Finish(resolve()); })) {
    reactor->Finish(OverloadStatus(*workers_, "Resolve"));
  }
  return reactor;
}

grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>* ResolverService::ResolveStream(
    grpc::CallbackServerContext* context) {
  if (!stream_slots_.TryAcquire()) {
    return new RefusedStreamReactor(grpc::Status(
        grpc::StatusCode::RESOURCE_EXHAUSTED,
        "too many concurrent ResolveStream calls (limit " + std::to_string(stream_slots_.capacity()) +
            "); retry later or batch more names per stream"));
  }
  // The reactor owns itself and deletes itself in OnDone, where it gives the slot back. The server's
  // Shutdown waits for every call, so the slots outlive their reactors.
  return new ResolveStreamReactor(resolver_, workers_, &stream_slots_, answer_cache_);
}

}  // namespace aka::service
