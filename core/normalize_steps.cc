#include "core/normalize_steps.h"

#include <cstdint>

#include "absl/strings/ascii.h"
#include "core/utf8.h"
#include "unicode/bytestream.h"
#include "unicode/normalizer2.h"
#include "unicode/uchar.h"
#include "unicode/unistr.h"
#include "unicode/uscript.h"

namespace aka::core {
namespace {

// ICU's normalizer singletons, fetched once. Normalizer2 instances are immutable and documented thread-safe.
// A member is null only if ICU's data is missing, which Normalizer::Create reports; the steps then pass text
// through rather than crash.
struct IcuNormalizers {
  const icu::Normalizer2* nfkc = nullptr;
  const icu::Normalizer2* nfkc_casefold = nullptr;
  const icu::Normalizer2* nfd = nullptr;
  const icu::Normalizer2* nfc = nullptr;
};

const IcuNormalizers& Normalizers() {
  static const IcuNormalizers normalizers = [] {
    IcuNormalizers n;
    UErrorCode status = U_ZERO_ERROR;
    n.nfkc = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status)) n.nfkc = nullptr;
    status = U_ZERO_ERROR;
    n.nfkc_casefold = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) n.nfkc_casefold = nullptr;
    status = U_ZERO_ERROR;
    n.nfd = icu::Normalizer2::getNFDInstance(status);
    if (U_FAILURE(status)) n.nfd = nullptr;
    status = U_ZERO_ERROR;
    n.nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) n.nfc = nullptr;
    return n;
  }();
  return normalizers;
}

// Applies `normalizer` to UTF-8 without a round trip through UTF-16.
std::string NormalizeUtf8(const icu::Normalizer2* normalizer, absl::string_view text) {
  if (normalizer == nullptr) return std::string(text);
  std::string out;
  out.reserve(text.size());
  icu::StringByteSink<std::string> sink(&out);
  UErrorCode status = U_ZERO_ERROR;
  normalizer->normalizeUTF8(0, icu::StringPiece(text.data(), static_cast<int32_t>(text.size())), sink,
                            nullptr, status);
  if (U_FAILURE(status)) return std::string(text);
  return out;
}

// Decodes the next code point, treating ill-formed input (a broken precondition) as U+FFFD.
char32_t NextCodePoint(absl::string_view text, size_t* pos) {
  const int32_t c = utf8::DecodeNext(text, pos);
  return c < 0 ? utf8::kReplacementCharacter : static_cast<char32_t>(c);
}

bool IsAsciiLower(char32_t c) { return c >= 'a' && c <= 'z'; }
bool IsAsciiUpper(char32_t c) { return c >= 'A' && c <= 'Z'; }
bool IsAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }

bool IsWhiteSpace(char32_t c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
  return u_isUWhiteSpace(static_cast<UChar32>(c));
}

bool IsLowerLetter(char32_t c) {
  if (c < 0x80) return IsAsciiLower(c);
  return u_charType(static_cast<UChar32>(c)) == U_LOWERCASE_LETTER;
}

bool IsUpperOrTitleLetter(char32_t c) {
  if (c < 0x80) return IsAsciiUpper(c);
  const int8_t type = u_charType(static_cast<UChar32>(c));
  return type == U_UPPERCASE_LETTER || type == U_TITLECASE_LETTER;
}

// Characters used as apostrophes in names, including the modifier letters that romanized Arabic and Hebrew
// use for ʿayn and ʾalif ("Qaʿida") and the prime that OCR and keyboards substitute for them.
bool IsApostropheLike(char32_t c) {
  switch (c) {
    case 0x0027:  // '
    case 0x0060:  // `
    case 0x00B4:  // ´
    case 0x02BB:  // ʻ
    case 0x02BC:  // ʼ
    case 0x02BE:  // ʾ
    case 0x02BF:  // ʿ
    case 0x2018:  // ‘
    case 0x2019:  // ’
    case 0x2032:  // ′
    case 0xFF07:  // ＇
      return true;
    default:
      return false;
  }
}

// Letters, marks and numbers make up words; everything else separates them.
bool IsWordCharacter(char32_t c) {
  if (c < 0x80) return IsAsciiLower(c) || IsAsciiUpper(c) || IsAsciiDigit(c);
  if (IsApostropheLike(c)) return false;
  return (U_GET_GC_MASK(static_cast<UChar32>(c)) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_N_MASK)) != 0;
}

// Latin letters that NFD does not decompose, folded to what a writer without the letter would type.
const char* FoldUndecomposableLatin(char32_t c) {
  // clang-format off
  switch (c) {
    case 0x00C6: return "AE";  // Æ
    case 0x00E6: return "ae";  // æ
    case 0x00D0: return "D";   // Ð
    case 0x00F0: return "d";   // ð
    case 0x00D8: return "O";   // Ø
    case 0x00F8: return "o";   // ø
    case 0x00DE: return "TH";  // Þ
    case 0x00FE: return "th";  // þ
    case 0x00DF: return "ss";  // ß
    case 0x0110: return "D";   // Đ
    case 0x0111: return "d";   // đ
    case 0x0126: return "H";   // Ħ
    case 0x0127: return "h";   // ħ
    case 0x0131: return "i";   // ı
    case 0x0141: return "L";   // Ł
    case 0x0142: return "l";   // ł
    case 0x014A: return "N";   // Ŋ
    case 0x014B: return "n";   // ŋ
    case 0x0152: return "OE";  // Œ
    case 0x0153: return "oe";  // œ
    case 0x0166: return "T";   // Ŧ
    case 0x0167: return "t";   // ŧ
    default: return nullptr;
  }
  // clang-format on
}

}  // namespace

