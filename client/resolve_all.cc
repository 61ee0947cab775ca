// Client::ResolveAll: deals the input names to `streams` BatchResolveStreams in chunks and hands the answers
// back in input order. The calling thread reads the input, de-duplicates it, writes the requests and delivers
// the answers; each stream's reader thread only files its answers into their slots. The reorder buffer (input
// names read but not yet delivered) is bounded, so memory does not grow with the input.
#include <algorithm>
#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "client/batch_resolve_stream.h"
#include "client/client.h"

namespace aka {
namespace {

// Names dealt to one stream before moving on to the next: large enough that each write burst keeps a stream
// busy, small enough that all streams are fed early.
constexpr size_t kChunk = 64;
constexpr int kMaxStreams = 64;

// The answer to one distinct request; shared by every input position that asked it.
struct Slot {
  bool done = false;  // guarded by ResolveAllJob::mu_ until set; immutable afterwards
  v1::ResolveResponse response;
};

class ResolveAllJob {
 public:
  ResolveAllJob(Client* client, const ResolveAllOptions& options, const ResolveResultCallback& on_result)
      : client_(client), options_(options), on_result_(on_result) {
    max_pending_ = std::max<size_t>(4 * options.window * static_cast<size_t>(options.streams), 4 * kChunk);
  }

  ~ResolveAllJob() {
    // Streams cancel themselves on destruction (an early return); their readers touch our state, so they go
    // first.
    streams_.clear();
  }

  absl::Status Run(const NameSource& next_name) {
    BatchStreamOptions stream_options;
    stream_options.window = options_.window;
    stream_options.types = options_.types;
    stream_options.max_candidates = options_.max_candidates;
    stream_options.min_score = options_.min_score;
    stream_options.explain = options_.explain;
    stream_options.timeout = options_.timeout;
    sent_.resize(static_cast<size_t>(options_.streams));
    for (int k = 0; k < options_.streams; ++k) {
      absl::StatusOr<std::unique_ptr<BatchResolveStream>> stream = BatchResolveStream::Open(
          client_, stream_options,
          [this, k](uint64_t, v1::ResolveResponse* response) { FileAnswer(static_cast<size_t>(k), response); },
          [this](const absl::Status& status) { NoteStreamEnd(status); });
      if (!stream.ok()) return stream.status();
      streams_.push_back(*std::move(stream));
    }

    std::vector<std::string> chunk_names;
    std::vector<std::shared_ptr<Slot>> chunk_slots;
    bool input_done = false;
    size_t next_stream = 0;
    while (!input_done) {
      absl::Status status = DeliverReady(/*wait_for_room=*/true);
      if (!status.ok()) return status;
      // Read one chunk of input; only names not seen before become requests.
      chunk_names.clear();
      chunk_slots.clear();
      for (size_t i = 0; i < kChunk; ++i) {
        std::string name;
        if (!next_name(&name)) {
          input_done = true;
          break;
        }
        std::shared_ptr<Slot> slot = SlotFor(name);
        if (slot == nullptr) {
          slot = std::make_shared<Slot>();
          if (options_.deduplicate) seen_.emplace(name, slot);
          chunk_names.push_back(std::move(name));
          chunk_slots.push_back(slot);
        }
        absl::MutexLock lock(&mu_);
        pending_.push_back(std::move(slot));
      }
      if (chunk_names.empty()) continue;
      const size_t k = next_stream;
      next_stream = (next_stream + 1) % streams_.size();
      for (size_t i = 0; i < chunk_names.size(); ++i) {
        {
          absl::MutexLock lock(&mu_);
          sent_[k].push_back(chunk_slots[i]);
        }
        status = streams_[k]->Submit(next_tag_++, chunk_names[i]);
        if (!status.ok()) return FirstError(status);
      }
    }
    for (const std::unique_ptr<BatchResolveStream>& stream : streams_) {
      absl::Status status = stream->Drain();
      if (!status.ok()) return FirstError(status);
    }
    absl::Status status = DeliverReady(/*wait_for_room=*/false);
    if (!status.ok()) return status;
    for (const std::unique_ptr<BatchResolveStream>& stream : streams_) {
      status = stream->Close();
      if (!status.ok()) return FirstError(status);
    }
    return absl::OkStatus();
  }

 private:
  // The slot of an earlier identical request, or nullptr.
  std::shared_ptr<Slot> SlotFor(const std::string& name) {
    if (!options_.deduplicate) return nullptr;
    auto it = seen_.find(name);
    return it == seen_.end() ? nullptr : it->second;
  }

