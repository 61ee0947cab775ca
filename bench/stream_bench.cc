// stream_bench: streaming throughput of aka.v1.Resolver/ResolveStream with one name per message, beside the
// Echo service's bidirectional stream (bench/echo_service.h) in the same process and run, driven by the same
// client pattern: one writer thread and one reader thread on a synchronous stream, at most --window messages
// unanswered. The ratio aka/echo is what resolving costs over gRPC's streaming floor on this machine.
// Two workloads: names with Zipf-like repetition (the shape of batch inputs) and every name distinct (the worst
// case). A third row per workload runs the library's Client::ResolveAll (de-duplication off) for comparison.
//
// akad's server-wide answer cache (--answer_cache_mb, default akad's) answers every name a round before asked:
// with it on, the rounds after the first measure cached answers (warm), not the cost of resolving (cold);
// --answer_cache_mb 0 measures the cold cost. The first, warming round's rate is printed as its own row.
//
// Usage: stream_bench [--data_dir DIR] [--names FILE.tsv] [--messages N] [--window W] [--rounds R]
//                     [--answer_cache_mb MB]
#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "aka/v1/resolver.grpc.pb.h"
#include "bench/bench_util.h"
#include "bench/echo_service.h"
#include "client/client.h"
#include "grpcpp/grpcpp.h"
#include "service/server.h"

namespace aka::bench {
namespace {

struct Flags {
  std::string data_dir = AKA_DEFAULT_DATA_DIR;
  std::string names = AKA_SHARED_DATA_DIR "/scale/names.tsv";
  int messages = 200000;
  int window = 256;
  int rounds = 3;
  // -1: akad's default.
  int answer_cache_mb = -1;
};

Flags ParseFlags(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--data_dir") {
      flags.data_dir = argv[i + 1];
    } else if (flag == "--names") {
      flags.names = argv[i + 1];
    } else if (flag == "--messages") {
      flags.messages = std::atoi(argv[i + 1]);
    } else if (flag == "--window") {
      flags.window = std::atoi(argv[i + 1]);
    } else if (flag == "--rounds") {
      flags.rounds = std::atoi(argv[i + 1]);
    } else if (flag == "--answer_cache_mb") {
      flags.answer_cache_mb = std::atoi(argv[i + 1]);
    } else {
      std::fprintf(stderr,
                   "usage: stream_bench [--data_dir DIR] [--names FILE.tsv] [--messages N] [--window W] "
                   "[--rounds R] [--answer_cache_mb MB]\n");
      std::exit(2);
    }
  }
  return flags;
}

// First column of a names.tsv (header skipped).
std::vector<std::string> ReadNames(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> names;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::string name(line.substr(0, line.find('\t')));
    if (!name.empty()) names.push_back(std::move(name));
  }
  if (names.empty()) {
    std::fprintf(stderr, "stream_bench: no names in %s\n", path.c_str());
    std::exit(1);
  }
  return names;
}

// The shared client pattern: a writer thread writes `count` messages while this thread reads the answers,
// with at most `window` unanswered. Returns messages per second.
template <typename Request, typename Response, typename MakeRequest>
double Pump(grpc::ClientReaderWriter<Request, Response>* stream, int count, int window, MakeRequest make) {
  std::mutex mu;
  std::condition_variable room;
  int unanswered = 0;
  const auto start = Clock::now();
  std::thread writer([&] {
    Request request;
    for (int i = 0; i < count; ++i) {
      {
        std::unique_lock<std::mutex> lock(mu);
        room.wait(lock, [&] { return unanswered < window; });
        ++unanswered;
      }
      make(i, &request);
      if (!stream->Write(request)) break;
    }
    stream->WritesDone();
  });
  Response response;
  int read = 0;
  while (stream->Read(&response)) {
    ++read;
    std::lock_guard<std::mutex> lock(mu);
    if (unanswered-- == window) room.notify_one();
  }
  writer.join();
  const double seconds = SecondsSince(start);
  grpc::Status status = stream->Finish();
  if (!status.ok() || read != count) {
    std::fprintf(stderr, "stream_bench: stream failed after %d of %d: %s\n", read, count,
                 status.error_message().c_str());
    std::exit(1);
  }
  return count / seconds;
}

// `count` names drawn from `distinct` with probability ~ 1/rank (over a shuffled ranking), as batch inputs repeat
// a few names on many rows; the same shape as bench/gen_canonicalize_csv.py generates.
std::vector<std::string> ZipfStream(const std::vector<std::string>& distinct, int count) {
  std::mt19937_64 rng(4);
  std::vector<std::string> ranked = distinct;
  std::shuffle(ranked.begin(), ranked.end(), rng);
  std::vector<double> cumulative(ranked.size());
  double total = 0;
  for (size_t rank = 0; rank < ranked.size(); ++rank) cumulative[rank] = total += 1.0 / static_cast<double>(rank + 1);
  std::uniform_real_distribution<double> uniform(0, total);
  std::vector<std::string> stream;
  stream.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    const size_t pick = static_cast<size_t>(
        std::lower_bound(cumulative.begin(), cumulative.end(), uniform(rng)) - cumulative.begin());
    stream.push_back(ranked[std::min(pick, ranked.size() - 1)]);
  }
  return stream;
}

