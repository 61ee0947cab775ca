// scale_bench: aka at the scale of the targets - 1M entities, ~3M names built from
// ../shared/data/scale/names.tsv (real sanctions and threat-actor names) plus generated ones (real names with
// one token swapped for another real token, numbered variants). Prints one table:
//   import names/s through Store::UpsertEntities; in-process Resolver::Resolve rate on one thread for exact hits,
//   normalized hits (respelled), one-typo queries and misses; one-typo latency p50/p99 and how often the
//   intended entity came first; seconds from launching akad on the database to "akad listening"; VmHWM of
//   this process and of akad.
// The database is cached in --db (default /tmp/aka-scale-db-v<kDataVersion>-<entities>) so repeated runs skip
// the import; delete it to measure the import again.
//
// Usage: scale_bench [--entities N] [--names TSV] [--db DIR] [--seconds S] [--akad PATH] [--sets LIST]
//   --sets: comma-separated subset of exact,normalized,typo,miss,akad (default: all), e.g. to profile one set.
//   --queries: distinct queries per set, at most 20000 (default); each set runs every query once untimed,
//   then for --seconds and at least one more pass.
//   --dump FILE: writes every answer of the untimed pass (bench/answer_dump.h), to check that two builds
//   answer the same (cmp the files).
//   --import_batch: entities per Store::UpsertEntities call when the database is built (default 1000; 1 writes
//   one entity per Store::UpsertEntity call, as before the bulk path).
#include <signal.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "bench/answer_dump.h"
#include "bench/bench_util.h"
#include "bench/scale_data.h"
#include "core/normalizer.h"
#include "resolve/resolver.h"
#include "storage/store.h"

namespace aka::bench {
namespace {

struct Flags {
  int64_t entities = 1000000;
  std::string names = AKA_SHARED_DATA_DIR "/scale/names.tsv";
  std::string db;
  double seconds = 3.0;
  std::string akad = AKA_AKAD_PATH;
  std::string sets = "exact,normalized,typo,miss,akad";
  size_t queries = 20000;
  // Entities per Store::UpsertEntities call when the database is built (1: UpsertEntity, one per call).
  int64_t import_batch = 1000;
  // Every answer of the untimed pass is written here (answer_dump.h) when set.
  std::string dump;
};

Flags ParseFlags(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--entities") {
      flags.entities = std::atoll(value);
    } else if (flag == "--names") {
      flags.names = value;
    } else if (flag == "--db") {
      flags.db = value;
    } else if (flag == "--seconds") {
      flags.seconds = std::atof(value);
    } else if (flag == "--akad") {
      flags.akad = value;
    } else if (flag == "--sets") {
      flags.sets = value;
    } else if (flag == "--queries") {
      flags.queries = static_cast<size_t>(std::atoll(value));
    } else if (flag == "--dump") {
      flags.dump = value;
    } else if (flag == "--import_batch" && std::atoll(value) >= 1) {
      flags.import_batch = std::atoll(value);
    } else {
      std::fprintf(stderr, "usage: scale_bench [--entities N] [--names TSV] [--db DIR] [--seconds S] [--akad PATH] [--sets LIST] [--queries N] [--import_batch N] [--dump FILE]\n");
      std::exit(2);
    }
  }
  if (flags.db.empty()) flags.db = absl::StrCat("/tmp/aka-scale-db-v", kDataVersion, "-", flags.entities);
  return flags;
}

void Die(const absl::Status& status, const char* what) {
  if (status.ok()) return;
  std::fprintf(stderr, "scale_bench: %s: %s\n", what, status.ToString().c_str());
  std::exit(1);
}

// VmHWM (peak resident set) of `pid` ("self" for this process) in MiB, or -1 if unreadable.
double PeakRssMiB(const std::string& pid) {
  std::ifstream status("/proc/" + pid + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) {
      int64_t kib = 0;
      if (absl::SimpleAtoi(absl::StripAsciiWhitespace(absl::StripSuffix(line.substr(6), "kB")), &kib)) {
        return kib / 1024.0;
      }
    }
  }
  return -1;
}

