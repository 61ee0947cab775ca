#include "client/canonicalize/summary.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "nlohmann/json.hpp"

namespace aka::canonicalize {

std::string FormatSummary(const CanonicalizeSummary& s, SummaryFormat format) {
  if (format == SummaryFormat::kJson) {
    nlohmann::ordered_json json = {{"rows", s.rows},
                                   {"matched", s.matched},
                                   {"ambiguous", s.ambiguous},
                                   {"no_match", s.no_match},
                                   {"errors", s.errors},
                                   {"resumed_rows", s.resumed_rows},
                                   {"seconds", s.seconds},
                                   {"rows_per_second", s.rows_per_second}};
    if (!s.errors_path.empty()) json["errors_path"] = s.errors_path;
    return json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  }
  std::string text = absl::StrFormat("%d rows: %d matched, %d ambiguous, %d no match, %d errors", s.rows,
                                     s.matched, s.ambiguous, s.no_match, s.errors);
  if (s.resumed_rows > 0) absl::StrAppend(&text, " (", s.resumed_rows, " done before resuming)");
  absl::StrAppendFormat(&text, " in %.1f s (%.0f rows/s)", s.seconds, s.rows_per_second);
  if (!s.errors_path.empty()) absl::StrAppend(&text, "; bad rows listed in ", s.errors_path);
  text.push_back('\n');
  return text;
}

}  // namespace aka::canonicalize
