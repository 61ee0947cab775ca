// FromGrpcStatus: every code maps to the absl code of the same name; message and details survive.
#include "client/status_conversion.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka {
namespace {

using ::testing::HasSubstr;

TEST(FromGrpcStatusTest, OkIsOk) { EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK).ok()); }

TEST(FromGrpcStatusTest, EveryCodeKeepsItsName) {
  const std::pair<grpc::StatusCode, absl::StatusCode> kPairs[] = {
      {grpc::StatusCode::CANCELLED, absl::StatusCode::kCancelled},
      {grpc::StatusCode::UNKNOWN, absl::StatusCode::kUnknown},
      {grpc::StatusCode::INVALID_ARGUMENT, absl::StatusCode::kInvalidArgument},
      {grpc::StatusCode::DEADLINE_EXCEEDED, absl::StatusCode::kDeadlineExceeded},
      {grpc::StatusCode::NOT_FOUND, absl::StatusCode::kNotFound},
      {grpc::StatusCode::ALREADY_EXISTS, absl::StatusCode::kAlreadyExists},
      {grpc::StatusCode::PERMISSION_DENIED, absl::StatusCode::kPermissionDenied},
      {grpc::StatusCode::RESOURCE_EXHAUSTED, absl::StatusCode::kResourceExhausted},
      {grpc::StatusCode::FAILED_PRECONDITION, absl::StatusCode::kFailedPrecondition},
      {grpc::StatusCode::ABORTED, absl::StatusCode::kAborted},
      {grpc::StatusCode::OUT_OF_RANGE, absl::StatusCode::kOutOfRange},
      {grpc::StatusCode::UNIMPLEMENTED, absl::StatusCode::kUnimplemented},
      {grpc::StatusCode::INTERNAL, absl::StatusCode::kInternal},
      {grpc::StatusCode::UNAVAILABLE, absl::StatusCode::kUnavailable},
      {grpc::StatusCode::DATA_LOSS, absl::StatusCode::kDataLoss},
      {grpc::StatusCode::UNAUTHENTICATED, absl::StatusCode::kUnauthenticated},
  };
  for (const auto& [grpc_code, absl_code] : kPairs) {
    const std::string message = absl::StrCat("message for ", grpc_code);
    absl::Status status = FromGrpcStatus(grpc::Status(grpc_code, message));
    EXPECT_EQ(status.code(), absl_code) << grpc_code;
    EXPECT_EQ(status.message(), message);
  }
}

TEST(FromGrpcStatusTest, UnknownCodeBecomesUnknownAndSaysWhich) {
  // 30: no StatusCode has it, but it is inside the enum's range of values (0..31); a value past that range
  // (say 42) cannot even be read back from a grpc::Status without undefined behaviour (UBSan: -fsanitize=enum).
  absl::Status status = FromGrpcStatus(grpc::Status(static_cast<grpc::StatusCode>(30), "odd"));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnknown);
  EXPECT_THAT(status.message(), HasSubstr("30"));
  EXPECT_THAT(status.message(), HasSubstr("odd"));
}

TEST(FromGrpcStatusTest, ErrorDetailsBecomeAPayload) {
  absl::Status status =
      FromGrpcStatus(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "bad", std::string("\x08\x03", 2)));
  auto payload = status.GetPayload(kGrpcErrorDetailsTypeUrl);
  ASSERT_TRUE(payload.has_value());
  EXPECT_EQ(std::string(*payload), std::string("\x08\x03", 2));
  EXPECT_FALSE(
      FromGrpcStatus(grpc::Status(grpc::StatusCode::INTERNAL, "x")).GetPayload(kGrpcErrorDetailsTypeUrl).has_value());
}

}  // namespace
}  // namespace aka
