#include "client/canonicalize/canonicalize_job.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "client/canonicalize/batch_canonicalizer.h"
#include "client/canonicalize/checkpoint.h"
#include "client/canonicalize/csv_table.h"
#include "client/canonicalize/input_file.h"
#include "client/canonicalize/name_validation.h"
#include "client/canonicalize/output_file.h"
#include "common/status_macros.h"

namespace aka::canonicalize {
namespace {

constexpr char kErrorsHeader[] = "line,name,reason\n";

absl::Status ValidateOptions(const CanonicalizeOptions& options) {
  if (options.column.empty()) return absl::InvalidArgumentError("the name column (--column/--field) is required");
  if (options.batch_size == 0) return absl::InvalidArgumentError("the batch size must be at least 1");
  const ResultColumnNames& n = options.result_columns;
  const std::vector<std::string> names = {n.id, n.name, n.type, n.score, n.outcome};
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) return absl::InvalidArgumentError("result column names must not be empty");
    for (size_t j = 0; j < i; ++j) {
      if (names[i] == names[j]) {
        return absl::InvalidArgumentError(absl::StrCat("result column name '", names[i], "' is used twice"));
      }
    }
  }
  if (options.output != "-" && options.output == options.input) {
    return absl::InvalidArgumentError("the output must not be the input file");
  }
  return absl::OkStatus();
}

void AppendErrorRow(int64_t line, std::string_view name, std::string_view reason, std::string* out) {
  // An oversized name is cut: the errors file is for finding the row, and the line number does that.
  if (name.size() > kMaxNameBytes) name = name.substr(0, kMaxNameBytes);
  const std::string line_text = absl::StrCat(line);
  const std::string_view fields[] = {line_text, name, reason};
  AppendCsvRecord(absl::MakeConstSpan(fields), out);
}

void RemoveIfPresent(const std::string& path) { std::remove(path.c_str()); }

// One run of the job; exists so the progress line is cleared on every exit path.
class CanonicalizeRun {
 public:
  CanonicalizeRun(const CanonicalizeOptions& options, BatchResolver* resolver)
      : options_(options), resolver_(resolver) {}

  absl::StatusOr<CanonicalizeSummary> Run() {
    const absl::Time start = absl::Now();
    RETURN_IF_ERROR(ValidateOptions(options_));
    ASSIGN_OR_RETURN(input_, InputFile::Open(options_.input));
    const bool file_output = options_.output != "-";
    resumable_ = file_output && input_->seekable();
    if (options_.resume && !resumable_) {
      return absl::FailedPreconditionError(
          "--resume needs a regular input file and an output file; it is not possible with stdin, stdout or "
          "pipes");
    }
    checkpoint_path_ = CheckpointPath(options_.output);
    const ResultColumnNames& n = options_.result_columns;
    fingerprint_ = {input_->size(), input_->mtime_ns(), TableFormatName(options_.format), options_.column,
                    absl::StrJoin({n.id, n.name, n.type, n.score, n.outcome}, "\n")};
    std::optional<Checkpoint> checkpoint;
    if (file_output) {
      ASSIGN_OR_RETURN(checkpoint, FindCheckpoint());
    }

    ASSIGN_OR_RETURN(codec_, OpenTableCodec(options_.format, input_.get(), options_.column, n));
    errors_path_ = ErrorsPath(options_);
    int64_t resumed_rows = 0;
    if (checkpoint.has_value()) {
      RETURN_IF_ERROR(codec_->Seek({checkpoint->input_offset, checkpoint->input_line}));
      ASSIGN_OR_RETURN(output_, OutputFile::Open(options_.output, checkpoint->output_bytes));
      ASSIGN_OR_RETURN(errors_, OutputFile::Open(errors_path_, checkpoint->errors_bytes));
      counters_ = checkpoint->counters;
      resumed_rows = counters_.rows;
    } else {
      ASSIGN_OR_RETURN(output_, OutputFile::Open(options_.output));
      ASSIGN_OR_RETURN(errors_, OutputFile::Open(errors_path_));
      std::string header;
      codec_->AppendHeader(&header);
      RETURN_IF_ERROR(output_->Append(header));
      RETURN_IF_ERROR(errors_->Append(kErrorsHeader));
      // A crash before the first batch completes then resumes after the header rather than starting over.
      if (resumable_) RETURN_IF_ERROR(SaveCheckpoint());
    }

    ProgressMeter progress(options_.progress, input_->size(), codec_->position().offset);
    absl::Status status = ProcessAllBatches(&progress, resumed_rows);
    progress.Finish();
    RETURN_IF_ERROR(status);
    RETURN_IF_ERROR(output_->Close());
    RETURN_IF_ERROR(errors_->Close());
    // Only now is the output complete; a checkpoint left behind would make the next run refuse to start.
    if (resumable_) RemoveIfPresent(checkpoint_path_);
    if (counters_.errors == 0) RemoveIfPresent(errors_path_);

    CanonicalizeSummary summary;
    summary.rows = counters_.rows;
    summary.matched = counters_.matched;
    summary.ambiguous = counters_.ambiguous;
    summary.no_match = counters_.no_match;
    summary.errors = counters_.errors;
    summary.resumed_rows = resumed_rows;
    summary.seconds = absl::ToDoubleSeconds(absl::Now() - start);
    summary.rows_per_second =
        summary.seconds > 0 ? static_cast<double>(counters_.rows - resumed_rows) / summary.seconds : 0;
    if (counters_.errors > 0) summary.errors_path = errors_path_;
    return summary;
  }

