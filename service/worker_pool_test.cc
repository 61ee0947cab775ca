#include "service/worker_pool.h"

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::service {
namespace {

using ::testing::HasSubstr;

std::unique_ptr<WorkerPool> MakePool(int threads, size_t max_queue) {
  WorkerPoolOptions options;
  options.threads = threads;
  options.max_queue = max_queue;
  absl::StatusOr<std::unique_ptr<WorkerPool>> pool = WorkerPool::Create(options);
  EXPECT_TRUE(pool.ok()) << pool.status();
  return std::move(*pool);
}

TEST(WorkerPoolTest, DefaultsFollowTheHardware) {
  std::unique_ptr<WorkerPool> pool = MakePool(0, 0);
  const int hardware = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  EXPECT_EQ(pool->threads(), hardware);
  EXPECT_EQ(pool->max_queue(), size_t{4} * hardware * 64);
}

TEST(WorkerPoolTest, BadThreadCountNamesTheFlag) {
  WorkerPoolOptions options;
  options.threads = -1;
  absl::StatusOr<std::unique_ptr<WorkerPool>> pool = WorkerPool::Create(options);
  ASSERT_FALSE(pool.ok());
  EXPECT_EQ(pool.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(pool.status().message(), HasSubstr("worker_threads"));
}

TEST(WorkerPoolTest, RunsTasksOnSeveralThreadsAtOnce) {
  std::unique_ptr<WorkerPool> pool = MakePool(2, 16);
  // Each task waits for the other to start: only two threads running at once get both past the barrier.
  std::atomic<int> started{0};
  absl::Notification both_ran;
  std::atomic<int> finished{0};
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(pool->TrySubmit([&] {
      started.fetch_add(1);
      const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (started.load() < 2 && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
      if (finished.fetch_add(1) == 1) both_ran.Notify();
    }));
  }
  ASSERT_TRUE(both_ran.WaitForNotificationWithTimeout(absl::Seconds(20)));
  EXPECT_EQ(started.load(), 2);
}

TEST(WorkerPoolTest, AFullQueueRefusesAndCountsAndRecovers) {
  std::unique_ptr<WorkerPool> pool = MakePool(1, 2);
  absl::Notification release;
  absl::Notification running;
  ASSERT_TRUE(pool->TrySubmit([&] {
    running.Notify();
    release.WaitForNotification();
  }));
  ASSERT_TRUE(running.WaitForNotificationWithTimeout(absl::Seconds(20)));
  // The one worker is busy: two tasks fit in the queue, the third is refused and never runs.
  std::atomic<int> ran{0};
  EXPECT_TRUE(pool->TrySubmit([&] { ran.fetch_add(1); }));
  EXPECT_TRUE(pool->TrySubmit([&] { ran.fetch_add(1); }));
  bool refused_ran = false;
  EXPECT_FALSE(pool->TrySubmit([&] { refused_ran = true; }));
  EXPECT_EQ(pool->queued(), 2u);
  EXPECT_EQ(pool->rejected(), 1);
  release.Notify();
  pool->Shutdown();
  EXPECT_EQ(ran.load(), 2);
  EXPECT_FALSE(refused_ran);
}

TEST(WorkerPoolTest, ShutdownDrainsQueuedTasksInOrderThenRefuses) {
  std::unique_ptr<WorkerPool> pool = MakePool(1, 100);
  absl::Notification release;
  ASSERT_TRUE(pool->TrySubmit([&] { release.WaitForNotification(); }));
  std::vector<int> order;  // Written by the one worker only; read after Shutdown joined it.
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(pool->TrySubmit([&order, i] { order.push_back(i); }));
  std::thread shutdown([&] { pool->Shutdown(); });
  // Shutdown waits for the queued work instead of dropping it.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  release.Notify();
  shutdown.join();
  ASSERT_EQ(order.size(), 50u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(order[i], i);
  EXPECT_FALSE(pool->TrySubmit([] {}));
  pool->Shutdown();  // A second call does nothing.
}

TEST(WorkerPoolTest, RunOrSubmitWithoutAPoolRunsAtOnce) {
  bool ran = false;
  EXPECT_TRUE(RunOrSubmit(nullptr, [&] { ran = true; }));
  EXPECT_TRUE(ran);
}

TEST(WorkerPoolTest, OverloadStatusNamesTheLimitAndTheFlag) {
  std::unique_ptr<WorkerPool> pool = MakePool(1, 7);
  grpc::Status status = OverloadStatus(*pool, "Resolve");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(status.error_message(), HasSubstr("Resolve"));
  EXPECT_THAT(status.error_message(), HasSubstr("limit 7"));
  EXPECT_THAT(status.error_message(), HasSubstr("--worker_queue"));
}

}  // namespace
}  // namespace aka::service
