#include "core/korean_romanization.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/utf8.h"

namespace aka::core {
namespace {

constexpr char32_t kFirstSyllable = 0xAC00;
constexpr char32_t kLastSyllable = 0xD7A3;

// Revised Romanisation (Ministry of Culture and Tourism, 2000) of the 19 initials, 21 medials and 28 finals,
// the finals as pronounced at the end of a word.
constexpr const char* kInitials[19] = {"g",  "kk", "n", "d",  "tt", "r", "m", "b", "pp", "s",
                                       "ss", "",   "j", "jj", "ch", "k", "t", "p", "h"};
constexpr const char* kMedials[21] = {"a",  "ae", "ya", "yae", "eo", "e",  "yeo", "ye", "o",  "wa", "wae",
                                      "oe", "yo", "u",  "wo",  "we", "wi", "yu",  "eu", "ui", "i"};
constexpr const char* kFinals[28] = {"",  "k", "k", "k", "n", "n", "n", "t",  "l", "k", "l", "l", "l", "l",
                                     "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"};

// Customary Latin spellings of the most frequent Korean surnames, most common first (Statistics Korea's 2015
// census ranking; spellings as surveyed by the National Institute of Korean Language, 2009, and as used in
// passports).
constexpr char kSurnameSpellings[] =
    "김:kim|이:lee,yi,rhee|박:park,pak|최:choi,choe|정:jung,jeong,chung|강:kang|조:cho,jo|윤:yoon,yun|"
    "장:jang,chang|임:lim,im|한:han|오:oh|서:seo,suh|신:shin,sin|권:kwon|황:hwang|안:ahn,an|송:song|"
    "전:jeon,jun,chun|홍:hong|유:yoo,yu|고:ko,go|문:moon,mun|양:yang|손:son,sohn|배:bae|백:baek,paik|허:heo,hur|"
    "남:nam|심:shim,sim|노:noh,roh|하:ha|곽:kwak|성:sung,seong|차:cha|주:joo,ju|우:woo|구:koo,gu|민:min|류:ryu,yoo|"
    "나:na|진:jin|지:ji|엄:um,eom|채:chae|원:won|천:chun,cheon|방:bang|공:kong,gong|현:hyun|함:ham|변:byun,byeon|"
    "염:yeom|여:yeo|추:choo,chu|도:do|소:so|석:seok|선:sun,seon|설:seol|마:ma|길:gil,kil|연:yeon|위:wi|표:pyo|명:myung|"
    "기:ki,gi|반:ban|왕:wang|금:keum,geum|옥:ok|육:yook,yuk|인:in|맹:maeng|제:je|모:mo|탁:tak|국:kook,guk";

// Hangul surname -> its spellings.
const absl::flat_hash_map<std::string, std::vector<std::string>>& Surnames() {
  static const auto* surnames = [] {
    auto* map = new absl::flat_hash_map<std::string, std::vector<std::string>>();
    for (absl::string_view entry : absl::StrSplit(kSurnameSpellings, '|')) {
      const std::pair<std::string, std::string> kv = absl::StrSplit(entry, absl::MaxSplits(':', 1));
      (*map)[kv.first] = absl::StrSplit(kv.second, ',');
    }
    return map;
  }();
  return *surnames;
}

// Two-syllable surnames: a name starting with one of these has its surname in two syllables.
constexpr const char* kCompoundSurnames[] = {"남궁", "제갈", "선우", "황보", "독고", "사공", "서문"};

// Most spellings worth trying per name: each costs a candidate lookup.
constexpr size_t kMaxSpellings = 4;

}  // namespace

std::string RomanizeHangulSyllable(char32_t syllable) {
  if (syllable < kFirstSyllable || syllable > kLastSyllable) return "";
  const uint32_t index = syllable - kFirstSyllable;
  return std::string(kInitials[index / (21 * 28)]) + kMedials[(index / 28) % 21] + kFinals[index % 28];
}

std::vector<std::string> KoreanNameSpellings(absl::string_view syllables) {
  std::vector<std::string> hangul;  // each syllable's UTF-8
  std::vector<std::string> latin;
  size_t pos = 0;
  while (pos < syllables.size()) {
    const size_t start = pos;
    const int32_t c = utf8::DecodeNext(syllables, &pos);
    const std::string roman = c < 0 ? "" : RomanizeHangulSyllable(static_cast<char32_t>(c));
    if (roman.empty()) return {};
    hangul.emplace_back(syllables.substr(start, pos - start));
    latin.push_back(roman);
  }
  if (hangul.size() < 2 || hangul.size() > 5) return {};
  size_t surname_syllables = 1;
  for (const char* compound : kCompoundSurnames) {
    if (hangul.size() >= 3 && hangul[0] + hangul[1] == compound) surname_syllables = 2;
  }
  const std::string given =
      absl::StrJoin(std::vector<std::string>(latin.begin() + surname_syllables, latin.end()), " ");
  std::vector<std::string> surnames;
  if (surname_syllables == 1) {
    const auto it = Surnames().find(hangul[0]);
    if (it != Surnames().end()) surnames = it->second;
  }
  // The Revised Romanisation only for surnames the table does not know: the listed ones carry it when
  // people use it ("jeong"), and the rest ("i" for 이, "bak" for 박) appears in no Latin source.
  if (surnames.empty()) surnames.push_back(surname_syllables == 1 ? latin[0] : latin[0] + latin[1]);
  if (surnames.size() > kMaxSpellings) surnames.resize(kMaxSpellings);
  std::vector<std::string> spellings;
  for (const std::string& surname : surnames) spellings.push_back(surname + " " + given);
  return spellings;
}

}  // namespace aka::core
