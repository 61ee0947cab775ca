// aka_load_test: the load and fault test. Starts a real akad on loopback, runs N concurrent clients mixing
// Resolve, ResolveStream and UpsertEntity for a bounded time, samples akad's RSS, and prints throughput,
// p50/p99 latency, errors by code and RSS over time. With --kill_at it SIGKILLs akad mid-run and restarts it
// on the same database; in every run it then checks that each acknowledged write is readable, stops akad with
// SIGTERM and runs `akad --verify_and_exit` (the index must be consistent with the entities).
//
//   aka_load_test --clients 8 --duration 300 --warmup 60          # the 5-minute saturation run
//   aka_load_test --clients 4 --duration 20 --kill_at 8           # the crash check (also run by ctest)
//
// Exit status 0 only if there was no unexpected error, no acknowledged write is missing and verify is clean.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tests/load/akad_process.h"
#include "tests/load/load_workload.h"

ABSL_FLAG(std::string, akad, AKA_AKAD_PATH, "akad binary");
ABSL_FLAG(std::string, db, "", "Database folder; empty: a new temporary one (removed afterwards)");
ABSL_FLAG(std::string, names, AKA_LOAD_NAMES_PATH, "TSV whose first column holds names to resolve");
ABSL_FLAG(int, clients, 8, "Concurrent clients, one channel and thread each");
ABSL_FLAG(int, duration, 60, "Seconds of load");
ABSL_FLAG(int, warmup, 30, "Seconds after which RSS is expected to be flat");
ABSL_FLAG(int, kill_at, 0, "SIGKILL akad this many seconds into the run and restart it; 0: no kill");
ABSL_FLAG(std::string, mix, "80,15,5", "Weights of Resolve,ResolveStream,UpsertEntity");
ABSL_FLAG(int, stream_batch, 50, "Names per ResolveStream call");
ABSL_FLAG(int, rss_interval, 5, "Seconds between RSS samples");
ABSL_FLAG(std::string, akad_flags, "", "Extra akad flags, comma-separated (e.g. --no_default_data)");
ABSL_FLAG(std::string, token, "", "Bearer token sent with every call");
ABSL_FLAG(std::string, tls_ca, "", "PEM CA file: connect with TLS");

namespace {

using aka::load::AkadProcess;
using Clock = std::chrono::steady_clock;

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

bool HasControlCharacter(const std::string& name) {
  for (size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = name[i];
    if (c < 0x20 || c == 0x7f) return true;
    if (c == 0xc2 && i + 1 < name.size() && static_cast<unsigned char>(name[i + 1]) < 0xa0) return true;  // U+0080..9F
  }
  return false;
}

std::vector<std::string> LoadNames(const std::string& path) {
  std::vector<std::string> names;
  std::ifstream in(path);
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (header) {
      header = false;
      continue;
    }
    std::string name = line.substr(0, line.find('\t'));
    // akad refuses control characters (INVALID_ARGUMENT, by design); a few mis-encoded names in the data set
    // hold C1 controls. Leaving them out keeps every error the test counts a real one.
    if (!name.empty() && !HasControlCharacter(name)) names.push_back(std::move(name));
  }
  if (names.empty()) {
    // The shared scale data set is not part of the repository; these still exercise every outcome.
    names = {"APT 31",
             "APT-31",
             "ZIRCONIUM",
             "Violet Typhoon",
             "Fancy Bear",
             "Grizzly Steppe",
             "Lazarus Group",
             "ZHAO, Guangzong",
             "Guangzong Zhao",
             "赵光宗",
             "BANCO NACIONAL DE CUBA",
             "no such actor at all",
             "Wuhan Xiaoruizhi Science and Technology Company Ltd.",
             "APT3",
             "Cozy Bear",
             "Sandworm Team"};
  }
  return names;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

struct RssSample {
  double seconds;
  int64_t kib;
};

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const int clients = absl::GetFlag(FLAGS_clients);
  const int duration = absl::GetFlag(FLAGS_duration);
  const int kill_at = absl::GetFlag(FLAGS_kill_at);
  const int warmup = absl::GetFlag(FLAGS_warmup);
  std::vector<int> weights;
  for (absl::string_view w : absl::StrSplit(absl::GetFlag(FLAGS_mix), ','))
    weights.push_back(std::atoi(std::string(w).c_str()));
  if (clients < 1 || duration < 1 || weights.size() != 3 || weights[0] + weights[1] + weights[2] <= 0 ||
      (kill_at != 0 && (kill_at < 1 || kill_at >= duration))) {
    std::fprintf(stderr, "aka_load_test: need --clients>=1, --duration>=1, --mix a,b,c, 0<--kill_at<--duration\n");
    return 2;
  }

