#include "core/latin_transliterator.h"

#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "common/status_macros.h"
#include "core/normalize_steps.h"
#include "unicode/translit.h"
#include "unicode/unistr.h"

namespace aka::core {

// A pool of clones of one ICU transliterator. Thread-safe.
class LatinTransliterator::Pool {
 public:
  static absl::StatusOr<std::unique_ptr<Pool>> Create(const char* id) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> prototype(
        icu::Transliterator::createInstance(icu::UnicodeString::fromUTF8(id), UTRANS_FORWARD, status));
    if (U_FAILURE(status) || prototype == nullptr) {
      return absl::InternalError(std::string("cannot create ICU transliterator \"") + id +
                                 "\": " + u_errorName(status));
    }
    return std::unique_ptr<Pool>(new Pool(std::move(prototype)));
  }

  // Transliterates `text` in place with a borrowed clone. Leaves `text` alone if cloning runs out of memory.
  void Transliterate(icu::UnicodeString* text) {
    std::unique_ptr<icu::Transliterator> transliterator = Borrow();
    if (transliterator == nullptr) return;
    transliterator->transliterate(*text);
    absl::MutexLock lock(&mu_);
    idle_.push_back(std::move(transliterator));
  }

 private:
  explicit Pool(std::unique_ptr<icu::Transliterator> prototype) : prototype_(std::move(prototype)) {}

  std::unique_ptr<icu::Transliterator> Borrow() {
    {
      absl::MutexLock lock(&mu_);
      if (!idle_.empty()) {
        std::unique_ptr<icu::Transliterator> transliterator = std::move(idle_.back());
        idle_.pop_back();
        return transliterator;
      }
    }
    // Cloning is far cheaper than createInstance (no rule parsing) and happens only when the pool is empty.
    // The prototype is only ever cloned, never used, so cloning it concurrently is safe.
    return std::unique_ptr<icu::Transliterator>(prototype_->clone());
  }

  const std::unique_ptr<icu::Transliterator> prototype_;
  absl::Mutex mu_;
  std::vector<std::unique_ptr<icu::Transliterator>> idle_ ABSL_GUARDED_BY(mu_);
};

LatinTransliterator::LatinTransliterator(std::unique_ptr<Pool> han, std::unique_ptr<Pool> other)
    : han_(std::move(han)), other_(std::move(other)) {}

LatinTransliterator::~LatinTransliterator() = default;

absl::StatusOr<std::unique_ptr<LatinTransliterator>> LatinTransliterator::Create() {
  ASSIGN_OR_RETURN(std::unique_ptr<Pool> han, Pool::Create(kHanTransformId));
  ASSIGN_OR_RETURN(std::unique_ptr<Pool> other, Pool::Create(kOtherTransformId));
  return std::unique_ptr<LatinTransliterator>(new LatinTransliterator(std::move(han), std::move(other)));
}

std::string LatinTransliterator::ToLatin(absl::string_view text) const {
  bool has_han = false;
  if (!HasNonLatinLetters(text, &has_han)) return std::string(text);
  icu::UnicodeString unicode =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  (has_han ? han_ : other_)->Transliterate(&unicode);
  std::string latin;
  unicode.toUTF8String(latin);
  return NfkcCaseFold(latin);
}

}  // namespace aka::core