std::string CoerceToUtf8(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const unsigned char byte = static_cast<unsigned char>(text[pos]);
    if (byte != 0 && byte < 0x80) {
      out.push_back(static_cast<char>(byte));
      ++pos;
      continue;
    }
    const size_t start = pos;
    const int32_t c = utf8::DecodeNext(text, &pos);
    if (c <= 0) {
      utf8::Append(utf8::kReplacementCharacter, &out);
    } else {
      out.append(text.data() + start, pos - start);
    }
  }
  return out;
}

std::string NfkcTrimmed(absl::string_view text) {
  std::string normalized;
  if (utf8::IsAscii(text)) {
    // NFKC maps every ASCII string to itself.
    normalized.assign(text.data(), text.size());
  } else {
    normalized = NormalizeUtf8(Normalizers().nfkc, text);
  }
  return std::string(TrimWhiteSpace(normalized));
}

absl::string_view TrimWhiteSpace(absl::string_view text) {
  size_t begin = 0;
  size_t end = 0;
  bool seen_content = false;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    const char32_t c = NextCodePoint(text, &pos);
    if (IsWhiteSpace(c)) continue;
    if (!seen_content) begin = start;
    seen_content = true;
    end = pos;
  }
  if (!seen_content) return absl::string_view();
  return text.substr(begin, end - begin);
}

bool TypographicAsciiSpelling(absl::string_view text, std::string* ascii) {
  ascii->clear();
  ascii->reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c != 0 && c < 0x80) {
      ascii->push_back(static_cast<char>(c));
      continue;
    }
    // U+2013 U+2014 U+2018 U+2019 U+201C U+201D are E2 80 93/94/98/99/9C/9D in UTF-8.
    if (c != 0xE2 || i + 2 >= text.size() || static_cast<unsigned char>(text[i + 1]) != 0x80) return false;
    switch (static_cast<unsigned char>(text[i + 2])) {
      case 0x93:
      case 0x94:
        ascii->push_back('-');
        break;
      case 0x98:
      case 0x99:
        ascii->push_back('\'');
        break;
      case 0x9C:
      case 0x9D:
        ascii->push_back('"');
        break;
      default:
        return false;
    }
    i += 2;
  }
  return true;
}

std::string SplitCamelCase(absl::string_view text) {
  std::string out;
  out.reserve(text.size() + 4);
  bool previous_is_lower = false;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    const char32_t c = NextCodePoint(text, &pos);
    if (previous_is_lower && IsUpperOrTitleLetter(c)) out.push_back(' ');
    out.append(text.data() + start, pos - start);
    previous_is_lower = IsLowerLetter(c);
  }
  return out;
}

std::string NfkcCaseFold(absl::string_view text) {
  // For ASCII, nfkc_cf is exactly lower-casing A-Z.
  if (utf8::IsAscii(text)) return absl::AsciiStrToLower(text);
  return NormalizeUtf8(Normalizers().nfkc_casefold, text);
}

bool HasNonLatinLetters(absl::string_view text, bool* has_han) {
  bool found = false;
  bool han = false;
  if (!utf8::IsAscii(text)) {
    size_t pos = 0;
    while (pos < text.size() && !han) {
      const char32_t c = NextCodePoint(text, &pos);
      if (c < 0x80 || !u_isalpha(static_cast<UChar32>(c))) continue;
      UErrorCode status = U_ZERO_ERROR;
      const UScriptCode script = uscript_getScript(static_cast<UChar32>(c), &status);
      if (U_FAILURE(status)) continue;
      if (script != USCRIPT_LATIN && script != USCRIPT_COMMON && script != USCRIPT_INHERITED) found = true;
      if (script == USCRIPT_HAN) han = true;
    }
  }
  if (has_han != nullptr) *has_han = han;
  return found;
}

std::string StripDiacritics(absl::string_view text) {
  if (utf8::IsAscii(text)) return std::string(text);
  const std::string decomposed = NormalizeUtf8(Normalizers().nfd, text);
  std::string stripped;
  stripped.reserve(decomposed.size());
  size_t pos = 0;
  while (pos < decomposed.size()) {
    const size_t start = pos;
    const char32_t c = NextCodePoint(decomposed, &pos);
    if (c >= 0x80) {
      if (u_charType(static_cast<UChar32>(c)) == U_NON_SPACING_MARK) continue;
      if (const char* folded = FoldUndecomposableLatin(c)) {
        stripped.append(folded);
        continue;
      }
    }
    stripped.append(decomposed.data() + start, pos - start);
  }
  return NormalizeUtf8(Normalizers().nfc, stripped);
}

