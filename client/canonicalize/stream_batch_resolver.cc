#include "client/canonicalize/stream_batch_resolver.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace aka::canonicalize {
namespace {

// Names handed to one stream before the next gets its turn, so all streams start working early in a batch.
constexpr size_t kDealChunk = 64;

// The stream deadline when the options leave it to the client: ClientOptions' documented default.
constexpr std::chrono::milliseconds kDefaultStreamTimeout{600000};

}  // namespace

StreamBatchResolver::StreamBatchResolver(Client* client, const StreamBatchResolverOptions& options)
    : client_(client), options_(options) {
  options_.streams = std::max(1, options_.streams);
  const std::chrono::milliseconds timeout =
      options_.stream.timeout.count() > 0 ? options_.stream.timeout : kDefaultStreamTimeout;
  // Pin the deadline so that the renewal age below matches it.
  options_.stream.timeout = timeout;
  renew_after_ = timeout / 2;
}

StreamBatchResolver::~StreamBatchResolver() { DropStreams(); }

void StreamBatchResolver::DropStreams() {
  for (std::unique_ptr<BatchResolveStream>& stream : streams_) {
    // Closing politely lets the server finish with OK; a broken stream just reports its error, ignored here
    // because it was reported (or made irrelevant) by the batch that broke it.
    if (stream->ok() && stream->in_flight() == 0) {
      (void)stream->Close();
    }
  }
  streams_.clear();  // the destructors cancel whatever is still open
}

absl::Status StreamBatchResolver::EnsureStreams() {
  const auto now = std::chrono::steady_clock::now();
  bool renew = streams_.size() != static_cast<size_t>(options_.streams);
  for (const std::unique_ptr<BatchResolveStream>& stream : streams_) {
    if (!stream->ok() || now - stream->opened_at() > renew_after_) renew = true;
  }
  if (!renew) return absl::OkStatus();
  DropStreams();
  for (int k = 0; k < options_.streams; ++k) {
    absl::StatusOr<std::unique_ptr<BatchResolveStream>> stream = BatchResolveStream::Open(
        client_, options_.stream, [this](uint64_t tag, aka::v1::ResolveResponse* response) {
          // Tags are positions in the current batch; the vector was sized before the first Submit.
          (*target_)[tag] = std::move(*response);
        });
    if (!stream.ok()) return stream.status();
    streams_.push_back(*std::move(stream));
    ++streams_opened_;
  }
  return absl::OkStatus();
}

absl::Status StreamBatchResolver::ResolveOnce(const std::vector<std::string>& names,
                                              std::vector<aka::v1::ResolveResponse>* out) {
  absl::Status status = EnsureStreams();
  if (!status.ok()) return status;
  out->clear();
  out->resize(names.size());
  target_ = out;
  const size_t n = streams_.size();
  for (size_t start = 0; start < names.size(); start += kDealChunk) {
    const size_t end = std::min(names.size(), start + kDealChunk);
    BatchResolveStream& stream = *streams_[(start / kDealChunk) % n];
    for (size_t i = start; i < end; ++i) {
      status = stream.Submit(i, names[i]);
      if (!status.ok()) return status;
    }
  }
  for (const std::unique_ptr<BatchResolveStream>& stream : streams_) {
    status = stream->Drain();
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::Status StreamBatchResolver::ResolveBatch(const std::vector<std::string>& names,
                                               std::vector<aka::v1::ResolveResponse>* out) {
  absl::Status status = ResolveOnce(names, out);
  if (status.ok()) return status;
  // A failed stream must not be reused: the answers of this batch still in it belong to nobody now.
  DropStreams();
  target_ = nullptr;
  // Resolving is a read, so a batch is safe to repeat: once, when the failure looks transient (a restarted
  // server, a dropped connection). Anything else fails the job, which --resume can continue.
  if (!absl::IsUnavailable(status)) return status;
  status = ResolveOnce(names, out);
  if (!status.ok()) {
    DropStreams();
    target_ = nullptr;
    return absl::Status(status.code(), absl::StrCat(status.message(), " (after re-opening the stream once)"));
  }
  return status;
}

}  // namespace aka::canonicalize
