#include "storage/name_postings.h"

#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "storage/varint.h"

namespace aka::storage {
namespace {

constexpr char kPut = '+';
constexpr char kRemove = '-';

absl::Status Corrupt(absl::string_view what, absl::string_view value, absl::string_view why) {
  return absl::DataLossError(absl::StrCat("corrupt names ", what, " \"", absl::CHexEscape(value.substr(0, 64)),
                                          value.size() > 64 ? "..." : "", "\": ", why));
}

void AppendEntry(absl::string_view id, const NameRowValue& value, std::string* out) {
  AppendLengthPrefixed(id, out);
  AppendVarint32(ZigZagEncode(value.alias_index), out);
  AppendLengthPrefixed(value.name, out);
}

// Reads what follows the id of an entry (alias index, name). False if truncated.
bool ConsumeEntryValue(absl::string_view* in, int32_t* alias_index, absl::string_view* name) {
  uint32_t zigzag = 0;
  if (!ConsumeVarint32(in, &zigzag)) return false;
  *alias_index = ZigZagDecode(zigzag);
  return ConsumeLengthPrefixed(in, name);
}

// Strips the version byte; the rest is entries or ops.
absl::Status ConsumeVersion(absl::string_view what, absl::string_view value, absl::string_view* rest) {
  if (value.empty() || value[0] != kKeyFormatVersion) return Corrupt(what, value, "bad version");
  *rest = value.substr(1);
  return absl::OkStatus();
}

// Runs parse(&rest, &id) for each record (entry or op) of a list or delta until the value is used up;
// parse consumes one record and sets its id. Checks the version byte and that the ids ascend.
template <typename ParseRecord>
absl::Status ForEachRecord(absl::string_view what, absl::string_view value, ParseRecord parse) {
  absl::string_view rest;
  RETURN_IF_ERROR(ConsumeVersion(what, value, &rest));
  absl::string_view previous;
  for (bool first = true; !rest.empty(); first = false) {
    absl::string_view id;
    RETURN_IF_ERROR(parse(&rest, &id));
    if (!first && id <= previous) return Corrupt(what, value, "entity ids out of order");
    previous = id;
  }
  return absl::OkStatus();
}

// Calls on_entry(id, alias_index, name) for each entry of a posting list.
template <typename OnEntry>
absl::Status ForEachEntry(absl::string_view value, OnEntry on_entry) {
  return ForEachRecord("posting list", value, [&](absl::string_view* rest, absl::string_view* id) {
    absl::string_view name;
    int32_t alias_index = 0;
    if (!ConsumeLengthPrefixed(rest, id) || id->empty() || !ConsumeEntryValue(rest, &alias_index, &name)) {
      return Corrupt("posting list", value, "truncated entry");
    }
    on_entry(*id, alias_index, name);
    return absl::OkStatus();
  });
}

// Calls on_op(id, entry or nullopt for a removal) for each op of a delta operand.
template <typename OnOp>
absl::Status ForEachOp(absl::string_view operand, OnOp on_op) {
  return ForEachRecord("delta", operand, [&](absl::string_view* rest, absl::string_view* id) {
    const char op = (*rest)[0];
    rest->remove_prefix(1);
    if ((op != kPut && op != kRemove) || !ConsumeLengthPrefixed(rest, id) || id->empty()) {
      return Corrupt("delta", operand, "bad op");
    }
    std::optional<NameRowValue> entry;
    if (op == kPut) {
      absl::string_view name;
      entry.emplace();
      if (!ConsumeEntryValue(rest, &entry->alias_index, &name)) return Corrupt("delta", operand, "truncated op");
      entry->name = std::string(name);
    }
    on_op(*id, std::move(entry));
    return absl::OkStatus();
  });
}

}  // namespace

std::string EncodePostingList(const PostingMap& list) {
  std::string value(1, kKeyFormatVersion);
  for (const auto& [id, entry] : list) AppendEntry(id, entry, &value);
  return value;
}

absl::Status DecodePostingList(absl::string_view value, std::vector<IndexHit>* hits) {
  return ForEachEntry(value, [hits](absl::string_view id, int32_t alias_index, absl::string_view name) {
    IndexHit& hit = hits->emplace_back();
    hit.entity_id = std::string(id);
    hit.name = std::string(name);
    hit.alias_index = alias_index;
  });
}

absl::Status DecodePostingList(absl::string_view value, PostingMap* list) {
  list->clear();
  return ForEachEntry(value, [list](absl::string_view id, int32_t alias_index, absl::string_view name) {
    list->emplace_hint(list->end(), std::string(id), NameRowValue{alias_index, std::string(name)});
  });
}

std::string EncodePostingDelta(const PostingDelta& delta) {
  std::string operand(1, kKeyFormatVersion);
  for (const auto& [id, entry] : delta) {
    if (entry.has_value()) {
      operand.push_back(kPut);
      AppendEntry(id, *entry, &operand);
    } else {
      operand.push_back(kRemove);
      AppendLengthPrefixed(id, &operand);
    }
  }
  return operand;
}

absl::Status MergePostingDelta(absl::string_view operand, PostingDelta* delta) {
  return ForEachOp(operand, [delta](absl::string_view id, std::optional<NameRowValue> entry) {
    (*delta)[std::string(id)] = std::move(entry);
  });
}

absl::Status ApplyPostingDelta(absl::string_view operand, PostingMap* list) {
  return ForEachOp(operand, [list](absl::string_view id, std::optional<NameRowValue> entry) {
    if (entry.has_value()) {
      (*list)[std::string(id)] = *std::move(entry);
    } else {
      list->erase(std::string(id));
    }
  });
}

absl::StatusOr<std::map<std::string, std::string>> NamePostingOperands(const RowMap& old_rows,
                                                                       const RowMap& new_rows) {
  std::map<std::string, PostingDelta> deltas;
  // The op of a logical row: its names key is the row key without the entity id (keys.h).
  auto op_of = [&deltas](const std::string& row_key) -> absl::StatusOr<std::optional<NameRowValue>*> {
    ASSIGN_OR_RETURN(DecodedNameRowKey row, DecodeNameRowKey(row_key));
    const std::string key = row_key.substr(0, row_key.size() - row.entity_id.size());
    return &deltas[key][std::move(row.entity_id)];
  };
  for (const auto& [row_key, value] : old_rows) {
    if (new_rows.count(row_key) != 0) continue;
    ASSIGN_OR_RETURN(std::optional<NameRowValue> * op, op_of(row_key));
    op->reset();
  }
  for (const auto& [row_key, value] : new_rows) {
    const auto old = old_rows.find(row_key);
    if (old != old_rows.end() && old->second == value) continue;
    ASSIGN_OR_RETURN(std::optional<NameRowValue> * op, op_of(row_key));
    ASSIGN_OR_RETURN(*op, DecodeNameRowValue(value));
  }
  std::map<std::string, std::string> operands;
  for (const auto& [key, delta] : deltas) operands.emplace(key, EncodePostingDelta(delta));
  return operands;
}

}  // namespace aka::storage
