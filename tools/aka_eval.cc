// aka-eval: runs gold sets through a live aka service and prints correct / wrong / abstain counts and rates per
// set and per kind, plus the quality targets of issue 3. Flags are parsed only here; the work is in
// tools/eval/ (shared with the dev-set regression test). Grading rules: tools/eval/grading.h and
// docs/MATCHING.md.
//
//   aka-eval --server 127.0.0.1:50051 --prepare           # once per database: imports what the sets need
//   aka-eval --server 127.0.0.1:50051 [--sets a,b] [--json] [--misses /tmp/misses.tsv] [--check]
//   aka-eval --server 127.0.0.1:50051 --explain "APT 31"     # one answer with its explanation
//
// Exit status: 0 on success; 1 when the run failed; 2 with --check when a target is not met.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_split.h"
#include "client/client.h"
#include "tools/eval/eval_runner.h"
#include "tools/eval/grading.h"

ABSL_FLAG(std::string, server, "127.0.0.1:50051", "gRPC address of akad");
ABSL_FLAG(std::string, data_dir, AKA_SHARED_DATA_DIR, "the shared data folder (dev/, cross-script/, misp-galaxy/)");
ABSL_FLAG(std::string, negatives, AKA_NEGATIVES_FILE, "the negatives set (JSON lines)");
ABSL_FLAG(std::string, required, AKA_REQUIRED_FILE, "the required answers (JSON lines)");
ABSL_FLAG(std::string, sets, "", "comma-separated sets to run; empty: all of them");
ABSL_FLAG(bool, prepare, false, "import the china-defence-universities galaxy and the cross-script persons first");
ABSL_FLAG(bool, json, false, "print the table as JSON");
ABSL_FLAG(std::string, misses, "", "write every row that is not correct, with its top candidates, to this file");
ABSL_FLAG(bool, check, false, "exit 2 if a quality target is not met");
ABSL_FLAG(double, ambiguity_margin, 0.05, "tied group of an AMBIGUOUS answer; keep equal to the server's margin");
ABSL_FLAG(double, match_threshold, 0.80, "decides which cross-script names the registry holds twice; keep equal to the "
          "server's threshold");
ABSL_FLAG(bool, typed, true, "threat_actor_aliases rows ask for type threat_actor (--notyped: any type)");
ABSL_FLAG(std::string, explain, "", "resolve this one name with explanations, print the answer and exit");
ABSL_FLAG(int32_t, streams, 2, "parallel ResolveStream calls");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Evaluates aka on gold sets.\n  aka-eval --server 127.0.0.1:50051 [--prepare] [--sets a,b] [--json] "
      "[--misses FILE] [--check]");
  absl::ParseCommandLine(argc, argv);

  aka::ClientOptions client_options;
  client_options.target = absl::GetFlag(FLAGS_server);
  client_options.timeout = std::chrono::seconds(30);
  absl::StatusOr<std::unique_ptr<aka::Client>> client = aka::Client::Create(client_options);
  if (!client.ok()) {
    std::cerr << "aka-eval: " << client.status() << "\n";
    return 1;
  }

  if (!absl::GetFlag(FLAGS_explain).empty()) {
    aka::v1::ResolveRequest request;
    request.set_name(absl::GetFlag(FLAGS_explain));
    request.set_explain(true);
    absl::StatusOr<aka::v1::ResolveResponse> response = (*client)->Resolve(request);
    if (!response.ok()) {
      std::cerr << "aka-eval: " << response.status() << "\n";
      return 1;
    }
    std::cout << response->DebugString();
    return 0;
  }

  const aka::eval::EvalPaths paths{absl::GetFlag(FLAGS_data_dir), absl::GetFlag(FLAGS_negatives),
                                   absl::GetFlag(FLAGS_required), absl::GetFlag(FLAGS_typed)};
  if (absl::GetFlag(FLAGS_prepare)) {
    if (absl::Status status = aka::eval::PrepareDatabase(**client, paths, std::cerr); !status.ok()) {
      std::cerr << "aka-eval: --prepare: " << status << "\n";
      return 1;
    }
  }

  std::vector<std::string> sets = aka::eval::AllSetNames();
  if (!absl::GetFlag(FLAGS_sets).empty()) sets = absl::StrSplit(absl::GetFlag(FLAGS_sets), ',');
  absl::StatusOr<std::vector<aka::eval::GoldRow>> rows = aka::eval::LoadSets(paths, sets);
  if (!rows.ok()) {
    std::cerr << "aka-eval: " << rows.status() << "\n";
    return 1;
  }

  std::ofstream misses_file;
  aka::eval::RunOptions run;
  run.ambiguity_margin = absl::GetFlag(FLAGS_ambiguity_margin);
  run.match_threshold = absl::GetFlag(FLAGS_match_threshold);
  run.streams = absl::GetFlag(FLAGS_streams);
  if (!absl::GetFlag(FLAGS_misses).empty()) {
    misses_file.open(absl::GetFlag(FLAGS_misses));
    if (!misses_file) {
      std::cerr << "aka-eval: cannot write " << absl::GetFlag(FLAGS_misses) << "\n";
      return 1;
    }
    run.misses = &misses_file;
  }
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<aka::eval::TallyTable> table = aka::eval::RunSets(**client, *rows, run);
  if (!table.ok()) {
    std::cerr << "aka-eval: " << table.status() << "\n";
    return 1;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const std::vector<aka::eval::TargetResult> targets = aka::eval::CheckTargets(*table);
  bool all_met = true;
  for (const aka::eval::TargetResult& target : targets) all_met = all_met && target.met;
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << aka::eval::FormatJson(*table) << "\n";
  } else {
    std::cout << aka::eval::FormatTable(*table) << "\n";
    for (const aka::eval::TargetResult& target : targets) {
      std::cout << (target.met ? "  met  " : "  MISS ") << target.description << ": " << target.actual << "\n";
    }
    std::printf("%zu queries in %.2f s\n", rows->size(), seconds);
  }
  return absl::GetFlag(FLAGS_check) && !all_met ? 2 : 0;
}
