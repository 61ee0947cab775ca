// OFAC SDN legacy CSV folder -> entities (see ReadOfacSdn in entity_source.h).
//
// sdn.csv (no header): ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT,
// Vess_flag, Vess_owner, Remarks. alt.csv: ent_num, alt_num, alt_type, alt_name, remarks. "-0-" means empty
// in both. alt.csv is read first into memory (about 20k rows) so that each entity is complete when sent and
// entities go out in sdn.csv order.
#include <filesystem>
#include <map>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "formats/csv_records.h"
#include "formats/entity_source.h"
#include "formats/source_text.h"

namespace aka::formats {
namespace {

// Column positions, as Treasury documents the legacy format.
enum SdnColumn { kEntNum = 0, kSdnName, kSdnType, kProgram, kTitle, kCallSign, kVessType, kTonnage, kGrt,
                 kVessFlag, kVessOwner, kRemarks, kSdnColumns };
enum AltColumn { kAltEntNum = 0, kAltNum, kAltType, kAltName, kAltRemarks, kAltColumns };

// A field with surrounding whitespace removed and OFAC's "-0-" (no value) turned into "".
std::string FieldValue(const std::vector<std::string>& fields, size_t column) {
  if (column >= fields.size()) return "";
  const absl::string_view value = absl::StripAsciiWhitespace(fields[column]);
  return value == "-0-" ? "" : std::string(value);
}

// ent_num as canonical decimal text ("0042" -> "42"), so that external ids compare equal however the file
// pads them; an error for anything that is not a positive integer.
absl::StatusOr<std::string> EntNum(const std::vector<std::string>& fields, size_t column) {
  const std::string text = FieldValue(fields, column);
  uint64_t number = 0;
  if (!absl::SimpleAtoi(text, &number) || number == 0) {
    return absl::InvalidArgumentError(absl::StrCat("ent_num \"", text, "\" is not a positive integer"));
  }
  return absl::StrCat(number);
}

absl::StatusOr<std::string> EntityTypeForSdnType(const std::string& sdn_type) {
  const std::string type = absl::AsciiStrToLower(sdn_type);
  if (type.empty()) return std::string("organization");  // "-0-": OFAC's "entity".
  if (type == "individual") return std::string("person");
  if (type == "vessel" || type == "aircraft") return type;
  return absl::InvalidArgumentError(absl::StrCat("unknown SDN_Type \"", sdn_type, "\""));
}

aka::v1::AliasKind AliasKindForAltType(const std::string& alt_type) {
  const std::string type = absl::AsciiStrToLower(alt_type);
  if (type == "aka") return aka::v1::AKA;
  if (type == "fka") return aka::v1::FKA;
  if (type == "nka") return aka::v1::NKA;
  if (type == "weak aka") return aka::v1::WEAK_AKA;
  return aka::v1::ALIAS_KIND_UNSPECIFIED;  // Resolvable, treated like AKA (entity.proto).
}

struct PendingAlias {
  aka::v1::Alias alias;
  // "alt.csv:LINE", to report the alias if its entity never appears.
  std::string where;
};

// Reads alt.csv into ent_num -> aliases (file order kept). Rows that cannot become an alias are skipped.
absl::Status ReadAltFile(const std::string& path, const SkipSink& skipped,
                         std::map<std::string, std::vector<PendingAlias>>* aliases) {
  return ReadCsvRecords(path, [&](int line, std::vector<std::string>& fields) -> absl::Status {
    const std::string where = absl::StrCat(path, ":", line);
    if (fields.size() < kAltName + 1) {
      skipped({where, absl::StrCat("alt row has ", fields.size(), " fields, expected ", kAltColumns)});
      return absl::OkStatus();
    }
    absl::StatusOr<std::string> ent_num = EntNum(fields, kAltEntNum);
    const std::string name = FieldValue(fields, kAltName);
    absl::Status name_status = CheckName(name);
    if (!ent_num.ok() || !name_status.ok()) {
      skipped({where, std::string((ent_num.ok() ? name_status : ent_num.status()).message())});
      return absl::OkStatus();
    }
    PendingAlias pending{aka::v1::Alias(), where};
    pending.alias.set_name(name);
    pending.alias.set_source("ofac");
    pending.alias.set_reference(absl::StrCat("ofac:alt:", FieldValue(fields, kAltNum)));
    pending.alias.set_kind(AliasKindForAltType(FieldValue(fields, kAltType)));
    (*aliases)[*ent_num].push_back(std::move(pending));
    return absl::OkStatus();
  });
}

// Builds the entity of one sdn.csv row, without its aliases.
absl::StatusOr<aka::v1::Entity> SdnRowToEntity(const std::vector<std::string>& fields) {
  if (fields.size() < kSdnType + 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("sdn row has ", fields.size(), " fields, expected ", kSdnColumns));
  }
  ASSIGN_OR_RETURN(std::string ent_num, EntNum(fields, kEntNum));
  const std::string name = FieldValue(fields, kSdnName);
  RETURN_IF_ERROR(CheckName(name));
  ASSIGN_OR_RETURN(std::string type, EntityTypeForSdnType(FieldValue(fields, kSdnType)));

