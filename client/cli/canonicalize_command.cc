// aka canonicalize: the canonicalize engine (client/canonicalize) run over ResolveStream through a
// StreamBatchResolver, with the engine's statuses turned into the CLI's exit codes and a summary on stderr.
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "client/canonicalize/canonicalize_job.h"
#include "client/canonicalize/stream_batch_resolver.h"
#include "client/canonicalize/summary.h"
#include "client/canonicalize/table_codec.h"
#include "client/cli/commands.h"

namespace aka::cli {
namespace {

// Remembers whether a failure came from the server side, so that exit code 3 (RPC) is told apart from the
// engine's own errors, which may carry any status code.
class TrackingResolver final : public canonicalize::BatchResolver {
 public:
  explicit TrackingResolver(canonicalize::BatchResolver* inner) : inner_(inner) {}
  absl::Status ResolveBatch(const std::vector<std::string>& names,
                            std::vector<aka::v1::ResolveResponse>* out) override {
    absl::Status status = inner_->ResolveBatch(names, out);
    if (!status.ok()) failed_ = true;
    return status;
  }
  bool failed() const { return failed_; }

 private:
  canonicalize::BatchResolver* inner_;
  bool failed_ = false;
};

absl::StatusOr<canonicalize::ProgressMode> ParseProgress(const std::string& text) {
  const std::string lower = absl::AsciiStrToLower(text);
  if (lower == "auto") return canonicalize::ProgressMode::kAuto;
  if (lower == "on") return canonicalize::ProgressMode::kOn;
  if (lower == "off") return canonicalize::ProgressMode::kOff;
  return absl::InvalidArgumentError(absl::StrCat("--progress: '", text, "' is not auto, on or off"));
}

absl::StatusOr<canonicalize::TableFormat> ChooseFormat(const CanonicalizeArgs& args) {
  if (!args.format.empty()) return canonicalize::ParseTableFormat(args.format);
  absl::StatusOr<canonicalize::TableFormat> from_path = canonicalize::TableFormatFromPath(args.input);
  return from_path.ok() ? *from_path : canonicalize::TableFormat::kCsv;
}

int ExitCodeFor(const absl::Status& status, bool resolver_failed) {
  if (resolver_failed) return kExitRpcError;
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
      return kExitUsage;
    case absl::StatusCode::kResourceExhausted:
      return kExitTooManyErrors;
    default:
      return kExitLocalError;
  }
}

}  // namespace

int RunCanonicalizeCommand(const CanonicalizeArgs& args, Client& client, std::ostream& /*out*/,
                           std::ostream& err) {
  canonicalize::CanonicalizeOptions options;
  options.input = args.input;
  options.output = args.output;
  options.column = args.column;
  options.errors_path = args.errors_path;
  options.max_errors = args.max_errors;
  options.resume = args.resume;
  options.batch_size = args.batch_size;
  options.cache_size = args.cache_size;
  options.checkpoint_interval = absl::Seconds(args.checkpoint_seconds);
  options.result_columns = {args.id_column, args.name_column, args.type_column, args.score_column,
                            args.outcome_column};
  absl::StatusOr<canonicalize::TableFormat> format = ChooseFormat(args);
  if (!format.ok()) {
    PrintError(err, "canonicalize", format.status());
    return kExitUsage;
  }
  options.format = *format;
  absl::StatusOr<canonicalize::ProgressMode> progress = ParseProgress(args.progress);
  if (!progress.ok()) {
    PrintError(err, "canonicalize", progress.status());
    return kExitUsage;
  }
  options.progress = *progress;

  canonicalize::StreamBatchResolverOptions resolver_options;
  resolver_options.streams = args.streams;
  resolver_options.stream.window = args.window;
  resolver_options.stream.types = args.types;
  canonicalize::StreamBatchResolver stream_resolver(&client, resolver_options);
  TrackingResolver resolver(&stream_resolver);

  absl::StatusOr<canonicalize::CanonicalizeSummary> summary = canonicalize::RunCanonicalize(options, &resolver);
  if (!summary.ok()) {
    PrintError(err, "canonicalize", summary.status());
    const int code = ExitCodeFor(summary.status(), resolver.failed());
    if ((code == kExitRpcError || code == kExitTooManyErrors) && args.output != "-") {
      err << "aka: canonicalize: rows done so far are kept; rerun the same command with --resume to continue\n";
    }
    return code;
  }
  err << canonicalize::FormatSummary(
      *summary, args.json_summary ? canonicalize::SummaryFormat::kJson : canonicalize::SummaryFormat::kText);
  return summary->errors > 0 ? kExitNegative : kExitOk;
}

}  // namespace aka::cli
