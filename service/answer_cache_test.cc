// AnswerCache (answer_cache.h) and the resolve-through-cache helpers (resolved_answer.h) over a sequence the
// test moves by hand and a Resolver that counts its calls: hits, invalidation by a write, answers computed
// before a write never stored, as_of bypass, errors not cached, the byte bound, and concurrent use while the
// sequence moves (never a hit older than the sequence read before the lookup); the Prometheus figures.
#include "service/answer_cache.h"

#include <prometheus/metric_family.h>

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "service/answer_cache_metrics.h"
#include "service/resolved_answer.h"

namespace aka::service {
namespace {

// The store's LastSequence as the test sets it; an error while `closed` is set.
struct FakeSequence {
  std::atomic<int64_t> value{1};
  std::atomic<bool> closed{false};
  AnswerCache::SequenceSource Source() {
    return [this]() -> absl::StatusOr<int64_t> {
      if (closed.load()) return absl::FailedPreconditionError("store: is closed");
      return value.load();
    };
  }
};

TEST(AnswerCacheTest, HitAtTheSameSequence) {
  FakeSequence sequence;
  AnswerCache cache(1 << 20, sequence.Source());
  std::string answer;
  EXPECT_FALSE(cache.Lookup("apt 31", &answer));
  cache.Insert("apt 31", 1, "MATCHED G0001");
  ASSERT_TRUE(cache.Lookup("apt 31", &answer));
  EXPECT_EQ(answer, "MATCHED G0001");
  EXPECT_FALSE(cache.Lookup("apt 32", &answer));
  const AnswerCacheStats stats = cache.stats();
  EXPECT_EQ(stats.hits, 1u);
  EXPECT_EQ(stats.misses, 2u);
  EXPECT_EQ(stats.entries, 1u);
  EXPECT_EQ(stats.bytes, std::string("apt 31").size() + std::string("MATCHED G0001").size() +
                             kAnswerCacheEntryOverhead);
}

TEST(AnswerCacheTest, ACommittedWriteInvalidatesEveryOlderAnswer) {
  FakeSequence sequence;
  AnswerCache cache(1 << 20, sequence.Source());
  for (int i = 0; i < 100; ++i) cache.Insert(absl::StrCat("name ", i), 1, "old");
  sequence.value = 2;
  std::string answer;
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(cache.Lookup(absl::StrCat("name ", i), &answer)) << i;
  // The lookups dropped the stale entries of every shard they touched.
  EXPECT_EQ(cache.stats().entries, 0u);
  cache.Insert("name 0", 2, "new");
  ASSERT_TRUE(cache.Lookup("name 0", &answer));
  EXPECT_EQ(answer, "new");
}

TEST(AnswerCacheTest, AnAnswerComputedBeforeAWriteIsNotStored) {
  FakeSequence sequence;
  AnswerCache cache(1 << 20, sequence.Source());
  // One key, so that both inserts meet in one shard: the write at 2 is seen first, the slow answer of 1 after.
  sequence.value = 2;
  cache.Insert("apt 31", 2, "new");
  cache.Insert("apt 31", 1, "old");
  std::string answer;
  ASSERT_TRUE(cache.Lookup("apt 31", &answer));
  EXPECT_EQ(answer, "new");
  cache.Insert("apt 32", 1, "old");
  EXPECT_FALSE(cache.Lookup("apt 32", &answer));
}

TEST(AnswerCacheTest, NoSequenceMeansNoHit) {
  FakeSequence sequence;
  AnswerCache cache(1 << 20, sequence.Source());
  cache.Insert("apt 31", 1, "answer");
  sequence.closed = true;
  std::string answer;
  EXPECT_FALSE(cache.Lookup("apt 31", &answer));
}

TEST(AnswerCacheTest, HoldsNoMoreBytesThanItsCapacity) {
  FakeSequence sequence;
  constexpr size_t kCapacity = 256 << 10;
  AnswerCache cache(kCapacity, sequence.Source());
  const std::string answer(200, 'a');
  for (int i = 0; i < 20000; ++i) {
    cache.Insert(absl::StrCat("name ", i), 1, answer);
    ASSERT_LE(cache.stats().bytes, kCapacity) << "after " << i;
  }
  // About a capacity's worth of entries stays (each shard keeps at least its last full generation), and the newest ones are there.
  const AnswerCacheStats stats = cache.stats();
  EXPECT_GE(stats.bytes, kCapacity / 3);
  std::string got;
  EXPECT_TRUE(cache.Lookup("name 19999", &got));
  EXPECT_FALSE(cache.Lookup("name 0", &got));
  // An answer larger than half a shard is never stored.
  cache.Insert("huge", 1, std::string(kCapacity, 'x'));
  EXPECT_FALSE(cache.Lookup("huge", &got));
}

TEST(AnswerCacheTest, LookedUpAnswersSurviveGenerationChanges) {
  FakeSequence sequence;
  constexpr size_t kCapacity = 64 << 10;
  AnswerCache cache(kCapacity, sequence.Source());
  std::string got;
  cache.Insert("hot", 1, "answer");
  for (int i = 0; i < 5000; ++i) {
    cache.Insert(absl::StrCat("cold ", i), 1, std::string(100, 'c'));
    ASSERT_TRUE(cache.Lookup("hot", &got)) << "after " << i;
  }
}

TEST(AnswerCacheTest, MetricsReportHitsMissesAndSize) {
  FakeSequence sequence;
  AnswerCache cache(1 << 20, sequence.Source());
  std::string answer;
  cache.Lookup("apt 31", &answer);
  cache.Insert("apt 31", 1, "MATCHED");
  cache.Lookup("apt 31", &answer);
  cache.Lookup("apt 31", &answer);
  std::map<std::string, double> values;
  for (const prometheus::MetricFamily& family : MakeAnswerCacheMetrics(&cache)->Collect()) {
    ASSERT_EQ(family.metric.size(), 1u) << family.name;
    const bool counter = family.type == prometheus::MetricType::Counter;
    values[family.name] = counter ? family.metric[0].counter.value : family.metric[0].gauge.value;
  }
  EXPECT_EQ(values["aka_answer_cache_hits_total"], 2);
  EXPECT_EQ(values["aka_answer_cache_misses_total"], 1);
  EXPECT_EQ(values["aka_answer_cache_entries"], 1);
  EXPECT_EQ(values["aka_answer_cache_bytes"], static_cast<double>(cache.stats().bytes));
  EXPECT_EQ(values["aka_answer_cache_capacity_bytes"], 1 << 20);
}

// A hit must never be older than the sequence the caller saw before looking up. Writers move the sequence
// while readers insert answers stamped with the sequence they read first and look up others' answers.
TEST(AnswerCacheTest, ConcurrentUseNeverHitsAnAnswerOlderThanTheLastWrite) {
  FakeSequence sequence;
  AnswerCache cache(1 << 20, sequence.Source());
  std::atomic<bool> stop{false};
  std::atomic<int> stale{0};
  std::atomic<int> hits{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::string answer;
      for (int i = 0; !stop.load(); ++i) {
        const std::string key = absl::StrCat("name ", (i * 7 + t) % 200);
        const int64_t before = sequence.value.load();
        if (cache.Lookup(key, &answer)) {
          ++hits;
          int64_t stamped = 0;
          const std::vector<std::string> parts = absl::StrSplit(answer, '@');
          if (parts.size() != 2 || !absl::SimpleAtoi(parts[1], &stamped) || stamped < before) ++stale;
        } else {
          const int64_t computed_at = *cache.CurrentSequence();
          cache.Insert(key, computed_at, absl::StrCat(key, "@", computed_at));
        }
      }
    });
  }
  for (int write = 0; write < 200; ++write) {
    std::this_thread::sleep_for(std::chrono::microseconds(500));
    ++sequence.value;
  }
  stop = true;
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(stale.load(), 0);
  EXPECT_GT(hits.load(), 0);
}

