// kill -9 in the middle of curation: a child process merges and undoes in a loop until it is SIGKILLed; the
// reopened store must hold whole changes only (index verified, log without gaps, every entity and redirect
// exactly as the last logged change left it).
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "storage/store_test_util.h"

namespace aka::storage {
namespace {

using testing::MakeEntity;

class StoreCrashTest : public testing::StoreTestBase {};

// Runs in the child: merges E2 and E3 into E1 and undoes it, forever. Never returns.
[[noreturn]] void MergeAndUndoForever(const StoreOptions& options) {
  auto store = RocksStore::Open(options);
  if (!store.ok()) _exit(2);
  while (true) {
    auto merge = (*store)->MergeEntities("E00000001", {"E00000002", "E00000003"}, 0, ChangeContext());
    if (!merge.ok()) _exit(3);
    if (!(*store)->Undo(merge->sequence(), ChangeContext()).ok()) _exit(4);
  }
}

TEST_F(StoreCrashTest, KillDuringMergesLeavesWholeChanges) {
  Create(MakeEntity("threat_actor", "APT31", {"Zirconium"}));
  Create(MakeEntity("threat_actor", "Violet Typhoon", {"Judgment Panda"}));
  Create(MakeEntity("threat_actor", "Bronze Vinewood"));
  ASSERT_TRUE(store_->Close().ok());
  store_.reset();

  const StoreOptions options = Options();
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) MergeAndUndoForever(options);
  usleep(1500 * 1000);
  ASSERT_EQ(kill(child, SIGKILL), 0);
  int wait_status = 0;
  ASSERT_EQ(waitpid(child, &wait_status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(wait_status)) << "the child stopped by itself with " << WEXITSTATUS(wait_status);

  OpenStore();
  ASSERT_TRUE(store_->VerifyIndex().ok()) << store_->VerifyIndex();
  const int64_t last = *store_->LastSequence();
  EXPECT_GT(last, 5) << "the child should have committed some merges before the kill";
  // The log is gap-free up to last_sequence, and the store's state is what its last changes say.
  std::vector<aka::v1::Change> changes;
  for (int64_t after = 0;;) {
    auto page = store_->ReadChanges(after, 1000);
    ASSERT_TRUE(page.ok()) << page.status();
    if (page->empty()) break;
    for (auto& change : *page) {
      EXPECT_EQ(change.sequence(), static_cast<int64_t>(changes.size()) + 1);
      changes.push_back(std::move(change));
    }
    after = changes.back().sequence();
  }
  ASSERT_EQ(static_cast<int64_t>(changes.size()), last);
  for (const std::string id : {"E00000001", "E00000002", "E00000003"}) {
    const aka::v1::EntityChange* latest = nullptr;
    for (const auto& change : changes) {
      for (const auto& part : change.entities()) {
        if (part.entity_id() == id) latest = &part;
      }
    }
    ASSERT_NE(latest, nullptr);
    auto stored = store_->GetEntity(id);
    if (latest->has_after()) {
      ASSERT_TRUE(stored.ok()) << id << ": " << stored.status();
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*stored, latest->after())) << id;
    } else {
      EXPECT_EQ(stored.status().code(), absl::StatusCode::kNotFound) << id;
      auto resolved = store_->GetEntityFollowingRedirects(id);
      ASSERT_TRUE(resolved.ok()) << resolved.status();
      EXPECT_EQ(resolved->entity.id(), latest->redirect_after());
    }
  }
}

}  // namespace
}  // namespace aka::storage
