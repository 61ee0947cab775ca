// Resolve with ResolveRequest.as_of: the ordinary Resolver pipeline run over storage::AsOfStore, a view of
// the store as it stood at that time (docs/CURATION.md, "As-of resolution"). Kept apart from resolver.cc so
// that requests without as_of pay one field check and nothing else.
#ifndef AKA_RESOLVE_AS_OF_RESOLVE_H_
#define AKA_RESOLVE_AS_OF_RESOLVE_H_

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "aka/v1/resolver.pb.h"
#include "core/normalizer.h"
#include "resolve/resolver.h"
#include "storage/store.h"

namespace aka::resolve {

// request.as_of as a time. INVALID_ARGUMENT naming "as_of" for seconds outside 0001-01-01..9999-12-31 or
// nanos outside 0..999999999.
absl::StatusOr<absl::Time> AsOfTime(const google::protobuf::Timestamp& as_of);

// Resolves `request` (which has as_of) against the registry as of that time: builds the view (cost: the
// changes made since, see storage/as_of_store.h) and a Resolver over it without a name-analysis cache.
// A time in the future answers as now. Errors as Resolver::Resolve, plus AsOfTime's and RESOURCE_EXHAUSTED
// when too many changes were made since.
absl::StatusOr<aka::v1::ResolveResponse> ResolveAsOf(const storage::Store& store, const core::Normalizer& normalizer,
                                                     const ResolverOptions& options,
                                                     const aka::v1::ResolveRequest& request);

}  // namespace aka::resolve

#endif  // AKA_RESOLVE_AS_OF_RESOLVE_H_
