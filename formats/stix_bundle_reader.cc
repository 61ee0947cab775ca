// STIX 2.1 bundles -> threat-actor entities and revoked-by relationships (see stix_bundle_reader.h).
//
// Two passes over the parsed bundle: the first indexes what later objects refer to (identities by id for
// created_by_ref, intrusion-set ids, and how many intrusion-sets claim each ATT&CK group id); the second
// turns intrusion-sets into entities in file order and collects revoked-by relationships, which are handed
// over last so that a caller merging them sees every entity first.
#include "formats/stix_bundle_reader.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "formats/source_text.h"

namespace aka::formats {
namespace {

using Json = nlohmann::json;

constexpr char kIntrusionSetPrefix[] = "intrusion-set--";
constexpr char kAttackSourceName[] = "mitre-attack";

// The string at `key`: nullopt when absent, INVALID_ARGUMENT naming the field when present but not a string.
absl::StatusOr<std::optional<std::string>> OptionalString(const Json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) return absl::InvalidArgumentError(absl::StrCat("\"", key, "\": not a string"));
  return it->get<std::string>();
}

// The string at `key`, or "" when it is absent or not a string (for fields only used when well formed).
std::string StringOrEmpty(const Json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// True when `key` holds JSON true (STIX booleans; anything else counts as false).
bool IsTrue(const Json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

// An ATT&CK group id: "G" and four digits.
bool IsAttackGroupId(absl::string_view text) {
  if (text.size() != 5 || text[0] != 'G') return false;
  for (const char c : text.substr(1)) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// The object's external reference with source_name "mitre-attack", or null.
const Json* AttackReference(const Json& object) {
  const auto refs = object.find("external_references");
  if (refs == object.end() || !refs->is_array()) return nullptr;
  for (const Json& ref : *refs) {
    if (ref.is_object() && StringOrEmpty(ref, "source_name") == kAttackSourceName) return &ref;
  }
  return nullptr;
}

// The ATT&CK group id an intrusion-set claims, or "" (none, or not a G#### id).
std::string AttackGroupId(const Json& object) {
  const Json* ref = AttackReference(object);
  if (ref == nullptr) return "";
  const std::string id(absl::StripAsciiWhitespace(StringOrEmpty(*ref, "external_id")));
  return IsAttackGroupId(id) ? id : "";
}

// What the first pass learns about the bundle.
struct BundleIndex {
  // identity id -> its name, for created_by_ref.
  std::map<std::string, std::string> identity_names;
  // ATT&CK group id -> how many intrusion-sets claim it (an id claimed twice identifies neither).
  std::map<std::string, int> group_id_claims;
  // source_ref of every revoked-by relationship: intrusion-sets that will be merged into another.
  std::set<std::string> revoked_by_sources;
};

BundleIndex IndexBundle(const Json& objects) {
  BundleIndex index;
  for (const Json& object : objects) {
    if (!object.is_object()) continue;
    const std::string type = StringOrEmpty(object, "type");
    if (type == "identity") {
      const std::string name(absl::StripAsciiWhitespace(StringOrEmpty(object, "name")));
      if (!name.empty()) index.identity_names.emplace(StringOrEmpty(object, "id"), name);
    } else if (type == "intrusion-set") {
      const std::string group_id = AttackGroupId(object);
      if (!group_id.empty()) ++index.group_id_claims[group_id];
    } else if (type == "relationship" && StringOrEmpty(object, "relationship_type") == "revoked-by") {
      index.revoked_by_sources.insert(StringOrEmpty(object, "source_ref"));
    }
  }
  return index;
}

// Provenance for the aliases of one intrusion-set: who says so, and where to read it.
struct AliasProvenance {
  std::string source;
  std::string reference;
};

AliasProvenance ProvenanceOf(const Json& object, const std::string& stix_id, const BundleIndex& index) {
  AliasProvenance provenance{"stix", stix_id};
  if (const Json* ref = AttackReference(object); ref != nullptr) {
    provenance.source = kAttackSourceName;
    const std::string url(absl::StripAsciiWhitespace(StringOrEmpty(*ref, "url")));
    if (!url.empty()) provenance.reference = url;
    return provenance;
  }
  const auto identity = index.identity_names.find(StringOrEmpty(object, "created_by_ref"));
  if (identity != index.identity_names.end()) provenance.source = identity->second;
  return provenance;
}

// Checks the intrusion-set's id: a string "intrusion-set--<something>".
absl::StatusOr<std::string> IntrusionSetId(const Json& object) {
  ASSIGN_OR_RETURN(const std::optional<std::string> id, OptionalString(object, "id"));
  if (!id.has_value() || id->empty()) return absl::InvalidArgumentError("\"id\": missing");
  if (!absl::StartsWith(*id, kIntrusionSetPrefix) || id->size() == sizeof(kIntrusionSetPrefix) - 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"id\": \"", absl::CHexEscape(*id), "\" is not of the form intrusion-set--<uuid>"));
  }
  if (!IsValidUtf8(*id)) return absl::InvalidArgumentError("\"id\": not valid UTF-8");
  return *id;
}

// Turns one intrusion-set into an entity; `where` locates it for the skips of single aliases.
absl::StatusOr<aka::v1::Entity> IntrusionSetToEntity(const Json& object, const std::string& stix_id,
                                                     const BundleIndex& index, const std::string& where,
                                                     const SkipSink& skipped) {
  ASSIGN_OR_RETURN(const std::optional<std::string> raw_name, OptionalString(object, "name"));
  if (!raw_name.has_value()) return absl::InvalidArgumentError("\"name\": missing");
  const std::string name(absl::StripAsciiWhitespace(*raw_name));
  if (absl::Status status = CheckName(name); !status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("\"name\": ", status.message()));
  }

  aka::v1::Entity entity;
  entity.set_type("threat_actor");
  entity.set_canonical_name(name);
  (*entity.mutable_external_ids())[kStixIdKey] = stix_id;

  const auto aliases = object.find("aliases");
  if (aliases != object.end() && !aliases->is_null()) {
    if (!aliases->is_array()) return absl::InvalidArgumentError("\"aliases\": not an array");
    const AliasProvenance provenance = ProvenanceOf(object, stix_id, index);
    std::set<std::string> names = {name};
    for (size_t i = 0; i < aliases->size(); ++i) {
      const Json& element = (*aliases)[i];
      const std::string alias_where = absl::StrCat(where, ".aliases[", i, "]");
      if (!element.is_string()) {
        skipped({alias_where, "not a string"});
        continue;
      }
      const std::string alias_name(absl::StripAsciiWhitespace(element.get<std::string>()));
      if (absl::Status status = CheckName(alias_name); !status.ok()) {
        skipped({alias_where, std::string(status.message())});
        continue;
      }
      if (!names.insert(alias_name).second) continue;  // ATT&CK lists the name itself first.
      aka::v1::Alias* alias = entity.add_aliases();
      alias->set_name(alias_name);
      alias->set_source(provenance.source);
      alias->set_reference(provenance.reference);
      alias->set_kind(aka::v1::AKA);
    }
  }

  const std::string group_id = AttackGroupId(object);
  if (!group_id.empty()) {
    if (index.group_id_claims.at(group_id) == 1) {
      (*entity.mutable_external_ids())[kMitreIdKey] = group_id;
    } else {
      skipped({where, absl::StrCat("ATT&CK id ", group_id,
                                   " is claimed by several intrusion-sets of this bundle; left out of external_ids")});
    }
  }

  const std::string description(absl::StripAsciiWhitespace(StringOrEmpty(object, "description")));
  if (!description.empty() && IsValidUtf8(description)) {
    (*entity.mutable_attributes())["description"] = TruncateUtf8(description, kMaxAttributeBytes);
  }
  // A revoked-by source is merged into its replacement, and a merge hands the target every attribute it lacks:
  // marks on the source would end up on the live actor, so only actors that stay live carry them.
  if (index.revoked_by_sources.count(stix_id) == 0) {
    if (IsTrue(object, "x_mitre_deprecated")) (*entity.mutable_attributes())["deprecated"] = "true";
    if (IsTrue(object, "revoked")) (*entity.mutable_attributes())["revoked"] = "true";
  }
  return entity;
}

// A revoked-by relationship between intrusion-sets, checked against the ones sent. Returns nullopt for a
// relationship that is not about intrusion-sets (counted as another object), an error to skip it.
absl::StatusOr<std::optional<StixRevocation>> RevocationOf(const Json& object, const std::set<std::string>& sent) {
  ASSIGN_OR_RETURN(const std::optional<std::string> source, OptionalString(object, "source_ref"));
  ASSIGN_OR_RETURN(const std::optional<std::string> target, OptionalString(object, "target_ref"));
  const bool source_is_set = source.has_value() && absl::StartsWith(*source, kIntrusionSetPrefix);
  const bool target_is_set = target.has_value() && absl::StartsWith(*target, kIntrusionSetPrefix);
  if (!source_is_set && !target_is_set) return std::nullopt;
  if (!source_is_set || !target_is_set) {
    return absl::InvalidArgumentError(absl::StrCat(
        "revoked-by between \"", absl::CHexEscape(source.value_or("")), "\" and \"",
        absl::CHexEscape(target.value_or("")), "\": an intrusion-set can only be revoked by another intrusion-set"));
  }
  for (const auto& [field, ref] : {std::pair<const char*, const std::string*>{"source_ref", &*source},
                                   std::pair<const char*, const std::string*>{"target_ref", &*target}}) {
    if (sent.count(*ref) == 0) {
      return absl::InvalidArgumentError(absl::StrCat("\"", field, "\": \"", absl::CHexEscape(*ref),
                                                     "\" is not an intrusion-set imported from this bundle"));
    }
  }
  if (*source == *target) return absl::InvalidArgumentError("\"target_ref\": an intrusion-set revoked by itself");
  return StixRevocation{*source, *target, ""};
}

absl::StatusOr<Json> ParseBundle(const std::string& path, const std::string& contents) {
  Json bundle;
  try {
    bundle = Json::parse(contents);
  } catch (const Json::parse_error& e) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": not a STIX bundle: invalid JSON at byte ", e.byte, ": ", e.what()));
  } catch (const Json::exception& e) {
    // A number too large for a double is out_of_range, not parse_error, and still the input's fault.
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a STIX bundle: ", e.what()));
  }
  if (!bundle.is_object()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a STIX bundle: top level is not an object"));
  }
  if (StringOrEmpty(bundle, "type") != "bundle") {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a STIX bundle: \"type\" is not \"bundle\""));
  }
  const auto objects = bundle.find("objects");
  if (objects == bundle.end() || !objects->is_array()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a STIX bundle: no \"objects\" array"));
  }
  return bundle;
}

}  // namespace

