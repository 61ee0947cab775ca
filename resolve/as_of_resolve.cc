#include "resolve/as_of_resolve.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "storage/as_of_store.h"

namespace aka::resolve {
namespace {

// google.protobuf.Timestamp's valid range: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z.
constexpr int64_t kMinSeconds = -62135596800;
constexpr int64_t kMaxSeconds = 253402300799;

}  // namespace

absl::StatusOr<absl::Time> AsOfTime(const google::protobuf::Timestamp& as_of) {
  if (as_of.seconds() < kMinSeconds || as_of.seconds() > kMaxSeconds) {
    return absl::InvalidArgumentError(
        absl::StrCat("as_of: seconds ", as_of.seconds(), " is outside 0001-01-01..9999-12-31"));
  }
  if (as_of.nanos() < 0 || as_of.nanos() > 999999999) {
    return absl::InvalidArgumentError(absl::StrCat("as_of: nanos must be in 0..999999999; got ", as_of.nanos()));
  }
  return absl::FromUnixSeconds(as_of.seconds()) + absl::Nanoseconds(as_of.nanos());
}

absl::StatusOr<aka::v1::ResolveResponse> ResolveAsOf(const storage::Store& store, const core::Normalizer& normalizer,
                                                     const ResolverOptions& options,
                                                     const aka::v1::ResolveRequest& request) {
  storage::AsOfOptions view_options;
  ASSIGN_OR_RETURN(view_options.as_of, AsOfTime(request.as_of()));
  ASSIGN_OR_RETURN(const std::unique_ptr<storage::AsOfStore> view,
                   storage::AsOfStore::Create(&store, &normalizer, view_options));
  ResolverOptions view_resolver_options = options;
  // The cache keys analyses by stored name and lives as long as the resolver: nothing to gain per request.
  view_resolver_options.analysis_cache_capacity = 0;
  ASSIGN_OR_RETURN(const std::unique_ptr<Resolver> resolver,
                   Resolver::Create(view.get(), &normalizer, view_resolver_options));
  aka::v1::ResolveRequest now_request = request;
  now_request.clear_as_of();
  return resolver->Resolve(now_request);
}

}  // namespace aka::resolve
