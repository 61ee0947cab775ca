// The one place where absl::Status becomes grpc::Status (STYLE.md rule 2). Everything below service/ speaks
// absl::Status; every servicer converts at its boundary through this function.
#ifndef AKA_SERVICE_STATUS_CONVERSION_H_
#define AKA_SERVICE_STATUS_CONVERSION_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace aka::service {

// Same code (absl and gRPC share google.rpc.Code numbering), same message. Payloads are dropped: nothing in
// aka attaches them. Thread-safe.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace aka::service

#endif  // AKA_SERVICE_STATUS_CONVERSION_H_
