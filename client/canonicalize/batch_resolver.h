// BatchResolver: how the canonicalize job gets names resolved, kept abstract so the job is tested with a
// fake and runs in production over the Resolver.ResolveStream RPC.
#ifndef AKA_CLIENT_CANONICALIZE_BATCH_RESOLVER_H_
#define AKA_CLIENT_CANONICALIZE_BATCH_RESOLVER_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "aka/v1/resolver.pb.h"

namespace aka::canonicalize {

class BatchResolver {
 public:
  virtual ~BatchResolver() = default;

  // Resolves `names` (distinct, each already validated: UTF-8, 1..1024 bytes, no control characters) and
  // replaces *out with exactly one response per name, in the same order. A name that fails on its own is
  // answered with its `error` set (as ResolveStream does) and the batch goes on; a non-OK return means the
  // whole batch failed (server unreachable, deadline) and fails the job, which can then be resumed.
  //
  // Called from one thread, one batch at a time. An implementation over ResolveStream should keep one stream
  // open across calls and pipeline within a batch: write requests while reading responses (one write and one
  // read in flight, request_id = index in the batch, checked on each response) so a batch costs about one
  // round trip plus transfer, not one round trip per name.
  virtual absl::Status ResolveBatch(const std::vector<std::string>& names,
                                    std::vector<aka::v1::ResolveResponse>* out) = 0;
};

}  // namespace aka::canonicalize

#endif  // AKA_CLIENT_CANONICALIZE_BATCH_RESOLVER_H_
