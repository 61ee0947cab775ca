#include "service/resolver_service.h"

#include <chrono>
#include <utility>

#include "service/proto_wire.h"
#include "service/resolve_stream_reactor.h"
#include "service/resolve_wire.h"
#include "service/status_conversion.h"

namespace aka::service {

grpc::ServerUnaryReactor* ResolverService::Resolve(grpc::CallbackServerContext* context,
                                                   const grpc::ByteBuffer* request,
                                                   grpc::ByteBuffer* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  // A call that waited in a queue past its deadline is answered without doing the work: the caller has
  // given up, and the work would only delay calls that can still succeed.
  if (context->deadline() <= std::chrono::system_clock::now()) {
    reactor->Finish(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "deadline passed before resolving"));
    return reactor;
  }
  aka::v1::ResolveRequest parsed;
  absl::Status parse_status = ParseResolveRequest(*request, &parsed);
  if (!parse_status.ok()) {
    reactor->Finish(ToGrpcStatus(parse_status));
    return reactor;
  }
  // Resolution is a handful of RocksDB point lookups served from the block cache: short enough to run on the
  // callback thread for this issue. The worker pool of ARCHITECTURE.md "Threading" takes over when fuzzy
  // candidate generation makes it heavier.
  absl::StatusOr<aka::v1::ResolveResponse> result = resolver_->Resolve(parsed);
  if (!result.ok()) {
    reactor->Finish(ToGrpcStatus(result.status()));
    return reactor;
  }
  reactor->Finish(ToGrpcStatus(SerializeMessage(*result, response)));
  return reactor;
}

grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>* ResolverService::ResolveStream(
    grpc::CallbackServerContext* context) {
  // The reactor owns itself and deletes itself in OnDone.
  return new ResolveStreamReactor(resolver_);
}

}  // namespace aka::service