std::string FoldPunctuation(absl::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  bool previous_is_word = false;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    const char32_t c = NextCodePoint(text, &pos);
    const bool is_word = IsWordCharacter(c);
    if (is_word) {
      if (c >= 0x80 && u_charType(static_cast<UChar32>(c)) == U_DECIMAL_DIGIT_NUMBER) {
        out.push_back(static_cast<char>('0' + u_charDigitValue(static_cast<UChar32>(c))));
      } else {
        out.append(text.data() + start, pos - start);
      }
    } else if (IsApostropheLike(c)) {
      size_t lookahead = pos;
      const bool next_is_word = pos < text.size() && IsWordCharacter(NextCodePoint(text, &lookahead));
      if (!(previous_is_word && next_is_word)) out.push_back(' ');
    } else if (c == '&') {
      out.append(" and ");
    } else {
      out.push_back(' ');
    }
    previous_is_word = is_word;
  }
  return out;
}

std::string SplitLetterDigit(absl::string_view text) {
  enum class Kind { kOther, kLetter, kDigit };
  std::string out;
  out.reserve(text.size() + 4);
  Kind previous = Kind::kOther;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    const char32_t c = NextCodePoint(text, &pos);
    Kind kind = Kind::kOther;
    if (c < 0x80) {
      if (IsAsciiDigit(c)) {
        kind = Kind::kDigit;
      } else if (IsAsciiLower(c) || IsAsciiUpper(c)) {
        kind = Kind::kLetter;
      }
    } else {
      const uint32_t mask = U_GET_GC_MASK(static_cast<UChar32>(c));
      if (mask & U_GC_ND_MASK) {
        kind = Kind::kDigit;
      } else if (mask & U_GC_L_MASK) {
        kind = Kind::kLetter;
      } else if (mask & U_GC_M_MASK) {
        kind = previous;  // A combining mark belongs to the character before it.
      }
    }
    if ((previous == Kind::kLetter && kind == Kind::kDigit) ||
        (previous == Kind::kDigit && kind == Kind::kLetter)) {
      out.push_back(' ');
    }
    out.append(text.data() + start, pos - start);
    previous = kind;
  }
  return out;
}

bool IsPlainAscii(absl::string_view text) {
  for (const char c : text) {
    if (c == '\0' || static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::string NormalizeAsciiName(absl::string_view nfkc) {
  // Pass 1: SplitCamelCase and NfkcCaseFold (ASCII: a space before an upper-case letter that follows a
  // lower-case one, then A-Z to a-z). Transliteration and StripDiacritics leave ASCII alone.
  std::string lowered;
  lowered.reserve(nfkc.size() + 4);
  bool previous_is_lower = false;
  for (const char c : nfkc) {
    if (previous_is_lower && absl::ascii_isupper(c)) lowered.push_back(' ');
    lowered.push_back(absl::ascii_tolower(c));
    previous_is_lower = absl::ascii_islower(c);
  }
  // Pass 2: FoldPunctuation, SplitLetterDigit and CollapseWhitespace. After pass 1 a word character is a-z or
  // 0-9; every other byte becomes a space, but for "&" (" and ") and an apostrophe (' or `) between word
  // characters (dropped). `emit` takes the folded text: it splits letters from digits and collapses spaces.
  enum class Kind { kOther, kLetter, kDigit };
  std::string out;
  out.reserve(lowered.size() + 8);
  Kind previous = Kind::kOther;
  bool pending_space = false;
  auto emit = [&](char c) {
    const Kind kind = c == ' ' ? Kind::kOther : (absl::ascii_isdigit(c) ? Kind::kDigit : Kind::kLetter);
    if (kind == Kind::kOther) {
      pending_space = true;
    } else {
      if ((previous == Kind::kLetter && kind == Kind::kDigit) || (previous == Kind::kDigit && kind == Kind::kLetter)) {
        pending_space = true;
      }
      if (pending_space && !out.empty()) out.push_back(' ');
      pending_space = false;
      out.push_back(c);
    }
    previous = kind;
  };
  auto is_word = [](char c) { return absl::ascii_islower(c) || absl::ascii_isdigit(c); };
  for (size_t i = 0; i < lowered.size(); ++i) {
    const char c = lowered[i];
    if (is_word(c)) {
      emit(c);
    } else if (c == '\'' || c == '`') {
      const bool between_words =
          i > 0 && is_word(lowered[i - 1]) && i + 1 < lowered.size() && is_word(lowered[i + 1]);
      if (!between_words) emit(' ');
    } else if (c == '&') {
      for (const char a : absl::string_view(" and ")) emit(a);
    } else {
      emit(' ');
    }
  }
  return out;
}

std::string CollapseWhitespace(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    const char32_t c = NextCodePoint(text, &pos);
    if (IsWhiteSpace(c)) {
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.append(text.data() + start, pos - start);
  }
  return out;
}

}  // namespace aka::core
