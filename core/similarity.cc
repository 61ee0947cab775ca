#include "core/similarity.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include "absl/container/inlined_vector.h"
#include "core/generic_words.h"
#include "core/utf8.h"

namespace aka::core {
namespace {

// Code points of a token; tokens are short, so they live on the stack.
using CodePoints = absl::InlinedVector<char32_t, 32>;

CodePoints Decode(absl::string_view text) {
  CodePoints out;
  out.reserve(text.size());
  if (utf8::IsAscii(text)) {
    for (char c : text) out.push_back(static_cast<unsigned char>(c));
    return out;
  }
  size_t pos = 0;
  while (pos < text.size()) {
    const int32_t c = utf8::DecodeNext(text, &pos);
    out.push_back(c < 0 ? utf8::kReplacementCharacter : static_cast<char32_t>(c));
  }
  return out;
}

int BoundedOsa(const CodePoints& a, const CodePoints& b, int max_distance) {
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  if (std::abs(n - m) > max_distance) return max_distance + 1;
  if (n == 0 || m == 0) return std::max(n, m);
  const int kInf = max_distance + 1;
  // Three rows of the matrix (i-2, i-1, i); cells outside the band |i - j| <= k stay at kInf.
  absl::InlinedVector<int, 40> two_back(m + 1, kInf), previous(m + 1, kInf), current(m + 1, kInf);
  for (int j = 0; j <= std::min(m, max_distance); ++j) previous[j] = j;
  for (int i = 1; i <= n; ++i) {
    std::fill(current.begin(), current.end(), kInf);
    const int low = std::max(1, i - max_distance);
    const int high = std::min(m, i + max_distance);
    if (i <= max_distance) current[0] = i;
    int row_min = current[0];
    for (int j = low; j <= high; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int value = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        value = std::min(value, two_back[j - 2] + 1);
      }
      current[j] = std::min(value, kInf);
      row_min = std::min(row_min, current[j]);
    }
    if (row_min > max_distance) return kInf;
    std::swap(two_back, previous);
    std::swap(previous, current);
  }
  return std::min(previous[m], kInf);
}

double JaroWinklerOf(const CodePoints& a, const CodePoints& b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  const int window = std::max(0, std::max(n, m) / 2 - 1);
  absl::InlinedVector<bool, 32> a_matched(n, false), b_matched(m, false);
  int matches = 0;
  for (int i = 0; i < n; ++i) {
    const int low = std::max(0, i - window);
    const int high = std::min(m - 1, i + window);
    for (int j = low; j <= high; ++j) {
      if (b_matched[j] || a[i] != b[j]) continue;
      a_matched[i] = b_matched[j] = true;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0.0;
  int transpositions = 0;
  for (int i = 0, j = 0; i < n; ++i) {
    if (!a_matched[i]) continue;
    while (!b_matched[j]) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  const double mt = matches;
  const double jaro = (mt / n + mt / m + (mt - transpositions / 2.0) / mt) / 3.0;
  int prefix = 0;
  while (prefix < 4 && prefix < n && prefix < m && a[prefix] == b[prefix]) ++prefix;
  return jaro + prefix * 0.1 * (1.0 - jaro);
}

}  // namespace

int BoundedEditDistance(absl::string_view a, absl::string_view b, int max_distance) {
  if (a == b) return 0;
  return BoundedOsa(Decode(a), Decode(b), std::max(0, max_distance));
}

double JaroWinkler(absl::string_view a, absl::string_view b) {
  if (a == b) return 1.0;
  return JaroWinklerOf(Decode(a), Decode(b));
}

namespace {

// The distinct tokens of `tokens`, sorted. Names have a handful of tokens: sorting views on the stack is cheaper
// than building a hash set (this runs for every pair the resolver scores).
absl::InlinedVector<absl::string_view, 16> DistinctSorted(const std::vector<std::string>& tokens) {
  absl::InlinedVector<absl::string_view, 16> views(tokens.begin(), tokens.end());
  std::sort(views.begin(), views.end());
  views.erase(std::unique(views.begin(), views.end()), views.end());
  return views;
}

}  // namespace

double TokenSetOverlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const absl::InlinedVector<absl::string_view, 16> set_a = DistinctSorted(a);
  const absl::InlinedVector<absl::string_view, 16> set_b = DistinctSorted(b);
  if (set_a.empty() && set_b.empty()) return 0.0;
  size_t common = 0;
  for (size_t i = 0, j = 0; i < set_a.size() && j < set_b.size();) {
    if (set_a[i] < set_b[j]) {
      ++i;
    } else if (set_b[j] < set_a[i]) {
      ++j;
    } else {
      ++common, ++i, ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(set_a.size() + set_b.size() - common);
}

int MaxEditsForLength(size_t length) {
  if (length <= 3) return 0;
  if (length <= 8) return 1;
  return 2;
}

double TokenSimilarity(absl::string_view a, absl::string_view b) {
  if (a == b) return a.empty() ? 0.0 : 1.0;
  const bool a_numeric = IsNumericToken(a);
  const bool b_numeric = IsNumericToken(b);
  if (a_numeric || b_numeric) {
    return a_numeric && b_numeric && CanonicalNumber(a) == CanonicalNumber(b) ? 1.0 : 0.0;
  }
  // Most pairs compared are far apart in length or short: for ASCII tokens (byte = code point) that shows
  // without decoding them. Same answer as below: no budget, or a length gap beyond it, is similarity 0.
  if (utf8::IsAscii(a) && utf8::IsAscii(b)) {
    const int ascii_budget = MaxEditsForLength(std::max(a.size(), b.size()));
    const size_t gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
    if (ascii_budget == 0 || gap > static_cast<size_t>(ascii_budget)) return 0.0;
  }
  const CodePoints ca = Decode(a);
  const CodePoints cb = Decode(b);
  const size_t longer = std::max(ca.size(), cb.size());
  const int budget = MaxEditsForLength(longer);
  if (budget == 0) return 0.0;
  const int distance = BoundedOsa(ca, cb, budget);
  if (distance > budget) return 0.0;
  const double edit_similarity = 1.0 - static_cast<double>(distance) / static_cast<double>(longer);
  return (edit_similarity + JaroWinklerOf(ca, cb)) / 2.0;
}

size_t CodePointLength(absl::string_view text) {
  if (utf8::IsAscii(text)) return text.size();
  size_t count = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    utf8::DecodeNext(text, &pos);
    ++count;
  }
  return count;
}

}  // namespace aka::core
