// akad: the aka server. Parses flags (only here), starts an AkaServer, prints one "listening" line to stderr
// that scripts and tests wait for, and on SIGINT/SIGTERM drains calls for up to 10 s and exits 0.
// Exit status: 0 after a signal-initiated shutdown and for --help, 1 if the server could not start (reason on
// stderr); bad flags exit through absl's parser (also 1).
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "core/normalizer.h"
#include "service/server.h"
#include "storage/backup.h"
#include "storage/store_verify.h"

#ifndef AKA_DEFAULT_DATA_DIR
#error "AKA_DEFAULT_DATA_DIR must be defined by the build (the source tree's data/ folder)"
#endif

ABSL_FLAG(std::string, listen, "127.0.0.1:50051", "gRPC listen address, host:port (port 0: pick a free one)");
ABSL_FLAG(std::string, db, "./aka-data", "RocksDB directory; created if missing");
ABSL_FLAG(std::string, data_dir, "",
          "Default data set loaded into a new database. Empty: <akad dir>/../share/aka/data if it exists, "
          "else the source tree's data/ (" AKA_DEFAULT_DATA_DIR ")");
ABSL_FLAG(bool, no_default_data, false, "Do not load the default data set into a new database");
ABSL_FLAG(std::string, backup_dir, "",
          "Directory of database backups (aka admin backup|restore); empty: the backup RPCs are refused");
ABSL_FLAG(int64_t, restore_backup, -1,
          "Before serving, replace --db with this backup of --backup_dir (0: the newest); -1: no restore");
ABSL_FLAG(bool, sync_writes, false, "fsync the write-ahead log on every write (survives power loss)");
ABSL_FLAG(int64_t, max_message_bytes, 4 << 20, "Largest request message accepted, in bytes");
ABSL_FLAG(int32_t, max_concurrent_streams, 256,
          "ResolveStream calls allowed at once; more get RESOURCE_EXHAUSTED (0: unbounded)");
ABSL_FLAG(int32_t, worker_threads, 0,
          "Threads resolving and running Registry store calls (0: one per hardware thread)");
ABSL_FLAG(int64_t, worker_queue, 0,
          "Calls and ResolveStream items waiting for a worker before more get RESOURCE_EXHAUSTED "
          "(0: 4 x worker_threads x 64)");
ABSL_FLAG(int64_t, answer_cache_mb, 64,
          "MiB of resolve answers kept for repeated questions; any committed write invalidates them (0: off)");
ABSL_FLAG(std::string, tls_cert, "", "PEM certificate chain of the server: serve TLS (with --tls_key)");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of the server (with --tls_cert)");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM CA bundle: require client certificates signed by it (mutual TLS; needs --tls_cert)");
ABSL_FLAG(std::string, tokens_file, "",
          "Bearer tokens, one a line: TOKEN reader|curator|admin [NAME] ('#' comments). Needs TLS");
ABSL_FLAG(bool, insecure_listen, false,
          "Allow a non-loopback --listen address without TLS and tokens (anyone reaching it can write)");
ABSL_FLAG(std::string, metrics_listen, "",
          "Serve Prometheus metrics on http://ADDR/metrics (host:port); empty: no endpoint");
ABSL_FLAG(std::string, log_level, "info",
          "Access log (JSON lines on stderr): error, warn (failed calls), info (every call), debug (+ names)");
ABSL_FLAG(bool, verify_and_exit, false,
          "Open --db, check that its index matches its entities, print the result and exit 0 (clean) or 1");
ABSL_FLAG(int64_t, shutdown_grace_ms, 0,
          "On SIGTERM, report NOT_SERVING for this long before refusing new calls (for load balancers)");

namespace {

// How long calls in flight may run on after a shutdown signal before they are cancelled.
constexpr std::chrono::seconds kDrainTimeout{10};

// ARCHITECTURE.md spells flags with dashes (--no-default-data); absl flags only know underscores. Rewrites
// the name part of every "--foo-bar[=value]" to "--foo_bar[=value]" so both spellings work. Values and
// positional arguments are left alone, and so is everything after a bare "--".
std::vector<std::string> NormalizeFlagSpelling(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  for (size_t i = 1; i < args.size(); ++i) {
    std::string& arg = args[i];
    if (arg == "--") break;
    if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) continue;
    const size_t name_end = std::min(arg.find('='), arg.size());
    for (size_t j = 2; j < name_end; ++j) {
      if (arg[j] == '-') arg[j] = '_';
    }
  }
  return args;
}

