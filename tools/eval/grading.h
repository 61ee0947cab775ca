// Grading for aka-eval: how one answer of the service counts against one gold row, tallies per set and per kind,
// the report (a text table or JSON) and the quality targets of issue 3 checked against the tallies.
//
// Verdicts (docs/MATCHING.md, "Evaluation"):
//   positive rows (an expected entity):
//     correct  MATCHED and candidates[0] is the expected entity; or AMBIGUOUS, the row is `ambiguous` (several
//              entities legitimately hold the name) and the expected entity is in the tied group;
//     wrong    MATCHED to another entity (but see abstain); MATCHED at all on a row that must be AMBIGUOUS;
//     abstain  MATCHED, on an ambiguous row, to one of the row's other claimants (another entity the gold says
//              holds the same name); NO_MATCH; or AMBIGUOUS otherwise (with or without the expected entity: the service declined
//              to pick, which is never confidently wrong).
//   negative rows (no entity holds the name):
//     correct  NO_MATCH;  wrong  MATCHED (any entity);  abstain  AMBIGUOUS.
// The tied group of an AMBIGUOUS answer: the leading candidates scoring within `ambiguity_margin` of the first
// (resolver.proto: tied entities lead the list).
#ifndef AKA_TOOLS_EVAL_GRADING_H_
#define AKA_TOOLS_EVAL_GRADING_H_

#include <map>
#include <string>
#include <vector>

#include "aka/v1/resolver.pb.h"
#include "tools/eval/gold_set.h"

namespace aka::eval {

enum class Verdict { kCorrect, kWrong, kAbstain };

const char* VerdictName(Verdict verdict);

// Grades `response` (a successful answer) for `row`.
Verdict Grade(const GoldRow& row, const aka::v1::ResolveResponse& response, double ambiguity_margin);

struct Tally {
  int correct = 0;
  int wrong = 0;
  int abstain = 0;
  // Rows the service refused (an item error): counted apart, and as a failure of every target.
  int errors = 0;

  int total() const { return correct + wrong + abstain + errors; }
  void Add(Verdict verdict);
};

// Tallies keyed by set, then by kind ("*" is the whole set).
using TallyTable = std::map<std::string, std::map<std::string, Tally>>;

// Adds one graded row to its set's kind and to the set's "*" total.
void AddToTable(const GoldRow& row, Verdict verdict, TallyTable* table);
void AddErrorToTable(const GoldRow& row, TallyTable* table);

// A fixed-width table: set, kind, n, correct, wrong, abstain, errors, rates.
std::string FormatTable(const TallyTable& table);
// The same numbers as a JSON object {"sets": {set: {kind: {n, correct, wrong, abstain, errors, ...}}}}.
std::string FormatJson(const TallyTable& table);

// One quality target of issue 3 and whether the tallies meet it.
struct TargetResult {
  std::string description;
  bool met = false;
  std::string actual;
};

// The dev-set targets: threat_actor_aliases exact + spelling_variant >= 99% correct, different_name <= 2%
// wrong; ofac_name_variants >= 97% correct and <= 1% wrong; cross_script_pairs >= 18 correct of 22; negatives
// <= 1% MATCHED; every required answer (tools/eval/required.jsonl) correct. Targets whose set is absent from `table` are not listed.
std::vector<TargetResult> CheckTargets(const TallyTable& table);

}  // namespace aka::eval

#endif  // AKA_TOOLS_EVAL_GRADING_H_
