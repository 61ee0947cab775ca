// BatchResolveStream: the writer is the caller's thread, the reader is ours; they meet only in mu_, which
// guards the queue of unanswered tags (the window) and how the call ended.
#include "client/batch_resolve_stream.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace aka {

absl::StatusOr<std::unique_ptr<BatchResolveStream>> BatchResolveStream::Open(Client* client,
                                                                           const BatchStreamOptions& options,
                                                                           StreamResponseSink sink,
                                                                           StreamEndListener on_end) {
  if (options.window == 0) return absl::InvalidArgumentError("BatchStreamOptions.window: must be at least 1");
  if (!sink) return absl::InvalidArgumentError("BatchResolveStream: the response sink is empty");
  absl::StatusOr<std::unique_ptr<ResolveStreamCall>> call = client->OpenResolveStream(options.timeout);
  if (!call.ok()) return call.status();
  std::unique_ptr<BatchResolveStream> stream(
      new BatchResolveStream(options, *std::move(call), std::move(sink), std::move(on_end)));
  // Started only once the object is complete: the thread reads its members.
  stream->reader_ = std::thread([s = stream.get()] { s->ReadAnswers(); });
  return stream;
}

BatchResolveStream::BatchResolveStream(const BatchStreamOptions& options, std::unique_ptr<ResolveStreamCall> call,
                                       StreamResponseSink sink, StreamEndListener on_end)
    : window_(options.window),
      opened_at_(std::chrono::steady_clock::now()),
      call_(std::move(call)),
      sink_(std::move(sink)),
      on_end_(std::move(on_end)) {
  for (const std::string& type : options.types) request_.add_types(type);
  request_.set_max_candidates(options.max_candidates);
  request_.set_min_score(options.min_score);
  request_.set_explain(options.explain);
}

BatchResolveStream::~BatchResolveStream() {
  bool ended;
  {
    absl::MutexLock lock(&mu_);
    ended = ended_;
  }
  // The reader blocks in Read until the call ends; cancelling ends it at once.
  if (!ended) call_->Cancel();
  if (reader_.joinable()) reader_.join();
}

void BatchResolveStream::ReadAnswers() {
  v1::ResolveResponse response;
  absl::Status violation;
  while (call_->Read(&response)) {
    uint64_t expected = 0;
    bool have_expected = false;
    {
      absl::MutexLock lock(&mu_);
      if (!unanswered_.empty()) {
        expected = unanswered_.front();
        have_expected = true;
      }
    }
    uint64_t got = 0;
    if (!have_expected || !absl::SimpleAtoi(response.request_id(), &got) || got != expected) {
      // Pairing this answer with the next question would silently give rows the wrong entities.
      violation = absl::InternalError(
          have_expected ? absl::StrCat("ResolveStream answered request '", response.request_id(),
                                       "' where request '", expected, "' was due")
                        : absl::StrCat("ResolveStream sent an answer ('", response.request_id(),
                                       "') to no request"));
      call_->Cancel();
      break;
    }
    // The sink runs before the tag leaves the window, so Drain never returns ahead of a delivery.
    sink_(expected, &response);
    absl::MutexLock lock(&mu_);
    unanswered_.pop_front();
  }
  if (!violation.ok()) {
    while (call_->Read(&response)) {
    }
  }
  absl::Status status = call_->Finish();
  absl::Status ended_status;
  {
    absl::MutexLock lock(&mu_);
    if (!violation.ok()) {
      status = violation;
    } else if (cancelled_) {
      status = absl::CancelledError("the ResolveStream call was cancelled");
    } else if (status.ok() && !unanswered_.empty()) {
      status = absl::InternalError(
          absl::StrCat("ResolveStream ended with ", unanswered_.size(), " requests unanswered"));
    }
    ended_ = true;
    final_status_ = status;
    ended_status = status;
  }
  if (on_end_) on_end_(ended_status);
}

absl::Status BatchResolveStream::EndedStatusLocked() const {
  if (cancelled_) return absl::CancelledError("the ResolveStream call was cancelled");
  if (!final_status_.ok()) return final_status_;
  return absl::FailedPreconditionError("the ResolveStream call has ended");
}

absl::Status BatchResolveStream::Submit(uint64_t tag, std::string_view name) {
  {
    absl::MutexLock lock(&mu_);
    if (writes_done_) return absl::FailedPreconditionError("BatchResolveStream: Submit after Close");
    // Back-pressure: the window is the client's half; the server's bounded queue and gRPC flow control the rest.
    mu_.Await(absl::Condition(
        +[](BatchResolveStream* s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s->mu_) {
          return s->ended_ || s->cancelled_ || s->unanswered_.size() < s->window_;
        },
        this));
    if (ended_ || cancelled_) return EndedStatusLocked();
    // Queued before the write so the reader knows the tag even if the answer is quicker than we are.
    unanswered_.push_back(tag);
  }
  request_.set_request_id(absl::StrCat(tag));
  request_.set_name(name.data(), name.size());
  if (!call_->Write(request_)) {
    // The call broke; the reader learns why from Finish.
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(&ended_));
    return EndedStatusLocked();
  }
  return absl::OkStatus();
}

absl::Status BatchResolveStream::Drain() {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](BatchResolveStream* s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s->mu_) {
        return s->ended_ || s->cancelled_ || s->unanswered_.empty();
      },
      this));
  if (unanswered_.empty() && !cancelled_ && (!ended_ || final_status_.ok())) return absl::OkStatus();
  return EndedStatusLocked();
}

absl::Status BatchResolveStream::Close() {
  if (!writes_done_) {
    writes_done_ = true;
    // A failed half-close means the call already broke; the final status below says why.
    (void)call_->WritesDone();
  }
  if (reader_.joinable()) reader_.join();
  absl::MutexLock lock(&mu_);
  if (cancelled_) return absl::CancelledError("the ResolveStream call was cancelled");
  return final_status_;
}

void BatchResolveStream::Cancel() {
  {
    absl::MutexLock lock(&mu_);
    if (ended_) return;
    cancelled_ = true;
  }
  call_->Cancel();
}

bool BatchResolveStream::ok() const {
  absl::MutexLock lock(&mu_);
  return !ended_ && !cancelled_;
}

size_t BatchResolveStream::in_flight() const {
  absl::MutexLock lock(&mu_);
  return unanswered_.size();
}

}  // namespace aka
