#include "storage/keys.h"

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "storage/varint.h"

namespace aka::storage {
namespace {

constexpr char kSeparator = '\0';
constexpr size_t kMaxEntityIdBytes = 255;

// Rejects a key component the format cannot hold. `what` names it for the message.
absl::Status CheckComponent(absl::string_view value, absl::string_view what) {
  if (value.empty()) return absl::InvalidArgumentError(absl::StrCat(what, ": is empty"));
  if (value.find(kSeparator) != absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": contains a NUL byte"));
  }
  return absl::OkStatus();
}

absl::Status CorruptKey(absl::string_view family, absl::string_view key, absl::string_view why) {
  return absl::DataLossError(
      absl::StrCat("corrupt ", family, " key \"", absl::CHexEscape(key), "\": ", why));
}

bool IsKnownKeyKind(uint8_t kind) {
  return kind >= static_cast<uint8_t>(core::KeyKind::kExact) &&
         kind <= static_cast<uint8_t>(core::KeyKind::kSkeleton);
}

}  // namespace

const char* ColumnFamilyName(ColumnFamilyId id) {
  switch (id) {
    case ColumnFamilyId::kDefault:
      return "default";
    case ColumnFamilyId::kEntities:
      return "entities";
    case ColumnFamilyId::kNames:
      return "names";
    case ColumnFamilyId::kExternalIds:
      return "external_ids";
    case ColumnFamilyId::kMeta:
      return "meta";
    case ColumnFamilyId::kTokens:
      return "tokens";
    case ColumnFamilyId::kFuzzy:
      return "fuzzy";
    case ColumnFamilyId::kTokenStats:
      return "token_stats";
    case ColumnFamilyId::kHistory:
      return "history";
    case ColumnFamilyId::kLog:
      return "log";
    case ColumnFamilyId::kRedirects:
      return "redirects";
    case ColumnFamilyId::kNegatives:
      return "negatives";
  }
  return "unknown";
}

absl::StatusOr<std::string> EncodeEntityKey(absl::string_view entity_id) {
  if (absl::Status s = CheckComponent(entity_id, "entity id"); !s.ok()) return s;
  if (entity_id.size() > kMaxEntityIdBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("entity id: is ", entity_id.size(), " bytes; the limit is ", kMaxEntityIdBytes));
  }
  std::string key;
  key.reserve(2 + entity_id.size());
  key.push_back(kKeyFormatVersion);
  key.push_back(static_cast<char>(entity_id.size()));
  key.append(entity_id.data(), entity_id.size());
  return key;
}

absl::StatusOr<std::string> DecodeEntityKey(absl::string_view key) {
  if (key.size() < 3 || key[0] != kKeyFormatVersion) {
    return CorruptKey("entities", key, "bad version or too short");
  }
  const size_t length = static_cast<uint8_t>(key[1]);
  if (key.size() != 2 + length) return CorruptKey("entities", key, "length byte disagrees with the key");
  return std::string(key.substr(2));
}

std::string FormatEntityId(uint64_t n) { return absl::StrFormat("E%08d", n); }

absl::StatusOr<std::string> EncodeNamePrefix(const core::NameKey& key) {
  if (absl::Status s = CheckComponent(key.value, "name key"); !s.ok()) return s;
  std::string prefix;
  prefix.reserve(3 + key.value.size());
  prefix.push_back(kKeyFormatVersion);
  prefix.push_back(static_cast<char>(key.kind));
  prefix.append(key.value);
  prefix.push_back(kSeparator);
  return prefix;
}

absl::StatusOr<std::string> EncodeNameRowKey(const core::NameKey& key, absl::string_view entity_id) {
  if (absl::Status s = CheckComponent(entity_id, "entity id"); !s.ok()) return s;
  absl::StatusOr<std::string> row_key = EncodeNamePrefix(key);
  if (!row_key.ok()) return row_key;
  row_key->append(entity_id.data(), entity_id.size());
  return row_key;
}

