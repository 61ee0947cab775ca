// resolve_bench: the first benchmark of aka. Loads the bundled default data into a fresh database, then
//   1. in-process Resolver::Resolve rate on one thread for exact hits, normalized hits and misses;
//   2. the names of --names (../shared/data/scale/names.tsv: mostly near-misses of the bundled data, which go
//      through fuzzy candidates and full scoring), each distinct name resolved once: CPU per name, the cost the
//      stream and canonicalize benches pay per distinct name;
//   3. unary RPC latency (p50/p99, one call at a time over loopback) of aka.v1.Resolver/Resolve beside the
//      plain Echo service built in this tree, measured in the same run.
// Prints three tables. Usage: resolve_bench [--data_dir DIR] [--seconds S] [--rpc_calls N] [--names TSV]
//   [--dump FILE] (--dump: the answers for the --names names, bench/answer_dump.h).
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_replace.h"
#include "bench/answer_dump.h"
#include "bench/bench_util.h"
#include "bench/echo_service.h"
#include "core/normalizer.h"
#include "formats/default_data.h"
#include "grpcpp/grpcpp.h"
#include "resolve/resolver.h"
#include "service/server.h"
#include "storage/store.h"
#include "aka/v1/resolver.grpc.pb.h"

namespace aka::bench {
namespace {

struct Flags {
  std::string data_dir = AKA_DEFAULT_DATA_DIR;
  double seconds = 2.0;
  int rpc_calls = 20000;
  std::string names = AKA_SHARED_DATA_DIR "/scale/names.tsv";
  std::string dump;
};

Flags ParseFlags(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--data_dir") == 0) {
      flags.data_dir = argv[i + 1];
    } else if (std::strcmp(argv[i], "--seconds") == 0) {
      flags.seconds = std::atof(argv[i + 1]);
    } else if (std::strcmp(argv[i], "--rpc_calls") == 0) {
      flags.rpc_calls = std::atoi(argv[i + 1]);
    } else if (std::strcmp(argv[i], "--names") == 0) {
      flags.names = argv[i + 1];
    } else if (std::strcmp(argv[i], "--dump") == 0) {
      flags.dump = argv[i + 1];
    } else {
      std::fprintf(stderr, "usage: resolve_bench [--data_dir DIR] [--seconds S] [--rpc_calls N] [--names TSV] [--dump FILE]\n");
      std::exit(2);
    }
  }
  return flags;
}

void Die(const absl::Status& status, const char* what) {
  if (status.ok()) return;
  std::fprintf(stderr, "resolve_bench: %s: %s\n", what, status.ToString().c_str());
  std::exit(1);
}

// A name as a user might type it: other case, hyphens for spaces, typographic quotes around it. It differs
// from every stored spelling but normalizes to the same form.
std::string Respell(const std::string& name) {
  std::string lower = absl::AsciiStrToLower(name);
  if (lower == name) lower = absl::AsciiStrToUpper(name);
  return "\xE2\x80\x98" + absl::StrReplaceAll(lower, {{" ", "-"}}) + "\xE2\x80\x99";
}

struct QuerySets {
  std::vector<std::string> exact, normalized, misses;
};

// Loads the default data into `store` and derives the query sets from the names it stored.
QuerySets LoadData(storage::Store* store, const std::string& data_dir) {
  QuerySets sets;
  std::mt19937 rng(42);
  auto start = Clock::now();
  int64_t entities = 0, names = 0;
  Die(formats::ReadDefaultData(
          data_dir,
          [&](v1::Entity entity) -> absl::Status {
            auto result = store->UpsertEntity(std::move(entity), 0);
            if (!result.ok()) return absl::OkStatus();  // Rejected rows do not matter for timing.
            ++entities;
            std::vector<std::string> stored = {result->entity.canonical_name()};
            for (const auto& alias : result->entity.aliases()) stored.push_back(alias.name());
            for (const std::string& name : stored) {
              ++names;
              sets.exact.push_back(name);
              std::string respelled = Respell(name);
              if (respelled != name) sets.normalized.push_back(respelled);
              sets.misses.push_back(name + " zq" + std::to_string(rng() % 100000) + "x");
            }
            return absl::OkStatus();
          },
          nullptr),
      "loading default data");
  double seconds = SecondsSince(start);
  std::printf("loaded %lld entities, %lld names in %.1f s (%.0f names/s)\n\n", static_cast<long long>(entities),
              static_cast<long long>(names), seconds, names / seconds);
  for (auto* set : {&sets.exact, &sets.normalized, &sets.misses}) std::shuffle(set->begin(), set->end(), rng);
  return sets;
}

