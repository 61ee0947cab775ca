// STIX 2.1 bundles (as MITRE ATT&CK publishes enterprise-attack.json) -> threat-actor entities, plus the
// bundle's `revoked-by` relationships between intrusion-sets, which `aka import --format stix` turns into
// merges once the entities are stored. Depends on proto/ and common/ only, like the other readers.
#ifndef AKA_FORMATS_STIX_BUNDLE_READER_H_
#define AKA_FORMATS_STIX_BUNDLE_READER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "absl/status/status.h"
#include "formats/entity_source.h"

namespace aka::formats {

// External-id keys the reader sets. "mitre" is the key the MISP reader uses for the same G#### ids, so an
// actor imported from both lands on one entity.
inline constexpr char kStixIdKey[] = "stix";
inline constexpr char kMitreIdKey[] = "mitre";

// One `revoked-by` relationship between two intrusion-sets of the bundle: `source_stix_id` was replaced by
// `target_stix_id`. Both name intrusion-sets the reader sent to the entity sink (with external_ids["stix"]
// equal to these ids).
struct StixRevocation {
  std::string source_stix_id;
  std::string target_stix_id;
  // "path:objects[12]": the relationship object, for messages.
  std::string where;
};
using StixRevocationSink = std::function<void(const StixRevocation&)>;

// What the reader did with the bundle's objects besides the entities and skips it reported.
struct StixBundleCounts {
  int64_t intrusion_sets = 0;
  int64_t revocations = 0;
  // Objects of other types (attack-pattern, malware, identity, relationships other than revoked-by between
  // intrusion-sets, ...), by type: not errors, just not actors.
  std::map<std::string, int64_t> other_objects;
};

// Reads a STIX 2.1 bundle ({"type": "bundle", "objects": [...]}; the whole file is parsed at once: ATT&CK's
// bundle is ~40 MB). Each intrusion-set becomes one entity, in file order:
// - type "threat_actor", canonical_name = name; aliases = the `aliases` array (the name itself and repeats
//   left out), kind AKA, source "mitre-attack" when the object has an external reference with that
//   source_name, else the name of the identity its created_by_ref names in the bundle, else "stix";
//   reference = the mitre-attack reference's url, else the object's id;
// - external_ids["stix"] = id, external_ids["mitre"] = the mitre-attack external_id when it is a G#### group
//   id claimed by no other intrusion-set of the bundle;
// - attributes description (first 500 bytes), "deprecated" = "true" for x_mitre_deprecated, "revoked" =
//   "true" for revoked, except on the source of a revoked-by relationship: it is still sent (so that its
//   merge has a source) but unmarked, because a merge gives the target the attributes it lacks.
// Each relationship {relationship_type "revoked-by", source_ref and target_ref intrusion-sets} goes to
// `revoked` (may be null) after all entities were sent. Other objects are counted in `counts` (may be null).
// An intrusion-set without a valid id or name, a repeated id, or a revoked-by relationship naming an
// intrusion-set that is not in the bundle (or was skipped) is skipped with "path:objects[i]" and the
// object's id, the field and why; a bad alias is skipped alone. NOT_FOUND for a missing file;
// INVALID_ARGUMENT naming the path when the file is not JSON, not a bundle, or has no "objects" array.
absl::Status ReadStixBundle(const std::string& path, const EntitySink& sink, const SkipSink& skipped,
                            const StixRevocationSink& revoked, StixBundleCounts* counts);

}  // namespace aka::formats

#endif  // AKA_FORMATS_STIX_BUNDLE_READER_H_
