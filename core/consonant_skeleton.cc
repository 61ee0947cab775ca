#include "core/consonant_skeleton.h"

#include <algorithm>
#include <string>
#include <vector>

namespace aka::core {
namespace {

bool IsDropped(char c) {
  switch (c) {
    case 'a':
    case 'e':
    case 'i':
    case 'o':
    case 'u':
    case 'y':
      return true;
    default:
      return c < 'a' || c > 'z';
  }
}

// One consonant after folding the conventions that differ between romanisations.
char Fold(char c) {
  switch (c) {
    case 'q':
    case 'c':
    case 'g':
      return 'k';
    case 'b':
      return 'p';
    case 'w':
      return 'v';
    case 'z':
      return 's';
    default:
      return c;
  }
}

}  // namespace

std::string ConsonantSkeleton(absl::string_view normalized) {
  std::string skeleton;
  for (size_t i = 0; i < normalized.size(); ++i) {
    const char c = normalized[i];
    const char next = i + 1 < normalized.size() ? normalized[i + 1] : '\0';
    char out;
    if (c == 'k' && next == 's') {
      out = 'x';
      ++i;
    } else if (c == 'k' && next == 'h') {
      out = 'h';
      ++i;
    } else if (c == 'p' && next == 'h') {
      out = 'f';
      ++i;
    } else if (c == 'j' && i > 0 && IsDropped(normalized[i - 1]) && normalized[i - 1] >= 'a') {
      continue;  // a glide after a vowel ("dmitrij", "sergej"): written "y" or not at all in other systems
    } else if (IsDropped(c)) {
      continue;
    } else {
      out = Fold(c);
    }
    if (skeleton.empty() || skeleton.back() != out) skeleton.push_back(out);
  }
  return skeleton;
}

std::vector<std::string> SkeletonKeyValues(const std::string& skeleton) {
  std::vector<std::string> values;
  if (skeleton.size() < kMinSkeletonLength) return values;
  values.push_back(skeleton);
  if (skeleton.size() < kMinFuzzySkeletonLength || skeleton.size() > kMaxFuzzySkeletonLength) return values;
  for (size_t i = 0; i < skeleton.size(); ++i) {
    std::string deleted = skeleton.substr(0, i) + skeleton.substr(i + 1);
    if (std::find(values.begin(), values.end(), deleted) == values.end()) values.push_back(std::move(deleted));
  }
  return values;
}

}  // namespace aka::core