// `akad --help` prints akad's own flags and exits 0: abseil 20220623 exits 1 after help, which breaks
// scripts (and the Dockerfile's smoke test) that treat help as success. --helpfull keeps abseil's behaviour.
bool PrintHelpIfAsked(const std::vector<std::string>& args) {
  const bool asked = std::any_of(args.begin() + 1, args.end(),
                                 [](const std::string& arg) { return arg == "--help" || arg == "-h"; });
  if (!asked) return false;
  std::vector<const absl::CommandLineFlag*> own;
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    if (absl::EndsWith(flag->Filename(), "akad_main.cc")) own.push_back(flag);
  }
  std::sort(own.begin(), own.end(), [](const absl::CommandLineFlag* a, const absl::CommandLineFlag* b) {
    return a->Name() < b->Name();
  });
  std::printf("%s\n\nFlags (dashes and underscores both work: --no-default-data = --no_default_data):\n",
              std::string(absl::ProgramUsageMessage()).c_str());
  for (const absl::CommandLineFlag* flag : own) {
    std::printf("  --%s  %s (default: \"%s\")\n", std::string(flag->Name()).c_str(), flag->Help().c_str(),
                flag->DefaultValue().c_str());
  }
  return true;
}

// The installed layout (bin/akad next to share/aka/data) wins over the build tree's data/, so an installed
// akad never depends on the source checkout still being there.
std::string DefaultDataDir() {
  std::error_code error;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    const std::filesystem::path installed = exe.parent_path() / ".." / "share" / "aka" / "data";
    if (std::filesystem::is_directory(installed, error)) return installed.lexically_normal().string();
  }
  return AKA_DEFAULT_DATA_DIR;
}

