// The transliteration step of name normalization: non-Latin scripts to ASCII Latin, so that "赵光宗" and
// "Zhao Guangzong" meet on the same keys. Kept apart from normalize_steps.h because, unlike the other steps,
// it owns state: ICU transliterators, which are costly to build and not safe to share between threads.
#ifndef AKA_CORE_LATIN_TRANSLITERATOR_H_
#define AKA_CORE_LATIN_TRANSLITERATOR_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace aka::core {

// Transliterates non-Latin scripts to ASCII Latin with ICU. Text containing Han goes through pinyin with
// surname readings ("赵光宗" -> "zhao guang zong", "单" -> "shan", not "dan"); other scripts ICU knows
// (Cyrillic, Greek, Arabic, Hangul, kana, ...) go through Any-Latin, then Latin-ASCII. Han-Latin has no
// script filter of its own and costs ten times more than Any-Latin on, say, Cyrillic, hence the two
// transforms. ICU Transliterators are not safe for concurrent use, so each transform keeps a pool of clones
// behind a mutex and each call borrows one; a pool grows to the peak number of concurrent callers and no
// further.
class LatinTransliterator {
 public:
  // The ICU transform IDs used.
  static constexpr char kHanTransformId[] = "Han-Latin/Names; Any-Latin; Latin-ASCII";
  static constexpr char kOtherTransformId[] = "Any-Latin; Latin-ASCII";

  // Fails with INTERNAL if ICU's transliteration data is missing.
  static absl::StatusOr<std::unique_ptr<LatinTransliterator>> Create();
  ~LatinTransliterator();

  // Returns `text` transliterated and case folded again (transforms may emit capitals). Returns `text`
  // unchanged, without touching ICU, when HasNonLatinLetters(text) is false. Thread-safe.
  std::string ToLatin(absl::string_view text) const;

 private:
  class Pool;
  LatinTransliterator(std::unique_ptr<Pool> han, std::unique_ptr<Pool> other);

  const std::unique_ptr<Pool> han_;
  const std::unique_ptr<Pool> other_;
};

}  // namespace aka::core

#endif  // AKA_CORE_LATIN_TRANSLITERATOR_H_
