// The engine of `aka canonicalize`: streams records from CSV or JSON lines, resolves each record's name
// through a BatchResolver (each distinct name once per batch, with an LRU cache across batches), and writes
// every record back unchanged, in input order, with the result columns added. Bad rows are listed with their
// line number in an errors file and still written (outcome ERROR) so row count and order are kept. With a
// file output the run checkpoints after every batch and can be resumed after a crash (see checkpoint.h).
#ifndef AKA_CLIENT_CANONICALIZE_CANONICALIZE_JOB_H_
#define AKA_CLIENT_CANONICALIZE_CANONICALIZE_JOB_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client/canonicalize/batch_resolver.h"
#include "client/canonicalize/progress.h"
#include "client/canonicalize/summary.h"
#include "client/canonicalize/table_codec.h"

namespace aka::canonicalize {

struct CanonicalizeOptions {
  // Input path, or "-" for stdin. Default: "-".
  std::string input = "-";
  // Output path, or "-" for stdout. Default: "-". Only a file output is checkpointed and resumable.
  std::string output = "-";
  // Default: CSV.
  TableFormat format = TableFormat::kCsv;
  // The CSV column, or the JSONL dotted field path ("actor.name"), holding the name. Required.
  std::string column;
  // Names of the added columns/fields. Default: aka_id, aka_name, aka_type, aka_score, aka_outcome.
  ResultColumnNames result_columns;
  // Where bad rows are listed (CSV: line,name,reason). Default (empty): "<output>.errors.csv", or
  // "aka-canonicalize.errors.csv" in the working directory when the output is stdout.
  std::string errors_path;
  // The run fails once more rows than this are bad. Negative: no limit. Default: 1000.
  int64_t max_errors = 1000;
  // Continue an interrupted run from <output>.checkpoint (starts afresh if there is none). Default: false.
  bool resume = false;
  // Default: kAuto (shown when stderr is a terminal).
  ProgressMode progress = ProgressMode::kAuto;
  // Records per batch: per resolver call. Default: 1000.
  size_t batch_size = 1000;
  // Least time between checkpoints; a checkpoint is taken after the first batch that ends this long after the
  // previous one. Each costs several fsyncs (tens of ms on some disks), so one per batch would dominate a fast
  // job; a kill loses at most this much work, never a row. Zero: after every batch. Default: 1 s.
  absl::Duration checkpoint_interval = absl::Seconds(1);
  // Distinct names whose results are remembered across batches; 0 disables. Default: 100000.
  size_t cache_size = 100000;
};

// The checkpoint file of a run writing to `output`.
std::string CheckpointPath(const std::string& output);
// The errors file a run with `options` writes (options.errors_path or its default).
std::string ErrorsPath(const CanonicalizeOptions& options);

// Runs the job to the end of the input. `resolver` is borrowed and must outlive the call.
// Errors: InvalidArgument for bad options or a bad header; FailedPrecondition for a stale checkpoint without
// --resume, --resume with stdin/stdout, or a checkpoint that does not match; ResourceExhausted when more than
// max_errors rows are bad; the resolver's status when a batch fails. After a failure with a file output, the
// output and errors files and the checkpoint are left for --resume.
absl::StatusOr<CanonicalizeSummary> RunCanonicalize(const CanonicalizeOptions& options, BatchResolver* resolver);

}  // namespace aka::canonicalize

#endif  // AKA_CLIENT_CANONICALIZE_CANONICALIZE_JOB_H_
