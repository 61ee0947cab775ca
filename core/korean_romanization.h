// Romanisation of Korean personal names written in Hangul, the way their bearers and the press spell them:
// one word per syllable of the given name, the surname in its customary spelling. ICU's Hangul-Latin joins
// the syllables and follows the Revised Romanisation letter by letter ("박지성" -> "bagjiseong"), while the
// same man is "Park Ji Sung" in every Latin source; "이" is "Lee", "Yi" or "Rhee", never the bare "I".
#ifndef AKA_CORE_KOREAN_ROMANIZATION_H_
#define AKA_CORE_KOREAN_ROMANIZATION_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace aka::core {

// Revised Romanisation of one precomposed Hangul syllable (U+AC00..U+D7A3), read alone as in a name
// ("박" -> "bak", "정" -> "jeong", "은" -> "eun"). Empty for any other code point. Pure, thread-safe.
std::string RomanizeHangulSyllable(char32_t syllable);

// Latin spellings of a Korean personal name: `syllables` is the name in Hangul, surname first, 2 to 5
// syllables without spaces ("박지성"). One spelling per customary spelling of the surname, most common first
// ("park ji seong", "pak ji seong"), or the Revised Romanisation for a surname not in the table; given-name
// syllables in the Revised Romanisation, one word each. Surnames of two syllables (남궁, 제갈, 선우, 황보, ...)
// are kept whole. Empty if the text is not 2..5 Hangul syllables. Pure, thread-safe.
std::vector<std::string> KoreanNameSpellings(absl::string_view syllables);

}  // namespace aka::core

#endif  // AKA_CORE_KOREAN_ROMANIZATION_H_
