// Converts a grpc::Status the client received into the absl::Status every aka::Client call returns. Kept in
// one function so the mapping is defined (and tested) once; service/ owns the opposite direction.
#ifndef AKA_CLIENT_STATUS_CONVERSION_H_
#define AKA_CLIENT_STATUS_CONVERSION_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace aka {

// The type URL under which a non-empty grpc::Status::error_details() (a serialized google.rpc.Status) is
// attached to the returned absl::Status as a payload, so callers that understand rich errors can still read it.
inline constexpr char kGrpcErrorDetailsTypeUrl[] = "type.googleapis.com/google.rpc.Status";

// Maps `status` code for code (gRPC and absl both number their codes after google.rpc.Code) and keeps the
// message. Codes outside the known range become UNKNOWN with the original number in the message.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace aka

#endif  // AKA_CLIENT_STATUS_CONVERSION_H_