// --verify_and_exit: the offline check the load and fault test runs after killing akad (and an operator
// after any crash). Exit 0 only when the index is consistent.
int VerifyAndExit(const std::string& db) {
  absl::StatusOr<std::unique_ptr<aka::core::Normalizer>> normalizer = aka::core::Normalizer::Create();
  if (!normalizer.ok()) {
    std::fprintf(stderr, "akad: verify: %s\n", normalizer.status().ToString().c_str());
    return 1;
  }
  aka::storage::StoreOptions store_options;
  store_options.path = db;
  store_options.normalizer = normalizer->get();
  absl::StatusOr<int64_t> entities = aka::storage::VerifyStoreAt(store_options);
  if (!entities.ok()) {
    std::fprintf(stderr, "akad: verify %s: %s\n", db.c_str(), entities.status().ToString().c_str());
    return 1;
  }
  std::fprintf(stderr, "akad: verify %s: clean (%lld entities)\n", db.c_str(), static_cast<long long>(*entities));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "aka resolution server.\n  akad --listen 127.0.0.1:50051 --db ./aka-data [--no-default-data]");
  std::vector<std::string> spelled = NormalizeFlagSpelling(argc, argv);
  if (PrintHelpIfAsked(spelled)) return 0;
  std::vector<char*> args;
  for (std::string& arg : spelled) args.push_back(arg.data());
  absl::ParseCommandLine(static_cast<int>(args.size()), args.data());

  if (absl::GetFlag(FLAGS_verify_and_exit)) return VerifyAndExit(absl::GetFlag(FLAGS_db));

  aka::service::ServerOptions options;
  options.listen = absl::GetFlag(FLAGS_listen);
  options.db_path = absl::GetFlag(FLAGS_db);
  options.data_dir = absl::GetFlag(FLAGS_data_dir);
  if (options.data_dir.empty()) options.data_dir = DefaultDataDir();
  options.load_default_data = !absl::GetFlag(FLAGS_no_default_data);
  options.sync_writes = absl::GetFlag(FLAGS_sync_writes);
  options.backup_dir = absl::GetFlag(FLAGS_backup_dir);
  const int64_t restore_backup = absl::GetFlag(FLAGS_restore_backup);
  if (restore_backup >= 0) {
    // Staged like Admin.Restore, so that Start applies it before the database opens.
    if (options.backup_dir.empty() || restore_backup > UINT32_MAX) {
      std::fprintf(stderr, "akad: --restore_backup needs --backup_dir and a backup id (0: the newest)\n");
      return 1;
    }
    absl::StatusOr<aka::storage::BackupDescription> staged = aka::storage::StageRestore(
        options.backup_dir, static_cast<uint32_t>(restore_backup), options.db_path);
    if (!staged.ok()) {
      std::fprintf(stderr, "akad: --restore_backup: %s\n", staged.status().ToString().c_str());
      return 1;
    }
  }
  const int64_t max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  const int64_t shutdown_grace_ms = absl::GetFlag(FLAGS_shutdown_grace_ms);
  if (max_message_bytes <= 0 || max_message_bytes > (int64_t{1} << 30)) {
    std::fprintf(stderr, "akad: --max_message_bytes must be in 1..1073741824\n");
    return 1;
  }
  if (shutdown_grace_ms < 0) {
    std::fprintf(stderr, "akad: --shutdown_grace_ms must not be negative\n");
    return 1;
  }
  options.max_message_bytes = static_cast<size_t>(max_message_bytes);
  const int32_t max_concurrent_streams = absl::GetFlag(FLAGS_max_concurrent_streams);
  if (max_concurrent_streams < 0) {
    std::fprintf(stderr, "akad: --max_concurrent_streams must be 0 (unbounded) or more\n");
    return 1;
  }
  options.max_concurrent_streams = max_concurrent_streams;
  const int32_t worker_threads = absl::GetFlag(FLAGS_worker_threads);
  const int64_t worker_queue = absl::GetFlag(FLAGS_worker_queue);
  if (worker_threads < 0 || worker_threads > 1024) {
    std::fprintf(stderr, "akad: --worker_threads must be in 0..1024 (0: one per hardware thread)\n");
    return 1;
  }
  if (worker_queue < 0) {
    std::fprintf(stderr, "akad: --worker_queue must be 0 (4 x worker_threads x 64) or more\n");
    return 1;
  }
  options.worker_threads = worker_threads;
  options.worker_queue = static_cast<size_t>(worker_queue);
  options.shutdown_grace = std::chrono::milliseconds(shutdown_grace_ms);
  const int64_t answer_cache_mb = absl::GetFlag(FLAGS_answer_cache_mb);
  if (answer_cache_mb < 0 || answer_cache_mb > 65536) {
    std::fprintf(stderr, "akad: --answer_cache_mb must be in 0..65536 (0: no answer cache)\n");
    return 1;
  }
  options.answer_cache_bytes = static_cast<size_t>(answer_cache_mb) << 20;
  options.security.tls_cert_file = absl::GetFlag(FLAGS_tls_cert);
  options.security.tls_key_file = absl::GetFlag(FLAGS_tls_key);
  options.security.tls_client_ca_file = absl::GetFlag(FLAGS_tls_client_ca);
  options.security.tokens_file = absl::GetFlag(FLAGS_tokens_file);
  options.security.insecure_listen = absl::GetFlag(FLAGS_insecure_listen);
  options.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  absl::StatusOr<aka::service::LogLevel> log_level = aka::service::ParseLogLevel(absl::GetFlag(FLAGS_log_level));
  if (!log_level.ok()) {
    std::fprintf(stderr, "akad: %s\n", std::string(log_level.status().message()).c_str());
    return 1;
  }
  options.log_level = *log_level;

  // Block the shutdown signals before gRPC starts its threads, which inherit the mask; then only sigwait in
  // main receives them, and no handler runs on an arbitrary thread in the middle of a call.
  sigset_t shutdown_signals;
  sigemptyset(&shutdown_signals);
  sigaddset(&shutdown_signals, SIGINT);
  sigaddset(&shutdown_signals, SIGTERM);
  if (pthread_sigmask(SIG_BLOCK, &shutdown_signals, nullptr) != 0) {
    std::fprintf(stderr, "akad: cannot block SIGINT/SIGTERM\n");
    return 1;
  }

  absl::StatusOr<std::unique_ptr<aka::service::AkaServer>> server = aka::service::AkaServer::Start(options);
  if (!server.ok()) {
    std::fprintf(stderr, "akad: cannot start: %s\n", server.status().ToString().c_str());
    return 1;
  }
  absl::StatusOr<int64_t> entities = (*server)->CountEntities();
  if (!entities.ok()) {
    std::fprintf(stderr, "akad: cannot count entities: %s\n", entities.status().ToString().c_str());
    (*server)->Shutdown(std::chrono::system_clock::now());
    return 1;
  }
  std::fprintf(stderr, "akad listening on %s (%lld entities)\n", (*server)->address().c_str(),
               static_cast<long long>(*entities));
  if ((*server)->metrics_port() != 0) {
    std::fprintf(stderr, "akad: metrics on port %d at /metrics\n", (*server)->metrics_port());
  }
  std::fflush(stderr);

  int signal_number = 0;
  while (sigwait(&shutdown_signals, &signal_number) != 0) {
  }
  std::fprintf(stderr, "akad: %s received, shutting down\n", signal_number == SIGINT ? "SIGINT" : "SIGTERM");
  (*server)->Shutdown(std::chrono::system_clock::now() + kDrainTimeout);
  std::fprintf(stderr, "akad: stopped\n");
  return 0;
}