struct RateResult {
  double per_second = 0;
  double cpu_micros_per_call = 0;  // thread CPU time per call
  double first_is_expected = 0;  // share of calls whose first candidate is the intended entity
  std::vector<double> micros;    // per-call latencies
};

RateResult MeasureResolve(const resolve::Resolver& resolver, const std::vector<Query>& queries, double seconds,
                          std::FILE* dump) {
  v1::ResolveRequest request;
  RateResult result;
  // One untimed pass first: the figures are those of a server that has seen these names (block and entity
  // caches warm), not of the first read of each block from disk. Its answers go to --dump.
  for (const Query& query : queries) {
    request.set_name(query.name);
    absl::StatusOr<v1::ResolveResponse> response = resolver.Resolve(request);
    Die(response.status(), "resolve (warm-up)");
    DumpAnswer(dump, query.name, *response);
  }
  int64_t calls = 0, expected = 0;
  const Clock::time_point start = Clock::now();
  const double cpu_start = ThreadCpuSeconds();
  while (SecondsSince(start) < seconds || calls < static_cast<int64_t>(queries.size())) {
    const Query& query = queries[calls % queries.size()];
    request.set_name(query.name);
    const Clock::time_point call_start = Clock::now();
    absl::StatusOr<v1::ResolveResponse> response = resolver.Resolve(request);
    result.micros.push_back(SecondsSince(call_start) * 1e6);
    Die(response.status(), "resolve");
    if (response->candidates_size() > 0 && response->candidates(0).entity_id() == query.entity_id) ++expected;
    ++calls;
    if (calls >= static_cast<int64_t>(queries.size()) && SecondsSince(start) >= seconds) break;
  }
  result.per_second = calls / SecondsSince(start);
  result.cpu_micros_per_call = (ThreadCpuSeconds() - cpu_start) * 1e6 / static_cast<double>(calls);
  result.first_is_expected = static_cast<double>(expected) / calls;
  return result;
}

// Launches akad on `db`, returns seconds until it prints "akad listening on" and its VmHWM then.
void MeasureAkadStart(const std::string& akad, const std::string& db, double* seconds, double* rss_mib) {
  *seconds = -1;
  *rss_mib = -1;
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return;
  const Clock::time_point start = Clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(pipe_fds[1], STDERR_FILENO);
    close(pipe_fds[0]);
    execl(akad.c_str(), akad.c_str(), "--listen", "127.0.0.1:0", "--db", db.c_str(), "--no-default-data",
          static_cast<char*>(nullptr));
    std::perror("exec akad");
    _exit(127);
  }
  close(pipe_fds[1]);
  std::string output;
  char buffer[4096];
  ssize_t n;
  while ((n = read(pipe_fds[0], buffer, sizeof(buffer))) > 0) {
    output.append(buffer, static_cast<size_t>(n));
    if (output.find("akad listening on") != std::string::npos) {
      *seconds = SecondsSince(start);
      break;
    }
  }
  if (*seconds < 0) std::fprintf(stderr, "akad did not start:\n%s\n", output.c_str());
  // Let it settle as a server would, then read its peak memory.
  usleep(300 * 1000);
  *rss_mib = PeakRssMiB(std::to_string(pid));
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  close(pipe_fds[0]);
}