int Main(int argc, char** argv) {
  Flags flags = ParseFlags(argc, argv);
  const std::vector<std::string> distinct_names = ReadNames(flags.names);
  // Workload 1, the batch shape: Zipf-like repetition. Workload 2, the worst case: every name distinct within
  // its window of the stream (the list cycled), so nothing a stream remembers helps.
  const std::vector<std::string> zipf_names = ZipfStream(distinct_names, flags.messages);
  const std::vector<std::string>* names_ptr = &zipf_names;
  TempDir dir;
  service::ServerOptions server_options;
  server_options.listen = "127.0.0.1:0";
  server_options.db_path = dir.path() + "/db";
  server_options.data_dir = flags.data_dir;
  server_options.load_default_data = true;
  if (flags.answer_cache_mb >= 0) server_options.answer_cache_bytes = static_cast<size_t>(flags.answer_cache_mb) << 20;
  auto server = service::AkaServer::Start(server_options);
  if (!server.ok()) {
    std::fprintf(stderr, "stream_bench: start akad: %s\n", server.status().ToString().c_str());
    return 1;
  }
  EchoService echo_service;
  grpc::ServerBuilder echo_builder;
  int echo_port = 0;
  echo_builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &echo_port);
  echo_builder.RegisterService(&echo_service);
  std::unique_ptr<grpc::Server> echo_server = echo_builder.BuildAndStart();

  auto aka_stub = v1::Resolver::NewStub(grpc::CreateChannel((*server)->address(), grpc::InsecureChannelCredentials()));
  auto echo_stub = Echo::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", echo_port), grpc::InsecureChannelCredentials()));
  auto run_aka = [&] {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(10));
    auto stream = aka_stub->ResolveStream(&context);
    return Pump(stream.get(), flags.messages, flags.window, [&](int i, v1::ResolveRequest* request) {
      request->set_request_id(absl::StrCat(i));
      request->set_name((*names_ptr)[static_cast<size_t>(i) % names_ptr->size()]);
    });
  };
  auto run_echo = [&] {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(10));
    auto stream = echo_stub->EchoStream(&context);
    return Pump(stream.get(), flags.messages, flags.window, [&](int i, EchoMessage* message) {
      message->set_request_id(absl::StrCat(i));
      message->set_payload((*names_ptr)[static_cast<size_t>(i) % names_ptr->size()]);
    });
  };

  ClientOptions client_options;
  client_options.target = (*server)->address();
  auto client = Client::Create(client_options);
  auto run_resolve_all = [&] {
    ResolveAllOptions options;
    options.window = static_cast<size_t>(flags.window);
    options.deduplicate = false;
    const auto start = Clock::now();
    int i = 0;
    absl::Status status = (*client)->ResolveAll(
        [&](std::string* name) {
          if (i == flags.messages) return false;
          *name = (*names_ptr)[static_cast<size_t>(i++) % names_ptr->size()];
          return true;
        },
        options, [](size_t, const v1::ResolveResponse&) { return true; });
    if (!status.ok()) {
      std::fprintf(stderr, "stream_bench: ResolveAll: %s\n", status.ToString().c_str());
      std::exit(1);
    }
    return flags.messages / SecondsSince(start);
  };

  std::printf("Bidirectional streaming, one name per message, %d messages per run, window %d, %d rounds "
              "(median), one client thread writing and one reading per stream; answer cache %zu MiB\n",
              flags.messages, flags.window, flags.rounds, server_options.answer_cache_bytes >> 20);
  const std::vector<int> widths = {52, 12, 10};
  PrintRow({"stream (names)", "msgs/s", "vs echo"}, widths);
  auto median = [](std::vector<double> v) { return Percentile(std::move(v), 0.5); };
  struct Workload {
    const char* label;
    const std::vector<std::string>* names;
  };
  for (const Workload& workload : {Workload{"Zipf-like repetition", &zipf_names},
                                   Workload{"every name distinct (list cycled)", &distinct_names}}) {
    names_ptr = workload.names;
    // Warm both (connections, server block cache, answer cache), then alternate rounds so that noise hits both
    // alike. The warming round is reported too: it is the nearest to a cold answer cache this workload gets.
    const double first_aka = run_aka();
    const double first_echo = run_echo();
    std::vector<double> aka_rates, echo_rates, all_rates;
    for (int round = 0; round < flags.rounds; ++round) {
      aka_rates.push_back(run_aka());
      echo_rates.push_back(run_echo());
      all_rates.push_back(run_resolve_all());
    }
    const double echo = median(echo_rates);
    const std::string suffix = absl::StrCat(" (", workload.label, ")");
    PrintRow({"echo EchoStream" + suffix, Format("%.0f", echo), "1.00"}, widths);
    PrintRow({"aka ResolveStream" + suffix, Format("%.0f", median(aka_rates)),
              Format("%.2f", median(aka_rates) / echo)},
             widths);
    PrintRow({"aka Client::ResolveAll, no dedup" + suffix, Format("%.0f", median(all_rates)),
              Format("%.2f", median(all_rates) / echo)},
             widths);
    PrintRow({"aka ResolveStream, warming round" + suffix, Format("%.0f", first_aka),
              Format("%.2f", first_aka / first_echo)},
             widths);
  }
  echo_server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
  (*server)->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  return 0;
}

}  // namespace
}  // namespace aka::bench

int main(int argc, char** argv) { return aka::bench::Main(argc, argv); }
