#include "tools/eval/eval_runner.h"

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "formats/entity_source.h"

namespace aka::eval {
namespace {

namespace fs = std::filesystem;

std::string DevPath(const EvalPaths& paths, const std::string& set) {
  return (fs::path(paths.shared_data_dir) / "dev" / (set + ".jsonl")).string();
}

std::string CrossScriptPath(const EvalPaths& paths) {
  return (fs::path(paths.shared_data_dir) / "cross-script" / "cross_script_pairs.csv").string();
}

// Streams `entities` into Import and logs the server's counts.
absl::Status ImportAll(Client& client, const std::string& what, std::vector<aka::v1::Entity> entities,
                       std::ostream& log) {
  size_t next = 0;
  ASSIGN_OR_RETURN(const aka::v1::ImportResponse response, client.Import([&](aka::v1::Entity* entity) {
    if (next == entities.size()) return false;
    *entity = std::move(entities[next++]);
    return true;
  }));
  log << absl::StrFormat("prepare %s: %d created, %d updated, %d unchanged, %d rejected\n", what,
                         response.created(), response.updated(), response.unchanged(), response.rejected());
  for (const aka::v1::ImportRejection& rejection : response.rejections()) {
    log << "  rejected " << rejection.canonical_name() << ": " << rejection.reason() << "\n";
  }
  return absl::OkStatus();
}

// "E0001 "APT31" (misp=...) 0.93 NORMALIZED via "APT 31"" for the misses file.
std::string DescribeCandidate(const aka::v1::Candidate& candidate, const GoldRow& row) {
  std::string ids;
  for (const auto& [key, value] : candidate.external_ids()) {
    if (key == "mitre") continue;
    absl::StrAppend(&ids, ids.empty() ? "" : ",", key, "=", value);
  }
  return absl::StrFormat("%s \"%s\" [%s] %.3f %s via \"%s\"", candidate.entity_id(), candidate.canonical_name(),
                         ids, candidate.score(), aka::v1::MatchKind_Name(candidate.match_kind()),
                         candidate.matched_name());
}

}  // namespace

const std::vector<std::string>& AllSetNames() {
  static const auto* const kSets = new std::vector<std::string>{
      "required", "threat_actor_aliases", "ofac_name_variants", "cjk_org_names", "cross_script_pairs", "negatives"};
  return *kSets;
}

absl::StatusOr<std::vector<GoldRow>> LoadSets(const EvalPaths& paths, const std::vector<std::string>& sets) {
  std::vector<GoldRow> rows;
  for (const std::string& set : sets) {
    std::vector<GoldRow> more;
    if (set == "cross_script_pairs") {
      ASSIGN_OR_RETURN(const std::vector<CrossScriptPair> pairs, ReadCrossScriptPairs(CrossScriptPath(paths)));
      more = CrossScriptRows(pairs);
    } else if (set == "required") {
      ASSIGN_OR_RETURN(more, ReadRequired(paths.required_file));
    } else if (set == "negatives") {
      ASSIGN_OR_RETURN(more, ReadNegatives(paths.negatives_file));
    } else {
      ASSIGN_OR_RETURN(more, ReadDevSet(DevPath(paths, set), set, paths.typed));
    }
    rows.insert(rows.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  return rows;
}

absl::Status PrepareDatabase(Client& client, const EvalPaths& paths, std::ostream& log) {
  const std::string galaxy =
      (fs::path(paths.shared_data_dir) / "misp-galaxy" / "china-defence-universities.json").string();
  std::vector<aka::v1::Entity> universities;
  int skipped = 0;
  RETURN_IF_ERROR(formats::ReadMispGalaxy(
      galaxy,
      [&](aka::v1::Entity entity) {
        universities.push_back(std::move(entity));
        return absl::OkStatus();
      },
      [&](const formats::SkippedRecord&) { ++skipped; }));
  if (skipped > 0) log << "prepare china-defence-universities: " << skipped << " records skipped by the reader\n";
  RETURN_IF_ERROR(ImportAll(client, "china-defence-universities", std::move(universities), log));

  ASSIGN_OR_RETURN(const std::vector<CrossScriptPair> pairs, ReadCrossScriptPairs(CrossScriptPath(paths)));
  std::vector<aka::v1::Entity> people;
  for (size_t i = 0; i < pairs.size(); ++i) {
    const std::string id = CrossScriptEntityId(pairs, i);
    if (id != absl::StrCat(i)) continue;  // the same Latin name as an earlier pair: one entity
    aka::v1::Entity person;
    person.set_type("person");
    person.set_canonical_name(pairs[i].latin);
    (*person.mutable_external_ids())[kCrossScriptIdKey] = id;
    people.push_back(std::move(person));
  }
  return ImportAll(client, "cross-script persons", std::move(people), log);
}

void ApplyReferenceAnswers(std::vector<GoldRow>* rows, double match_threshold,
                           const std::function<const aka::v1::ResolveResponse*(size_t row)>& reference) {
  for (size_t i = 0; i < rows->size(); ++i) {
    const aka::v1::ResolveResponse* response = reference(i);
    if (response == nullptr) continue;
    int holders = 0;
    for (const aka::v1::Candidate& candidate : response->candidates()) {
      if (candidate.score() + 1e-9 >= match_threshold) ++holders;
    }
    if (holders >= 2) (*rows)[i].ambiguous = true;
  }
}

absl::StatusOr<TallyTable> RunSets(Client& client, const std::vector<GoldRow>& input, const RunOptions& options) {
  // Reference queries first: they decide which rows may be answered AMBIGUOUS.
  std::vector<GoldRow> rows = input;
  std::vector<size_t> with_reference;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!rows[i].reference_query.empty()) with_reference.push_back(i);
  }
  std::vector<aka::v1::ResolveResponse> references(rows.size());
  std::vector<bool> answered(rows.size(), false);
  for (size_t i : with_reference) {
    aka::v1::ResolveRequest request;
    request.set_name(rows[i].reference_query);
    request.set_max_candidates(options.max_candidates);
    for (const std::string& type : rows[i].types) request.add_types(type);
    ASSIGN_OR_RETURN(references[i], client.Resolve(request));
    answered[i] = true;
  }
  ApplyReferenceAnswers(&rows, options.match_threshold,
                        [&](size_t i) { return answered[i] ? &references[i] : nullptr; });

  // One ResolveAll job per distinct types filter (it is a job-wide option); answers keep row order per job.
  std::map<std::vector<std::string>, std::vector<size_t>> jobs;
  for (size_t i = 0; i < rows.size(); ++i) jobs[rows[i].types].push_back(i);

  TallyTable table;
  for (const auto& [types, indexes] : jobs) {
    ResolveAllOptions all;
    all.types = types;
    all.max_candidates = options.max_candidates;
    all.streams = options.streams;
    std::vector<std::string> names;
    names.reserve(indexes.size());
    for (size_t index : indexes) names.push_back(rows[index].query);
    RETURN_IF_ERROR(client.ResolveAll(names, all, [&](size_t i, const aka::v1::ResolveResponse& response) {
      const GoldRow& row = rows[indexes[i]];
      if (response.has_error()) {
        AddErrorToTable(row, &table);
        if (options.misses != nullptr) {
          *options.misses << row.set << "\t" << row.kind << "\terror\t" << row.query << "\t"
                          << response.error().message() << "\n";
        }
        return true;
      }
      const Verdict verdict = Grade(row, response, options.ambiguity_margin);
      AddToTable(row, verdict, &table);
      if (options.misses != nullptr && verdict != Verdict::kCorrect) {
        *options.misses << row.set << "\t" << row.kind << "\t" << VerdictName(verdict) << "\t"
                        << aka::v1::Outcome_Name(response.outcome()) << "\t\"" << row.query << "\" -> \""
                        << row.expected_name << "\" (" << row.expected_id_key << "=" << row.expected_id_value
                        << (row.ambiguous ? ", ambiguous" : "") << ")\n";
        for (int c = 0; c < response.candidates_size() && c < 3; ++c) {
          *options.misses << "\t\t" << DescribeCandidate(response.candidates(c), row) << "\n";
        }
      }
      return true;
    }));
  }
  return table;
}

}  // namespace aka::eval
