// MISP galaxy cluster files -> entities (see ReadMispGalaxy in entity_source.h).
//
// A galaxy file is one JSON object: {"type": "threat-actor", "values": [{"value", "uuid", "description",
// "meta": {"synonyms": [...], "country", "refs": [...], ...}}, ...]}. Files are a few MB, so the whole
// document is parsed at once.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "formats/entity_source.h"
#include "formats/source_text.h"

namespace aka::formats {
namespace {

using Json = nlohmann::json;

// Galaxy types whose clusters are threat actors; every other galaxy (vendors, agencies, universities, ...)
// describes organizations. 360.net's file calls its type "360net-threat-actor".
std::string EntityTypeForGalaxy(const std::string& galaxy_type) {
  static const std::set<std::string>* const kThreatActorGalaxies = new std::set<std::string>{
      "threat-actor", "microsoft-activity-group", "360net", "360net-threat-actor"};
  return kThreatActorGalaxies->count(galaxy_type) > 0 ? "threat_actor" : "organization";
}

// The string at `key` of a JSON object, or "" when it is absent or not a string.
std::string StringMember(const Json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The strings of the array at `key` (non-strings ignored), or none.
std::vector<std::string> StringArrayMember(const Json& object, const char* key) {
  std::vector<std::string> out;
  const auto it = object.find(key);
  if (it == object.end() || !it->is_array()) return out;
  for (const Json& element : *it) {
    if (element.is_string()) out.push_back(element.get<std::string>());
  }
  return out;
}

// True for a MITRE ATT&CK group id: 'G' and four digits, e.g. "G0007".
bool IsMitreGroupId(absl::string_view text) {
  return text.size() == 5 && text[0] == 'G' &&
         std::all_of(text.begin() + 1, text.end(), [](char c) { return absl::ascii_isdigit(c); });
}

// MITRE ATT&CK group ids this cluster claims, best first: G#### synonyms (how MISP lists them), then
// attack.mitre.org/groups/G#### references.
std::vector<std::string> MitreGroupIds(const Json& meta) {
  std::vector<std::string> ids;
  const auto add = [&ids](absl::string_view id) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.emplace_back(id);
  };
  for (const std::string& synonym : StringArrayMember(meta, "synonyms")) {
    const absl::string_view trimmed = absl::StripAsciiWhitespace(synonym);
    if (IsMitreGroupId(trimmed)) add(trimmed);
  }
  constexpr absl::string_view kGroupUrl = "attack.mitre.org/groups/";
  for (const std::string& ref : StringArrayMember(meta, "refs")) {
    const size_t at = ref.find(kGroupUrl.data(), 0, kGroupUrl.size());
    if (at == std::string::npos) continue;
    const absl::string_view rest = absl::string_view(ref).substr(at + kGroupUrl.size());
    // The id must end there ("G0123/" or "G0123"), not be the start of a longer token.
    if (rest.size() >= 5 && IsMitreGroupId(rest.substr(0, 5)) &&
        (rest.size() == 5 || !absl::ascii_isalnum(static_cast<unsigned char>(rest[5])))) {
      add(rest.substr(0, 5));
    }
  }
  return ids;
}

// Turns one values[] element into an entity. `mitre_claims` counts, per MITRE id, how many clusters of the
// file claim it: an id claimed twice is left out of external_ids, because external ids identify an entity
// on import and two clusters holding one id would be merged into each other.
absl::StatusOr<aka::v1::Entity> ClusterToEntity(const Json& cluster, const std::string& entity_type,
                                                const std::string& galaxy_type,
                                                const std::map<std::string, int>& mitre_claims,
                                                const std::string& where, const SkipSink& skipped) {
  if (!cluster.is_object()) return absl::InvalidArgumentError("element is not a JSON object");
  const std::string value(absl::StripAsciiWhitespace(StringMember(cluster, "value")));
  const std::string uuid(absl::StripAsciiWhitespace(StringMember(cluster, "uuid")));
  if (value.empty()) return absl::InvalidArgumentError("no \"value\" (the cluster's name)");
  if (uuid.empty()) return absl::InvalidArgumentError("no \"uuid\"");
  if (absl::Status status = CheckName(value); !status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("\"value\": ", status.message()));
  }
  static const Json kEmptyObject = Json::object();
  const auto meta_it = cluster.find("meta");
  const Json& meta = meta_it != cluster.end() && meta_it->is_object() ? *meta_it : kEmptyObject;

