#include "service/status_conversion.h"

#include <string>

namespace aka::service {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  // Both enums number their codes as google.rpc.Code (0..16), so the cast is exact. absl::Status::code()
  // already folds any value outside that range into kUnknown, so no other value can reach gRPC.
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

}  // namespace aka::service
