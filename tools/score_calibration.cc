// score-calibration: replays the gold sets through the scoring and decision stages in memory, without a server
// or a database, over every threshold in a range, and prints the correct / wrong / abstain table of each. This
// is how the MATCHED threshold and the AMBIGUOUS margin of docs/MATCHING.md were chosen: the lowest threshold
// at which the negatives and the different-name rows stop being answered wrongly, checked against what it costs
// on the positive rows. Retrieval is approximated the way the service's index does it (equality keys, then
// distinctive tokens and their deletion neighbourhoods), so the scores are those the service computes; the
// service itself is measured with aka-eval.
//
//   score-calibration [--from 0.70 --to 0.90 --step 0.02] [--margin 0.05] [--sets a,b] [--misses FILE]
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/fuzzy_keys.h"
#include "core/name_features.h"
#include "core/name_keys.h"
#include "core/similarity.h"
#include "formats/default_data.h"
#include "formats/entity_source.h"
#include "resolve/cross_script_candidates.h"
#include "resolve/decision.h"
#include "resolve/name_analysis_cache.h"
#include "resolve/name_pair_score.h"
#include "resolve/name_variants.h"
#include "resolve/query_forms.h"
#include "resolve/transliteration_skeleton.h"
#include "tools/eval/eval_runner.h"

ABSL_FLAG(std::string, data_dir, AKA_SHARED_DATA_DIR, "the shared data folder");
ABSL_FLAG(std::string, bundled_dir, AKA_BUNDLED_DATA_DIR, "akad's default data (data/)");
ABSL_FLAG(std::string, sets, "", "comma-separated sets; empty: all");
ABSL_FLAG(double, from, 0.70, "lowest threshold");
ABSL_FLAG(double, to, 0.90, "highest threshold");
ABSL_FLAG(double, step, 0.02, "threshold step");
ABSL_FLAG(double, margin, 0.05, "ambiguity margin");
ABSL_FLAG(std::string, misses, "", "rows not correct at --misses_threshold, with their top candidates");
ABSL_FLAG(std::string, show, "", "print the normalized tokens and script of these names (comma-separated) and exit");
ABSL_FLAG(double, misses_threshold, 0.80, "threshold for --misses");

