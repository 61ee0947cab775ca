// AkadProcess: a real akad child process for the load and fault test — started from its binary with a
// database folder, killed with SIGKILL mid-run, restarted on the same port and database, stopped with
// SIGTERM — plus reading its resident memory (VmRSS) for the RSS-over-time report.
#ifndef AKA_TESTS_LOAD_AKAD_PROCESS_H_
#define AKA_TESTS_LOAD_AKAD_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace aka::load {

struct AkadOptions {
  // Path of the akad binary.
  std::string binary;
  // Database folder (created by akad if missing).
  std::string db;
  // Listen address for the first start; "127.0.0.1:0" picks a free port, which later restarts reuse.
  std::string listen = "127.0.0.1:0";
  // Extra flags passed as they are (e.g. --no-default-data, --tls_cert=...).
  std::vector<std::string> extra_flags;
  // akad's stderr (its log) is appended here.
  std::string log_path;
  // How long Start waits for the "akad listening on" line (a first start loads the default data).
  std::chrono::seconds start_timeout{180};
};

// Not thread-safe: one controlling thread starts, kills and stops it; RssKib may be called from another
// thread (it only reads /proc).
class AkadProcess {
 public:
  explicit AkadProcess(AkadOptions options) : options_(std::move(options)) {}
  // SIGKILLs a child still running, so a failed test never leaves an akad behind.
  ~AkadProcess();
  AkadProcess(const AkadProcess&) = delete;
  AkadProcess& operator=(const AkadProcess&) = delete;

  // Starts akad and waits until it logs that it is listening. Errors: INTERNAL if fork/exec fails,
  // UNAVAILABLE if akad exits or stays silent past start_timeout (the log's path is in the message).
  absl::Status Start();
  // SIGKILL, then reaps it: the crash the durability check is about.
  absl::Status Kill();
  // SIGTERM and waits up to `timeout` for exit; returns its exit status (0 after a clean drain).
  absl::StatusOr<int> Stop(std::chrono::seconds timeout);

  // "127.0.0.1:PORT", known after the first Start.
  const std::string& address() const { return address_; }
  pid_t pid() const { return pid_; }
  // Resident set size of the running child in KiB, from /proc/PID/status; -1 if not running.
  int64_t RssKib() const;

  // Runs `binary args...` to completion and returns its exit status (stdout and stderr go to log_path).
  static absl::StatusOr<int> RunToExit(const std::string& binary, const std::vector<std::string>& args,
                                       const std::string& log_path);

 private:
  AkadOptions options_;
  pid_t pid_ = -1;
  std::string address_;
};

}  // namespace aka::load

#endif  // AKA_TESTS_LOAD_AKAD_PROCESS_H_
