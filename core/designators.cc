#include "core/designators.h"

#include <initializer_list>

#include "absl/container/flat_hash_map.h"
#include "core/generic_words.h"

namespace aka::core {
namespace {

// Prefix spellings (normalized tokens joined by ' ') -> canonical prefix. From the designator patterns of
// the MISP threat-actor, Microsoft activity-group and 360 galaxies.
const absl::flat_hash_map<absl::string_view, absl::string_view>& Prefixes() {
  static const auto* const prefixes = new absl::flat_hash_map<absl::string_view, absl::string_view>{
      {"apt", "apt"},         {"apt c", "apt-c"},     {"apt q", "apt-q"},     {"ta", "ta"},
      {"unc", "unc"},         {"dev", "dev"},         {"storm", "storm"},     {"g", "g"},
      {"temp", "temp"},       {"fin", "fin"},         {"uac", "uac"},         {"uat", "uat"},
      {"tag", "tag"},         {"tg", "tg"},           {"atk", "atk"},         {"itg", "itg"},
      {"uta", "uta"},         {"atg", "atg"},         {"sig", "sig"},         {"cl sta", "cl-sta"},
      {"cl cri", "cl-cri"},   {"cl unk", "cl-unk"},   {"tgr sta", "tgr-sta"}, {"tgr unk", "tgr-unk"},
      {"utg q", "utg-q"},     {"t apt", "t-apt"},     {"larva", "larva"},     {"hive", "hive"},
      {"stac", "stac"},       {"ung", "ung"},         {"orb", "orb"},         {"ref", "ref"},
  };
  return *prefixes;
}

constexpr size_t kMaxPrefixTokens = 2;

// If a designator prefix starts at tokens[i] and a number follows it, returns the prefix's length in tokens
// and sets *canonical; else returns 0.
size_t PrefixAt(const std::vector<std::string>& tokens, size_t i, absl::string_view* canonical) {
  std::string spelling;
  for (size_t k = kMaxPrefixTokens; k >= 1; --k) {
    if (i + k >= tokens.size()) continue;  // the number must follow
    if (!IsNumericToken(tokens[i + k])) continue;
    spelling.clear();
    for (size_t j = i; j < i + k; ++j) {
      if (j > i) spelling.push_back(' ');
      spelling.append(tokens[j]);
    }
    auto it = Prefixes().find(spelling);
    if (it != Prefixes().end()) {
      *canonical = it->second;
      return k;
    }
  }
  return 0;
}

bool Matches(const std::vector<std::string>& tokens, size_t i, std::initializer_list<absl::string_view> words) {
  if (i + words.size() > tokens.size()) return false;
  size_t j = i;
  for (absl::string_view word : words) {
    if (tokens[j++] != word) return false;
  }
  return true;
}

}  // namespace

std::vector<std::string> ExpandDesignators(const std::vector<std::string>& tokens) {
  std::vector<std::string> out;
  out.reserve(tokens.size());
  size_t i = 0;
  while (i < tokens.size()) {
    // Spelled-out prefixes, only when a number follows (so that prose keeps its words).
    size_t spelled = 0;
    absl::string_view replacement;
    if (Matches(tokens, i, {"advanced", "persistent", "threat"})) {
      spelled = 3;
      if (i + 3 < tokens.size() && (tokens[i + 3] == "group" || tokens[i + 3] == "actor")) spelled = 4;
      replacement = "apt";
    } else if (Matches(tokens, i, {"threat", "group"})) {
      spelled = 2;
      replacement = "tg";
    }
    if (spelled > 0 && i + spelled < tokens.size() && IsNumericToken(tokens[i + spelled])) {
      out.emplace_back(replacement);
      out.push_back(CanonicalNumber(tokens[i + spelled]));
      i += spelled + 1;
      continue;
    }
    absl::string_view canonical;
    const size_t k = PrefixAt(tokens, i, &canonical);
    if (k > 0) {
      for (size_t j = i; j < i + k; ++j) out.push_back(tokens[j]);
      out.push_back(CanonicalNumber(tokens[i + k]));
      i += k + 1;
      continue;
    }
    out.push_back(tokens[i]);
    ++i;
  }
  return out;
}

std::vector<Designator> ExtractDesignators(const std::vector<std::string>& tokens) {
  std::vector<Designator> out;
  size_t i = 0;
  while (i < tokens.size()) {
    absl::string_view canonical;
    const size_t k = PrefixAt(tokens, i, &canonical);
    if (k == 0) {
      ++i;
      continue;
    }
    out.push_back(Designator{std::string(canonical), CanonicalNumber(tokens[i + k])});
    i += k + 1;
  }
  return out;
}

DesignatorAgreement CompareDesignators(const std::vector<Designator>& a, const std::vector<Designator>& b) {
  if (a.empty() && b.empty()) return DesignatorAgreement::kNone;
  if (a.empty() || b.empty()) return DesignatorAgreement::kOneSided;
  bool shared_prefix = false;
  for (const Designator& x : a) {
    for (const Designator& y : b) {
      if (x == y) return DesignatorAgreement::kEqual;
      if (x.prefix == y.prefix) shared_prefix = true;
    }
  }
  return shared_prefix ? DesignatorAgreement::kConflict : DesignatorAgreement::kDifferentPrefix;
}

}  // namespace aka::core
