// ToGrpcStatus keeps every code and the message.
#include "service/status_conversion.h"

#include "gtest/gtest.h"

namespace aka::service {
namespace {

TEST(StatusConversionTest, OkIsOk) { EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok()); }

TEST(StatusConversionTest, EveryCodeMapsOneToOneWithItsMessage) {
  const absl::StatusCode codes[] = {
      absl::StatusCode::kCancelled,       absl::StatusCode::kUnknown,
      absl::StatusCode::kInvalidArgument, absl::StatusCode::kDeadlineExceeded,
      absl::StatusCode::kNotFound,        absl::StatusCode::kAlreadyExists,
      absl::StatusCode::kPermissionDenied, absl::StatusCode::kResourceExhausted,
      absl::StatusCode::kFailedPrecondition, absl::StatusCode::kAborted,
      absl::StatusCode::kOutOfRange,      absl::StatusCode::kUnimplemented,
      absl::StatusCode::kInternal,        absl::StatusCode::kUnavailable,
      absl::StatusCode::kDataLoss,        absl::StatusCode::kUnauthenticated,
  };
  const grpc::StatusCode expected[] = {
      grpc::StatusCode::CANCELLED,         grpc::StatusCode::UNKNOWN,
      grpc::StatusCode::INVALID_ARGUMENT,  grpc::StatusCode::DEADLINE_EXCEEDED,
      grpc::StatusCode::NOT_FOUND,         grpc::StatusCode::ALREADY_EXISTS,
      grpc::StatusCode::PERMISSION_DENIED, grpc::StatusCode::RESOURCE_EXHAUSTED,
      grpc::StatusCode::FAILED_PRECONDITION, grpc::StatusCode::ABORTED,
      grpc::StatusCode::OUT_OF_RANGE,      grpc::StatusCode::UNIMPLEMENTED,
      grpc::StatusCode::INTERNAL,          grpc::StatusCode::UNAVAILABLE,
      grpc::StatusCode::DATA_LOSS,         grpc::StatusCode::UNAUTHENTICATED,
  };
  for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); ++i) {
    const grpc::Status converted = ToGrpcStatus(absl::Status(codes[i], "name: is empty"));
    EXPECT_EQ(converted.error_code(), expected[i]) << absl::StatusCodeToString(codes[i]);
    EXPECT_EQ(converted.error_message(), "name: is empty");
  }
}

// absl folds codes outside google.rpc.Code into kUnknown; the conversion must not produce an invalid gRPC code.
TEST(StatusConversionTest, OutOfRangeAbslCodeBecomesUnknown) {
  const grpc::Status converted = ToGrpcStatus(absl::Status(static_cast<absl::StatusCode>(42), "odd"));
  EXPECT_EQ(converted.error_code(), grpc::StatusCode::UNKNOWN);
  EXPECT_EQ(converted.error_message(), "odd");
}

}  // namespace
}  // namespace aka::service
