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
//   names         key   = 0x01 | KeyKind (1 byte) | key value | 0x00            (EncodeNamePrefix)
//                 value = posting list: 0x01 | per entity, by id: len(id) | id | zigzag varint32
//                         alias_index (-1: canonical name) | len(name) | stored name   (name_postings.h)
//                 One row per name key, read by point lookups (one MultiGet per query; whole-key blooms).
//                 Writers never read it: they add Merge operands (name_postings.h: "put entity's entry",
//                 "remove entity's entry") that RocksDB folds in (name_postings_merge.h); an emptied list is
//                 dropped at compaction and reads as absent. Each entity has at most one entry per key: when
//                 two of its names yield the same key, the first one (canonical name, then aliases in order)
//                 owns it. Key values and ids never contain 0x00 (validation forbids control characters; the
//                 encoders check again).
//                 In memory (index_rows.h, as_of_store.h, VerifyIndex) an entry is handled as a "logical
//                 row": key = the names key followed by the entity id (EncodeNameRowKey), value =
//                 0x01 | zigzag varint32 alias_index | stored name (EncodeNameRowValue) - which is also
//                 exactly the on-disk row of schema version 1 (one row per key and entity, prefix seeks).
//   external_ids  key   = 0x01 | id key (e.g. "misp") | 0x00 | id value
//                 value = entity id
//   meta          key   = 0x01 | field name (MetaField)
//                 value = 8-byte little-endian unsigned integer
//   tokens        key   = 0x01 | token | 0x00 | entity id
//                 value = as in names (0x01 | zigzag varint32 alias_index | stored name)
//                 The token-level index: one row per (distinctive token, entity) for every normalized token
//                 of the entity's names with core::IsFuzzyKeyToken; the first name containing it owns the
//                 row, as in names. Finds "Wuhan Xiaoruizhi Science and Technolgy" through "xiaoruizhi".
//   fuzzy         key   = 0x01 | deletion key | 0x00                            (EncodeFuzzyPrefix)
//                 value = posting list of tokens in the names format (name_postings.h) with the token as the
//                         entry's id, alias index 0 and an empty name; tokens in bytewise order
//                 The deletion neighbourhoods (core::FuzzyTokenKeys) of every token that has tokens rows: a
//                 token enters the lists of its keys when its first name appears and leaves them with its
//                 last one (Merge operands, as in names), so the family follows the vocabulary, not the
//                 number of names. Read with one MultiGet per query. In memory (index_rows.h FuzzyRowsOfToken,
//                 as_of_store, VerifyIndex) an entry is the logical row EncodeFuzzyRowKey(key, token) -> empty,
//                 which is also the on-disk row of schema versions 1 and 2.
//   token_stats   key   = 0x01 | token
//                 value = 8-byte little-endian count of indexed names containing the token (never 0: a
//                 token whose count drops to 0 loses its row). An entity's "indexed names" are its
//                 canonical name and aliases with distinct non-empty normalized forms; the total is the meta
//                 field token_documents. Loaded into core::TokenStatistics at open for rarity weights.
//   history       key   = 0x01 | len(id) as 1 byte | id | sequence as 8-byte big-endian
//                 value = empty
//                 One row per change that touched the entity; the change itself is the log row of that
//                 sequence. Keyed by sequence rather than version because deletes and merges do not
//                 advance a version and an undo restores an earlier one, while a sequence never repeats.
//   log           key   = 0x01 | sequence as 8-byte big-endian (from 1, no gaps)
//                 value = serialized aka.v1.Change
//                 Big-endian so that iteration order is commit order (the change feed reads it in order).
//   redirects     key   = the entities key of a merged id
//                 value = the id it was merged into (which may itself be merged: readers follow the chain)
//                 An id is in at most one of entities and redirects.
//   negatives     key   = 0x01 | normalized name | 0x00 | entity id
//                 value = serialized aka.v1.Negative
//                 Keyed by the name's normalized form first, so Resolve finds a query's records in one seek.
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
// value was written by a newer binary and is refused; one with a smaller value is reindexed on open
// (RocksStore::RebuildNameIndex rewrites every derived family in the current layout).
//   1: names had one row per (key, entity).
//   2: names has one posting list per key (above).
//   3: fuzzy has one posting list per deletion key (above).
inline constexpr uint64_t kSchemaVersion = 3;

// Column families, in the order they are opened (the index into the handle vector). Never reorder; only append.
enum class ColumnFamilyId : int {
  kDefault = 0,
  kEntities = 1,
  kNames = 2,
  kExternalIds = 3,
  kMeta = 4,
  kTokens = 5,
  kFuzzy = 6,
  kTokenStats = 7,
  kHistory = 8,
  kLog = 9,
  kRedirects = 10,
  kNegatives = 11,
};
inline constexpr int kColumnFamilyCount = 12;

