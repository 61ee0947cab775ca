// StreamBatchResolver against the fake ResolveStream service: answers in batch order, one stream kept across
// batches, batches split across several streams, and one re-open and retry after a transient failure.
#include "client/canonicalize/stream_batch_resolver.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/fake_resolve_stream_service.h"
#include "gtest/gtest.h"

namespace aka::canonicalize {
namespace {

std::unique_ptr<Client> Connect(const std::string& address) {
  ClientOptions options;
  options.target = address;
  options.stream_timeout = std::chrono::seconds(60);
  return *Client::Create(options);
}

std::vector<std::string> Names(int batch, int count) {
  std::vector<std::string> names;
  for (int i = 0; i < count; ++i) names.push_back(absl::StrCat("b", batch, "-", i));
  return names;
}

void ExpectAnswers(const std::vector<std::string>& names, const std::vector<aka::v1::ResolveResponse>& out) {
  ASSERT_EQ(out.size(), names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    ASSERT_EQ(out[i].candidates_size(), 1) << i;
    EXPECT_EQ(out[i].candidates(0).entity_id(), "id:" + names[i]) << i;
  }
}

TEST(StreamBatchResolverTest, KeepsOneStreamAcrossBatches) {
  testing::FakeServer fake;
  auto client = Connect(fake.address());
  StreamBatchResolverOptions options;
  options.stream.window = 32;
  StreamBatchResolver resolver(client.get(), options);
  std::vector<aka::v1::ResolveResponse> out;
  for (int batch = 0; batch < 5; ++batch) {
    const std::vector<std::string> names = Names(batch, 500);
    ASSERT_TRUE(resolver.ResolveBatch(names, &out).ok());
    ExpectAnswers(names, out);
  }
  EXPECT_EQ(resolver.streams_opened(), 1);
  EXPECT_EQ(fake.service.streams_started.load(), 1);
}

TEST(StreamBatchResolverTest, SplitsBatchesAcrossStreamsInOrder) {
  testing::FakeServer fake;
  auto client = Connect(fake.address());
  StreamBatchResolverOptions options;
  options.streams = 3;
  options.stream.window = 8;
  StreamBatchResolver resolver(client.get(), options);
  std::vector<aka::v1::ResolveResponse> out;
  const std::vector<std::string> names = Names(0, 1000);
  ASSERT_TRUE(resolver.ResolveBatch(names, &out).ok());
  ExpectAnswers(names, out);
  EXPECT_EQ(fake.service.streams_started.load(), 3);
  EXPECT_LE(fake.service.max_outstanding.load(), 8);
}

TEST(StreamBatchResolverTest, ReopensAndRetriesOnceAfterUnavailable) {
  testing::FakeServer fake;
  fake.service.fail_after = 10;
  auto client = Connect(fake.address());
  StreamBatchResolver resolver(client.get(), StreamBatchResolverOptions());
  std::vector<aka::v1::ResolveResponse> out;
  const std::vector<std::string> names = Names(0, 100);
  ASSERT_TRUE(resolver.ResolveBatch(names, &out).ok());
  ExpectAnswers(names, out);
  EXPECT_EQ(resolver.streams_opened(), 2);
}

TEST(StreamBatchResolverTest, PerItemErrorsStayWithTheirNames) {
  testing::FakeServer fake;
  auto client = Connect(fake.address());
  StreamBatchResolver resolver(client.get(), StreamBatchResolverOptions());
  std::vector<aka::v1::ResolveResponse> out;
  ASSERT_TRUE(resolver.ResolveBatch({"a", "bad", "c"}, &out).ok());
  ASSERT_EQ(out.size(), 3u);
  EXPECT_FALSE(out[0].has_error());
  EXPECT_TRUE(out[1].has_error());
  EXPECT_EQ(out[2].candidates(0).entity_id(), "id:c");
}

TEST(StreamBatchResolverTest, UnreachableServerFailsTheBatch) {
  ClientOptions options;
  options.target = "unix:/nonexistent-aka-stream-test/no.sock";
  auto client = *Client::Create(options);
  StreamBatchResolver resolver(client.get(), StreamBatchResolverOptions());
  std::vector<aka::v1::ResolveResponse> out;
  absl::Status status = resolver.ResolveBatch({"a", "b"}, &out);
  EXPECT_TRUE(absl::IsUnavailable(status)) << status;
}

}  // namespace
}  // namespace aka::canonicalize