  std::string db = absl::GetFlag(FLAGS_db);
  std::string temp_dir;
  if (db.empty()) {
    char pattern[] = "/tmp/aka-load-XXXXXX";
    if (mkdtemp(pattern) == nullptr) return 2;
    temp_dir = pattern;
    db = temp_dir + "/db";
  }
  aka::load::AkadOptions akad_options;
  akad_options.binary = absl::GetFlag(FLAGS_akad);
  akad_options.db = db;
  akad_options.log_path = (temp_dir.empty() ? db : temp_dir) + ".akad.log";
  for (absl::string_view flag : absl::StrSplit(absl::GetFlag(FLAGS_akad_flags), ',', absl::SkipEmpty())) {
    akad_options.extra_flags.emplace_back(flag);
  }
  const std::string tls_ca = absl::GetFlag(FLAGS_tls_ca).empty() ? "" : ReadFile(absl::GetFlag(FLAGS_tls_ca));
  AkadProcess akad(akad_options);
  if (absl::Status started = akad.Start(); !started.ok()) {
    std::fprintf(stderr, "aka_load_test: %s\n", started.ToString().c_str());
    return 1;
  }
  std::printf("akad pid %d on %s (log %s)\n", akad.pid(), akad.address().c_str(), akad_options.log_path.c_str());

  const std::vector<std::string> names = LoadNames(absl::GetFlag(FLAGS_names));
  aka::load::LoadControl control;
  const Clock::time_point begin = Clock::now();
  control.end = begin + std::chrono::seconds(duration);
  std::vector<std::unique_ptr<aka::load::LoadWorker>> workers;
  for (int i = 0; i < clients; ++i) {
    aka::load::WorkerOptions options;
    options.worker_index = i;
    options.address = akad.address();
    options.mix = {weights[0], weights[1], weights[2]};
    options.stream_batch = absl::GetFlag(FLAGS_stream_batch);
    options.token = absl::GetFlag(FLAGS_token);
    options.tls_ca_pem = tls_ca;
    options.names = &names;
    workers.push_back(std::make_unique<aka::load::LoadWorker>(options, &control));
  }
  std::vector<std::thread> threads;
  for (auto& worker : workers) threads.emplace_back([&worker] { worker->Run(); });

