#include "service/worker_pool.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace aka::service {

absl::StatusOr<std::unique_ptr<WorkerPool>> WorkerPool::Create(const WorkerPoolOptions& options) {
  if (options.threads < 0 || options.threads > 1024) {
    return absl::InvalidArgumentError(
        absl::StrCat("worker_threads: must be in 0..1024 (0: one per hardware thread); got ", options.threads));
  }
  int threads = options.threads;
  if (threads == 0) threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  const size_t max_queue = options.max_queue != 0 ? options.max_queue : size_t{4} * threads * 64;
  std::unique_ptr<WorkerPool> pool(new WorkerPool(max_queue));
  pool->threads_.reserve(threads);
  for (int i = 0; i < threads; ++i) pool->threads_.emplace_back([raw = pool.get()] { raw->RunWorker(); });
  return pool;
}

WorkerPool::~WorkerPool() { Shutdown(); }

bool WorkerPool::TrySubmit(absl::AnyInvocable<void() &&> task) {
  {
    absl::MutexLock lock(&mu_);
    if (!stopping_ && queue_.size() < max_queue_) {
      queue_.push_back(std::move(task));
      return true;
    }
  }
  rejected_.fetch_add(1, std::memory_order_relaxed);
  return false;  // `task` is destroyed here, outside the lock: its captures may do anything.
}

size_t WorkerPool::queued() const {
  absl::MutexLock lock(&mu_);
  return queue_.size();
}

void WorkerPool::Shutdown() {
  absl::MutexLock shutdown_lock(&shutdown_mu_);
  if (joined_) return;
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& thread : threads_) thread.join();
  joined_ = true;
}

void WorkerPool::RunWorker() {
  while (true) {
    absl::AnyInvocable<void() &&> task;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &WorkerPool::HasWorkOrStopsLocked));
      // Queued tasks run even when stopping: Shutdown drains.
      if (queue_.empty()) return;
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    std::move(task)();
  }
}

bool WorkerPool::HasWorkOrStopsLocked() const { return stopping_ || !queue_.empty(); }

bool RunOrSubmit(WorkerPool* pool, absl::AnyInvocable<void() &&> task) {
  if (pool != nullptr) return pool->TrySubmit(std::move(task));
  std::move(task)();
  return true;
}

grpc::Status OverloadStatus(const WorkerPool& pool, absl::string_view what) {
  return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                      absl::StrCat(what, ": server overloaded, worker queue full (limit ", pool.max_queue(),
                                   " queued calls on ", pool.threads(), " workers, --worker_queue); retry later"));
}

}  // namespace aka::service