  // Runs on stream k's reader thread: answers come in the order stream k was sent its requests.
  void FileAnswer(size_t k, v1::ResolveResponse* response) {
    absl::MutexLock lock(&mu_);
    std::shared_ptr<Slot> slot = std::move(sent_[k].front());
    sent_[k].pop_front();
    slot->response = std::move(*response);
    slot->done = true;
  }

  void NoteStreamEnd(const absl::Status& status) {
    absl::MutexLock lock(&mu_);
    if (!status.ok() && stream_error_.ok()) stream_error_ = status;
  }

  // A failing stream's own status may be a mere CANCELLED caused by another stream's failure; report the root.
  absl::Status FirstError(const absl::Status& fallback) {
    absl::MutexLock lock(&mu_);
    return stream_error_.ok() ? fallback : stream_error_;
  }

  // Delivers every answer at the head of the input order that is ready. With `wait_for_room`, first waits
  // until the reorder buffer has room for another chunk; without, waits until it is empty.
  absl::Status DeliverReady(bool wait_for_room) {
    while (true) {
      std::shared_ptr<Slot> head;
      {
        absl::MutexLock lock(&mu_);
        auto deliverable_or_done = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
          if (!stream_error_.ok()) return true;
          if (!pending_.empty() && pending_.front()->done) return true;
          return wait_for_room ? pending_.size() + kChunk <= max_pending_ : pending_.empty();
        };
        mu_.Await(absl::Condition(&deliverable_or_done));
        if (!pending_.empty() && pending_.front()->done) {
          head = std::move(pending_.front());
          pending_.pop_front();
        } else if (!stream_error_.ok()) {
          return stream_error_;
        } else {
          return absl::OkStatus();
        }
      }
      // The slot is complete and no longer written: read it without the lock, so the callback may be slow.
      if (!on_result_(delivered_, head->response)) {
        for (const std::unique_ptr<BatchResolveStream>& stream : streams_) stream->Cancel();
        return absl::CancelledError(absl::StrCat("ResolveAll stopped by its result callback after ",
                                                 delivered_ + 1, " answers"));
      }
      ++delivered_;
    }
  }

  Client* client_;
  const ResolveAllOptions& options_;
  const ResolveResultCallback& on_result_;
  size_t max_pending_;
  std::vector<std::unique_ptr<BatchResolveStream>> streams_;
  // Only the calling thread touches these.
  absl::flat_hash_map<std::string, std::shared_ptr<Slot>> seen_;
  uint64_t next_tag_ = 0;
  size_t delivered_ = 0;

  absl::Mutex mu_;
  // Input positions not yet delivered, in input order.
  std::deque<std::shared_ptr<Slot>> pending_ ABSL_GUARDED_BY(mu_);
  // Per stream, the slots of its unanswered requests in the order they were sent.
  std::vector<std::deque<std::shared_ptr<Slot>>> sent_ ABSL_GUARDED_BY(mu_);
  absl::Status stream_error_ ABSL_GUARDED_BY(mu_);
};

absl::Status ValidateResolveAllOptions(const ResolveAllOptions& options) {
  if (options.window == 0) return absl::InvalidArgumentError("ResolveAllOptions.window: must be at least 1");
  if (options.streams < 1 || options.streams > kMaxStreams) {
    return absl::InvalidArgumentError(absl::StrCat("ResolveAllOptions.streams: must be 1..", kMaxStreams));
  }
  if (options.timeout.count() < 0) return absl::InvalidArgumentError("ResolveAllOptions.timeout: is negative");
  return absl::OkStatus();
}

}  // namespace

absl::Status Client::ResolveAll(const NameSource& next_name, const ResolveAllOptions& options,
                                const ResolveResultCallback& on_result) {
  absl::Status status = ValidateResolveAllOptions(options);
  if (!status.ok()) return status;
  ResolveAllJob job(this, options, on_result);
  return job.Run(next_name);
}

absl::Status Client::ResolveAll(const std::vector<std::string>& names, const ResolveAllOptions& options,
                                const ResolveResultCallback& on_result) {
  size_t next = 0;
  return ResolveAll(
      [&](std::string* name) {
        if (next == names.size()) return false;
        *name = names[next++];
        return true;
      },
      options, on_result);
}

}  // namespace aka
