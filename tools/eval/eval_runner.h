// Runs gold sets through a live aka service (aka::Client, pipelined ResolveStream calls) and grades the answers;
// prepares a database for the sets that need more than akad's bundled data. Shared by the aka-eval command and
// the dev-set regression test, so that both measure exactly the same thing.
#ifndef AKA_TOOLS_EVAL_EVAL_RUNNER_H_
#define AKA_TOOLS_EVAL_EVAL_RUNNER_H_

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/client.h"
#include "tools/eval/gold_set.h"
#include "tools/eval/grading.h"

namespace aka::eval {

// Where the gold sets are. Paths are to the shared data folder and the negatives file.
struct EvalPaths {
  // ../shared/data: holds dev/, cross-script/ and misp-galaxy/.
  std::string shared_data_dir;
  // tools/eval/negatives.jsonl.
  std::string negatives_file;
  // tools/eval/required.jsonl.
  std::string required_file;
  // Threat-actor rows ask for type threat_actor (ReadDevSet). Default: true.
  bool typed = true;
};

// The set names aka-eval knows, in report order.
const std::vector<std::string>& AllSetNames();

// Reads the named sets (each of AllSetNames()). NOT_FOUND / INVALID_ARGUMENT from reading.
absl::StatusOr<std::vector<GoldRow>> LoadSets(const EvalPaths& paths, const std::vector<std::string>& sets);

// Imports what the sets need beyond akad's default data: the china-defence-universities galaxy (for
// cjk_org_names) and one `person` entity per distinct Latin name of the cross-script pairs (external id
// eval-cross-script). Idempotent: Import finds entities again by their external ids. `log` gets one line per
// import with the server's counts.
absl::Status PrepareDatabase(Client& client, const EvalPaths& paths, std::ostream& log);

struct RunOptions {
  // The tied group of an AMBIGUOUS answer (grading.h). Default: the server's default ambiguity margin.
  double ambiguity_margin = 0.05;
  // For rows with a reference query (gold_set.h). Default: the server's default match threshold.
  double match_threshold = 0.80;
  // Candidates asked for per query. Default: 10 (enough for the tied group of any shared alias in the data).
  int max_candidates = 10;
  // Parallel ResolveStream calls. Default: 2.
  int streams = 2;
  // When set, every row that is not correct is written to it (one line each) with the top candidates.
  std::ostream* misses = nullptr;
};

// Resolves every row and returns the tallies. Item errors are counted as errors, not failures of the run; a
// broken stream is an error of the run.
absl::StatusOr<TallyTable> RunSets(Client& client, const std::vector<GoldRow>& rows, const RunOptions& options);

// Marks rows `ambiguous` whose reference query finds two or more entities at or above `match_threshold`
// (gold_set.h), given the reference answers in row order (`reference` returns the answer for a row).
void ApplyReferenceAnswers(std::vector<GoldRow>* rows, double match_threshold,
                           const std::function<const aka::v1::ResolveResponse*(size_t row)>& reference);

}  // namespace aka::eval

#endif  // AKA_TOOLS_EVAL_EVAL_RUNNER_H_
