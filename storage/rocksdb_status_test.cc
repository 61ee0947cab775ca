#include "storage/rocksdb_status.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::storage {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(FromRocksDbStatusTest, OkStaysOk) {
  EXPECT_TRUE(FromRocksDbStatus(rocksdb::Status::OK(), "reading").ok());
}

TEST(FromRocksDbStatusTest, MapsCodes) {
  struct Case {
    rocksdb::Status in;
    absl::StatusCode want;
  };
  const Case cases[] = {
      {rocksdb::Status::NotFound("x"), absl::StatusCode::kNotFound},
      {rocksdb::Status::Corruption("x"), absl::StatusCode::kDataLoss},
      {rocksdb::Status::IOError("x"), absl::StatusCode::kUnavailable},
      {rocksdb::Status::Busy("x"), absl::StatusCode::kUnavailable},
      {rocksdb::Status::TryAgain("x"), absl::StatusCode::kUnavailable},
      {rocksdb::Status::TimedOut("x"), absl::StatusCode::kUnavailable},
      {rocksdb::Status::InvalidArgument("x"), absl::StatusCode::kInvalidArgument},
      {rocksdb::Status::NotSupported("x"), absl::StatusCode::kInternal},
      {rocksdb::Status::Incomplete("x"), absl::StatusCode::kInternal},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(FromRocksDbStatus(c.in, "doing").code(), c.want) << c.in.ToString();
  }
}

TEST(FromRocksDbStatusTest, MessageSaysWhatWasBeingDone) {
  const absl::Status s = FromRocksDbStatus(rocksdb::Status::IOError("disk on fire"), "writing entity E1");
  EXPECT_THAT(std::string(s.message()), StartsWith("writing entity E1: "));
  EXPECT_THAT(std::string(s.message()), HasSubstr("disk on fire"));
}

}  // namespace
}  // namespace aka::storage