// Answers every name MATCHED with a candidate named after it, counting calls; "bad" is INVALID_ARGUMENT; names
// starting "expiring" are answered as shaped by an expiring negative record.
class CountingResolver final : public resolve::Resolver {
 public:
  absl::StatusOr<resolve::Resolution> ResolveWithNotes(const v1::ResolveRequest& request) const override {
    ++calls;
    if (request.name() == "bad") return absl::InvalidArgumentError("name: is bad");
    resolve::Resolution resolution;
    resolution.response.set_request_id(request.request_id());
    resolution.response.set_outcome(v1::MATCHED);
    resolution.response.add_candidates()->set_canonical_name(request.name());
    resolution.expiring_negative_applied = absl::StartsWith(request.name(), "expiring");
    return resolution;
  }
  mutable std::atomic<int> calls{0};
};

v1::ResolveResponse ParseResponse(const std::string& request_id, const std::string& answer) {
  grpc::ByteBuffer buffer = ResponseWithRequestId(request_id, answer);
  std::vector<grpc::Slice> slices;
  EXPECT_TRUE(buffer.Dump(&slices).ok());
  std::string bytes;
  for (const grpc::Slice& slice : slices) bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  v1::ResolveResponse response;
  EXPECT_TRUE(response.ParseFromString(bytes));
  return response;
}

