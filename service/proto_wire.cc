#include "service/proto_wire.h"

#include <grpcpp/impl/codegen/proto_utils.h>

#include <vector>

#include "absl/strings/str_cat.h"

namespace aka::service {

std::string FlattenByteBuffer(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string bytes;
  if (!buffer.Dump(&slices).ok()) return bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return bytes;
}

absl::Status ParseMessage(const grpc::ByteBuffer& buffer, absl::string_view field,
                          google::protobuf::Message* message) {
  message->Clear();
  if (message->ParseFromString(FlattenByteBuffer(buffer))) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(field, ": is not a valid ", message->GetTypeName(),
                                                 " message (every string field must be valid UTF-8)"));
}

absl::Status SerializeMessage(const google::protobuf::Message& message, grpc::ByteBuffer* buffer) {
  // gRPC's writer requires an empty buffer; a streaming reactor reuses one buffer for every message.
  buffer->Clear();
  bool own_buffer = false;
  grpc::Status status = grpc::GenericSerialize<grpc::ProtoBufferWriter, google::protobuf::Message>(
      message, buffer, &own_buffer);
  if (status.ok()) return absl::OkStatus();
  return absl::InternalError(absl::StrCat("cannot serialize ", message.GetTypeName(), ": ",
                                          status.error_message()));
}

}  // namespace aka::service
