// The keys under which a name is indexed and looked up. The storage layer persists IndexKeys() of every name;
// the resolver looks up QueryKeys() of a query. Changing what these return changes the on-disk index: bump
// kNameKeysVersion so that stores rebuild their index when they open.
#ifndef AKA_CORE_NAME_KEYS_H_
#define AKA_CORE_NAME_KEYS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/normalizer.h"

namespace aka::core {

// Version of the key functions below. Stored in the database's metadata; a mismatch triggers a reindex.
inline constexpr uint32_t kNameKeysVersion = 2;  // 2: the skeleton key space

// What a key was derived from. Persisted as the first byte of index keys: DO NOT CHANGE the values.
// The values equal aka.v1.MatchKind's so the two convert by cast.
enum class KeyKind : uint8_t {
  kExact = 1,        // NormalizedName::nfkc
  kNormalized = 2,   // NormalizedName::normalized
  kCompact = 3,      // NormalizedName::compact
  kTokenSorted = 4,  // NormalizedName::token_sorted
  kFuzzy = 5,        // reserved for the fuzzy key space
  // ConsonantSkeleton(NormalizedName::compact) of a Latin name and its one-deletion neighbourhood
  // (core/consonant_skeleton.h): looked up only for queries in scripts with lossy romanisations, and only ever
  // as a way to find candidates, which are then compared word by word (reported as FUZZY).
  kSkeleton = 6,
};

struct NameKey {
  KeyKind kind;
  // Never empty; never contains '\0'.
  std::string value;

  friend bool operator==(const NameKey& a, const NameKey& b) {
    return a.kind == b.kind && a.value == b.value;
  }
};

// Keys to store for a name, strongest first, without duplicate (kind, value) pairs. Each kind is kept even
// when its value equals another kind's, so that a lookup by any kind finds the name. Empty if the name
// normalizes to nothing.
std::vector<NameKey> IndexKeys(const NormalizedName& name);

// Keys to look up for a query, strongest first. Today the same as IndexKeys.
std::vector<NameKey> QueryKeys(const NormalizedName& name);

// The kSkeleton keys of `name`: one per core::SkeletonKeyValues(ConsonantSkeleton(name.compact)). Lookups
// use them for any query; SkeletonIndexKeys stores them for Latin names only (the spellings a transliterated
// query has to find), which keeps the key space to one family of names.
std::vector<NameKey> SkeletonKeys(const NormalizedName& name);
std::vector<NameKey> SkeletonIndexKeys(const NormalizedName& name);

}  // namespace aka::core

#endif  // AKA_CORE_NAME_KEYS_H_
