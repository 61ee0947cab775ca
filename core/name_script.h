// The writing system a name was given in, before transliteration ("赵光宗" is Han, "ООО Ромашка" Cyrillic).
// A query in another script than its match (cross-script) is reported to the scorer, which expects fewer
// exact tokens there: transliteration variants are likelier than typos.
#ifndef AKA_CORE_NAME_SCRIPT_H_
#define AKA_CORE_NAME_SCRIPT_H_

#include "absl/strings/string_view.h"

namespace aka::core {

enum class NameScript {
  kNone,  // no letters at all ("11420")
  kLatin,
  kCyrillic,
  kGreek,
  kArabic,
  kHebrew,
  kHan,       // Chinese (Han only)
  kJapanese,  // Hiragana or Katakana, with or without Han
  kHangul,    // Korean, with or without Han
  kOther,     // any other single script (Thai, Devanagari, Georgian, ...)
  kMixed,     // letters of two or more of the above
};

// The script of the letters of `text` (UTF-8, e.g. NormalizedName::nfkc). Common and Inherited characters
// (digits, punctuation, marks) do not count. ASCII text is kLatin or kNone without touching ICU.
// Thread-safe.
NameScript DetectScript(absl::string_view text);

// Scripts whose romanisation loses vowels or varies between systems: Arabic, Hebrew, Cyrillic, Greek, Hangul
// and kOther (Thai, Devanagari, ...). Han and Japanese are not among them: their pinyin / Hepburn is written
// with every vowel, and skeletons of short pinyin syllables collide ("jin zheng en" / "ZHANG, Jian").
bool HasLossyRomanization(NameScript script);

// A stable lower-case name for explanations: "none", "latin", "cyrillic", ..., "mixed".
absl::string_view NameScriptName(NameScript script);

}  // namespace aka::core

#endif  // AKA_CORE_NAME_SCRIPT_H_
