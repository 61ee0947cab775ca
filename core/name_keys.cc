#include "core/name_keys.h"

#include <algorithm>

#include "core/consonant_skeleton.h"
#include "core/name_script.h"

namespace aka::core {
namespace {

void AddKey(KeyKind kind, const std::string& value, std::vector<NameKey>* keys) {
  if (value.empty()) return;
  NameKey key{kind, value};
  if (std::find(keys->begin(), keys->end(), key) == keys->end()) keys->push_back(std::move(key));
}

}  // namespace

std::vector<NameKey> IndexKeys(const NormalizedName& name) {
  std::vector<NameKey> keys;
  if (name.normalized.empty()) return keys;
  AddKey(KeyKind::kExact, name.nfkc, &keys);
  AddKey(KeyKind::kNormalized, name.normalized, &keys);
  AddKey(KeyKind::kCompact, name.compact, &keys);
  AddKey(KeyKind::kTokenSorted, name.token_sorted, &keys);
  return keys;
}

std::vector<NameKey> QueryKeys(const NormalizedName& name) { return IndexKeys(name); }

std::vector<NameKey> SkeletonKeys(const NormalizedName& name) {
  std::vector<NameKey> keys;
  for (std::string& value : SkeletonKeyValues(ConsonantSkeleton(name.compact))) {
    keys.push_back(NameKey{KeyKind::kSkeleton, std::move(value)});
  }
  return keys;
}

std::vector<NameKey> SkeletonIndexKeys(const NormalizedName& name) {
  if (DetectScript(name.nfkc) != NameScript::kLatin) return {};
  return SkeletonKeys(name);
}

}  // namespace aka::core
