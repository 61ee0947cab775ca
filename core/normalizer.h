// Turns a name into the normalized forms the index and the scorer compare. Pure: ICU only, no I/O.
//
// Pipeline (each step has its own function in normalize_steps.h or latin_transliterator.h so it can be
// tested alone):
//   invalid UTF-8 -> U+FFFD -> NFKC, trimmed (this is `nfkc`) -> CamelCase split on the original casing
//   ("FancyBear" -> "Fancy Bear") -> NFKC + case folding (ICU) -> non-Latin scripts transliterated to Latin
//   ("赵光宗" -> "zhao guang zong") -> diacritics removed (NFD, drop Mn, NFC) -> quotes, dashes and
//   punctuation folded to spaces (apostrophes inside words dropped: "Qa'ida" -> "qaida"; "&" -> " and ")
//   -> letter-digit boundaries split ("apt31" -> "apt 31") -> whitespace collapsed.
// Plain ASCII, and ASCII with typographic quotes and dashes, take byte-level fast paths with the same result
// (normalize_steps.h: NormalizeAsciiName, TypographicAsciiSpelling).
#ifndef AKA_CORE_NORMALIZER_H_
#define AKA_CORE_NORMALIZER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace aka::core {

class LatinTransliterator;

// The forms of one name. All strings are UTF-8.
struct NormalizedName {
  // NFKC of the input with surrounding whitespace trimmed; case and punctuation kept ("APT31").
  std::string nfkc;
  // The fully normalized form: lower case, no diacritics, punctuation folded, letter-digit split, single
  // spaces ("apt 31").
  std::string normalized;
  // `normalized` split on spaces (["apt", "31"]).
  std::vector<std::string> tokens;
  // `normalized` without spaces ("apt31").
  std::string compact;
  // `tokens` sorted and joined by single spaces ("31 apt").
  std::string token_sorted;
};

// Normalizes names. Create once and share: Normalize is const and thread-safe.
class Normalizer {
 public:
  // Builds the ICU normalizers and transliterators. Fails only if ICU data is missing.
  static absl::StatusOr<std::unique_ptr<Normalizer>> Create();
  virtual ~Normalizer() = default;

  // Returns the forms of `name`. Never fails: invalid UTF-8 is replaced with U+FFFD (callers validate first).
  // A name made only of punctuation normalizes to empty strings and no tokens.
  virtual NormalizedName Normalize(absl::string_view name) const = 0;

 protected:
  Normalizer() = default;
};

// The normalized form of `nfkc` (the nfkc form of a name that is not plain ASCII) by the ICU steps of the
// pipeline above: what Normalize computes for every name its byte-level fast paths (normalize_steps.h:
// NormalizeAsciiName, TypographicAsciiSpelling) do not cover. Tests compare the fast paths with it.
std::string NormalizeByIcuSteps(const LatinTransliterator& transliterator, absl::string_view nfkc);

}  // namespace aka::core

#endif  // AKA_CORE_NORMALIZER_H_
