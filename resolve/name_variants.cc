#include "resolve/name_variants.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace aka::resolve {
namespace {

struct Bracket {
  absl::string_view open;
  absl::string_view close;
};

constexpr Bracket kBrackets[] = {{"(", ")"}, {"\xEF\xBC\x88", "\xEF\xBC\x89"}};  // ( ) and （ ）

}  // namespace

std::vector<std::string> ParenthesisedVariants(absl::string_view name) {
  for (const Bracket& bracket : kBrackets) {
    const size_t open = name.find(bracket.open);
    if (open == absl::string_view::npos) continue;
    const size_t close = name.find(bracket.close, open + bracket.open.size());
    if (close == absl::string_view::npos) continue;
    const absl::string_view inside =
        absl::StripAsciiWhitespace(name.substr(open + bracket.open.size(), close - open - bracket.open.size()));
    const std::string outside(absl::StripAsciiWhitespace(
        absl::StrCat(absl::StripAsciiWhitespace(name.substr(0, open)), " ",
                     absl::StripAsciiWhitespace(name.substr(close + bracket.close.size())))));
    if (outside.size() < 2) return {};
    std::vector<std::string> variants = {outside};
    if (inside.size() >= 2) variants.emplace_back(inside);
    return variants;
  }
  return {};
}

}  // namespace aka::resolve
