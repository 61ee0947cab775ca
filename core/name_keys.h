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
inline constexpr uint32_t kNameKeysVersion = 1;

// What a key was derived from. Persisted as the first byte of index keys: DO NOT CHANGE the values.
// The values equal aka.v1.MatchKind's so the two convert by cast.
enum class KeyKind : uint8_t {
  kExact = 1,        // NormalizedName::nfkc
  kNormalized = 2,   // NormalizedName::normalized
  kCompact = 3,      // NormalizedName::compact
  kTokenSorted = 4,  // NormalizedName::token_sorted
  kFuzzy = 5,        // reserved for the fuzzy key space
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

}  // namespace aka::core

#endif  // AKA_CORE_NAME_KEYS_H_
