// The on-disk layout of the store: every column family and every key and value format, in one place.
// Everything here is persisted. Changing a format means a new format version byte (kKeyFormatVersion) and a
// migration; changing what core::IndexKeys returns only needs core::kNameKeysVersion (the store reindexes).
//
// Column families (ColumnFamilyId; the names are what RocksDB stores):
//
//   default       unused (RocksDB requires it).
//   entities      key   = 0x01 | len(id) as 1 byte | id
//                 value = serialized aka.v1.Entity
//                 The length byte makes ids sort numerically ("E99999999" before "E100000000") so that
//                 iteration order is id order, and makes no key a prefix of another.
//   names         key   = 0x01 | KeyKind (1 byte) | key value | 0x00 | entity id
//                 value = 0x01 | zigzag varint32 alias_index (-1: canonical name) | stored name
//                 One row per (key, entity): when two names of an entity yield the same key, the first one
//                 (canonical name, then aliases in order) owns the row. The 0x00 separator ends the key value,
//                 so a lookup prefix for "apt" never matches rows of "apt 31". Key values and ids never contain
//                 0x00 (validation forbids control characters; the encoders check again).
//   external_ids  key   = 0x01 | id key (e.g. "misp") | 0x00 | id value
//                 value = entity id
//   meta          key   = 0x01 | field name (MetaField)
//                 value = 8-byte little-endian unsigned integer
//
// Decoders return DATA_LOSS for bytes that do not parse: they only ever see what the store itself wrote.
#ifndef AKA_STORAGE_KEYS_H_
#define AKA_STORAGE_KEYS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/name_keys.h"

namespace aka::storage {

// First byte of every key and of every names value. DO NOT CHANGE for existing data.
inline constexpr char kKeyFormatVersion = 0x01;

// Version of the set of column families and formats above; persisted in meta. A database with a larger
// value was written by a newer binary and is refused.
inline constexpr uint64_t kSchemaVersion = 1;

// Column families, in the order they are opened (the index into the handle vector). Never reorder; only append.
enum class ColumnFamilyId : int {
  kDefault = 0,
  kEntities = 1,
  kNames = 2,
  kExternalIds = 3,
  kMeta = 4,
};
inline constexpr int kColumnFamilyCount = 5;

// The RocksDB name of a column family ("default", "entities", "names", "external_ids", "meta").
const char* ColumnFamilyName(ColumnFamilyId id);

// ---- entities ----

// Fails with INVALID_ARGUMENT for an empty id, one longer than 255 bytes or one containing '\0'.
absl::StatusOr<std::string> EncodeEntityKey(absl::string_view entity_id);
absl::StatusOr<std::string> DecodeEntityKey(absl::string_view key);

// The id of the n-th entity ever created: "E" + at least 8 zero-padded digits ("E00000001"). n >= 1.
std::string FormatEntityId(uint64_t n);

// ---- names ----

// All rows of `key`: the prefix every names key of that NameKey starts with. INVALID_ARGUMENT if the key
// value is empty or contains '\0'.
absl::StatusOr<std::string> EncodeNamePrefix(const core::NameKey& key);
// The full row key. INVALID_ARGUMENT as above, or if the entity id is empty or contains '\0'.
absl::StatusOr<std::string> EncodeNameRowKey(const core::NameKey& key, absl::string_view entity_id);

struct DecodedNameRowKey {
  core::NameKey key;
  std::string entity_id;
};
absl::StatusOr<DecodedNameRowKey> DecodeNameRowKey(absl::string_view row_key);

struct NameRowValue {
  // -1 for the canonical name, else the index in Entity.aliases.
  int32_t alias_index = -1;
  // The name as stored on the entity.
  std::string name;

  friend bool operator==(const NameRowValue& a, const NameRowValue& b) {
    return a.alias_index == b.alias_index && a.name == b.name;
  }
};
std::string EncodeNameRowValue(int32_t alias_index, absl::string_view name);
absl::StatusOr<NameRowValue> DecodeNameRowValue(absl::string_view value);

// ---- external_ids ----

// INVALID_ARGUMENT if either part is empty or contains '\0'.
absl::StatusOr<std::string> EncodeExternalIdKey(absl::string_view id_key, absl::string_view id_value);

struct ExternalIdPair {
  std::string key;
  std::string value;
};
absl::StatusOr<ExternalIdPair> DecodeExternalIdKey(absl::string_view row_key);

// ---- meta ----

// Persisted by name, so the enum order does not matter on disk; the names do: DO NOT CHANGE them.
enum class MetaField {
  kSchemaVersion,    // "schema_version": kSchemaVersion of the binary that created the database.
  kNameKeysVersion,  // "name_keys_version": core::kNameKeysVersion the names family was built with.
  kNextId,           // "next_id": number of the next entity id to hand out; never decreases.
  kEntityCount,      // "entity_count": live entities.
  kEverWritten,      // "ever_written": 1 once any entity has been written, else 0.
};

std::string EncodeMetaKey(MetaField field);
std::string EncodeMetaValue(uint64_t value);
absl::StatusOr<uint64_t> DecodeMetaValue(absl::string_view value);

}  // namespace aka::storage

#endif  // AKA_STORAGE_KEYS_H_
