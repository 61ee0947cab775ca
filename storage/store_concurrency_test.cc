// Optimistic concurrency under contention: writers race read-modify-write cycles on one entity with
// expected_version; no acknowledged write may be lost and every lost race must be reported.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/store_test_util.h"

namespace aka::storage {
namespace {

using testing::MakeEntity;

class StoreConcurrencyTest : public testing::StoreTestBase {};

TEST_F(StoreConcurrencyTest, ConflictingWritersLoseNoUpdate) {
  constexpr int kWriters = 8;
  constexpr int kUpdatesPerWriter = 1000;
  const aka::v1::Entity created = Create(MakeEntity("threat_actor", "APT31"));
  const std::string id = created.id();

  std::atomic<int64_t> conflicts{0};
  std::atomic<int64_t> other_errors{0};
  std::vector<int64_t> acknowledged(kWriters, 0);
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      const std::string counter = absl::StrCat("writer_", w);
      for (int i = 1; i <= kUpdatesPerWriter; ++i) {
        // Each attempt reads, then writes at the version it read: a conflicting update in between must make
        // the store refuse it. The writer retries until its update lands, as a client would. The update
        // keeps every other writer's counter as read, so a write applied over a stale read would roll
        // another writer's acknowledged counter back, and the final check would see it.
        while (true) {
          auto current = store_->GetEntity(id);
          if (!current.ok()) {
            ++other_errors;
            return;
          }
          aka::v1::Entity updated = *current;
          (*updated.mutable_attributes())[counter] = absl::StrCat(i);
          auto written = store_->UpsertEntity(updated, current->version());
          if (written.ok()) {
            ++acknowledged[w];
            break;
          }
          if (written.status().code() == absl::StatusCode::kFailedPrecondition) {
            ++conflicts;
            continue;
          }
          ++other_errors;
          return;
        }
      }
    });
  }
  for (std::thread& writer : writers) writer.join();

  ASSERT_EQ(other_errors.load(), 0);
  auto final_entity = store_->GetEntity(id);
  ASSERT_TRUE(final_entity.ok()) << final_entity.status();
  int64_t acknowledged_count = 0;
  for (int w = 0; w < kWriters; ++w) {
    EXPECT_EQ(acknowledged[w], kUpdatesPerWriter);
    EXPECT_EQ(final_entity->attributes().at(absl::StrCat("writer_", w)), absl::StrCat(kUpdatesPerWriter))
        << "an acknowledged write of writer " << w << " was lost";
    acknowledged_count += acknowledged[w];
  }
  // Every acknowledged write advanced the version by exactly one.
  EXPECT_EQ(final_entity->version(), created.version() + acknowledged_count);
  // With eight writers on one entity, races happen; each one was reported, never silently applied.
  EXPECT_GT(conflicts.load(), 0);
  // The log holds exactly the creation and the acknowledged writes, in order, without gaps, and each
  // writer's counter only ever goes up by one in it.
  EXPECT_EQ(*store_->LastSequence(), 1 + acknowledged_count);
  std::vector<int64_t> last_seen(kWriters, 0);
  int64_t expected_sequence = 1;
  int64_t after = 0;
  while (true) {
    auto page = store_->ReadChanges(after, 1000);
    ASSERT_TRUE(page.ok()) << page.status();
    if (page->empty()) break;
    for (const aka::v1::Change& change : *page) {
      EXPECT_EQ(change.sequence(), expected_sequence++);
      if (change.kind() != aka::v1::CHANGE_KIND_UPDATE) continue;
      int changed = 0;
      for (int w = 0; w < kWriters; ++w) {
        const auto& attributes = change.entities(0).after().attributes();
        const auto found = attributes.find(absl::StrCat("writer_", w));
        const int64_t value = found == attributes.end() ? 0 : std::stoll(found->second);
        EXPECT_GE(value, last_seen[w]);
        if (value != last_seen[w]) {
          EXPECT_EQ(value, last_seen[w] + 1);
          ++changed;
        }
        last_seen[w] = value;
      }
      EXPECT_EQ(changed, 1) << "change " << change.sequence();
    }
    after = page->back().sequence();
  }
  EXPECT_EQ(expected_sequence, 2 + acknowledged_count);
}

}  // namespace
}  // namespace aka::storage
