#include "tools/eval/gold_set.h"

#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "nlohmann/json.hpp"

namespace aka::eval {
namespace {

using Json = nlohmann::json;

std::string StringMember(const Json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

// Calls `row` with each parsed line of a JSON-lines file; blank lines are skipped.
absl::Status ForEachJsonLine(const std::string& path, const std::function<absl::Status(const Json&)>& row) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    Json parsed;
    try {
      // allow_exceptions=false still throws out_of_range for a number too large for a double.
      parsed = Json::parse(line, nullptr, /*allow_exceptions=*/false);
    } catch (const Json::exception&) {
      parsed = Json(Json::value_t::discarded);
    }
    if (parsed.is_discarded() || !parsed.is_object()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ":", number, ": not a JSON object"));
    }
    if (absl::Status status = row(parsed); !status.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ":", number, ": ", status.message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace

bool IsNegative(const GoldRow& row) { return row.expected_id_key.empty(); }

absl::StatusOr<std::vector<GoldRow>> ReadDevSet(const std::string& path, const std::string& set, bool typed) {
  const bool ofac = set == "ofac_name_variants";
  if (!ofac && set != "threat_actor_aliases" && set != "cjk_org_names") {
    return absl::InvalidArgumentError(absl::StrCat("unknown dev set \"", set, "\""));
  }
  std::vector<GoldRow> rows;
  absl::Status status = ForEachJsonLine(path, [&](const Json& line) -> absl::Status {
    GoldRow row;
    row.set = set;
    row.kind = StringMember(line, "kind");
    row.query = StringMember(line, "query");
    row.expected_name = StringMember(line, "expected");
    row.expected_id_key = ofac ? "ofac" : "misp";
    // An analyst resolving actor names asks for actors: the same group is often also an OFAC organisation
    // ("Kimsuky" / "KIMSUKY"), and without the filter that is an honest AMBIGUOUS.
    if (set == "threat_actor_aliases" && typed) row.types = {"threat_actor"};
    row.expected_id_value = StringMember(line, ofac ? "ofac_ent_num" : "misp_uuid");
    const auto ambiguous = line.find("ambiguous");
    row.ambiguous = ambiguous != line.end() && ambiguous->is_boolean() && ambiguous->get<bool>();
    const auto claimants = line.find("also_listed_by_misp_clusters");
    if (row.ambiguous && claimants != line.end() && claimants->is_array()) {
      for (const Json& name : *claimants) {
        if (name.is_string()) row.other_claimants.push_back(name.get<std::string>());
      }
    }
    if (row.query.empty() || row.expected_id_value.empty() || row.kind.empty()) {
      return absl::InvalidArgumentError("needs \"query\", \"kind\" and the expected id");
    }
    rows.push_back(std::move(row));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return rows;
}

absl::StatusOr<std::vector<CrossScriptPair>> ReadCrossScriptPairs(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::vector<CrossScriptPair> pairs;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    const absl::string_view text = absl::StripAsciiWhitespace(line);
    if (text.empty() || text[0] == '#') continue;
    // No field of this file is quoted or holds a comma (the names are single words or "Given Family").
    const std::vector<std::string> fields = absl::StrSplit(text, ',');
    if (fields.size() < 2 || fields[0].empty() || fields[1].empty()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ":", number, ": expected \"query,latin,...\""));
    }
    pairs.push_back({fields[0], fields[1]});
  }
  return pairs;
}

std::string CrossScriptEntityId(const std::vector<CrossScriptPair>& pairs, size_t index) {
  for (size_t i = 0; i < index; ++i) {
    if (pairs[i].latin == pairs[index].latin) return absl::StrCat(i);
  }
  return absl::StrCat(index);
}

std::vector<GoldRow> CrossScriptRows(const std::vector<CrossScriptPair>& pairs) {
  std::vector<GoldRow> rows;
  for (size_t i = 0; i < pairs.size(); ++i) {
    GoldRow row;
    row.set = "cross_script_pairs";
    row.kind = "cross_script";
    row.query = pairs[i].query;
    row.expected_name = pairs[i].latin;
    row.expected_id_key = kCrossScriptIdKey;
    row.expected_id_value = CrossScriptEntityId(pairs, i);
    row.types = {"person"};
    row.reference_query = pairs[i].latin;
    rows.push_back(std::move(row));
  }
  return rows;
}

absl::StatusOr<std::vector<GoldRow>> ReadRequired(const std::string& path) {
  std::vector<GoldRow> rows;
  absl::Status status = ForEachJsonLine(path, [&](const Json& line) -> absl::Status {
    GoldRow row;
    row.set = "required";
    row.kind = StringMember(line, "kind");
    row.query = StringMember(line, "query");
    row.expected_name = StringMember(line, "expected");
    row.expected_id_key = StringMember(line, "id_key");
    row.expected_id_value = StringMember(line, "id_value");
    row.ambiguous = line.value("ambiguous", false);
    row.must_be_ambiguous = line.value("require_ambiguous", false);
    if (row.query.empty() || row.expected_id_key.empty() || row.expected_id_value.empty()) {
      return absl::InvalidArgumentError("needs \"query\", \"id_key\" and \"id_value\"");
    }
    rows.push_back(std::move(row));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return rows;
}

absl::StatusOr<std::vector<GoldRow>> ReadNegatives(const std::string& path) {
  std::vector<GoldRow> rows;
  absl::Status status = ForEachJsonLine(path, [&](const Json& line) -> absl::Status {
    GoldRow row;
    row.set = "negatives";
    row.kind = absl::StrCat("negative/", StringMember(line, "category"));
    row.query = StringMember(line, "query");
    row.expected_name = StringMember(line, "looks_like");
    if (row.query.empty()) return absl::InvalidArgumentError("needs \"query\"");
    rows.push_back(std::move(row));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return rows;
}

}  // namespace aka::eval