  aka::v1::Entity entity;
  entity.set_type(std::move(type));
  entity.set_canonical_name(name);
  (*entity.mutable_external_ids())["ofac"] = std::move(ent_num);
  const std::pair<SdnColumn, const char*> kAttributes[] = {
      {kProgram, "program"},         {kTitle, "title"},          {kCallSign, "call_sign"},
      {kVessType, "vessel_type"},    {kVessFlag, "vessel_flag"}, {kVessOwner, "vessel_owner"},
      {kRemarks, "remarks"},
  };
  for (const auto& [column, key] : kAttributes) {
    const std::string value = FieldValue(fields, column);
    if (!value.empty()) (*entity.mutable_attributes())[key] = TruncateUtf8(value, kMaxAttributeBytes);
  }
  return entity;
}

}  // namespace

absl::Status ReadOfacSdn(const std::string& folder, const EntitySink& sink, const SkipSink& skipped) {
  const SkipSink skip = skipped ? skipped : [](const SkippedRecord&) {};
  std::error_code ec;
  if (!std::filesystem::exists(folder, ec)) {
    return absl::NotFoundError(absl::StrCat(folder, ": no such folder"));
  }
  if (!std::filesystem::is_directory(folder, ec)) {
    return absl::InvalidArgumentError(
        absl::StrCat(folder, ": ofac-sdn expects a folder holding sdn.csv and alt.csv, not a file"));
  }
  const std::string sdn_path = absl::StrCat(folder, "/sdn.csv");
  const std::string alt_path = absl::StrCat(folder, "/alt.csv");

  std::map<std::string, std::vector<PendingAlias>> aliases;
  RETURN_IF_ERROR(ReadAltFile(alt_path, skip, &aliases));

  RETURN_IF_ERROR(ReadCsvRecords(sdn_path, [&](int line, std::vector<std::string>& fields) -> absl::Status {
    const std::string where = absl::StrCat(sdn_path, ":", line);
    absl::StatusOr<aka::v1::Entity> entity = SdnRowToEntity(fields);
    if (!entity.ok()) {
      skip({where, std::string(entity.status().message())});
      return absl::OkStatus();
    }
    const std::string& ent_num = entity->external_ids().at("ofac");
    // Extracting the node both attaches the aliases and marks them used, so that what is left in the map
    // afterwards is exactly the orphans. A repeated ent_num keeps its aliases on the first row only.
    if (auto node = aliases.extract(ent_num)) {
      for (PendingAlias& pending : node.mapped()) *entity->add_aliases() = std::move(pending.alias);
    }
    return sink(*std::move(entity));
  }));

  for (const auto& [ent_num, orphans] : aliases) {
    for (const PendingAlias& orphan : orphans) {
      skip({orphan.where, absl::StrCat("alias \"", orphan.alias.name(), "\": ent_num ", ent_num,
                                       " has no row in sdn.csv")});
    }
  }
  return absl::OkStatus();
}

}  // namespace aka::formats