namespace {

using aka::v1::Entity;

// Tokens seen in more names than this identify nothing and are not followed (like the store's cap).
constexpr size_t kMaxTokenEntities = 2000;

struct Index {
  std::vector<Entity> entities;
  // Equality keys (kind byte + value) -> (entity, name index: -1 canonical) with the strongest kind first.
  absl::flat_hash_map<std::string, std::vector<std::pair<int, int>>> keys;
  // Distinctive token -> entities; fuzzy deletion key -> tokens.
  absl::flat_hash_map<std::string, std::vector<int>> tokens;
  absl::flat_hash_map<std::string, std::vector<std::string>> deletions;
  // Consonant skeleton of each Latin name (compact) -> entities: the key space cross-script queries need.
  absl::flat_hash_map<std::string, std::vector<int>> skeletons;
  aka::core::TokenStatistics statistics;
};

const std::string& NameOf(const Entity& entity, int name) {
  return name < 0 ? entity.canonical_name() : entity.aliases(name).name();
}

void AddEntity(const aka::core::Normalizer& normalizer, Entity entity, Index* index) {
  const int id = static_cast<int>(index->entities.size());
  for (int name = -1; name < entity.aliases_size(); ++name) {
    const aka::core::NormalizedName normalized = normalizer.Normalize(NameOf(entity, name));
    index->statistics.AddName(normalized.tokens);
    for (const aka::core::NameKey& key : aka::core::SkeletonIndexKeys(normalized)) {
      index->skeletons[key.value].push_back(id);
    }
    for (const aka::core::NameKey& key : aka::core::IndexKeys(normalized)) {
      index->keys[std::string(1, static_cast<char>(key.kind)) + key.value].push_back({id, name});
    }
    for (const std::string& token : normalized.tokens) {
      if (!aka::core::IsFuzzyKeyToken(token)) continue;
      std::vector<int>& owners = index->tokens[token];
      if (owners.empty()) {
        for (const std::string& key : aka::core::FuzzyTokenKeys(token)) index->deletions[key].push_back(token);
      }
      if (owners.empty() || owners.back() != id) owners.push_back(id);
    }
  }
  index->entities.push_back(std::move(entity));
}

// Entities whose names share a distinctive token with `query`, or a token within the typo budget.
std::set<int> TokenCandidates(const Index& index, const aka::core::NameAnalysis& query) {
  std::set<int> found;
  for (const std::string& token : query.parts.name_tokens) {
    if (!aka::core::IsFuzzyKeyToken(token)) continue;
    std::set<std::string> similar;
    for (const std::string& key : aka::core::FuzzyTokenKeys(token)) {
      const auto it = index.deletions.find(key);
      if (it == index.deletions.end()) continue;
      for (const std::string& other : it->second) {
        const int budget = aka::core::MaxEditsForLength(std::max(token.size(), other.size()));
        if (aka::core::BoundedEditDistance(token, other, budget) <= budget) similar.insert(other);
      }
    }
    for (const std::string& other : similar) {
      const auto it = index.tokens.find(other);
      if (it == index.tokens.end() || it->second.size() > kMaxTokenEntities) continue;
      found.insert(it->second.begin(), it->second.end());
    }
  }
  return found;
}

// Entities whose Latin names share a skeleton key with a query in a script with lossy romanisation (the store's
// kSkeleton key space, resolve/cross_script_candidates.h).
void SkeletonCandidates(const Index& index, const aka::core::NameAnalysis& query, std::set<int>* found) {
  if (!aka::core::HasLossyRomanization(query.script)) return;
  for (const std::string& token : query.parts.name_tokens) {
    if (aka::core::ConsonantSkeleton(token).empty()) return;
  }
  for (const aka::core::NameKey& key : aka::core::SkeletonKeys(query.normalized)) {
    const auto it = index.skeletons.find(key.value);
    if (it != index.skeletons.end() && it->second.size() <= kMaxTokenEntities) {
      found->insert(it->second.begin(), it->second.end());
    }
  }
}

// Entities holding a name equal to `form` under an equality key.
void EqualityCandidates(const Index& index, const aka::core::NormalizedName& form, std::set<int>* found) {
  for (const aka::core::NameKey& key : aka::core::QueryKeys(form)) {
    const auto it = index.keys.find(std::string(1, static_cast<char>(key.kind)) + key.value);
    if (it == index.keys.end()) continue;
    for (const auto& hit : it->second) found->insert(hit.first);
  }
}

aka::v1::ResolveResponse Resolve(const Index& index, const aka::core::Normalizer& normalizer,
                                 aka::resolve::NameAnalysisCache& cache, const aka::eval::GoldRow& row,
                                 double threshold, double margin) {
  const aka::core::NameAnalysis query = aka::core::AnalyzeName(normalizer, row.query);
  // The strongest equality key per entity.
  std::map<int, std::pair<aka::core::KeyKind, int>> equal;
  for (const aka::core::NameKey& key : aka::core::QueryKeys(query.normalized)) {
    const auto it = index.keys.find(std::string(1, static_cast<char>(key.kind)) + key.value);
    if (it == index.keys.end()) continue;
    for (const auto& [entity, name] : it->second) equal.emplace(entity, std::make_pair(key.kind, name));
  }
  std::set<int> others = TokenCandidates(index, query);
  // Like the service: the skeleton key space only for lossy scripts, and only when no equality key hit.
  if (equal.empty()) SkeletonCandidates(index, query, &others);
  // Names equal to the designator-expanded query are scored by their features, like the service does.
  if (const auto expanded = aka::resolve::ExpandedQueryForm(query)) EqualityCandidates(index, *expanded, &others);
  std::vector<aka::v1::Candidate> candidates;
  auto consider = [&](int id, double score, int name) {
    const Entity& entity = index.entities[id];
    if (!row.types.empty() && std::find(row.types.begin(), row.types.end(), entity.type()) == row.types.end()) {
      return;
    }
    if (name >= 0 && entity.aliases(name).kind() == aka::v1::WEAK_AKA) score -= aka::resolve::kWeakAliasPenalty;
    aka::v1::Candidate candidate;
    candidate.set_entity_id(std::to_string(id));
    candidate.set_canonical_name(entity.canonical_name());
    candidate.set_type(entity.type());
    candidate.set_matched_name(NameOf(entity, name));
    candidate.set_score(std::max(0.0, score));
    candidate.mutable_external_ids()->insert(entity.external_ids().begin(), entity.external_ids().end());
    candidates.push_back(std::move(candidate));
  };
  for (const auto& [id, key] : equal) {
    others.erase(id);
    const auto stored = cache.Get(NameOf(index.entities[id], key.second));
    consider(id, aka::resolve::ScoreKeyEquality(key.first, query, stored->script, false).score, key.second);
  }
  // Korean and Japanese readings of Han / Hangul names are queries of their own, as in the service.
  const std::vector<aka::core::NameAnalysis> readings = aka::resolve::ReadingQueryForms(normalizer, query);
  std::vector<std::pair<const aka::core::NameAnalysis*, std::set<int>>> query_forms;
  query_forms.emplace_back(&query, std::move(others));
  for (const aka::core::NameAnalysis& reading : readings) {
    std::set<int> found;
    EqualityCandidates(index, reading.normalized, &found);
    SkeletonCandidates(index, reading, &found);
    query_forms.emplace_back(&reading, std::move(found));
  }
  for (const auto& [form_query, ids] : query_forms) {
    const aka::core::NameAnalysis& query = *form_query;
    const double query_mass = aka::resolve::QueryTokenMass(query, &index.statistics);
    for (int id : ids) {
      const Entity& entity = index.entities[id];
      double best = -1;
      int best_name = -1;
      for (int name = -1; name < entity.aliases_size(); ++name) {
        std::vector<std::string> forms = aka::resolve::ParenthesisedVariants(NameOf(entity, name));
        forms.insert(forms.begin(), NameOf(entity, name));
        double score = 0;
        for (const std::string& form : forms) {
          const auto stored = cache.Get(form);
          const aka::core::FeatureScores features = aka::core::CompareNames(query, *stored, &index.statistics);
          score = std::max(score, aka::resolve::ScoreFeatures(features, query, *stored, query_mass, false).score);
        }
        if (name >= 0 && entity.aliases(name).kind() == aka::v1::WEAK_AKA) score -= aka::resolve::kWeakAliasPenalty;
        if (score > best) best = score, best_name = name;
      }
      const bool weak = best_name >= 0 && entity.aliases(best_name).kind() == aka::v1::WEAK_AKA;
      consider(id, best + (weak ? aka::resolve::kWeakAliasPenalty : 0.0), best_name);
    }
  }
  aka::resolve::KeepBestPerEntity(&candidates);
  aka::resolve::OrderCandidates(&candidates);
  aka::v1::ResolveResponse response;
  response.set_outcome(aka::resolve::Decide(candidates, {threshold, margin}));
  for (size_t i = 0; i < candidates.size() && i < 5; ++i) *response.add_candidates() = candidates[i];
  return response;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  auto normalizer = aka::core::Normalizer::Create();
  if (!normalizer.ok()) {
    std::cerr << normalizer.status() << "\n";
    return 1;
  }
  if (!absl::GetFlag(FLAGS_show).empty()) {
    for (const std::string& name : std::vector<std::string>(absl::StrSplit(absl::GetFlag(FLAGS_show), ','))) {
      const aka::core::NameAnalysis analysis = aka::core::AnalyzeName(**normalizer, name);
      std::printf("%s -> \"%s\" tokens=\"%s\" script=%d\n", name.c_str(), analysis.normalized.normalized.c_str(),
                  absl::StrJoin(analysis.tokens, " ").c_str(), static_cast<int>(analysis.script));
    }
    return 0;
  }
  Index index;
  auto sink = [&](Entity entity) {
    AddEntity(**normalizer, std::move(entity), &index);
    return absl::OkStatus();
  };
  const aka::eval::EvalPaths paths{absl::GetFlag(FLAGS_data_dir), AKA_NEGATIVES_FILE, AKA_REQUIRED_FILE, true};
  absl::Status status = aka::formats::ReadDefaultData(absl::GetFlag(FLAGS_bundled_dir), sink, nullptr);
  if (status.ok()) {
    status = aka::formats::ReadMispGalaxy(paths.shared_data_dir + "/misp-galaxy/china-defence-universities.json",
                                          sink, nullptr);
  }
  auto pairs = aka::eval::ReadCrossScriptPairs(paths.shared_data_dir + "/cross-script/cross_script_pairs.csv");
  if (!status.ok() || !pairs.ok()) {
    std::cerr << (status.ok() ? pairs.status() : status) << "\n";
    return 1;
  }
  for (size_t i = 0; i < pairs->size(); ++i) {
    if (aka::eval::CrossScriptEntityId(*pairs, i) != std::to_string(i)) continue;
    Entity person;
    person.set_type("person");
    person.set_canonical_name((*pairs)[i].latin);
    (*person.mutable_external_ids())[aka::eval::kCrossScriptIdKey] = std::to_string(i);
    sink(std::move(person)).IgnoreError();
  }

  std::vector<std::string> sets = aka::eval::AllSetNames();
  if (!absl::GetFlag(FLAGS_sets).empty()) sets = absl::StrSplit(absl::GetFlag(FLAGS_sets), ',');
  auto rows = aka::eval::LoadSets(paths, sets);
  if (!rows.ok()) {
    std::cerr << rows.status() << "\n";
    return 1;
  }
  aka::resolve::NameAnalysisCache cache(normalizer->get(), 1 << 18);
  std::ofstream misses;
  if (!absl::GetFlag(FLAGS_misses).empty()) misses.open(absl::GetFlag(FLAGS_misses));
  const double margin = absl::GetFlag(FLAGS_margin);
  for (double threshold = absl::GetFlag(FLAGS_from); threshold <= absl::GetFlag(FLAGS_to) + 1e-9;
       threshold += absl::GetFlag(FLAGS_step)) {
    aka::eval::TallyTable table;
    std::vector<aka::v1::ResolveResponse> references(rows->size());
    for (size_t i = 0; i < rows->size(); ++i) {
      if ((*rows)[i].reference_query.empty()) continue;
      aka::eval::GoldRow reference = (*rows)[i];
      reference.query = reference.reference_query;
      references[i] = Resolve(index, **normalizer, cache, reference, threshold, margin);
    }
    std::vector<aka::eval::GoldRow> graded = *rows;  // reference answers depend on the threshold
    aka::eval::ApplyReferenceAnswers(&graded, threshold, [&](size_t i) {
      return (*rows)[i].reference_query.empty() ? nullptr : &references[i];
    });
    const bool write_misses = misses.is_open() && std::abs(threshold - absl::GetFlag(FLAGS_misses_threshold)) < 1e-6;
    for (const aka::eval::GoldRow& row : graded) {
      const aka::v1::ResolveResponse response = Resolve(index, **normalizer, cache, row, threshold, margin);
      const aka::eval::Verdict verdict = aka::eval::Grade(row, response, margin);
      aka::eval::AddToTable(row, verdict, &table);
      if (write_misses && verdict != aka::eval::Verdict::kCorrect) {
        misses << row.set << "\t" << row.kind << "\t" << aka::eval::VerdictName(verdict) << "\t\"" << row.query
               << "\" -> \"" << row.expected_name << "\"\n";
        for (const aka::v1::Candidate& c : response.candidates()) {
          misses << "\t\t" << c.score() << " \"" << c.canonical_name() << "\" via \"" << c.matched_name() << "\"\n";
        }
      }
    }
    std::printf("== threshold %.2f, margin %.2f\n", threshold, margin);
    for (const auto& [set, kinds] : table) {
      for (const auto& [kind, tally] : kinds) {
        std::printf("%-22s %-28s n=%4d correct=%4d wrong=%3d abstain=%4d\n", set.c_str(), kind.c_str(),
                    tally.total(), tally.correct, tally.wrong, tally.abstain);
      }
    }
    for (const aka::eval::TargetResult& target : aka::eval::CheckTargets(table)) {
      std::printf("  %s %s: %s\n", target.met ? "met " : "MISS", target.description.c_str(),
                  target.actual.c_str());
    }
  }
  return 0;
}
