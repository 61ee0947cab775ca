#include "resolve/transliteration_skeleton.h"

#include "core/similarity.h"

namespace aka::resolve {

double SkeletonAgreement(absl::string_view a, absl::string_view b) {
  if (a.size() >= kMinSkeletonLength && a == b) return 1.0;
  if (a.size() >= kMinFuzzySkeletonLength && b.size() >= kMinFuzzySkeletonLength &&
      core::BoundedEditDistance(a, b, 1) <= 1) {
    return 0.9;
  }
  return 0.0;
}

}  // namespace aka::resolve
