// Parsing and serializing protobuf messages for raw (ByteBuffer) callback methods. Every aka servicer takes
// raw bytes because the generated proto3 parser refuses a request whose string fields are not valid UTF-8
// before any handler runs, and gRPC then answers UNIMPLEMENTED with no message: a client would think the
// method is missing. Parsing here turns that into INVALID_ARGUMENT that says what was wrong.
#ifndef AKA_SERVICE_PROTO_WIRE_H_
#define AKA_SERVICE_PROTO_WIRE_H_

#include <grpcpp/support/byte_buffer.h>

#include <string>

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace aka::service {

// The bytes of `buffer` in one string.
std::string FlattenByteBuffer(const grpc::ByteBuffer& buffer);

// Parses `buffer` into `*message` (cleared first). INVALID_ARGUMENT "<field>: is not a valid <type> message
// (...)" if it does not parse, the usual cause being a string that is not valid UTF-8.
absl::Status ParseMessage(const grpc::ByteBuffer& buffer, absl::string_view field,
                          google::protobuf::Message* message);

// Serializes `message` into `*buffer`, replacing its contents. INTERNAL if it cannot (over 2 GiB).
absl::Status SerializeMessage(const google::protobuf::Message& message, grpc::ByteBuffer* buffer);

}  // namespace aka::service

#endif  // AKA_SERVICE_PROTO_WIRE_H_