  // The controlling thread samples RSS and, once, kills and restarts akad.
  std::vector<RssSample> rss;
  bool killed = false;
  double restart_seconds = 0;
  auto next_sample = begin;
  while (Clock::now() < control.end) {
    const double elapsed = std::chrono::duration<double>(Clock::now() - begin).count();
    if (kill_at > 0 && !killed && elapsed >= kill_at) {
      killed = true;
      control.outage_until_ns = INT64_MAX;
      control.kills.fetch_add(1);
      std::printf("%6.1fs SIGKILL akad\n", elapsed);
      (void)akad.Kill();
      const Clock::time_point restart = Clock::now();
      if (absl::Status started = akad.Start(); !started.ok()) {
        std::fprintf(stderr, "aka_load_test: restart: %s\n", started.ToString().c_str());
        control.end = Clock::now();
        break;
      }
      restart_seconds = std::chrono::duration<double>(Clock::now() - restart).count();
      control.restarts.fetch_add(1);
      // Each worker's errors stay expected until its first success after the restart, for at most 15 s:
      // a server still failing calls by then has not recovered.
      control.outage_until_ns = NowNs() + 15'000'000'000LL;
      std::printf("%6.1fs akad restarted (pid %d) in %.1fs\n", elapsed + restart_seconds, akad.pid(), restart_seconds);
    }
    if (Clock::now() >= next_sample) {
      rss.push_back({elapsed, akad.RssKib()});
      std::printf("%6.1fs akad RSS %.1f MiB\n", elapsed, rss.back().kib / 1024.0);
      std::fflush(stdout);
      next_sample += std::chrono::seconds(absl::GetFlag(FLAGS_rss_interval));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  for (std::thread& thread : threads) thread.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - begin).count();

  aka::load::WorkerStats total;
  for (auto& worker : workers) total.MergeFrom(worker->stats());

  std::printf("\n%d clients, %.0f s, mix %s, stream batch %d%s\n", clients, seconds, absl::GetFlag(FLAGS_mix).c_str(),
              absl::GetFlag(FLAGS_stream_batch), killed ? ", akad killed and restarted once" : "");
  std::printf("%-14s %10s %10s %9s %9s\n", "call", "ok", "calls/s", "p50 ms", "p99 ms");
  for (int i = 0; i < aka::load::kOpCount; ++i) {
    std::vector<int64_t>& latencies = total.latency_us[i];
    std::printf("%-14s %10zu %10.1f %9.2f %9.2f\n", aka::load::OpName(static_cast<aka::load::Op>(i)), latencies.size(),
                latencies.size() / seconds, aka::load::PercentileMs(&latencies, 0.50),
                aka::load::PercentileMs(&latencies, 0.99));
  }
  std::printf("names resolved through streams: %lld (%.1f names/s)\n", static_cast<long long>(total.names_streamed),
              total.names_streamed / seconds);
  int64_t unexpected = 0;
  for (const auto& [code, count] : total.unexpected_errors) {
    std::printf("unexpected error %s: %lld\n", code.c_str(), static_cast<long long>(count));
    unexpected += count;
  }
  for (const auto& [code, count] : total.expected_errors) {
    std::printf("error during the outage %s: %lld\n", code.c_str(), static_cast<long long>(count));
  }
  if (unexpected == 0) std::printf("unexpected errors: none\n");

  // RSS after warm-up: the spread of the samples around their mean.
  int64_t low = INT64_MAX, high = 0, sum = 0, count = 0;
  for (const RssSample& sample : rss) {
    if (sample.seconds < warmup || sample.kib < 0) continue;
    if (killed && sample.seconds >= kill_at) continue;  // a restarted process starts its own curve
    low = std::min(low, sample.kib);
    high = std::max(high, sample.kib);
    sum += sample.kib;
    ++count;
  }
  if (count > 0) {
    const double mean = static_cast<double>(sum) / count;
    std::printf("RSS after %d s warm-up: min %.1f MiB, max %.1f MiB, mean %.1f MiB, spread %+.1f%% / %+.1f%%\n", warmup,
                low / 1024.0, high / 1024.0, mean / 1024.0, 100.0 * (low - mean) / mean, 100.0 * (high - mean) / mean);
  }

  // Every acknowledged write must be readable, after a crash too.
  int64_t missing = 0;
  {
    auto channel = aka::load::MakeLoadChannel(akad.address(), tls_ca);
    auto registry = aka::v1::Registry::NewStub(channel);
    for (const aka::load::AckedWrite& write : total.acked_writes) {
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
      if (!absl::GetFlag(FLAGS_token).empty())
        context.AddMetadata("authorization", "Bearer " + absl::GetFlag(FLAGS_token));
      aka::v1::GetEntityRequest request;
      request.set_id(write.id);
      aka::v1::GetEntityResponse response;
      grpc::Status status = registry->GetEntity(&context, request, &response);
      if (!status.ok() || response.entity().canonical_name() != write.canonical_name) {
        if (missing < 5)
          std::printf("acknowledged write %s missing: %s\n", write.id.c_str(), status.error_message().c_str());
        ++missing;
      }
    }
  }
  std::printf("acknowledged writes: %zu, present: %zu, missing: %lld\n", total.acked_writes.size(),
              total.acked_writes.size() - missing, static_cast<long long>(missing));

  absl::StatusOr<int> stopped = akad.Stop(std::chrono::seconds(30));
  int verify = -1;
  if (stopped.ok()) {
    absl::StatusOr<int> ran =
        AkadProcess::RunToExit(akad_options.binary, {"--db=" + db, "--verify_and_exit"}, akad_options.log_path);
    verify = ran.ok() ? *ran : -1;
  }
  std::printf(
      "akad stop: %s; verify: %s\n",
      stopped.ok() ? absl::StrCat("exit ", *stopped).c_str() : stopped.status().ToString().c_str(),
      verify == 0 ? "clean" : absl::StrCat("FAILED (exit ", verify, "; see ", akad_options.log_path, ")").c_str());
  if (!temp_dir.empty() && unexpected == 0 && missing == 0 && verify == 0) {
    std::filesystem::remove_all(temp_dir);
    std::filesystem::remove(akad_options.log_path);
  }
  return unexpected == 0 && missing == 0 && verify == 0 && stopped.ok() && *stopped == 0 ? 0 : 1;
}
