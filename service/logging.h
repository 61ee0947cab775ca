// akad's access log: one JSON object per line on stderr for every finished call, with time, level, request
// id, method, status code, latency and peer. Names from requests are personal or sensitive data (people on
// sanctions lists, the subjects of an investigation), so they appear only at --log_level=debug.
#ifndef AKA_SERVICE_LOGGING_H_
#define AKA_SERVICE_LOGGING_H_

#include <cstdio>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace aka::service {

// Ordered by verbosity. kInfo logs every call; kWarn only calls that failed with a server-side or
// overload code; kDebug adds request names.
enum class LogLevel { kError = 0, kWarn = 1, kInfo = 2, kDebug = 3 };

// "error" | "warn" | "info" | "debug"; INVALID_ARGUMENT naming the accepted values otherwise.
absl::StatusOr<LogLevel> ParseLogLevel(absl::string_view name);

struct CallRecord {
  std::string request_id;
  std::string method;
  std::string code;  // gRPC code name, e.g. "OK", "INVALID_ARGUMENT"
  double latency_ms = 0;
  std::string peer;
  int64_t messages_received = 0;
  int64_t messages_sent = 0;
  // The first request's name; empty unless the logger is at kDebug.
  std::string name;
};

// The JSON line for `record` at `level` and `time`, without the newline. JSON strings are escaped, so a
// hostile name cannot forge fields or lines.
std::string FormatCallLine(const CallRecord& record, LogLevel level, absl::Time time);

// The level a call with this code is logged at: server faults and overload (INTERNAL, UNKNOWN, DATA_LOSS,
// UNAVAILABLE, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED) are warnings; the rest (including the caller's own
// mistakes such as INVALID_ARGUMENT or NOT_FOUND) are info.
LogLevel LevelForCode(absl::string_view code);

// Writes call lines to a stdio stream (stderr in akad). Thread-safe: each line is one fwrite, which stdio
// serializes, so lines from concurrent calls never interleave.
class CallLogger {
 public:
  explicit CallLogger(LogLevel level, std::FILE* out = stderr) : level_(level), out_(out) {}
  LogLevel level() const { return level_; }
  bool logs_names() const { return level_ >= LogLevel::kDebug; }
  void Log(const CallRecord& record) const;

 private:
  LogLevel level_;
  std::FILE* out_;
};

}  // namespace aka::service

#endif  // AKA_SERVICE_LOGGING_H_