absl::StatusOr<DecodedNameRowKey> DecodeNameRowKey(absl::string_view row_key) {
  if (row_key.size() < 5 || row_key[0] != kKeyFormatVersion) {
    return CorruptKey("names", row_key, "bad version or too short");
  }
  const uint8_t kind = static_cast<uint8_t>(row_key[1]);
  if (!IsKnownKeyKind(kind)) return CorruptKey("names", row_key, "unknown key kind");
  absl::string_view rest = row_key.substr(2);
  const size_t separator = rest.find(kSeparator);
  if (separator == absl::string_view::npos || separator == 0 || separator + 1 == rest.size()) {
    return CorruptKey("names", row_key, "no key value or entity id");
  }
  DecodedNameRowKey decoded;
  decoded.key.kind = static_cast<core::KeyKind>(kind);
  decoded.key.value = std::string(rest.substr(0, separator));
  decoded.entity_id = std::string(rest.substr(separator + 1));
  return decoded;
}

std::string EncodeNameRowValue(int32_t alias_index, absl::string_view name) {
  std::string value;
  value.reserve(2 + name.size());
  value.push_back(kKeyFormatVersion);
  AppendVarint32(ZigZagEncode(alias_index), &value);
  value.append(name.data(), name.size());
  return value;
}

absl::Status DecodeNameRowValue(absl::string_view value, int32_t* alias_index, absl::string_view* name) {
  absl::string_view rest = value;
  if (rest.empty() || rest[0] != kKeyFormatVersion) {
    return absl::DataLossError(
        absl::StrCat("corrupt names value \"", absl::CHexEscape(value), "\": bad version"));
  }
  rest.remove_prefix(1);
  uint32_t zigzag = 0;
  if (!ConsumeVarint32(&rest, &zigzag)) {
    return absl::DataLossError(
        absl::StrCat("corrupt names value \"", absl::CHexEscape(value), "\": bad alias index"));
  }
  *alias_index = ZigZagDecode(zigzag);
  *name = rest;
  return absl::OkStatus();
}

absl::StatusOr<NameRowValue> DecodeNameRowValue(absl::string_view value) {
  NameRowValue decoded;
  absl::string_view name;
  if (absl::Status status = DecodeNameRowValue(value, &decoded.alias_index, &name); !status.ok()) return status;
  decoded.name = std::string(name);
  return decoded;
}

namespace {

// 0x01 | first | 0x00 | second: the layout shared by tokens and fuzzy rows.
absl::StatusOr<std::string> EncodePair(absl::string_view first, absl::string_view first_what,
                                       absl::string_view second, absl::string_view second_what) {
  if (absl::Status s = CheckComponent(first, first_what); !s.ok()) return s;
  std::string key;
  key.reserve(2 + first.size() + second.size());
  key.push_back(kKeyFormatVersion);
  key.append(first.data(), first.size());
  key.push_back(kSeparator);
  if (second_what.empty()) return key;  // A prefix: the second part is left open.
  if (absl::Status s = CheckComponent(second, second_what); !s.ok()) return s;
  key.append(second.data(), second.size());
  return key;
}

// Splits 0x01 | first | 0x00 | second; false if the key does not have that shape.
bool DecodePair(absl::string_view key, absl::string_view* first, absl::string_view* second) {
  if (key.size() < 4 || key[0] != kKeyFormatVersion) return false;
  absl::string_view rest = key.substr(1);
  const size_t separator = rest.find(kSeparator);
  if (separator == absl::string_view::npos || separator == 0 || separator + 1 == rest.size()) return false;
  *first = rest.substr(0, separator);
  *second = rest.substr(separator + 1);
  return true;
}

}  // namespace

absl::StatusOr<std::string> EncodeTokenPrefix(absl::string_view token) {
  return EncodePair(token, "token", {}, {});
}

absl::StatusOr<std::string> EncodeTokenRowKey(absl::string_view token, absl::string_view entity_id) {
  return EncodePair(token, "token", entity_id, "entity id");
}

absl::StatusOr<DecodedTokenRowKey> DecodeTokenRowKey(absl::string_view row_key) {
  absl::string_view token, entity_id;
  if (!DecodePair(row_key, &token, &entity_id)) return CorruptKey("tokens", row_key, "no token or entity id");
  return DecodedTokenRowKey{std::string(token), std::string(entity_id)};
}

