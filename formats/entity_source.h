// Readers that turn data sets (MISP galaxy clusters, the OFAC SDN list, aka's own JSON lines) into
// aka.v1.Entity messages, and the JSON-lines writer `aka export` uses. Depends on proto/ only, so that both
// akad (loading the bundled default data) and the aka CLI (import/export) use the same code.
#ifndef AKA_FORMATS_ENTITY_SOURCE_H_
#define AKA_FORMATS_ENTITY_SOURCE_H_

#include <functional>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "aka/v1/entity.pb.h"

namespace aka::formats {

// Receives each entity read. Returning an error stops the read, which then returns that error. Readers call it
// on the calling thread, one entity at a time, in file order.
using EntitySink = std::function<absl::Status(aka::v1::Entity entity)>;

// A record the reader could not turn into an entity; reading goes on.
struct SkippedRecord {
  // "path:line" or "path:values[12]".
  std::string where;
  std::string reason;
};
// Every reader accepts a null SkipSink (skips are then dropped silently).
using SkipSink = std::function<void(const SkippedRecord&)>;

// The formats `aka import --format` accepts. kStix: a STIX 2.1 bundle (formats/stix_bundle_reader.h).
enum class Format { kMispGalaxy, kOfacSdn, kJsonl, kStix };

// Parses "misp-galaxy", "ofac-sdn", "jsonl", "stix"; INVALID_ARGUMENT listing the accepted names otherwise.
absl::StatusOr<Format> ParseFormat(absl::string_view name);

// Reads `path` in `format` (for kOfacSdn, a folder holding sdn.csv and alt.csv) and sends every entity to
// `sink`, in file order (for kStix without its revoked-by relationships: ReadStixBundle has those). Unreadable
// records go to `skipped` (may be null). Errors: NOT_FOUND (missing file), INVALID_ARGUMENT (not this format at
// all, with the position), or the sink's error.
absl::Status ReadEntities(Format format, const std::string& path, const EntitySink& sink,
                          const SkipSink& skipped = nullptr);

// MISP galaxy cluster file: each values[] element becomes one entity: canonical_name = value, aliases =
// meta.synonyms (source "misp", kind AKA, reference "misp-galaxy:<galaxy type>"; the value itself and
// repeats left out), external_ids["misp"] = uuid, external_ids["mitre"] = a G#### synonym or
// attack.mitre.org/groups/G#### ref if present and claimed by no other cluster of the file (an external id
// must identify one entity), attributes description (first 500 bytes), country, cfr-suspected-state-sponsor.
// Type from the galaxy's "type" (threat-actor, microsoft-activity-group, 360net[-threat-actor] ->
// threat_actor; others -> organization). An element without value or uuid, or an invalid name, is skipped
// with a reason; a file that is not JSON or has no "values" array is INVALID_ARGUMENT naming the path.
absl::Status ReadMispGalaxy(const std::string& path, const EntitySink& sink, const SkipSink& skipped);

// OFAC SDN legacy CSV folder: sdn.csv rows become entities in file order (SDN_Type individual -> person,
// vessel, aircraft, "-0-" -> organization), external_ids["ofac"] = ent_num as decimal text, attributes
// program, title, call_sign, vessel_type, vessel_flag, vessel_owner, remarks (each only when not "-0-";
// remarks cut to 500 bytes); alt.csv rows become aliases (source "ofac", reference "ofac:alt:<alt_num>",
// kind aka/fka/nka/weak aka) of the row with the same ent_num, and are skipped when there is none. Rows with
// an invalid name, ent_num or SDN_Type are skipped with "path:line" and a reason. CSV that is not RFC 4180
// (a stray quote) is INVALID_ARGUMENT with its line.
absl::Status ReadOfacSdn(const std::string& folder, const EntitySink& sink, const SkipSink& skipped);

// aka's own JSON lines: one aka.v1.Entity per line in proto3 JSON (as WriteJsonLine writes it; either field
// name spelling is accepted). Blank lines are ignored; a line that does not parse, or names an unknown
// field, is skipped as "path:LINE" with the parser's reason, and reading goes on.
absl::Status ReadJsonLines(const std::string& path, const EntitySink& sink, const SkipSink& skipped);

// Writes `entity` as one line of proto3 JSON with a trailing '\n': snake_case field names in field-number order,
// default values left out, UTF-8 unescaped. Deterministic: the same entity always gives the same bytes (map
// keys sorted), so export -> import -> export is byte-identical. UNAVAILABLE if the stream fails.
absl::Status WriteJsonLine(const aka::v1::Entity& entity, std::ostream& out);

}  // namespace aka::formats

#endif  // AKA_FORMATS_ENTITY_SOURCE_H_
