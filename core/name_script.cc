#include "core/name_script.h"

#include <cstdint>

#include "core/utf8.h"
#include "unicode/uchar.h"
#include "unicode/uscript.h"

namespace aka::core {
namespace {

NameScript Classify(UScriptCode code) {
  switch (code) {
    case USCRIPT_LATIN:
      return NameScript::kLatin;
    case USCRIPT_CYRILLIC:
      return NameScript::kCyrillic;
    case USCRIPT_GREEK:
      return NameScript::kGreek;
    case USCRIPT_ARABIC:
      return NameScript::kArabic;
    case USCRIPT_HEBREW:
      return NameScript::kHebrew;
    case USCRIPT_HAN:
      return NameScript::kHan;
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
      return NameScript::kJapanese;
    case USCRIPT_HANGUL:
      return NameScript::kHangul;
    default:
      return NameScript::kOther;
  }
}

// Han combines with Kana (Japanese) and Hangul (Korean) into one writing system.
bool Combine(NameScript* acc, NameScript next) {
  if (*acc == NameScript::kNone || *acc == next) {
    *acc = next;
    return true;
  }
  const bool cjk_acc = *acc == NameScript::kHan || *acc == NameScript::kJapanese || *acc == NameScript::kHangul;
  const bool cjk_next = next == NameScript::kHan || next == NameScript::kJapanese || next == NameScript::kHangul;
  if (cjk_acc && cjk_next) {
    if (*acc == NameScript::kHan) *acc = next;
    if (next == NameScript::kHan || *acc == next) return true;
  }
  *acc = NameScript::kMixed;
  return false;
}

}  // namespace

NameScript DetectScript(absl::string_view text) {
  NameScript result = NameScript::kNone;
  size_t pos = 0;
  while (pos < text.size()) {
    const unsigned char byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x80) {
      ++pos;
      if ((byte | 0x20) >= 'a' && (byte | 0x20) <= 'z' && !Combine(&result, NameScript::kLatin)) return result;
      continue;
    }
    const int32_t c = utf8::DecodeNext(text, &pos);
    if (c < 0 || !u_isalpha(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode code = uscript_getScript(c, &status);
    if (U_FAILURE(status) || code == USCRIPT_COMMON || code == USCRIPT_INHERITED) continue;
    if (!Combine(&result, Classify(code))) return result;
  }
  return result;
}

bool HasLossyRomanization(NameScript script) {
  switch (script) {
    case NameScript::kArabic:
    case NameScript::kHebrew:
    case NameScript::kCyrillic:
    case NameScript::kGreek:
    case NameScript::kHangul:
    case NameScript::kOther:
      return true;
    default:
      return false;
  }
}

absl::string_view NameScriptName(NameScript script) {
  switch (script) {
    case NameScript::kNone:
      return "none";
    case NameScript::kLatin:
      return "latin";
    case NameScript::kCyrillic:
      return "cyrillic";
    case NameScript::kGreek:
      return "greek";
    case NameScript::kArabic:
      return "arabic";
    case NameScript::kHebrew:
      return "hebrew";
    case NameScript::kHan:
      return "han";
    case NameScript::kJapanese:
      return "japanese";
    case NameScript::kHangul:
      return "hangul";
    case NameScript::kOther:
      return "other";
    case NameScript::kMixed:
      return "mixed";
  }
  return "none";
}

}  // namespace aka::core
