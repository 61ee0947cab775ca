#include "core/generic_words.h"

#include <algorithm>
#include <cmath>

#include "absl/container/flat_hash_set.h"

namespace aka::core {
namespace {

// Words that name a kind of organization, a sector or a legal form rather than one organization. Curated from
// the most frequent tokens of OFAC SDN entity names and MISP threat-actor names.
const absl::flat_hash_map<absl::string_view, GenericKind>& GenericTable() {
  static const auto* const table = [] {
    auto* t = new absl::flat_hash_map<absl::string_view, GenericKind>();
    for (absl::string_view w :
         {"group", "groups", "team", "company", "companies", "co", "corp", "corporation", "inc", "incorporated",
          "ltd", "limited", "llc", "llp", "lp", "plc", "jsc", "ojsc", "pjsc", "cjsc", "ooo", "oao", "zao", "pao",
          "gmbh", "ag", "sa", "bv", "nv", "srl", "sarl", "spa", "pty", "pte", "bhd", "sdn", "fze", "fzco", "joint",
          "stock", "liability", "partnership", "enterprise", "enterprises", "bank", "banks", "banking",
          "international", "intl", "trading", "trade", "holding", "holdings", "industries", "industry",
          "industrial", "services", "service", "solutions", "technology", "technologies", "tech", "science",
          "sciences", "scientific", "global", "general", "national", "center", "centre", "institute",
          "university", "college", "academy", "association", "foundation", "organization", "organisation",
          "ministry", "department", "agency", "office", "bureau", "network", "systems", "system",
          "development", "investment", "investments", "management", "consulting", "logistics", "shipping",
          "import", "export", "engineering", "research", "production", "manufacturing", "factory", "plant",
          "energy", "petroleum", "oil", "gas", "trust", "fund", "capital", "finance", "financial", "insurance",
          "exchange", "commercial", "resources", "products", "construction", "electronics", "marine",
          "maritime", "airlines", "aviation", "transport", "media", "agro", "pharma", "medical", "society",
          "council", "committee", "union", "federal", "state", "republic", "government", "branch",
          "subsidiary", "unit", "division", "hackers", "hacker", "army", "cyber", "threat", "actor", "apt"}) {
      (*t)[w] = GenericKind::kOrganizational;
    }
    for (absl::string_view w : {"the", "of", "and", "for", "in", "on", "at", "to", "by", "a", "an", "de",
                                "del", "la", "le", "les", "los", "las", "du", "des", "der", "die", "das",
                                "und", "et", "y", "e", "i", "di", "da", "do", "dos"}) {
      (*t)[w] = GenericKind::kFunctionWord;
    }
    for (absl::string_view w : {"al", "el", "bin", "ibn", "bint", "abu", "abd", "ben", "van", "von", "mc", "mac"}) {
      (*t)[w] = GenericKind::kNameParticle;
    }
    return t;
  }();
  return *table;
}

constexpr double kMinWeight = 0.05;

}  // namespace

GenericKind GenericTokenKind(absl::string_view token) {
  const auto& table = GenericTable();
  auto it = table.find(token);
  return it == table.end() ? GenericKind::kNone : it->second;
}

bool IsGenericToken(absl::string_view token) { return GenericTokenKind(token) != GenericKind::kNone; }

bool IsNumericToken(absl::string_view token) {
  if (token.empty()) return false;
  return std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string CanonicalNumber(absl::string_view token) {
  size_t first = token.find_first_not_of('0');
  if (first == absl::string_view::npos) return token.empty() ? std::string() : std::string("0");
  return std::string(token.substr(first));
}

double GenericWeightCap(GenericKind kind) {
  switch (kind) {
    case GenericKind::kNone:
      return 1.0;
    case GenericKind::kOrganizational:
      return 0.1;
    case GenericKind::kFunctionWord:
      return 0.05;
    case GenericKind::kNameParticle:
      return 0.3;
  }
  return 1.0;
}

void TokenStatistics::AddName(const std::vector<std::string>& tokens) {
  absl::flat_hash_set<absl::string_view> distinct(tokens.begin(), tokens.end());
  absl::MutexLock lock(&mutex_);
  ++documents_;
  for (absl::string_view token : distinct) ++counts_[token];
}

void TokenStatistics::RemoveName(const std::vector<std::string>& tokens) {
  absl::flat_hash_set<absl::string_view> distinct(tokens.begin(), tokens.end());
  absl::MutexLock lock(&mutex_);
  if (documents_ > 0) --documents_;
  for (absl::string_view token : distinct) {
    auto it = counts_.find(token);
    if (it == counts_.end()) continue;
    if (--it->second == 0) counts_.erase(it);
  }
}

void TokenStatistics::Add(absl::string_view token, uint64_t documents) {
  absl::MutexLock lock(&mutex_);
  counts_[token] += documents;
}

void TokenStatistics::SetDocumentCount(uint64_t documents) {
  absl::MutexLock lock(&mutex_);
  documents_ = documents;
}

uint64_t TokenStatistics::DocumentCount() const {
  absl::ReaderMutexLock lock(&mutex_);
  return documents_;
}

uint64_t TokenStatistics::Count(absl::string_view token) const {
  absl::ReaderMutexLock lock(&mutex_);
  auto it = counts_.find(token);
  return it == counts_.end() ? 0 : it->second;
}

double TokenStatistics::Idf(absl::string_view token) const {
  absl::ReaderMutexLock lock(&mutex_);
  return IdfLocked(token);
}

double TokenStatistics::IdfLocked(absl::string_view token) const {
  auto it = counts_.find(token);
  const uint64_t count = it == counts_.end() ? 0 : it->second;
  return std::log(static_cast<double>(documents_ + 1) / static_cast<double>(std::max<uint64_t>(count, 1))) + 1.0;
}

double TokenStatistics::Weight(absl::string_view token) const {
  const double cap = GenericWeightCap(GenericTokenKind(token));
  double weight;
  {
    absl::ReaderMutexLock lock(&mutex_);
    const double max_idf = std::log(static_cast<double>(documents_ + 1)) + 1.0;
    weight = std::max(kMinWeight, IdfLocked(token) / max_idf);
  }
  return std::min(cap, weight);
}

double TokenWeight(absl::string_view token, const TokenStatistics* statistics) {
  if (IsNumericToken(token)) return 1.0;
  if (statistics != nullptr) return statistics->Weight(token);
  return GenericWeightCap(GenericTokenKind(token));
}

}  // namespace aka::core