int Main(int argc, char** argv) {
  const Flags flags = ParseFlags(argc, argv);
  absl::StatusOr<std::unique_ptr<core::Normalizer>> normalizer = core::Normalizer::Create();
  Die(normalizer.status(), "normalizer");

  absl::StatusOr<ScaleData> data = BuildOrReuseScaleDb(flags.names, flags.db, flags.entities, flags.import_batch, **normalizer);
  Die(data.status(), "building the database");

  storage::StoreOptions options;
  options.path = flags.db;
  options.normalizer = normalizer->get();
  const Clock::time_point open_start = Clock::now();
  absl::StatusOr<std::unique_ptr<storage::Store>> store = storage::Store::Open(options);
  Die(store.status(), "opening the store");
  const double open_seconds = SecondsSince(open_start);
  absl::StatusOr<std::unique_ptr<resolve::Resolver>> resolver =
      resolve::Resolver::Create(store->get(), normalizer->get(), resolve::ResolverOptions());
  Die(resolver.status(), "resolver");

  const std::vector<std::string> sets = absl::StrSplit(flags.sets, ',');
  auto wanted = [&sets](const char* set) { return std::find(sets.begin(), sets.end(), set) != sets.end(); };
  std::FILE* dump = flags.dump.empty() ? nullptr : std::fopen(flags.dump.c_str(), "w");
  if (!flags.dump.empty() && dump == nullptr) Die(absl::InvalidArgumentError("--dump: cannot write"), "dump");
  auto measure = [&](const char* set, const std::vector<Query>& queries) {
    if (!wanted(set)) return RateResult();
    const std::vector<Query> subset(queries.begin(), queries.begin() + std::min(flags.queries, queries.size()));
    return MeasureResolve(**resolver, subset, flags.seconds, dump);
  };
  const RateResult exact = measure("exact", data->exact);
  const RateResult normalized = measure("normalized", data->normalized);
  const RateResult typo = measure("typo", data->one_typo);
  const RateResult misses = measure("miss", data->misses);
  if (dump != nullptr) std::fclose(dump);
  const double bench_rss = PeakRssMiB("self");
  Die((*store)->Close(), "closing the store");
  store->reset();

  double akad_seconds = -1, akad_rss = -1;
  if (wanted("akad")) MeasureAkadStart(flags.akad, flags.db, &akad_seconds, &akad_rss);

  std::printf("scale_bench: %lld entities, %lld names in %s (store open %.2f s)\n\n",
              static_cast<long long>(data->entities), static_cast<long long>(data->names), flags.db.c_str(),
              open_seconds);
  const std::vector<int> widths = {34, 14, 12, 12, 14, 12};
  PrintRow({"measure", "value", "p50 us", "p99 us", "first=intended", "cpu us/call"}, widths);
  const bool imported = data->import_names_per_second > 0;
  PrintRow({"import (names/s; cpu us/name)", imported ? Format("%.0f", data->import_names_per_second) : "cached",
            "", "", "", imported ? Format("%.1f", data->import_process_cpu_us_per_name) : ""},
           widths);
  if (imported) {
    PrintRow({"import writer thread (cpu us/name)", "", "", "", "", Format("%.1f", data->import_thread_cpu_us_per_name)},
             widths);
  }
  auto row = [&widths](const char* name, const RateResult& r) {
    PrintRow({name, Format("%.0f", r.per_second), Format("%.1f", Percentile(r.micros, 0.5)),
              Format("%.1f", Percentile(r.micros, 0.99)), Format("%.3f", r.first_is_expected),
              Format("%.1f", r.cpu_micros_per_call)},
             widths);
  };
  row("resolve exact (/s, 1 thread)", exact);
  row("resolve normalized (/s, 1 thread)", normalized);
  row("resolve one typo (/s, 1 thread)", typo);
  row("resolve miss (/s, 1 thread)", misses);
  PrintRow({"akad start to listening (s)", Format("%.2f", akad_seconds), "", "", "", ""}, widths);
  PrintRow({"RSS bench process (VmHWM MiB)", Format("%.0f", bench_rss), "", "", "", ""}, widths);
  PrintRow({"RSS akad (VmHWM MiB)", Format("%.0f", akad_rss), "", "", "", ""}, widths);
  return 0;
}

}  // namespace
}  // namespace aka::bench

int main(int argc, char** argv) { return aka::bench::Main(argc, argv); }
