// Parsing ResolveRequest for the Resolver service's raw callback methods (see proto_wire.h for why methods
// are raw). resolver.proto promises INVALID_ARGUMENT naming the broken rule for a bad name, including one
// that is not valid UTF-8, so a request that fails the strict parse is read again leniently, keeping the raw
// bytes of `name` for the Resolver's validation to report what is wrong and where.
#ifndef AKA_SERVICE_RESOLVE_WIRE_H_
#define AKA_SERVICE_RESOLVE_WIRE_H_

#include <grpcpp/support/byte_buffer.h>

#include "absl/status/status.h"
#include "aka/v1/resolver.pb.h"

namespace aka::service {

// Parses `buffer` into `*request`. `name` may hold bytes that are not valid UTF-8: the Resolver's name
// validation reports those. Errors (INVALID_ARGUMENT): the bytes are not a ResolveRequest at all
// ("request: ..."), or request_id / types[i] are not valid UTF-8 ("request_id: is not valid UTF-8 at byte 4").
// On error `*request` still holds the fields that were readable and valid, so a stream can echo request_id.
absl::Status ParseResolveRequest(const grpc::ByteBuffer& buffer, aka::v1::ResolveRequest* request);

}  // namespace aka::service

#endif  // AKA_SERVICE_RESOLVE_WIRE_H_
