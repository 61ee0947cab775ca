// Readings of East Asian personal names for lookup in Latin sources. A name in Han characters is read as
// Chinese by the normalizer (pinyin: "金正恩" -> "jin zheng en"), but Korean and Japanese names are written
// with the same characters and romanised from their own readings: "金正恩" is "Kim Jong Un", "山田太郎" is
// "Yamada Taro". A Hangul name is romanised per syllable with the surname's customary spelling
// (core/korean_romanization.h). These readings are alternative query forms: the resolver looks them up and the
// scorer compares them like any other name, so a reading that fits nothing costs only its lookups.
//
// The tables are small and general: the Sino-Korean readings of the surname hanja and of the hanja most used
// in Korean given names, the most frequent Japanese surnames, and the most used given names and name kanji.
// A name is read only when every character is covered, so most Chinese names get no Korean or Japanese
// reading at all.
#ifndef AKA_CORE_CJK_NAME_READINGS_H_
#define AKA_CORE_CJK_NAME_READINGS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "core/name_script.h"

namespace aka::core {

struct NameReading {
  // Lower-case ASCII, words separated by spaces ("kim jeong eun", "yamada taro").
  std::string latin;
  // The script whose romanisation the reading follows: kHangul for Korean readings (vowels and consonant
  // conventions vary between systems, so skeleton comparison applies), kJapanese for Japanese ones.
  NameScript script;
};

// The Hangul reading of a Korean name written in hanja ("金正恩" -> "김정은"): 2 to 4 Han characters, the
// first a Korean surname, every one in the table. Empty otherwise. Pure, thread-safe.
std::string KoreanHanjaReading(absl::string_view han);

// The Hepburn reading of a Japanese name written in kanji, surname first ("山田太郎" -> "yamada taro"): one of
// the most frequent surnames followed by a given name from the table, or by one to three name kanji read
// one by one. Empty otherwise. Pure, thread-safe.
std::string JapaneseKanjiReading(absl::string_view han);

// The readings of `name` (NormalizedName::nfkc or the raw name) when it is one word of Hangul or of Han
// characters - spaces between the parts are allowed ("김 정은", "山田 太郎") - and the tables cover it;
// empty otherwise (always for Latin and other scripts). Korean readings first. Pure, thread-safe.
std::vector<NameReading> PersonNameReadings(absl::string_view name);

}  // namespace aka::core

#endif  // AKA_CORE_CJK_NAME_READINGS_H_