// A cache over a hand-moved sequence, a counting resolver and a request for "APT 31".
class ResolvedAnswerTest : public ::testing::Test {
 protected:
  ResolvedAnswerTest() { request_.set_name("APT 31"); }
  absl::StatusOr<std::string> Ask() { return LookUpOrResolveAnswer(resolver_, &cache_, request_, AnswerKey(request_)); }

  FakeSequence sequence_;
  AnswerCache cache_{1 << 20, sequence_.Source()};
  CountingResolver resolver_;
  v1::ResolveRequest request_;
};

TEST_F(ResolvedAnswerTest, ARepeatIsAnsweredFromTheCacheWithItsOwnRequestId) {
  ASSERT_FALSE(AnswerKey(request_).empty());
  absl::StatusOr<std::string> first = Ask();
  absl::StatusOr<std::string> second = Ask();
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(resolver_.calls.load(), 1);
  EXPECT_EQ(*first, *second);
  const v1::ResolveResponse response = ParseResponse("r-2", *second);
  EXPECT_EQ(response.request_id(), "r-2");
  EXPECT_EQ(response.outcome(), v1::MATCHED);
  EXPECT_EQ(response.candidates(0).canonical_name(), "APT 31");
  // Another type filter is another question.
  request_.add_types("person");
  ASSERT_TRUE(Ask().ok());
  EXPECT_EQ(resolver_.calls.load(), 2);
  // After a write the same question is resolved again.
  sequence_.value = 2;
  request_.clear_types();
  ASSERT_TRUE(Ask().ok());
  EXPECT_EQ(resolver_.calls.load(), 3);
}

TEST_F(ResolvedAnswerTest, AsOfRequestsBypassTheCache) {
  request_.mutable_as_of()->set_seconds(1700000000);
  EXPECT_TRUE(AnswerKey(request_).empty());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Ask().ok());
  EXPECT_EQ(resolver_.calls.load(), 3);
  const AnswerCacheStats stats = cache_.stats();
  EXPECT_EQ(stats.entries, 0u);
  EXPECT_EQ(stats.hits + stats.misses, 0u);
}

TEST_F(ResolvedAnswerTest, ErrorsAreNotCached) {
  request_.set_name("bad");
  for (int i = 0; i < 2; ++i) EXPECT_TRUE(absl::IsInvalidArgument(Ask().status()));
  EXPECT_EQ(resolver_.calls.load(), 2);
  EXPECT_EQ(cache_.stats().entries, 0u);
}

// The Resolver's own report decides (Resolution::expiring_negative_applied): no second look at the store.
TEST_F(ResolvedAnswerTest, AnAnswerShapedByAnExpiringNegativeIsNotStored) {
  request_.set_name("expiring APT 31");
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(Ask().ok());
  EXPECT_EQ(resolver_.calls.load(), 2);
  EXPECT_EQ(cache_.stats().entries, 0u);
  // Another name is stored as usual.
  request_.set_name("APT 41");
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(Ask().ok());
  EXPECT_EQ(resolver_.calls.load(), 3);
}

}  // namespace
}  // namespace aka::service