struct RateResult {
  double per_second = 0;
  double matched_fraction = 0;
};

RateResult MeasureResolveRate(const resolve::Resolver& resolver, const std::vector<std::string>& names,
                              double seconds) {
  v1::ResolveRequest request;
  int64_t calls = 0, matched = 0;
  auto start = Clock::now();
  while (SecondsSince(start) < seconds) {
    for (size_t i = 0; i < 1000; ++i) {
      request.set_name(names[(calls + i) % names.size()]);
      auto response = resolver.Resolve(request);
      Die(response.status(), "resolve");
      if (response->outcome() != v1::NO_MATCH) ++matched;
    }
    calls += 1000;
  }
  return {calls / SecondsSince(start), static_cast<double>(matched) / calls};
}

// The distinct names of the first column of a names.tsv (header skipped), in file order.
std::vector<std::string> ReadNamesTsv(const std::string& path) {
  std::ifstream in(path);
  if (!in) Die(absl::NotFoundError(path), "--names");
  std::vector<std::string> names;
  absl::flat_hash_set<std::string> seen;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::string name = line.substr(0, line.find('\t'));
    if (!name.empty() && seen.insert(name).second) names.push_back(std::move(name));
  }
  return names;
}

// Resolves every name once (a cold cache for each, as a stream of distinct names meets it) and prints the CPU
// time per name and the outcomes; the answers go to `dump_path` when set.
void MeasureNamesOnce(const resolve::Resolver& resolver, const std::vector<std::string>& names,
                      const std::string& dump_path) {
  std::FILE* dump = dump_path.empty() ? nullptr : std::fopen(dump_path.c_str(), "w");
  if (!dump_path.empty() && dump == nullptr) Die(absl::InvalidArgumentError("--dump: cannot write"), "dump");
  int64_t outcomes[v1::Outcome_ARRAYSIZE] = {};
  v1::ResolveRequest request;
  const double cpu_start = ThreadCpuSeconds();
  for (const std::string& name : names) {
    request.set_name(name);
    absl::StatusOr<v1::ResolveResponse> response = resolver.Resolve(request);
    // A name the service rejects (too long, control characters) costs its validation only; it still counts.
    if (!response.ok()) continue;
    ++outcomes[response->outcome()];
    DumpAnswer(dump, name, *response);
  }
  const double cpu_micros = (ThreadCpuSeconds() - cpu_start) * 1e6 / static_cast<double>(names.size());
  if (dump != nullptr) std::fclose(dump);
  std::printf("\n--names, each distinct name resolved once, one thread\n");
  const std::vector<int> widths = {16, 10, 14, 10, 10, 10};
  PrintRow({"queries", "distinct", "cpu us/name", "MATCHED", "AMBIGUOUS", "NO_MATCH"}, widths);
  PrintRow({"scale names", std::to_string(names.size()), Format("%.1f", cpu_micros),
            std::to_string(outcomes[v1::MATCHED]), std::to_string(outcomes[v1::AMBIGUOUS]),
            std::to_string(outcomes[v1::NO_MATCH])},
           widths);
}

template <typename Call>
std::vector<double> MeasureLatencies(int calls, Call call) {
  std::vector<double> micros;
  micros.reserve(calls);
  for (int i = 0; i < calls; ++i) {
    auto start = Clock::now();
    call(i);
    micros.push_back(SecondsSince(start) * 1e6);
  }
  return micros;
}

