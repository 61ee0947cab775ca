// Gold sets for aka-eval: rows of (query, the entity it should resolve to) read from the dev data
// (../shared/data/dev, ../shared/data/cross-script) and the generated negatives (tools/eval/negatives.jsonl).
// Every row names its expected entity by an external id (misp uuid, OFAC ent_num, eval-cross-script index), never
// by a server-assigned entity id, so that a set can be graded against any database that imported the sources.
#ifndef AKA_TOOLS_EVAL_GOLD_SET_H_
#define AKA_TOOLS_EVAL_GOLD_SET_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace aka::eval {

// The external-id key under which --prepare imports the cross-script pairs' Latin names.
inline constexpr char kCrossScriptIdKey[] = "eval-cross-script";

struct GoldRow {
  // The set the row belongs to ("threat_actor_aliases", ...) and its kind within the set ("exact",
  // "spelling_variant", "different_name"; "negative/<category>" for negatives).
  std::string set;
  std::string kind;
  std::string query;
  // The name the gold expects (for reports only).
  std::string expected_name;
  // The expected entity: the one whose external_ids[expected_id_key] == expected_id_value. Both empty for a
  // negative row, whose only right answer is "not MATCHED".
  std::string expected_id_key;
  std::string expected_id_value;
  // Several entities legitimately claim the query (MISP gives the alias to more than one actor): an AMBIGUOUS
  // answer that includes the expected entity is then correct.
  bool ambiguous = false;
  // For an ambiguous row: the canonical names of the other entities that claim the query
  // (also_listed_by_misp_clusters). MATCHED to one of them is an abstention, not an error: the registry holds
  // the name for that entity only, and the gold itself says the name is shared.
  std::vector<std::string> other_claimants;
  // Only AMBIGUOUS (including the expected entity) is correct; MATCHED is wrong whatever the entity: the name
  // is shared and picking one would be confidently wrong ("Grizzly Steppe": APT28 and APT29).
  bool must_be_ambiguous = false;
  // When set, the row becomes `ambiguous` if this query (the expected name itself) finds two or more entities
  // at or above the match threshold: the registry then holds the expected name for several entities (the
  // cross-script "Kim Jong Un" is also OFAC's "KIM, Jong Un"), and a query in another script cannot be expected
  // to pick one.
  std::string reference_query;
  // Only entities of these types are asked for (empty: all). Cross-script rows ask for "person".
  std::vector<std::string> types;
};

bool IsNegative(const GoldRow& row);

// Reads a dev JSON-lines set. `set` names it and decides which id field is expected: threat_actor_aliases and
// cjk_org_names -> misp_uuid under "misp"; ofac_name_variants -> ofac_ent_num under "ofac". With `typed`,
// threat_actor_aliases rows ask for type threat_actor (the request's types filter), as an analyst resolving
// actor names would.
absl::StatusOr<std::vector<GoldRow>> ReadDevSet(const std::string& path, const std::string& set, bool typed);

// One cross-script pair: the name in its own script and its Latin form.
struct CrossScriptPair {
  std::string query;
  std::string latin;
};

// Reads cross_script_pairs.csv ('#' comment lines, "Query,Expected Match,Min Score,Description").
absl::StatusOr<std::vector<CrossScriptPair>> ReadCrossScriptPairs(const std::string& path);

// The external id value of the entity --prepare imports for pairs[index].latin: the index of the first pair
// with the same Latin name, so that a Latin name shared by two pairs ("Kim Jong Un" for 金正恩 and 김정은) is one
// entity, as it would be in any registry.
std::string CrossScriptEntityId(const std::vector<CrossScriptPair>& pairs, size_t index);

// Rows of the cross-script set (expected: the eval-cross-script entity of the pair; types: person).
std::vector<GoldRow> CrossScriptRows(const std::vector<CrossScriptPair>& pairs);

// Reads the required answers of issue 3 (tools/eval/required.jsonl: "query", "id_key", "id_value", "kind",
// optional "ambiguous" and "require_ambiguous").
absl::StatusOr<std::vector<GoldRow>> ReadRequired(const std::string& path);

// Reads the negatives file (JSON lines with "query" and "category").
absl::StatusOr<std::vector<GoldRow>> ReadNegatives(const std::string& path);

}  // namespace aka::eval

#endif  // AKA_TOOLS_EVAL_GOLD_SET_H_
