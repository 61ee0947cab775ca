// The individual steps of name normalization, exposed so that each can be tested alone. Normalizer
// (normalizer.h) chains them; nothing else should need to call them directly.
//
// Every step takes and returns well-formed UTF-8 (run CoerceToUtf8 first). Every step has an ASCII fast path
// that touches no ICU object, because the resolver normalizes every query and most queries are ASCII. All
// functions are thread-safe.
#ifndef AKA_CORE_NORMALIZE_STEPS_H_
#define AKA_CORE_NORMALIZE_STEPS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace aka::core {

// Returns `text` with each ill-formed UTF-8 sequence replaced by U+FFFD (one per maximal ill-formed subpart)
// and each NUL replaced by U+FFFD too, so that no later form (and no index key) can contain '\0'.
std::string CoerceToUtf8(absl::string_view text);

// NFKC (compatibility composition) with leading and trailing White_Space removed. Case, punctuation and
// diacritics are kept: "  ＡＰＴ３１ " -> "APT31". This is NormalizedName::nfkc.
std::string NfkcTrimmed(absl::string_view text);

// Inserts a space where a lower-case letter is followed by an upper-case or title-case letter, so that
// CamelCase names split into words: "FancyBear" -> "Fancy Bear". Runs of capitals stay whole ("ZIRCONIUM",
// "APT"; "APTGroup" is left alone rather than guessed at), and short prefixes split ("McAfee" -> "Mc Afee"),
// which is harmless because the compact form joins the words again. Must run before case folding.
std::string SplitCamelCase(absl::string_view text);

// NFKC with Unicode case folding (ICU "nfkc_cf"): "ＡＰＴ３１" -> "apt31", "Straße" -> "strasse".
std::string NfkcCaseFold(absl::string_view text);

// True if `text` contains a letter of a script other than Latin, i.e. if LatinTransliterator
// (latin_transliterator.h, the transliteration step, which sits between NfkcCaseFold and StripDiacritics) has
// work to do.
// Common and Inherited characters (digits, punctuation, combining marks) do not count. If `has_han` is not
// null, sets it to whether one of those letters is Han.
bool HasNonLatinLetters(absl::string_view text, bool* has_han = nullptr);

// Decomposes (NFD), drops nonspacing marks (General_Category Mn) and recomposes (NFC): "société" ->
// "societe". Latin letters whose "diacritic" is not a combining mark are folded by table, since NFD leaves
// them alone: ł -> l, ø -> o, đ -> d, ħ -> h, ı -> i, æ -> ae, œ -> oe, þ -> th, ð -> d, ŋ -> n.
std::string StripDiacritics(absl::string_view text);

// Folds everything that is not a letter, mark or digit to a space, with two exceptions:
//  - an apostrophe-like character (' ’ ‘ ` ´ ʼ ʻ ʾ ʿ) between two letters or digits is dropped, because it
//    belongs to the word: "qa'ida" -> "qaida", "o’brien" -> "obrien"; elsewhere it is a quote: a space.
//  - "&" becomes " and ", so that "Science & Technology" equals "Science and Technology" and "AT&T" has the
//    same compact form ("atandt") however it is spaced.
// Quotes, all dashes (Pd), other punctuation, symbols, separators and controls become spaces. Decimal digits
// of any script become ASCII digits ("٣١" -> "31") because numbers are identity and must compare equal.
std::string FoldPunctuation(absl::string_view text);

// Inserts a space at every boundary between a letter and a digit, in either direction: "apt31" -> "apt 31",
// "g0128" -> "g 0128" (leading zeros kept: the number is part of the identity), "31st" -> "31 st".
std::string SplitLetterDigit(absl::string_view text);

// Collapses each run of White_Space into one ASCII space and trims both ends: "  apt   31 " -> "apt 31".
std::string CollapseWhitespace(absl::string_view text);

// True if `text` is ASCII without NUL: then CoerceToUtf8 and NfkcTrimmed only trim it, and
// NormalizeAsciiName gives the normalized form.
bool IsPlainAscii(absl::string_view text);

// The fully normalized form of a plain-ASCII name `nfkc` (NfkcTrimmed of it), byte-identical to chaining the
// steps above (SplitCamelCase, NfkcCaseFold, transliteration, StripDiacritics, FoldPunctuation,
// SplitLetterDigit, CollapseWhitespace) but in two passes over bytes with two allocations: most stored names
// are ASCII and the resolver analyses thousands of them per fuzzy query. REQUIRES: IsPlainAscii(nfkc).
std::string NormalizeAsciiName(absl::string_view nfkc);

// `text` without its leading and trailing White_Space (what NfkcTrimmed trims).
absl::string_view TrimWhiteSpace(absl::string_view text);

// Typographic quotes and dashes around ASCII ("‘apt-31’", "O’Brien", "“Fancy Bear”", "A – B"): if `text` is
// ASCII without NUL but for U+2018 U+2019 (to '), U+201C U+201D (to ") and U+2013 U+2014 (to -), stores it
// in `ascii` with each of those replaced as shown and returns true; else returns false. The six are
// NFKC-stable, case-stable, left alone by transliteration and no White_Space, and every step treats each
// like its ASCII stand-in (apostrophe-like, or punctuation that folds to a space), so
// NfkcTrimmed(text) == TrimWhiteSpace(text) and the normalized form of `text` is
// NormalizeAsciiName(NfkcTrimmed(*ascii)) (normalizer_test compares both with the ICU steps).
bool TypographicAsciiSpelling(absl::string_view text, std::string* ascii);

}  // namespace aka::core

#endif  // AKA_CORE_NORMALIZE_STEPS_H_
