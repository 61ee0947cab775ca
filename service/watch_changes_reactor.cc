#include "service/watch_changes_reactor.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "service/proto_wire.h"
#include "service/status_conversion.h"

namespace aka::service {
namespace {

// Log rows read per Store call: enough to stream a backlog efficiently, small enough to bound memory.
constexpr int kPageSize = 100;
// How long the tail sleeps in WaitForChange before it looks at cancellation again. A commit wakes it at
// once; this only bounds how long a cancelled watch keeps its thread.
constexpr absl::Duration kCancelPoll = absl::Milliseconds(200);

}  // namespace

WatchChangesReactor* WatchChangesReactor::Start(storage::Store* store, grpc::CallbackServerContext* context,
                                                const grpc::ByteBuffer& request) {
  auto* reactor = new WatchChangesReactor(store);
  aka::v1::WatchChangesRequest typed;
  absl::Status parsed = ParseMessage(request, "request", &typed);
  if (parsed.ok() && typed.after_sequence() < 0) {
    parsed = absl::InvalidArgumentError(
        absl::StrCat("after_sequence: must not be negative; got ", typed.after_sequence()));
  }
  if (!parsed.ok()) {
    reactor->Finish(ToGrpcStatus(parsed));
    return reactor;
  }
  reactor->tail_ = std::thread(&WatchChangesReactor::Run, reactor, typed.after_sequence());
  // Only now may the tail run (and so reach Finish and OnDone): OnDone reads tail_.
  absl::MutexLock lock(&reactor->mu_);
  reactor->started_ = true;
  return reactor;
}

void WatchChangesReactor::OnWriteDone(bool ok) {
  absl::MutexLock lock(&mu_);
  write_in_flight_ = false;
  if (!ok) write_failed_ = true;
}

void WatchChangesReactor::OnCancel() {
  absl::MutexLock lock(&mu_);
  cancelled_ = true;
}

void WatchChangesReactor::OnDone() {
  if (tail_.joinable()) {
    // Finish is the tail's last act, so the join is short; if gRPC ran OnDone inside that Finish call, the
    // tail is this very thread and returns without touching the reactor again.
    if (tail_.get_id() == std::this_thread::get_id()) {
      tail_.detach();
    } else {
      tail_.join();
    }
  }
  delete this;
}

bool WatchChangesReactor::cancelled() {
  absl::MutexLock lock(&mu_);
  return cancelled_;
}

bool WatchChangesReactor::Send(const aka::v1::Change& change) {
  aka::v1::WatchChangesResponse response;
  *response.mutable_change() = change;
  if (!SerializeMessage(response, &buffer_).ok()) return false;
  {
    absl::MutexLock lock(&mu_);
    write_in_flight_ = true;
  }
  StartWrite(&buffer_);
  // Even after a cancellation gRPC calls OnWriteDone (with ok false), and buffer_ must not be reused before
  // it, so this waits for the completion whatever happens.
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](WatchChangesReactor* self) ABSL_EXCLUSIVE_LOCKS_REQUIRED(self->mu_) { return !self->write_in_flight_; },
      this));
  return !write_failed_ && !cancelled_;
}

void WatchChangesReactor::Run(int64_t after_sequence) {
  {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(&started_));
  }
  grpc::Status status = grpc::Status::OK;
  while (true) {
    if (cancelled()) {
      status = grpc::Status(grpc::StatusCode::CANCELLED, "the watch was cancelled");
      break;
    }
    absl::StatusOr<std::vector<aka::v1::Change>> page = store_->ReadChanges(after_sequence, kPageSize);
    if (!page.ok()) {
      status = ToGrpcStatus(page.status());
      break;
    }
    bool sent_all = true;
    for (const aka::v1::Change& change : *page) {
      if (!Send(change)) {
        sent_all = false;
        break;
      }
      after_sequence = change.sequence();
    }
    if (!sent_all) {
      status = grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
      break;
    }
    if (page->empty()) store_->WaitForChange(after_sequence, absl::Now() + kCancelPoll);
  }
  Finish(status);
}

}  // namespace aka::service