int Main(int argc, char** argv) {
  Flags flags = ParseFlags(argc, argv);
  TempDir dir;
  std::string db_path = dir.path() + "/db";
  auto normalizer = core::Normalizer::Create();
  Die(normalizer.status(), "normalizer");

  QuerySets sets;
  {
    storage::StoreOptions store_options;
    store_options.path = db_path;
    store_options.normalizer = normalizer->get();
    auto store = storage::Store::Open(store_options);
    Die(store.status(), "open store");
    sets = LoadData(store->get(), flags.data_dir);
    auto resolver = resolve::Resolver::Create(store->get(), normalizer->get(), resolve::ResolverOptions());
    Die(resolver.status(), "resolver");

    std::printf("In-process Resolver::Resolve, one thread, %.0f s per row\n", flags.seconds);
    std::vector<int> widths = {16, 10, 14, 10};
    PrintRow({"queries", "distinct", "resolves/s", "answered"}, widths);
    struct Row {
      const char* label;
      const std::vector<std::string>* names;
    };
    for (const Row& row : {Row{"exact hits", &sets.exact}, Row{"normalized hits", &sets.normalized},
                           Row{"misses", &sets.misses}}) {
      RateResult rate = MeasureResolveRate(**resolver, *row.names, flags.seconds);
      PrintRow({row.label, std::to_string(row.names->size()), Format("%.0f", rate.per_second),
                Format("%.1f%%", rate.matched_fraction * 100)},
               widths);
    }
    if (!flags.names.empty()) MeasureNamesOnce(**resolver, ReadNamesTsv(flags.names), flags.dump);
    Die((*store)->Close(), "close store");
  }

  service::ServerOptions server_options;
  server_options.listen = "127.0.0.1:0";
  server_options.db_path = db_path;
  server_options.load_default_data = false;
  auto server = service::AkaServer::Start(server_options);
  Die(server.status(), "start akad");

  EchoService echo_service;
  grpc::ServerBuilder echo_builder;
  int echo_port = 0;
  echo_builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &echo_port);
  echo_builder.RegisterService(&echo_service);
  std::unique_ptr<grpc::Server> echo_server = echo_builder.BuildAndStart();

  auto aka_channel = grpc::CreateChannel("127.0.0.1:" + std::to_string((*server)->port()),
                                         grpc::InsecureChannelCredentials());
  auto echo_channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(echo_port), grpc::InsecureChannelCredentials());
  auto aka_stub = v1::Resolver::NewStub(aka_channel);
  auto echo_stub = Echo::NewStub(echo_channel);

  auto resolve_call = [&](int i) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    v1::ResolveRequest request;
    request.set_name(sets.exact[i % sets.exact.size()]);
    v1::ResolveResponse response;
    grpc::Status status = aka_stub->Resolve(&context, request, &response);
    if (!status.ok()) Die(absl::UnavailableError(status.error_message()), "Resolve RPC");
  };
  auto echo_call = [&](int i) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    EchoMessage request;
    request.set_payload(sets.exact[i % sets.exact.size()]);
    EchoMessage response;
    grpc::Status status = echo_stub->Echo(&context, request, &response);
    if (!status.ok()) Die(absl::UnavailableError(status.error_message()), "Echo RPC");
  };
  // Warm up both channels, then alternate blocks so that machine noise hits both alike.
  MeasureLatencies(500, resolve_call);
  MeasureLatencies(500, echo_call);
  std::vector<double> aka_micros, echo_micros;
  for (int block = 0; block < 10; ++block) {
    auto a = MeasureLatencies(flags.rpc_calls / 10, resolve_call);
    auto e = MeasureLatencies(flags.rpc_calls / 10, echo_call);
    aka_micros.insert(aka_micros.end(), a.begin(), a.end());
    echo_micros.insert(echo_micros.end(), e.begin(), e.end());
  }

  std::printf("\nUnary RPC latency over loopback, one call at a time, %d calls each (microseconds)\n",
              flags.rpc_calls);
  std::vector<int> widths = {22, 10, 10, 12};
  PrintRow({"service", "p50", "p99", "calls/s"}, widths);
  auto total = [](const std::vector<double>& v) {
    double sum = 0;
    for (double x : v) sum += x;
    return sum;
  };
  PrintRow({"aka Resolve (exact)", Format("%.0f", Percentile(aka_micros, 0.5)),
            Format("%.0f", Percentile(aka_micros, 0.99)), Format("%.0f", aka_micros.size() / total(aka_micros) * 1e6)},
           widths);
  PrintRow({"echo (same tree)", Format("%.0f", Percentile(echo_micros, 0.5)),
            Format("%.0f", Percentile(echo_micros, 0.99)),
            Format("%.0f", echo_micros.size() / total(echo_micros) * 1e6)},
           widths);
  std::printf("ratio aka/echo p50: %.2f\n", Percentile(aka_micros, 0.5) / Percentile(echo_micros, 0.5));

  echo_server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
  (*server)->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  return 0;
}

}  // namespace
}  // namespace aka::bench

int main(int argc, char** argv) { return aka::bench::Main(argc, argv); }