absl::StatusOr<std::string> EncodeFuzzyPrefix(absl::string_view deletion_key) {
  return EncodePair(deletion_key, "fuzzy key", {}, {});
}

absl::StatusOr<std::string> EncodeFuzzyRowKey(absl::string_view deletion_key, absl::string_view token) {
  return EncodePair(deletion_key, "fuzzy key", token, "token");
}

absl::StatusOr<DecodedFuzzyRowKey> DecodeFuzzyRowKey(absl::string_view row_key) {
  absl::string_view deletion_key, token;
  if (!DecodePair(row_key, &deletion_key, &token)) return CorruptKey("fuzzy", row_key, "no fuzzy key or token");
  return DecodedFuzzyRowKey{std::string(deletion_key), std::string(token)};
}

absl::StatusOr<std::string> EncodeTokenStatsKey(absl::string_view token) {
  if (absl::Status s = CheckComponent(token, "token"); !s.ok()) return s;
  return absl::StrCat(absl::string_view(&kKeyFormatVersion, 1), token);
}

absl::StatusOr<std::string> DecodeTokenStatsKey(absl::string_view key) {
  if (key.size() < 2 || key[0] != kKeyFormatVersion || key.find(kSeparator) != absl::string_view::npos) {
    return CorruptKey("token_stats", key, "bad version, empty token or NUL byte");
  }
  return std::string(key.substr(1));
}

absl::StatusOr<std::string> EncodeExternalIdKey(absl::string_view id_key, absl::string_view id_value) {
  if (absl::Status s = CheckComponent(id_key, "external id key"); !s.ok()) return s;
  if (absl::Status s = CheckComponent(id_value, "external id value"); !s.ok()) return s;
  std::string key;
  key.reserve(2 + id_key.size() + id_value.size());
  key.push_back(kKeyFormatVersion);
  key.append(id_key.data(), id_key.size());
  key.push_back(kSeparator);
  key.append(id_value.data(), id_value.size());
  return key;
}

absl::StatusOr<ExternalIdPair> DecodeExternalIdKey(absl::string_view row_key) {
  if (row_key.size() < 4 || row_key[0] != kKeyFormatVersion) {
    return CorruptKey("external_ids", row_key, "bad version or too short");
  }
  absl::string_view rest = row_key.substr(1);
  const size_t separator = rest.find(kSeparator);
  if (separator == absl::string_view::npos || separator == 0 || separator + 1 == rest.size()) {
    return CorruptKey("external_ids", row_key, "no id key or id value");
  }
  return ExternalIdPair{std::string(rest.substr(0, separator)), std::string(rest.substr(separator + 1))};
}

std::string EncodeMetaKey(MetaField field) {
  const char* name = "";
  switch (field) {
    case MetaField::kSchemaVersion:
      name = "schema_version";
      break;
    case MetaField::kNameKeysVersion:
      name = "name_keys_version";
      break;
    case MetaField::kNextId:
      name = "next_id";
      break;
    case MetaField::kEntityCount:
      name = "entity_count";
      break;
    case MetaField::kEverWritten:
      name = "ever_written";
      break;
    case MetaField::kTokenDocuments:
      name = "token_documents";
      break;
    case MetaField::kFuzzyKeysVersion:
      name = "fuzzy_keys_version";
      break;
    case MetaField::kLastSequence:
      name = "last_sequence";
      break;
  }
  return absl::StrCat(absl::string_view(&kKeyFormatVersion, 1), name);
}

std::string EncodeMetaValue(uint64_t value) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((value >> (8 * i)) & 0xff);
  return out;
}

absl::StatusOr<uint64_t> DecodeMetaValue(absl::string_view value) {
  if (value.size() != 8) {
    return absl::DataLossError(absl::StrCat("corrupt meta value: ", value.size(), " bytes, expected 8"));
  }
  uint64_t result = 0;
  for (int i = 0; i < 8; ++i) result |= static_cast<uint64_t>(static_cast<uint8_t>(value[i])) << (8 * i);
  return result;
}

}  // namespace aka::storage
