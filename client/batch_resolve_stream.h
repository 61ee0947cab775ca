// BatchResolveStream: one Resolver.ResolveStream call kept open for many names, pipelined. The caller's thread
// writes requests while a reader thread owned by the stream reads the answers, with at most `window` requests
// unanswered, so a batch costs about one round trip plus transfer instead of one round trip per name, and
// neither side's memory grows with the input. Client::ResolveAll and the canonicalize job's
// StreamBatchResolver are built on it.
#ifndef AKA_CLIENT_BATCH_RESOLVE_STREAM_H_
#define AKA_CLIENT_BATCH_RESOLVE_STREAM_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "aka/v1/resolver.pb.h"
#include "client/client.h"

namespace aka {

struct BatchStreamOptions {
  // Requests sent but not yet answered. Submit blocks at this many. Default: 256.
  size_t window = 256;
  // Copied into every request (see ResolveRequest). Defaults: all types, server default count, all
  // candidates, no explanations.
  std::vector<std::string> types;
  int32_t max_candidates = 0;
  double min_score = 0;
  bool explain = false;
  // Deadline of the call from Open. 0: ClientOptions::stream_timeout. Default: 0.
  std::chrono::milliseconds timeout{0};
};

// Receives each answer with the tag it was submitted with, in submission order, on the stream's reader thread.
// It may move from *response. It must not call back into the stream and should be quick: the next answer is
// read only after it returns.
using StreamResponseSink = std::function<void(uint64_t tag, v1::ResolveResponse* response)>;
// Told once, on the reader thread, how the call ended: OK after Close, else why it failed.
using StreamEndListener = std::function<void(const absl::Status& status)>;

// Thread safety: Submit, Drain and Close from one thread at a time; Cancel and ok() from any thread.
class BatchResolveStream {
 public:
  // Opens the call on `client` (borrowed; must outlive the stream) and starts the reader thread.
  // INVALID_ARGUMENT for window 0; otherwise the error of Client::OpenResolveStream.
  static absl::StatusOr<std::unique_ptr<BatchResolveStream>> Open(Client* client, const BatchStreamOptions& options,
                                                                StreamResponseSink sink,
                                                                StreamEndListener on_end = nullptr);
  // Cancels the call if it was not closed, and joins the reader thread.
  ~BatchResolveStream();
  BatchResolveStream(const BatchResolveStream&) = delete;
  BatchResolveStream& operator=(const BatchResolveStream&) = delete;

  // Sends `name` as the request with id `tag` (decimal); each answer's request_id is checked against it.
  // Blocks while `window` requests are unanswered (and while gRPC's flow control holds the write back).
  // Returns the stream's failure once it has failed (the answers before it were delivered).
  absl::Status Submit(uint64_t tag, std::string_view name);
  // Blocks until every submitted request has been answered, or the stream failed.
  absl::Status Drain();
  // Half-closes, waits for the remaining answers and returns the call's final status.
  absl::Status Close();
  // Abandons the call: the server sees the cancellation; Submit/Drain/Close return CANCELLED.
  void Cancel();

  // False once the call failed or ended.
  bool ok() const;
  // Requests sent but not yet answered.
  size_t in_flight() const;
  // When the call was opened, for callers that renew long-lived streams before their deadline.
  std::chrono::steady_clock::time_point opened_at() const { return opened_at_; }

 private:
  BatchResolveStream(const BatchStreamOptions& options, std::unique_ptr<ResolveStreamCall> call,
                     StreamResponseSink sink, StreamEndListener on_end);
  void ReadAnswers();
  absl::Status EndedStatusLocked() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const size_t window_;
  const std::chrono::steady_clock::time_point opened_at_;
  std::unique_ptr<ResolveStreamCall> call_;
  StreamResponseSink sink_;
  StreamEndListener on_end_;
  // Reused for every request; only the writing thread touches it.
  v1::ResolveRequest request_;
  bool writes_done_ = false;

  mutable absl::Mutex mu_;
  // Tags of the requests sent and not yet answered, oldest first.
  std::deque<uint64_t> unanswered_ ABSL_GUARDED_BY(mu_);
  // The reader saw the end of the call; final_status_ is how it ended.
  bool ended_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status final_status_ ABSL_GUARDED_BY(mu_);
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;

  std::thread reader_;
};

}  // namespace aka

#endif  // AKA_CLIENT_BATCH_RESOLVE_STREAM_H_