 private:
  // The checkpoint to resume from, if any; refuses a checkpoint that is stale or does not match.
  absl::StatusOr<std::optional<Checkpoint>> FindCheckpoint() {
    absl::StatusOr<Checkpoint> existing = ReadCheckpoint(checkpoint_path_);
    if (absl::IsNotFound(existing.status())) return std::optional<Checkpoint>();
    if (!existing.ok()) return existing.status();
    if (!options_.resume) {
      return absl::FailedPreconditionError(absl::StrCat(
          "found ", checkpoint_path_, " left by an interrupted run writing ", options_.output,
          "; rerun with --resume to continue it, or delete the checkpoint to start over"));
    }
    if (!resumable_) return absl::FailedPreconditionError("cannot resume: the input is not a regular file");
    if (!(existing->fingerprint == fingerprint_)) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot resume from ", checkpoint_path_, ": ",
                       DescribeFingerprintMismatch(fingerprint_, existing->fingerprint),
                       "; delete the checkpoint to start over"));
    }
    return std::optional<Checkpoint>(*std::move(existing));
  }

  // Makes everything written so far durable, then records it. The order matters: a checkpoint must never
  // describe bytes that could still be lost.
  absl::Status SaveCheckpoint() { return SaveCheckpointAt(codec_->position()); }

  // `position` is where the record after the last one in the files begins.
  absl::Status SaveCheckpointAt(const TablePosition& position) {
    RETURN_IF_ERROR(output_->Sync());
    RETURN_IF_ERROR(errors_->Sync());
    Checkpoint checkpoint;
    checkpoint.input_offset = position.offset;
    checkpoint.input_line = position.line;
    checkpoint.output_bytes = output_->size();
    checkpoint.errors_bytes = errors_->size();
    checkpoint.counters = counters_;
    checkpoint.fingerprint = fingerprint_;
    return WriteCheckpoint(checkpoint_path_, checkpoint);
  }

  absl::Status ProcessAllBatches(ProgressMeter* progress, int64_t resumed_rows) {
    BatchCanonicalizer canonicalizer(resolver_, options_.cache_size, codec_->NameLabel());
    std::vector<TableRecord> batch(options_.batch_size);
    std::vector<RowResult> results;
    std::string output_bytes;
    std::string error_bytes;
    while (true) {
      size_t count = 0;
      while (count < batch.size()) {
        ASSIGN_OR_RETURN(bool found, codec_->Next(&batch[count]));
        if (!found) break;
        ++count;
      }
      if (count == 0) return absl::OkStatus();
      if (absl::Status status = canonicalizer.Resolve(batch, count, &results); !status.ok()) {
        // Everything before this batch is complete in the files: record it, so --resume redoes only this batch.
        // The read position must be that of the batch's first record, which the codec has moved past.
        if (resumable_ && saved_position_.has_value()) (void)SaveCheckpointAt(*saved_position_);
        return status;
      }
      output_bytes.clear();
      error_bytes.clear();
      for (size_t i = 0; i < count; ++i) {
        const RowResult& result = results[i];
        if (!result.error.empty()) AppendErrorRow(batch[i].line, batch[i].name, result.error, &error_bytes);
        codec_->AppendRecord(&batch[i], result.fields, &output_bytes);
        CountRow(result);
      }
      RETURN_IF_ERROR(output_->Append(output_bytes));
      RETURN_IF_ERROR(errors_->Append(error_bytes));
      if (options_.max_errors >= 0 && counters_.errors > options_.max_errors) {
        // The batch stays in the files so the user sees the bad rows, but is not checkpointed: a resume
        // (e.g. with a higher --max-errors) redoes it.
        RETURN_IF_ERROR(errors_->Sync());
        return absl::ResourceExhaustedError(absl::StrCat(
            "stopped: ", counters_.errors, " bad rows exceed the limit of ", options_.max_errors,
            " (--max-errors); they are listed with line numbers in ", errors_path_));
      }
      if (resumable_) {
        const absl::Time now = absl::Now();
        if (now - last_checkpoint_ >= options_.checkpoint_interval) {
          RETURN_IF_ERROR(SaveCheckpoint());
          last_checkpoint_ = now;
        }
        saved_position_ = codec_->position();
      }
      progress->Update(counters_.rows - resumed_rows, codec_->position().offset);
    }
  }

  void CountRow(const RowResult& result) {
    ++counters_.rows;
    if (!result.error.empty()) {
      ++counters_.errors;
    } else if (result.fields.outcome == "MATCHED") {
      ++counters_.matched;
    } else if (result.fields.outcome == "AMBIGUOUS") {
      ++counters_.ambiguous;
    } else {
      ++counters_.no_match;
    }
  }

  const CanonicalizeOptions& options_;
  BatchResolver* resolver_;
  std::unique_ptr<InputFile> input_;
  std::unique_ptr<TableCodec> codec_;
  std::unique_ptr<OutputFile> output_;
  std::unique_ptr<OutputFile> errors_;
  bool resumable_ = false;
  std::string checkpoint_path_;
  std::string errors_path_;
  JobFingerprint fingerprint_;
  RowCounters counters_;
  absl::Time last_checkpoint_ = absl::Now();
  // The read position after the last batch written to the files (whether or not checkpointed yet).
  std::optional<TablePosition> saved_position_;
};

}  // namespace

std::string CheckpointPath(const std::string& output) { return output + ".checkpoint"; }

std::string ErrorsPath(const CanonicalizeOptions& options) {
  if (!options.errors_path.empty()) return options.errors_path;
  if (options.output == "-") return "aka-canonicalize.errors.csv";
  return options.output + ".errors.csv";
}

absl::StatusOr<CanonicalizeSummary> RunCanonicalize(const CanonicalizeOptions& options, BatchResolver* resolver) {
  CanonicalizeRun run(options, resolver);
  return run.Run();
}

}  // namespace aka::canonicalize
