// WorkerPool: the threads that do akad's request work (resolution, Registry store calls) instead of gRPC's
// callback threads, with a bounded queue in front of them. A full queue is an answer, not a wait: the caller
// refuses the call with RESOURCE_EXHAUSTED (OverloadStatus), so an overload costs the client a retry instead of
// growing the server's memory and latency without bound (ARCHITECTURE.md "Threading", OPERATIONS.md).
#ifndef AKA_SERVICE_WORKER_POOL_H_
#define AKA_SERVICE_WORKER_POOL_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace aka::service {

struct WorkerPoolOptions {
  // Worker threads. 0: one per hardware thread (std::thread::hardware_concurrency, at least 1). Default: 0.
  int threads = 0;
  // Tasks waiting for a worker (not counting those running) before TrySubmit refuses. 0: 4 x threads x 64.
  // Default: 0.
  size_t max_queue = 0;
};

// Thread-safe: TrySubmit and the accessors may be called from any thread, Shutdown from any thread but a worker.
class WorkerPool {
 public:
  // Starts the threads. INVALID_ARGUMENT (naming the field) for a negative thread count or one above 1024.
  static absl::StatusOr<std::unique_ptr<WorkerPool>> Create(const WorkerPoolOptions& options);

  // Shutdown.
  ~WorkerPool();

  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task` to run once on a worker, in submission order relative to other tasks. False, with `task`
  // destroyed unrun, when max_queue tasks are already waiting or the pool is shut down; the rejection is
  // counted (rejected()). A task must not block on another task of the same pool.
  bool TrySubmit(absl::AnyInvocable<void() &&> task);

  // Stops accepting tasks, runs every task already queued (draining: the work of calls the server has accepted
  // is finished, not dropped), and joins the threads. Blocks until done; later calls do nothing.
  void Shutdown();

  int threads() const { return static_cast<int>(threads_.size()); }
  size_t max_queue() const { return max_queue_; }
  // Tasks waiting for a worker now.
  size_t queued() const;
  // Tasks refused by TrySubmit since the pool started.
  int64_t rejected() const { return rejected_.load(std::memory_order_relaxed); }

 private:
  explicit WorkerPool(size_t max_queue) : max_queue_(max_queue) {}
  void RunWorker();
  bool HasWorkOrStopsLocked() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const size_t max_queue_;
  std::vector<std::thread> threads_;
  std::atomic<int64_t> rejected_{0};

  mutable absl::Mutex mu_;
  std::deque<absl::AnyInvocable<void() &&>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;

  absl::Mutex shutdown_mu_;  // Serializes Shutdown calls; held while joining.
  bool joined_ ABSL_GUARDED_BY(shutdown_mu_) = false;
};

// Runs `task` on `pool`, or at once on this thread when `pool` is null (a server without a pool, as in some
// tests). False, with `task` destroyed unrun, when the pool refused it.
bool RunOrSubmit(WorkerPool* pool, absl::AnyInvocable<void() &&> task);

// The status of a call refused because `pool`'s queue is full: RESOURCE_EXHAUSTED naming the limit and the
// flag that sets it. `what` names the refused work ("Resolve", "ResolveStream item", ...).
grpc::Status OverloadStatus(const WorkerPool& pool, absl::string_view what);

}  // namespace aka::service

#endif  // AKA_SERVICE_WORKER_POOL_H_
