// StreamBatchResolver: the canonicalize job's BatchResolver over Resolver.ResolveStream. It keeps its streams
// open from batch to batch (a batch then costs about one round trip plus transfer), splits each batch across
// `streams` parallel streams, renews a stream before its deadline would cut a long job short, and re-opens the
// streams and retries the batch once when a transient failure (UNAVAILABLE) broke them.
#ifndef AKA_CLIENT_CANONICALIZE_STREAM_BATCH_RESOLVER_H_
#define AKA_CLIENT_CANONICALIZE_STREAM_BATCH_RESOLVER_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "aka/v1/resolver.pb.h"
#include "client/batch_resolve_stream.h"
#include "client/canonicalize/batch_resolver.h"
#include "client/client.h"

namespace aka::canonicalize {

struct StreamBatchResolverOptions {
  // Window, request options and deadline of each stream. The deadline (0: the client's stream_timeout) bounds
  // one stream, not the job: a stream older than half of it is replaced between batches.
  BatchStreamOptions stream;
  // Parallel streams each batch is split across. Default: 1.
  int streams = 1;
};

// Not thread-safe: one job calls it, one batch at a time (as BatchResolver requires).
class StreamBatchResolver final : public BatchResolver {
 public:
  // `client` is borrowed and must outlive the resolver. Streams open lazily, on the first batch.
  StreamBatchResolver(Client* client, const StreamBatchResolverOptions& options);
  ~StreamBatchResolver() override;

  absl::Status ResolveBatch(const std::vector<std::string>& names,
                            std::vector<aka::v1::ResolveResponse>* out) override;

  // Streams opened so far (more than `streams` means some were renewed or re-opened); for tests and stats.
  int streams_opened() const { return streams_opened_; }

 private:
  absl::Status EnsureStreams();
  absl::Status ResolveOnce(const std::vector<std::string>& names, std::vector<aka::v1::ResolveResponse>* out);
  void DropStreams();

  Client* client_;
  StreamBatchResolverOptions options_;
  std::chrono::milliseconds renew_after_;
  // Where the open streams file their answers: the current batch's output. Only one batch runs at a time,
  // and Drain orders the readers' writes before ResolveBatch returns.
  std::vector<aka::v1::ResolveResponse>* target_ = nullptr;
  std::vector<std::unique_ptr<BatchResolveStream>> streams_;
  int streams_opened_ = 0;
};

}  // namespace aka::canonicalize

#endif  // AKA_CLIENT_CANONICALIZE_STREAM_BATCH_RESOLVER_H_
