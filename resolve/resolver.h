// Resolver: candidate generation over the Store's name index + core scoring -> a decided, ranked, optionally
// explained ResolveResponse. The matching pipeline of ARCHITECTURE.md: validate, normalize, generate
// candidates from persisted keys, score, decide.
#ifndef AKA_RESOLVE_RESOLVER_H_
#define AKA_RESOLVE_RESOLVER_H_

#include <memory>
#include <utility>

#include "absl/status/statusor.h"
#include "aka/v1/resolver.pb.h"
#include "core/normalizer.h"
#include "storage/store.h"

namespace aka::resolve {

struct ResolverOptions {
  // A candidate needs at least this score for MATCHED. Default: 0.80, chosen with score-calibration and
  // aka-eval on the dev sets and the negatives (docs/MATCHING.md).
  double match_threshold = 0.80;
  // Entities within this margin of the best (and above the threshold) make the answer AMBIGUOUS. Default: 0.05
  // (docs/MATCHING.md).
  double ambiguity_margin = 0.05;
  // max_candidates when a request says 0. Default: 5.
  int default_max_candidates = 5;
  // Largest max_candidates a request may ask for. Default: 100.
  int max_max_candidates = 100;
  // Longest name accepted, in bytes. Default: 1 KiB.
  size_t max_name_bytes = 1024;
  // At most this many distinct entities are fetched and scored per query; bounds the work for a name shared
  // by very many entities. Strongest keys are looked up first, so the best evidence is kept. Default: 1000.
  size_t max_entities_considered = 1000;
  // Analyses of stored names kept for scoring fuzzy candidates (resolve/name_analysis_cache.h); about 2 KiB
  // each. 0 disables the cache. Default: 100000.
  size_t analysis_cache_capacity = 100000;
};

// An answer and what Resolve learned about how long it holds.
struct Resolution {
  aka::v1::ResolveResponse response;
  // True when a negative record with an expire_time is in force for the name: the answer changes when that
  // time passes, with no write to the store (akad's answer cache does not keep such an answer).
  bool expiring_negative_applied = false;
};

// Thread-safe; Resolve is const. Does not own the store or normalizer; both must outlive it.
class Resolver {
 public:
  static absl::StatusOr<std::unique_ptr<Resolver>> Create(const storage::Store* store,
                                                          const core::Normalizer* normalizer,
                                                          const ResolverOptions& options);
  virtual ~Resolver() = default;

  // Resolves request.name. INVALID_ARGUMENT names the field and rule for a bad name or option
  // (max_candidates outside 0..max, min_score outside 0..1, NaN); other errors come from storage.
  // request_id is echoed.
  absl::StatusOr<aka::v1::ResolveResponse> Resolve(const aka::v1::ResolveRequest& request) const {
    absl::StatusOr<Resolution> resolution = ResolveWithNotes(request);
    if (!resolution.ok()) return resolution.status();
    return std::move(resolution->response);
  }

  // Resolve, with the answer's notes (Resolution). The same errors.
  virtual absl::StatusOr<Resolution> ResolveWithNotes(const aka::v1::ResolveRequest& request) const = 0;

 protected:
  Resolver() = default;
};

}  // namespace aka::resolve

#endif  // AKA_RESOLVE_RESOLVER_H_
