// WatchChanges: a server-streaming reactor that sends every change-log row after the requested sequence in
// commit order, then tails the log, until the client cancels (or the server shuts down). A client that
// reconnects with the last sequence it received gets the next one: the log has no gaps and is read by
// sequence, so nothing is skipped or repeated.
//
// Each watch has its own tail thread: it reads log pages, keeps one write in flight (waiting for
// OnWriteDone before the next, so a slow client slows only its own thread, and its backlog stays in the log
// rather than in memory), and blocks in Store::WaitForChange when it has caught up. A thread per watcher
// suits the expected few dozen followers (replicas, caches, audit sinks); many more would want a shared
// tailer fanning out.
#ifndef AKA_SERVICE_WATCH_CHANGES_REACTOR_H_
#define AKA_SERVICE_WATCH_CHANGES_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "aka/v1/registry.pb.h"
#include "storage/store.h"

namespace aka::service {

class WatchChangesReactor final : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  // Parses `request` (a serialized aka.v1.WatchChangesRequest) and starts streaming; a bad request finishes
  // at once with INVALID_ARGUMENT. The reactor deletes itself in OnDone. `store` is not owned and must
  // outlive the call.
  static WatchChangesReactor* Start(storage::Store* store, grpc::CallbackServerContext* context,
                                    const grpc::ByteBuffer& request);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  explicit WatchChangesReactor(storage::Store* store) : store_(store) {}

  // The tail thread's loop; calls Finish exactly once and touches nothing of `this` afterwards.
  void Run(int64_t after_sequence);
  // Writes one change and waits for its completion. False if the write failed or the call was cancelled.
  bool Send(const aka::v1::Change& change);
  bool cancelled();

  storage::Store* const store_;
  std::thread tail_;
  // The message in flight; only the tail thread touches it, and only while no write is in flight.
  grpc::ByteBuffer buffer_;

  absl::Mutex mu_;
  bool write_in_flight_ ABSL_GUARDED_BY(mu_) = false;
  bool write_failed_ ABSL_GUARDED_BY(mu_) = false;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  // Set once tail_ holds the thread; the thread waits for it before doing anything.
  bool started_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace aka::service

#endif  // AKA_SERVICE_WATCH_CHANGES_REACTOR_H_
