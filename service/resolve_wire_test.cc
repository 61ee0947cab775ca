// ParseResolveRequest: strict parse for valid messages, lenient for names that are not UTF-8 (so that the
// Resolver can name the rule), errors naming request_id / types / the message itself.
#include "service/resolve_wire.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::service {
namespace {

using ::testing::HasSubstr;

grpc::ByteBuffer Bytes(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

// Serializes with the raw bytes in string fields, as a C++ client does (it only logs the UTF-8 problem).
grpc::ByteBuffer Serialized(const aka::v1::ResolveRequest& request) {
  std::string bytes;
  request.SerializeToString(&bytes);
  return Bytes(bytes);
}

TEST(ResolveWireTest, ValidRequestParsesStrictly) {
  aka::v1::ResolveRequest request;
  request.set_request_id("r1");
  request.set_name("APT 31");
  request.add_types("threat_actor");
  request.set_max_candidates(7);
  request.set_min_score(0.5);
  request.set_explain(true);
  aka::v1::ResolveRequest parsed;
  ASSERT_TRUE(ParseResolveRequest(Serialized(request), &parsed).ok());
  EXPECT_EQ(parsed.SerializeAsString(), request.SerializeAsString());
}

TEST(ResolveWireTest, NameThatIsNotUtf8IsKeptForValidation) {
  aka::v1::ResolveRequest request;
  request.set_request_id("r2");
  request.set_name("APT\xff" "31");
  request.add_types("threat_actor");
  request.set_max_candidates(3);
  request.set_min_score(0.25);
  request.set_explain(true);
  aka::v1::ResolveRequest parsed;
  ASSERT_TRUE(ParseResolveRequest(Serialized(request), &parsed).ok());
  EXPECT_EQ(parsed.name(), "APT\xff" "31");
  EXPECT_EQ(parsed.request_id(), "r2");
  ASSERT_EQ(parsed.types_size(), 1);
  EXPECT_EQ(parsed.types(0), "threat_actor");
  EXPECT_EQ(parsed.max_candidates(), 3);
  EXPECT_DOUBLE_EQ(parsed.min_score(), 0.25);
  EXPECT_TRUE(parsed.explain());
}

TEST(ResolveWireTest, OtherFieldsMustBeUtf8) {
  aka::v1::ResolveRequest request;
  request.set_request_id("r\xc3");
  request.set_name("APT 31");
  aka::v1::ResolveRequest parsed;
  absl::Status status = ParseResolveRequest(Serialized(request), &parsed);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "request_id: is not valid UTF-8 at byte 1");
  EXPECT_EQ(parsed.request_id(), "");

  request.set_request_id("r3");
  request.add_types("ok");
  request.add_types("\xe2\x82");
  status = ParseResolveRequest(Serialized(request), &parsed);
  EXPECT_EQ(status.message(), "types[1]: is not valid UTF-8 at byte 0");
  EXPECT_EQ(parsed.request_id(), "r3");
}

TEST(ResolveWireTest, GarbageIsInvalidArgument) {
  aka::v1::ResolveRequest parsed;
  absl::Status status = ParseResolveRequest(Bytes("\x12\x7f" "abc"), &parsed);  // length past the end
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("request: "));
}

}  // namespace
}  // namespace aka::service
