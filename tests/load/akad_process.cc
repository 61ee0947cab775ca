// A real akad child process for the load and fault test; see akad_process.h.
#include "tests/load/akad_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace aka::load {
namespace {

constexpr char kListeningLine[] = "akad listening on ";

// Forks and execs `binary args...` with stdout and stderr appended to `log_path`. Returns the child's pid.
absl::StatusOr<pid_t> Spawn(const std::string& binary, const std::vector<std::string>& args,
                            const std::string& log_path) {
  const int log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) return absl::InternalError(absl::StrCat("open ", log_path, ": ", std::strerror(errno)));
  std::vector<std::string> argv_strings = {binary};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) {
    close(log_fd);
    return absl::InternalError(absl::StrCat("fork: ", std::strerror(errno)));
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec.
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  close(log_fd);
  return pid;
}

// The address in the last "akad listening on ADDR (...)" line of the log after byte `from`, or "".
std::string ListeningAddress(const std::string& log_path, std::streamoff from) {
  std::ifstream in(log_path);
  in.seekg(from);
  std::string line, address;
  while (std::getline(in, line)) {
    const size_t at = line.find(kListeningLine);
    if (at == std::string::npos) continue;
    std::string rest = line.substr(at + std::strlen(kListeningLine));
    address = rest.substr(0, rest.find(' '));
  }
  return address;
}

std::streamoff FileSize(const std::string& path) {
  std::ifstream in(path, std::ios::ate | std::ios::binary);
  return in ? static_cast<std::streamoff>(in.tellg()) : 0;
}

}  // namespace

AkadProcess::~AkadProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

absl::Status AkadProcess::Start() {
  if (pid_ > 0) return absl::FailedPreconditionError("akad is already running");
  std::vector<std::string> args = {"--db=" + options_.db,
                                   "--listen=" + (address_.empty() ? options_.listen : address_)};
  args.insert(args.end(), options_.extra_flags.begin(), options_.extra_flags.end());
  const std::streamoff log_start = FileSize(options_.log_path);
  absl::StatusOr<pid_t> pid = Spawn(options_.binary, args, options_.log_path);
  if (!pid.ok()) return pid.status();
  pid_ = *pid;
  const auto deadline = std::chrono::steady_clock::now() + options_.start_timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return absl::UnavailableError(
          absl::StrCat("akad exited during start (status ", status, "); see ", options_.log_path));
    }
    const std::string address = ListeningAddress(options_.log_path, log_start);
    if (!address.empty()) {
      address_ = address;
      return absl::OkStatus();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Kill().IgnoreError();
  return absl::UnavailableError(absl::StrCat("akad did not report listening within ", options_.start_timeout.count(),
                                             " s; see ", options_.log_path));
}

absl::Status AkadProcess::Kill() {
  if (pid_ <= 0) return absl::FailedPreconditionError("akad is not running");
  if (kill(pid_, SIGKILL) != 0) return absl::InternalError(absl::StrCat("kill: ", std::strerror(errno)));
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
  return absl::OkStatus();
}

absl::StatusOr<int> AkadProcess::Stop(std::chrono::seconds timeout) {
  if (pid_ <= 0) return absl::FailedPreconditionError("akad is not running");
  kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Kill().IgnoreError();
  return absl::DeadlineExceededError(absl::StrCat("akad did not exit within ", timeout.count(), " s of SIGTERM"));
}

int64_t AkadProcess::RssKib() const {
  if (pid_ <= 0) return -1;
  std::ifstream in(absl::StrCat("/proc/", pid_, "/status"));
  std::string line;
  while (std::getline(in, line)) {
    absl::string_view rest = line;
    if (!absl::ConsumePrefix(&rest, "VmRSS:")) continue;
    rest = absl::StripSuffix(absl::StripAsciiWhitespace(rest), "kB");
    int64_t kib = -1;
    if (absl::SimpleAtoi(absl::StripAsciiWhitespace(rest), &kib)) return kib;
  }
  return -1;
}

absl::StatusOr<int> AkadProcess::RunToExit(const std::string& binary, const std::vector<std::string>& args,
                                           const std::string& log_path) {
  absl::StatusOr<pid_t> pid = Spawn(binary, args, log_path);
  if (!pid.ok()) return pid.status();
  int status = 0;
  if (waitpid(*pid, &status, 0) != *pid) return absl::InternalError("waitpid failed");
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace aka::load
