#include "core/normalizer.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"
#include "core/latin_transliterator.h"
#include "core/normalize_steps.h"

namespace aka::core {
namespace {

class IcuNormalizer final : public Normalizer {
 public:
  explicit IcuNormalizer(std::unique_ptr<LatinTransliterator> transliterator)
      : transliterator_(std::move(transliterator)) {}

  NormalizedName Normalize(absl::string_view name) const override {
    NormalizedName result;
    std::string ascii;
    if (IsPlainAscii(name)) {
      // Most names: the same forms as the ICU steps without ICU or a copy per step (normalize_steps.h).
      result.nfkc = NfkcTrimmed(name);
      result.normalized = NormalizeAsciiName(result.nfkc);
    } else if (TypographicAsciiSpelling(name, &ascii)) {
      // ASCII in typographic quotes or with typographic dashes: the same forms as the ICU steps too.
      result.nfkc = std::string(TrimWhiteSpace(name));
      result.normalized = NormalizeAsciiName(NfkcTrimmed(ascii));
    } else {
      result.nfkc = NfkcTrimmed(CoerceToUtf8(name));
      result.normalized = NormalizeByIcuSteps(*transliterator_, result.nfkc);
    }
    if (result.normalized.empty()) return result;

    result.tokens = absl::StrSplit(result.normalized, ' ');
    result.compact = absl::StrJoin(result.tokens, "");
    std::vector<std::string> sorted = result.tokens;
    std::sort(sorted.begin(), sorted.end());
    result.token_sorted = absl::StrJoin(sorted, " ");
    return result;
  }

 private:
  const std::unique_ptr<LatinTransliterator> transliterator_;
};

}  // namespace

std::string NormalizeByIcuSteps(const LatinTransliterator& transliterator, absl::string_view nfkc) {
  // CamelCase is only visible before case folding, so it is split first.
  std::string text = NfkcCaseFold(SplitCamelCase(nfkc));
  text = transliterator.ToLatin(text);
  text = StripDiacritics(text);
  text = FoldPunctuation(text);
  text = SplitLetterDigit(text);
  return CollapseWhitespace(text);
}

namespace {

// Normalizes one string that exercises every ICU object so that missing ICU data fails Create, not a
// query. The normalizer singletons would otherwise degrade to passing text through.
absl::Status CheckIcuData(const Normalizer& normalizer) {
  const NormalizedName probe = normalizer.Normalize("ＡＰＴ Société");
  if (probe.normalized != "apt societe") {
    return absl::InternalError("ICU normalization data is missing: got \"" + probe.normalized + "\"");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Normalizer>> Normalizer::Create() {
  ASSIGN_OR_RETURN(std::unique_ptr<LatinTransliterator> transliterator, LatinTransliterator::Create());
  auto normalizer = std::make_unique<IcuNormalizer>(std::move(transliterator));
  RETURN_IF_ERROR(CheckIcuData(*normalizer));
  return std::unique_ptr<Normalizer>(std::move(normalizer));
}

}  // namespace aka::core
