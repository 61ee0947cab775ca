#include "tools/eval/grading.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "nlohmann/json.hpp"

namespace aka::eval {
namespace {

bool IsExpected(const GoldRow& row, const aka::v1::Candidate& candidate) {
  const auto it = candidate.external_ids().find(row.expected_id_key);
  return it != candidate.external_ids().end() && it->second == row.expected_id_value;
}

double Rate(int part, int total) { return total == 0 ? 0.0 : static_cast<double>(part) / total; }

const Tally* Find(const TallyTable& table, const std::string& set, const std::string& kind) {
  const auto s = table.find(set);
  if (s == table.end()) return nullptr;
  const auto k = s->second.find(kind);
  return k == s->second.end() ? nullptr : &k->second;
}

std::string Percent(double rate) { return absl::StrFormat("%.1f%%", 100.0 * rate); }

}  // namespace

const char* VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kCorrect:
      return "correct";
    case Verdict::kWrong:
      return "wrong";
    case Verdict::kAbstain:
      return "abstain";
  }
  return "unknown";
}

Verdict Grade(const GoldRow& row, const aka::v1::ResolveResponse& response, double ambiguity_margin) {
  const bool negative = IsNegative(row);
  switch (response.outcome()) {
    case aka::v1::MATCHED:
      if (negative) return Verdict::kWrong;
      if (response.candidates().empty() || row.must_be_ambiguous) return Verdict::kWrong;
      if (IsExpected(row, response.candidates(0))) return Verdict::kCorrect;
      for (const std::string& claimant : row.other_claimants) {
        if (response.candidates(0).canonical_name() == claimant) return Verdict::kAbstain;
      }
      return Verdict::kWrong;
    case aka::v1::AMBIGUOUS: {
      if (negative || !row.ambiguous || response.candidates().empty()) return Verdict::kAbstain;
      const double floor = response.candidates(0).score() - ambiguity_margin - 1e-9;
      for (const aka::v1::Candidate& candidate : response.candidates()) {
        if (candidate.score() < floor) break;
        if (IsExpected(row, candidate)) return Verdict::kCorrect;
      }
      return Verdict::kAbstain;
    }
    default:
      return negative ? Verdict::kCorrect : Verdict::kAbstain;
  }
}

void Tally::Add(Verdict verdict) {
  switch (verdict) {
    case Verdict::kCorrect:
      ++correct;
      break;
    case Verdict::kWrong:
      ++wrong;
      break;
    case Verdict::kAbstain:
      ++abstain;
      break;
  }
}

void AddToTable(const GoldRow& row, Verdict verdict, TallyTable* table) {
  (*table)[row.set][row.kind].Add(verdict);
  (*table)[row.set]["*"].Add(verdict);
}

void AddErrorToTable(const GoldRow& row, TallyTable* table) {
  ++(*table)[row.set][row.kind].errors;
  ++(*table)[row.set]["*"].errors;
}

std::string FormatTable(const TallyTable& table) {
  std::string out = absl::StrFormat("%-22s %-28s %5s %7s %6s %7s %6s %8s %8s %8s\n", "set", "kind", "n", "correct",
                                    "wrong", "abstain", "errors", "correct%", "wrong%", "abstain%");
  for (const auto& [set, kinds] : table) {
    for (const auto& [kind, tally] : kinds) {
      const int n = tally.total();
      absl::StrAppendFormat(&out, "%-22s %-28s %5d %7d %6d %7d %6d %8s %8s %8s\n", set,
                            kind == "*" ? "(all)" : kind, n, tally.correct, tally.wrong, tally.abstain, tally.errors,
                            Percent(Rate(tally.correct, n)), Percent(Rate(tally.wrong, n)),
                            Percent(Rate(tally.abstain, n)));
    }
  }
  return out;
}

std::string FormatJson(const TallyTable& table) {
  nlohmann::json sets = nlohmann::json::object();
  for (const auto& [set, kinds] : table) {
    for (const auto& [kind, tally] : kinds) {
      const int n = tally.total();
      sets[set][kind == "*" ? "all" : kind] = {
          {"n", n},
          {"correct", tally.correct},
          {"wrong", tally.wrong},
          {"abstain", tally.abstain},
          {"errors", tally.errors},
          {"correct_rate", Rate(tally.correct, n)},
          {"wrong_rate", Rate(tally.wrong, n)},
          {"abstain_rate", Rate(tally.abstain, n)},
      };
    }
  }
  nlohmann::json targets = nlohmann::json::array();
  for (const TargetResult& target : CheckTargets(table)) {
    targets.push_back({{"target", target.description}, {"met", target.met}, {"actual", target.actual}});
  }
  return nlohmann::json{{"sets", sets}, {"targets", targets}}.dump(1);
}

std::vector<TargetResult> CheckTargets(const TallyTable& table) {
  std::vector<TargetResult> results;
  const std::string actors = "threat_actor_aliases";
  if (table.count(actors) > 0) {
    // exact and spelling_variant together: the rows a resolver must get right.
    Tally sure;
    for (const char* kind : {"exact", "spelling_variant"}) {
      if (const Tally* tally = Find(table, actors, kind)) {
        sure.correct += tally->correct;
        sure.wrong += tally->wrong;
        sure.abstain += tally->abstain;
        sure.errors += tally->errors;
      }
    }
    const double correct = Rate(sure.correct, sure.total());
    results.push_back({"threat_actor_aliases exact+spelling_variant correct >= 99%", correct >= 0.99,
                       absl::StrCat(sure.correct, "/", sure.total(), " = ", Percent(correct))});
    if (const Tally* other = Find(table, actors, "different_name")) {
      const double wrong = Rate(other->wrong + other->errors, other->total());
      results.push_back({"threat_actor_aliases different_name wrong <= 2%", wrong <= 0.02,
                         absl::StrCat(other->wrong, "/", other->total(), " = ", Percent(wrong))});
    }
  }
  if (const Tally* ofac = Find(table, "ofac_name_variants", "*")) {
    const double correct = Rate(ofac->correct, ofac->total());
    const double wrong = Rate(ofac->wrong + ofac->errors, ofac->total());
    results.push_back({"ofac_name_variants correct >= 97%", correct >= 0.97,
                       absl::StrCat(ofac->correct, "/", ofac->total(), " = ", Percent(correct))});
    results.push_back({"ofac_name_variants wrong <= 1%", wrong <= 0.01,
                       absl::StrCat(ofac->wrong, "/", ofac->total(), " = ", Percent(wrong))});
  }
  if (const Tally* required = Find(table, "required", "*")) {
    results.push_back({"required answers of issue 3 all correct", required->correct == required->total(),
                       absl::StrCat(required->correct, "/", required->total())});
  }
  if (const Tally* cross = Find(table, "cross_script_pairs", "*")) {
    results.push_back({"cross_script_pairs correct >= 18 of 22", cross->correct >= 18,
                       absl::StrCat(cross->correct, "/", cross->total())});
  }
  if (const Tally* negatives = Find(table, "negatives", "*")) {
    const double matched = Rate(negatives->wrong + negatives->errors, negatives->total());
    results.push_back({"negatives MATCHED <= 1%", matched <= 0.01,
                       absl::StrCat(negatives->wrong, "/", negatives->total(), " = ", Percent(matched))});
  }
  return results;
}

}  // namespace aka::eval
