#include "core/person_names.h"

#include <algorithm>

#include "core/generic_words.h"

namespace aka::core {
namespace {

constexpr size_t kMaxSurnameTokens = 4;
constexpr size_t kMaxGivenTokens = 6;

bool PlausiblePersonTokens(const std::vector<std::string>& tokens) {
  for (const std::string& token : tokens) {
    if (IsNumericToken(token) || GenericTokenKind(token) == GenericKind::kOrganizational) return false;
  }
  return true;
}

bool ContainsAll(const std::vector<std::string>& haystack, const std::vector<std::string>& needles) {
  std::vector<bool> used(haystack.size(), false);
  for (const std::string& needle : needles) {
    bool found = false;
    for (size_t i = 0; i < haystack.size(); ++i) {
      if (!used[i] && haystack[i] == needle) {
        used[i] = found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

std::vector<std::string> Sorted(std::vector<std::string> tokens) {
  std::sort(tokens.begin(), tokens.end());
  return tokens;
}

}  // namespace

std::optional<PersonName> ParsePersonName(const Normalizer& normalizer, const NormalizedName& name) {
  const size_t comma = name.nfkc.find(',');
  if (comma == std::string::npos) return std::nullopt;
  // Checked before normalizing the surname part, which is the costly step.
  if (name.tokens.size() < 2 || name.tokens.size() > kMaxSurnameTokens + kMaxGivenTokens) return std::nullopt;
  if (!PlausiblePersonTokens(name.tokens)) return std::nullopt;
  const NormalizedName surname_part = normalizer.Normalize(absl::string_view(name.nfkc).substr(0, comma));
  const std::vector<std::string>& surname = surname_part.tokens;
  if (surname.empty() || surname.size() >= name.tokens.size()) return std::nullopt;
  if (!std::equal(surname.begin(), surname.end(), name.tokens.begin())) return std::nullopt;
  PersonName person;
  person.surname = surname;
  person.given.assign(name.tokens.begin() + surname.size(), name.tokens.end());
  if (person.surname.size() > kMaxSurnameTokens || person.given.size() > kMaxGivenTokens) return std::nullopt;
  return person;
}

bool IsInitialOf(absl::string_view initial, absl::string_view token) {
  return initial.size() == 1 && token.size() > 1 && token.front() == initial.front();
}

int CountInitialMatches(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  // Tokens equal on both sides are matched first so that they cannot also serve an initial.
  std::vector<bool> a_used(a.size(), false), b_used(b.size(), false);
  for (size_t i = 0; i < a.size(); ++i) {
    for (size_t j = 0; j < b.size(); ++j) {
      if (!b_used[j] && a[i] == b[j]) {
        a_used[i] = b_used[j] = true;
        break;
      }
    }
  }
  int count = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a_used[i]) continue;
    for (size_t j = 0; j < b.size(); ++j) {
      if (b_used[j]) continue;
      if (IsInitialOf(a[i], b[j]) || IsInitialOf(b[j], a[i])) {
        a_used[i] = b_used[j] = true;
        ++count;
        break;
      }
    }
  }
  return count;
}

PersonOrderAgreement ComparePersonOrder(const std::optional<PersonName>& a_person,
                                        const std::vector<std::string>& a_tokens,
                                        const std::optional<PersonName>& b_person,
                                        const std::vector<std::string>& b_tokens) {
  if (!a_person && !b_person) return PersonOrderAgreement::kNotApplicable;
  if (a_tokens == b_tokens) return PersonOrderAgreement::kSameOrder;
  if (Sorted(a_tokens) == Sorted(b_tokens)) return PersonOrderAgreement::kReordered;
  // With both in comma form the surnames must agree; otherwise the one surname must be in the other name.
  if (a_person && b_person) {
    return Sorted(a_person->surname) == Sorted(b_person->surname) ? PersonOrderAgreement::kSurnameOnly
                                                                    : PersonOrderAgreement::kDifferent;
  }
  const bool surname_found = a_person ? ContainsAll(b_tokens, a_person->surname)
                                      : ContainsAll(a_tokens, b_person->surname);
  return surname_found ? PersonOrderAgreement::kSurnameOnly : PersonOrderAgreement::kDifferent;
}

}  // namespace aka::core
