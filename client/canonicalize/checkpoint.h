// The --resume checkpoint of a canonicalize job: after each batch is durable in the output and errors files,
// the job atomically replaces <out>.checkpoint with where it stands, so a run killed at any instant (even
// kill -9) continues from the last batch and yields output byte-identical to an uninterrupted run.
//
// On-disk format, version 1 (text, one "key value" per line, values C-escaped; keys may come in any order,
// unknown keys are an error; the file must end with the line "end", so a torn file is never trusted):
//   aka-canonicalize-checkpoint 1
//   input_offset N      byte offset of the next unread record in the input
//   input_line N        its 1-based line
//   output_bytes N      length of the output file holding exactly the rows before that record
//   errors_bytes N      length of the errors file likewise
//   rows N / matched N / ambiguous N / no_match N / errors N     counters so far
//   input_size N / input_mtime_ns N / format csv|jsonl / column S / result_columns S   the fingerprint
//   end
#ifndef AKA_CLIENT_CANONICALIZE_CHECKPOINT_H_
#define AKA_CLIENT_CANONICALIZE_CHECKPOINT_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace aka::canonicalize {

// What must be unchanged for a checkpoint to apply: the input file (by size and mtime) and the options that
// shape the output.
struct JobFingerprint {
  int64_t input_size = 0;
  int64_t input_mtime_ns = 0;
  std::string format;
  std::string column;
  std::string result_columns;  // the five result column names joined with '\n'

  bool operator==(const JobFingerprint& other) const;
};

// Describes how `found` differs from `expected` ("the input file changed (size ...)"), for error messages.
std::string DescribeFingerprintMismatch(const JobFingerprint& expected, const JobFingerprint& found);

struct RowCounters {
  int64_t rows = 0;
  int64_t matched = 0;
  int64_t ambiguous = 0;
  int64_t no_match = 0;
  int64_t errors = 0;
};

struct Checkpoint {
  int64_t input_offset = 0;
  int64_t input_line = 1;
  int64_t output_bytes = 0;
  int64_t errors_bytes = 0;
  RowCounters counters;
  JobFingerprint fingerprint;
};

// Replaces `path` with `checkpoint` atomically and durably: write <path>.tmp, fsync, rename, fsync the
// directory.
absl::Status WriteCheckpoint(const std::string& path, const Checkpoint& checkpoint);

// Reads `path`. NotFound if it does not exist; DataLoss if it is not a complete version-1 checkpoint.
absl::StatusOr<Checkpoint> ReadCheckpoint(const std::string& path);

}  // namespace aka::canonicalize

#endif  // AKA_CLIENT_CANONICALIZE_CHECKPOINT_H_
