// Encoders for the curation families (history, log, redirects); the formats are documented in keys.h.
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "storage/keys.h"

namespace aka::storage {
namespace {

constexpr size_t kSequenceBytes = 8;

void AppendBigEndian64(uint64_t value, std::string* out) {
  for (int shift = 56; shift >= 0; shift -= 8) out->push_back(static_cast<char>((value >> shift) & 0xff));
}

uint64_t ReadBigEndian64(absl::string_view bytes) {
  uint64_t value = 0;
  for (size_t i = 0; i < kSequenceBytes; ++i) value = (value << 8) | static_cast<uint8_t>(bytes[i]);
  return value;
}

}  // namespace

absl::StatusOr<std::string> EncodeHistoryPrefix(absl::string_view entity_id) {
  return EncodeEntityKey(entity_id);
}

absl::StatusOr<std::string> EncodeHistoryKey(absl::string_view entity_id, uint64_t sequence) {
  ASSIGN_OR_RETURN(std::string key, EncodeEntityKey(entity_id));
  AppendBigEndian64(sequence, &key);
  return key;
}

absl::StatusOr<uint64_t> DecodeHistoryKeySequence(absl::string_view key) {
  // Version byte, length byte, at least one id byte, then the sequence.
  if (key.size() < 3 + kSequenceBytes || key[0] != kKeyFormatVersion ||
      key.size() != 2 + static_cast<uint8_t>(key[1]) + kSequenceBytes) {
    return absl::DataLossError(absl::StrCat("corrupt history key \"", absl::CHexEscape(key), "\""));
  }
  return ReadBigEndian64(key.substr(key.size() - kSequenceBytes));
}

std::string EncodeLogKey(uint64_t sequence) {
  std::string key(1, kKeyFormatVersion);
  AppendBigEndian64(sequence, &key);
  return key;
}

absl::StatusOr<uint64_t> DecodeLogKey(absl::string_view key) {
  if (key.size() != 1 + kSequenceBytes || key[0] != kKeyFormatVersion) {
    return absl::DataLossError(absl::StrCat("corrupt log key \"", absl::CHexEscape(key), "\""));
  }
  return ReadBigEndian64(key.substr(1));
}

absl::StatusOr<std::string> EncodeRedirectKey(absl::string_view entity_id) { return EncodeEntityKey(entity_id); }

absl::StatusOr<std::string> EncodeNegativePrefix(absl::string_view normalized_name) {
  if (normalized_name.empty() || normalized_name.find('\0') != absl::string_view::npos) {
    return absl::InvalidArgumentError("negative name: is empty or contains a NUL byte");
  }
  std::string key(1, kKeyFormatVersion);
  key.append(normalized_name.data(), normalized_name.size());
  key.push_back('\0');
  return key;
}

absl::StatusOr<std::string> EncodeNegativeKey(absl::string_view normalized_name, absl::string_view entity_id) {
  ASSIGN_OR_RETURN(std::string key, EncodeNegativePrefix(normalized_name));
  if (entity_id.empty() || entity_id.find('\0') != absl::string_view::npos) {
    return absl::InvalidArgumentError("negative entity id: is empty or contains a NUL byte");
  }
  key.append(entity_id.data(), entity_id.size());
  return key;
}

absl::StatusOr<std::string> NegativePrefixOfKey(absl::string_view key) {
  const size_t separator = key.find('\0', 1);
  if (key.empty() || key[0] != kKeyFormatVersion || separator == absl::string_view::npos) {
    return absl::DataLossError(absl::StrCat("corrupt negatives key \"", absl::CHexEscape(key), "\""));
  }
  return std::string(key.substr(0, separator + 1));
}

}  // namespace aka::storage