absl::Status ReadStixBundle(const std::string& path, const EntitySink& sink, const SkipSink& skipped,
                            const StixRevocationSink& revoked, StixBundleCounts* counts) {
  const SkipSink skip = skipped ? skipped : [](const SkippedRecord&) {};
  StixBundleCounts local_counts;
  if (counts == nullptr) counts = &local_counts;

  ASSIGN_OR_RETURN(const std::string contents, ReadFileToString(path));
  ASSIGN_OR_RETURN(const Json bundle, ParseBundle(path, contents));
  const Json& objects = bundle.at("objects");
  const BundleIndex index = IndexBundle(objects);

  std::set<std::string> sent;                    // stix ids of intrusion-sets sent to the sink
  std::map<std::string, size_t> first_index_of;  // stix id -> objects[] index that first had it
  std::vector<size_t> relationships;             // revoked-by relationships, checked once all sets are known
  for (size_t i = 0; i < objects.size(); ++i) {
    const Json& object = objects[i];
    std::string where = absl::StrCat(path, ":objects[", i, "]");
    if (!object.is_object()) {
      skip({where, "not a JSON object"});
      continue;
    }
    const std::string type = StringOrEmpty(object, "type");
    if (type == "relationship" && StringOrEmpty(object, "relationship_type") == "revoked-by") {
      relationships.push_back(i);
      continue;
    }
    if (type != "intrusion-set") {
      if (type.empty()) {
        skip({where, "\"type\": missing or not a string"});
      } else {
        ++counts->other_objects[type];
      }
      continue;
    }
    absl::StatusOr<std::string> stix_id = IntrusionSetId(object);
    if (!stix_id.ok()) {
      skip({where, std::string(stix_id.status().message())});
      continue;
    }
    absl::StrAppend(&where, " (", *stix_id, ")");
    const auto [first, inserted] = first_index_of.emplace(*stix_id, i);
    if (!inserted) {
      skip({where, absl::StrCat("\"id\": repeats objects[", first->second, "]")});
      continue;
    }
    absl::StatusOr<aka::v1::Entity> entity = IntrusionSetToEntity(object, *stix_id, index, where, skip);
    if (!entity.ok()) {
      skip({where, std::string(entity.status().message())});
      continue;
    }
    ++counts->intrusion_sets;
    sent.insert(*stix_id);
    RETURN_IF_ERROR(sink(*std::move(entity)));
  }

  std::map<std::string, std::string> revoked_by;  // source stix id -> where its revocation was read
  for (const size_t i : relationships) {
    const std::string where = absl::StrCat(path, ":objects[", i, "]");
    absl::StatusOr<std::optional<StixRevocation>> revocation = RevocationOf(objects[i], sent);
    if (revocation.ok() && revocation->has_value()) {
      const auto [earlier, inserted] = revoked_by.emplace((*revocation)->source_stix_id, where);
      if (!inserted) {
        revocation = absl::InvalidArgumentError(
            absl::StrCat("\"source_ref\": already revoked by the relationship at ", earlier->second));
      }
    }
    if (!revocation.ok()) {
      skip({absl::StrCat(where, " (", StringOrEmpty(objects[i], "id"), ")"),
            std::string(revocation.status().message())});
      continue;
    }
    if (!revocation->has_value()) {
      ++counts->other_objects["relationship"];
      continue;
    }
    (*revocation)->where = where;
    ++counts->revocations;
    if (revoked) revoked(**revocation);
  }
  return absl::OkStatus();
}

}  // namespace aka::formats
