// grpc::Status -> absl::Status. See status_conversion.h.
#include "client/status_conversion.h"

#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"

namespace aka {

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  const int code = static_cast<int>(status.error_code());
  // Both enums follow google.rpc.Code, so the numeric value carries over; anything past UNAUTHENTICATED (16)
  // is not a code either side defines and must not be cast blindly into absl::StatusCode.
  absl::Status result = (code > 0 && code <= static_cast<int>(absl::StatusCode::kUnauthenticated))
                            ? absl::Status(static_cast<absl::StatusCode>(code), status.error_message())
                            : absl::Status(absl::StatusCode::kUnknown,
                                           absl::StrCat("grpc status code ", code, ": ", status.error_message()));
  if (!status.error_details().empty()) {
    result.SetPayload(kGrpcErrorDetailsTypeUrl, absl::Cord(status.error_details()));
  }
  return result;
}

}  // namespace aka