  aka::v1::Entity entity;
  entity.set_type(entity_type);
  entity.set_canonical_name(value);
  (*entity.mutable_external_ids())["misp"] = uuid;

  std::set<std::string> names = {value};
  const std::vector<std::string> synonyms = StringArrayMember(meta, "synonyms");
  for (size_t i = 0; i < synonyms.size(); ++i) {
    const std::string synonym(absl::StripAsciiWhitespace(synonyms[i]));
    if (absl::Status status = CheckName(synonym); !status.ok()) {
      if (skipped) skipped({absl::StrCat(where, ".meta.synonyms[", i, "]"), std::string(status.message())});
      continue;
    }
    if (!names.insert(synonym).second) continue;  // The value itself, or said twice.
    aka::v1::Alias* alias = entity.add_aliases();
    alias->set_name(synonym);
    alias->set_source("misp");
    alias->set_reference(absl::StrCat("misp-galaxy:", galaxy_type));
    alias->set_kind(aka::v1::AKA);
  }

  std::vector<std::string> shared_ids;
  for (const std::string& id : MitreGroupIds(meta)) {
    if (mitre_claims.at(id) == 1) {
      (*entity.mutable_external_ids())["mitre"] = id;
      shared_ids.clear();
      break;
    }
    shared_ids.push_back(id);
  }
  if (!shared_ids.empty() && skipped) {
    skipped({where, absl::StrCat("MITRE id ", shared_ids.front(),
                                 " is claimed by several clusters of this file; left out of external_ids")});
  }

  const std::string description(absl::StripAsciiWhitespace(StringMember(cluster, "description")));
  if (!description.empty()) {
    (*entity.mutable_attributes())["description"] = TruncateUtf8(description, kMaxAttributeBytes);
  }
  for (const char* key : {"country", "cfr-suspected-state-sponsor"}) {
    const std::string text(absl::StripAsciiWhitespace(StringMember(meta, key)));
    if (!text.empty()) (*entity.mutable_attributes())[key] = TruncateUtf8(text, kMaxAttributeBytes);
  }
  return entity;
}

}  // namespace

absl::Status ReadMispGalaxy(const std::string& path, const EntitySink& sink, const SkipSink& skipped) {
  ASSIGN_OR_RETURN(const std::string contents, ReadFileToString(path));
  Json galaxy;
  try {
    galaxy = Json::parse(contents);
  } catch (const Json::parse_error& e) {
    // e.byte locates the error; what() says what was expected there.
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": not a MISP galaxy file: invalid JSON at byte ", e.byte, ": ", e.what()));
  } catch (const Json::exception& e) {
    // Not only parse_error: a number too large for a double is out_of_range (406), thrown even though it is
    // a property of the input (found by misp_galaxy_fuzzer).
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a MISP galaxy file: ", e.what()));
  }
  if (!galaxy.is_object()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a MISP galaxy file: top level is not an object"));
  }
  const auto values_it = galaxy.find("values");
  if (values_it == galaxy.end() || !values_it->is_array()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a MISP galaxy file: no \"values\" array"));
  }
  const Json& values = *values_it;
  const std::string galaxy_type = StringMember(galaxy, "type");
  const std::string entity_type = EntityTypeForGalaxy(galaxy_type);

  std::map<std::string, int> mitre_claims;
  for (const Json& cluster : values) {
    if (!cluster.is_object()) continue;
    const auto meta = cluster.find("meta");
    if (meta == cluster.end() || !meta->is_object()) continue;
    for (const std::string& id : MitreGroupIds(*meta)) ++mitre_claims[id];
  }

  for (size_t i = 0; i < values.size(); ++i) {
    const std::string where = absl::StrCat(path, ":values[", i, "]");
    absl::StatusOr<aka::v1::Entity> entity =
        ClusterToEntity(values[i], entity_type, galaxy_type, mitre_claims, where, skipped);
    if (!entity.ok()) {
      if (skipped) skipped({where, std::string(entity.status().message())});
      continue;
    }
    RETURN_IF_ERROR(sink(*std::move(entity)));
  }
  return absl::OkStatus();
}

}  // namespace aka::formats
