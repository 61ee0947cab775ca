// Person names: the "SURNAME, Given Names" order of sanctions lists (OFAC: "ZHAO, Guangzong") against the
// orders people write ("Guangzong Zhao", "Zhao Guangzong"), and initials ("J. Smith" vs "John Smith").
// Order never decides a person match: the same tokens in another order are the same name; the comma form only
// tells which tokens are the surname, so that "another given name with the same surname" can be told apart.
#ifndef AKA_CORE_PERSON_NAMES_H_
#define AKA_CORE_PERSON_NAMES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "core/normalizer.h"

namespace aka::core {

struct PersonName {
  std::vector<std::string> surname;  // normalized tokens before the comma ("zhao")
  std::vector<std::string> given;    // normalized tokens after it ("guangzong")
};

// Reads `name` as "SURNAME, Given Names" if its nfkc form has a comma with tokens on both sides that look like
// a person's: 1-4 surname tokens and 1-6 given tokens, none numeric and none an organizational generic word
// ("WUHAN ... COMPANY, LIMITED" is not a person). Uses `normalizer` on the part before the first comma to
// find where the surname ends in `name.tokens`. Returns nullopt otherwise. Thread-safe.
std::optional<PersonName> ParsePersonName(const Normalizer& normalizer, const NormalizedName& name);

// True if `initial` is one letter and `token` is a longer token starting with it ("j" / "john").
bool IsInitialOf(absl::string_view initial, absl::string_view token);

// How many one-letter tokens in either list stand for a different, longer token of the other list (each
// token used once): "j smith" vs "john smith" -> 1. Exact equal tokens are not counted. A weaker signal than
// equal tokens: "J. Smith" is also "Jane Smith".
int CountInitialMatches(const std::vector<std::string>& a, const std::vector<std::string>& b);

enum class PersonOrderAgreement {
  kNotApplicable,  // neither name is in comma form
  kSameOrder,      // the same tokens in the same order
  kReordered,      // the same tokens in another order ("ZHAO, Guangzong" vs "Guangzong Zhao")
  kSurnameOnly,    // the comma-form surname is in the other name but the given names differ
  kDifferent,      // the surname is not in the other name
};

// Compares two names of which at least one may be in comma form (`a_person` / `b_person`, from
// ParsePersonName); `a_tokens` and `b_tokens` are the full token lists.
PersonOrderAgreement ComparePersonOrder(const std::optional<PersonName>& a_person,
                                        const std::vector<std::string>& a_tokens,
                                        const std::optional<PersonName>& b_person,
                                        const std::vector<std::string>& b_tokens);

}  // namespace aka::core

#endif  // AKA_CORE_PERSON_NAMES_H_
