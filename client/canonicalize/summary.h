// CanonicalizeSummary: what a canonicalize run did, returned to the caller (the CLI prints it as text for
// people or JSON for scripts).
#ifndef AKA_CLIENT_CANONICALIZE_SUMMARY_H_
#define AKA_CLIENT_CANONICALIZE_SUMMARY_H_

#include <cstdint>
#include <string>

namespace aka::canonicalize {

struct CanonicalizeSummary {
  // Counts cover the whole job, including rows done before a resume.
  int64_t rows = 0;
  int64_t matched = 0;
  int64_t ambiguous = 0;
  int64_t no_match = 0;
  int64_t errors = 0;
  // Rows that a resumed run found already done; 0 for a fresh run.
  int64_t resumed_rows = 0;
  // Wall time of this run, and its rate over the rows it processed itself.
  double seconds = 0;
  double rows_per_second = 0;
  // The errors file, when there were bad rows (it is removed when there were none).
  std::string errors_path;
};

enum class SummaryFormat { kText, kJson };

// One line of text ("12000 rows: 11000 matched, ... in 3.2 s (3750 rows/s)") or one JSON object, ending in
// "\n".
std::string FormatSummary(const CanonicalizeSummary& summary, SummaryFormat format);

}  // namespace aka::canonicalize

#endif  // AKA_CLIENT_CANONICALIZE_SUMMARY_H_