// The RocksDB name of a column family ("default", "entities", "names", "external_ids", "meta", "tokens",
// "fuzzy", "token_stats", "history", "log", "redirects", "negatives").
const char* ColumnFamilyName(ColumnFamilyId id);

// ---- entities ----

// Fails with INVALID_ARGUMENT for an empty id, one longer than 255 bytes or one containing '\0'.
absl::StatusOr<std::string> EncodeEntityKey(absl::string_view entity_id);
absl::StatusOr<std::string> DecodeEntityKey(absl::string_view key);

// The id of the n-th entity ever created: "E" + at least 8 zero-padded digits ("E00000001"). n >= 1.
std::string FormatEntityId(uint64_t n);

// ---- names ----

// The names key of `key` (the row holding its posting list), which is also the prefix of its logical rows.
// INVALID_ARGUMENT if the key value is empty or contains '\0'.
absl::StatusOr<std::string> EncodeNamePrefix(const core::NameKey& key);
// A logical row key (see names above). INVALID_ARGUMENT as above, or if the entity id is empty or has '\0'.
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
// DecodeNameRowValue without copying the name: sets *alias_index and *name (a view into `value`).
absl::Status DecodeNameRowValue(absl::string_view value, int32_t* alias_index, absl::string_view* name);

// ---- tokens ----

// All rows of `token` (the prefix of its row keys) and one row key. INVALID_ARGUMENT if the token or the id
// is empty or contains '\0'. Values use EncodeNameRowValue / DecodeNameRowValue.
absl::StatusOr<std::string> EncodeTokenPrefix(absl::string_view token);
absl::StatusOr<std::string> EncodeTokenRowKey(absl::string_view token, absl::string_view entity_id);

struct DecodedTokenRowKey {
  std::string token;
  std::string entity_id;
};
absl::StatusOr<DecodedTokenRowKey> DecodeTokenRowKey(absl::string_view row_key);

// ---- fuzzy ----

// All rows of a deletion key, and one row key. INVALID_ARGUMENT if either part is empty or contains '\0'.
absl::StatusOr<std::string> EncodeFuzzyPrefix(absl::string_view deletion_key);
absl::StatusOr<std::string> EncodeFuzzyRowKey(absl::string_view deletion_key, absl::string_view token);

struct DecodedFuzzyRowKey {
  std::string deletion_key;
  std::string token;
};
absl::StatusOr<DecodedFuzzyRowKey> DecodeFuzzyRowKey(absl::string_view row_key);

// ---- token_stats ----

// INVALID_ARGUMENT if the token is empty or contains '\0'. Values use EncodeMetaValue / DecodeMetaValue.
absl::StatusOr<std::string> EncodeTokenStatsKey(absl::string_view token);
absl::StatusOr<std::string> DecodeTokenStatsKey(absl::string_view key);

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
  kTokenDocuments,   // "token_documents": indexed names counted in token_stats (see above).
  kFuzzyKeysVersion,  // "fuzzy_keys_version": core::kFuzzyKeysVersion the fuzzy family was built with.
  kLastSequence,     // "last_sequence": sequence of the newest log row; 0 before the first change.
};

std::string EncodeMetaKey(MetaField field);
std::string EncodeMetaValue(uint64_t value);
absl::StatusOr<uint64_t> DecodeMetaValue(absl::string_view value);

// ---- history, log, redirects (implemented in curation_keys.cc) ----

// INVALID_ARGUMENT for an id EncodeEntityKey refuses.
absl::StatusOr<std::string> EncodeHistoryKey(absl::string_view entity_id, uint64_t sequence);
// Every history row of the entity starts with this (the entities key of the id).
absl::StatusOr<std::string> EncodeHistoryPrefix(absl::string_view entity_id);
// The sequence at the end of a history key. DATA_LOSS if the key is too short.
absl::StatusOr<uint64_t> DecodeHistoryKeySequence(absl::string_view key);

std::string EncodeLogKey(uint64_t sequence);
absl::StatusOr<uint64_t> DecodeLogKey(absl::string_view key);

// The redirects key of a merged id (the same bytes as its entities key).
absl::StatusOr<std::string> EncodeRedirectKey(absl::string_view entity_id);

// All negatives rows of a normalized name, and one row key. INVALID_ARGUMENT if a part is empty or has '\0'.
absl::StatusOr<std::string> EncodeNegativePrefix(absl::string_view normalized_name);
absl::StatusOr<std::string> EncodeNegativeKey(absl::string_view normalized_name, absl::string_view entity_id);
// The EncodeNegativePrefix part of a negatives key. DATA_LOSS if the key has no 0x00 separator.
absl::StatusOr<std::string> NegativePrefixOfKey(absl::string_view key);

}  // namespace aka::storage

#endif  // AKA_STORAGE_KEYS_H_
