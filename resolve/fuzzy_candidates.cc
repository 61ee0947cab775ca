#include "resolve/fuzzy_candidates.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"
#include "common/status_macros.h"
#include "core/fuzzy_keys.h"
#include "core/generic_words.h"
#include "core/name_features.h"
#include "core/similarity.h"

namespace aka::resolve {
namespace {

// The numbers of a stored name, read from its digit runs without normalizing it (an ICU pass per
// candidate would cost more than the whole lookup): the normalizer splits letter-digit boundaries, so a
// digit run is a numeric token of the normalized form.
std::vector<std::string> NumbersOfRawName(absl::string_view name) {
  std::vector<std::string> numbers;
  size_t i = 0;
  while (i < name.size()) {
    if (!absl::ascii_isdigit(name[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < name.size() && absl::ascii_isdigit(name[end])) ++end;
    numbers.push_back(core::CanonicalNumber(name.substr(i, end - i)));
    i = end;
  }
  std::sort(numbers.begin(), numbers.end());
  return numbers;
}

// The words of a stored name as a cheap stand-in for its normalized tokens: runs of ASCII letters or digits
// (split where letters meet digits), lower-cased; any other byte ends a word, except that bytes of other
// scripts stay inside it. No ICU, so it can run for every entity a posting list yields.
std::vector<std::string> WordsOfRawName(absl::string_view name) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&]() {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  for (const char c : name) {
    const bool non_ascii = static_cast<unsigned char>(c) >= 0x80;
    if (!non_ascii && !absl::ascii_isalnum(c)) {
      flush();
      continue;
    }
    if (!word.empty() && !non_ascii && absl::ascii_isdigit(c) != absl::ascii_isdigit(word.back())) flush();
    word.push_back(absl::ascii_tolower(c));
  }
  flush();
  return words;
}

// Dice coefficient of the query's tokens and the stored name's words: the tie-break between entities that
// share the same distinctive tokens (common in a large index), which the pre-score alone cannot order. It
// sees every query token, the generic and too-common ones that were never looked up included.
double WordAgreement(const std::vector<std::string>& query_tokens, absl::string_view stored_name) {
  const std::vector<std::string> words = WordsOfRawName(stored_name);
  if (query_tokens.empty() || words.empty()) return 0;
  size_t shared = 0;
  for (const std::string& token : query_tokens) {
    if (std::find(words.begin(), words.end(), token) != words.end()) ++shared;
  }
  return 2.0 * static_cast<double>(shared) / static_cast<double>(query_tokens.size() + words.size());
}

struct Scored {
  // entity_id, key_kind and alias_index; key and matched_name are filled only for the entities returned.
  KeyCandidate candidate;
  // The stored token that found the entity (Scratch::keys[key]), and the name holding it: bytes
  // [name_offset, +name_size) of Scratch::names. Kept as positions, not strings: most entities met are never
  // returned, and a string per posting was the fuzzy path's largest allocation.
  size_t key = 0;
  size_t name_offset = 0;
  size_t name_size = 0;
  double score = 0;
  // WordAgreement with the name that found the entity; orders equal scores. Computed only for the entities
  // that compete for the last places (it tokenizes the name).
  double agreement = 0;
  // The query tokens already credited (bit q: query_tokens[q]), so two stored tokens matching one query token
  // count once. A bit set, not a vector: this is per entity of every posting list read.
  uint64_t credited = 0;
};

// Buffers of one FindFuzzyCandidates call, kept per thread so that their capacity serves the next call: the
// posting lists read, the stored tokens whose postings were read, the names of the entities met.
struct Scratch {
  storage::TokenPostings postings;
  std::vector<std::string> keys;
  std::string names;
};

}  // namespace

FuzzyCandidateOptions FuzzyCandidateOptionsFor(core::NameScript script) {
  FuzzyCandidateOptions options;
  if (script != core::NameScript::kLatin && script != core::NameScript::kNone) options.max_candidates = 64;
  return options;
}

absl::StatusOr<std::vector<KeyCandidate>> FindFuzzyCandidates(const storage::Store& store,
                                                              const core::NormalizedName& query,
                                                              const FuzzyCandidateOptions& options) {
  const core::TokenStatistics* statistics = store.token_statistics();
  std::vector<std::string> query_tokens;
  std::vector<std::string> query_numbers;
  for (const std::string& token : query.tokens) {
    if (core::IsNumericToken(token)) query_numbers.push_back(core::CanonicalNumber(token));
    if (core::IsFuzzyKeyToken(token) &&
        std::find(query_tokens.begin(), query_tokens.end(), token) == query_tokens.end()) {
      query_tokens.push_back(token);
    }
  }
  std::sort(query_numbers.begin(), query_numbers.end());
  if (query_tokens.empty()) return std::vector<KeyCandidate>();
  // Rarest first: a token unknown to the index (count 0) is most likely the typo itself.
  auto count = [statistics](const std::string& token) {
    return statistics == nullptr ? 0 : statistics->Count(token);
  };
  std::stable_sort(query_tokens.begin(), query_tokens.end(),
                   [&count](const std::string& a, const std::string& b) { return count(a) < count(b); });
  const size_t max_query_tokens = std::min(options.max_query_tokens, kMaxQueryTokens);
  if (query_tokens.size() > max_query_tokens) query_tokens.resize(max_query_tokens);

  double total_weight = 0;
  for (const std::string& token : query_tokens) total_weight += core::TokenWeight(token, statistics);

  // Every entity met, in a deque (elements never move), indexed by a view of its id: the index stays small
  // while it grows to the thousands of entities a query's posting lists can hold.
  std::deque<Scored> entities;
  absl::flat_hash_map<absl::string_view, Scored*> by_entity;
  std::vector<std::string> stored_tokens;
  thread_local Scratch scratch;
  storage::TokenPostings& postings = scratch.postings;
  std::vector<std::string>& keys = scratch.keys;
  std::string& names = scratch.names;
  keys.clear();
  names.clear();
  auto name_of = [&names](const Scored& scored) {
    return absl::string_view(names).substr(scored.name_offset, scored.name_size);
  };
  // Rarest first, so the first token tells whether the query has a word the index does not know.
  const bool has_unknown_token = options.typos_only_in_unknown_tokens && count(query_tokens.front()) == 0;
  for (size_t q = 0; q < query_tokens.size(); ++q) {
    const std::string& query_token = query_tokens[q];
    stored_tokens.clear();
    if (has_unknown_token && count(query_token) > 0) {
      stored_tokens.push_back(query_token);  // A known word beside an unknown one: the typo is elsewhere.
    } else {
      RETURN_IF_ERROR(store.LookupFuzzyKeys(core::FuzzyTokenKeys(query_token), &stored_tokens));
    }
    for (const std::string& stored : stored_tokens) {
      const size_t longer = std::max(core::CodePointLength(stored), core::CodePointLength(query_token));
      const int budget = core::MaxEditsForLength(longer);
      const int distance = core::BoundedEditDistance(query_token, stored, budget);
      if (distance > budget) continue;  // Shared a deletion key, but too far apart.
      ASSIGN_OR_RETURN(const bool too_common,
                       store.LookupTokenPostings(stored, options.max_token_postings, &postings));
      if (too_common) continue;
      const size_t key = keys.size();
      keys.push_back(stored);
      const double credit = core::TokenWeight(stored, statistics) * (1.0 - 0.5 * distance / longer);
      for (size_t p = 0; p < postings.size(); ++p) {
        const absl::string_view entity_id = postings.entity_id(p);
        const auto found = by_entity.find(entity_id);
        const bool inserted = found == by_entity.end();
        Scored& scored = inserted ? entities.emplace_back() : *found->second;
        if (inserted) {
          scored.candidate.entity_id = std::string(entity_id);
          by_entity.emplace(scored.candidate.entity_id, &scored);
          const absl::string_view name = postings.name(p);
          // Numbers are identity: "APT 13" is never a typo of "APT 31", however close the words.
          if (!query_numbers.empty() &&
              core::CompareNumbers(query_numbers, NumbersOfRawName(name)) == core::NumberAgreement::kConflict) {
            scored.score = -1;
            continue;
          }
          scored.candidate.key_kind = core::KeyKind::kFuzzy;
          scored.key = key;
          scored.name_offset = names.size();
          scored.name_size = name.size();
          names.append(name.data(), name.size());
          scored.candidate.alias_index = postings.alias_index(p);
        }
        if (scored.score < 0) continue;  // Vetoed above.
        const uint64_t bit = uint64_t{1} << q;
        if ((scored.credited & bit) != 0) continue;
        scored.credited |= bit;
        scored.score += credit / total_weight;
      }
    }
  }

  std::vector<Scored*> ranked;
  ranked.reserve(entities.size());
  for (Scored& scored : entities) {
    if (scored.score > 0) ranked.push_back(&scored);
  }
  const size_t keep = std::min(options.max_candidates, ranked.size());
  if (keep == 0) return std::vector<KeyCandidate>();
  // The pre-score of the last place kept: every entity scoring at least that may be in the result, and
  // the word agreement decides among the equal ones.
  std::nth_element(ranked.begin(), ranked.begin() + (keep - 1), ranked.end(),
                   [](const Scored* a, const Scored* b) { return a->score > b->score; });
  const double last_kept = ranked[keep - 1]->score;
  for (Scored* scored : ranked) {
    if (scored->score >= last_kept) scored->agreement = WordAgreement(query.tokens, name_of(*scored));
  }
  std::partial_sort(ranked.begin(), ranked.begin() + keep, ranked.end(), [](const Scored* a, const Scored* b) {
    if (a->score != b->score) return a->score > b->score;
    if (a->agreement != b->agreement) return a->agreement > b->agreement;
    return a->candidate.entity_id < b->candidate.entity_id;
  });
  std::vector<KeyCandidate> candidates;
  candidates.reserve(keep);
  for (size_t i = 0; i < keep; ++i) {
    Scored& scored = *ranked[i];
    scored.candidate.key = keys[scored.key];
    scored.candidate.matched_name = std::string(name_of(scored));
    candidates.push_back(std::move(scored.candidate));
  }
  return candidates;
}

}  // namespace aka::resolve
