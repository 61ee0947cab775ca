// akad's JSON-lines access log; see logging.h.
#include "service/logging.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace aka::service {
namespace {

absl::string_view LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kError:
      return "error";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kDebug:
      return "debug";
  }
  return "info";
}

// A JSON string literal: quotes, backslashes and control characters escaped; other bytes (UTF-8) as they are.
void AppendJsonString(absl::string_view text, std::string* out) {
  out->push_back('"');
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          absl::StrAppendFormat(out, "\\u%04x", c);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

}  // namespace

absl::StatusOr<LogLevel> ParseLogLevel(absl::string_view name) {
  if (name == "error") return LogLevel::kError;
  if (name == "warn") return LogLevel::kWarn;
  if (name == "info") return LogLevel::kInfo;
  if (name == "debug") return LogLevel::kDebug;
  return absl::InvalidArgumentError(absl::StrCat("log_level: \"", name, "\" is not error, warn, info or debug"));
}

LogLevel LevelForCode(absl::string_view code) {
  for (absl::string_view serious :
       {"INTERNAL", "UNKNOWN", "DATA_LOSS", "UNAVAILABLE", "RESOURCE_EXHAUSTED", "DEADLINE_EXCEEDED"}) {
    if (code == serious) return LogLevel::kWarn;
  }
  return LogLevel::kInfo;
}

std::string FormatCallLine(const CallRecord& record, LogLevel level, absl::Time time) {
  std::string line = "{\"time\":";
  AppendJsonString(absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", time, absl::UTCTimeZone()), &line);
  line.append(",\"level\":");
  AppendJsonString(LevelName(level), &line);
  line.append(",\"request_id\":");
  AppendJsonString(record.request_id, &line);
  line.append(",\"method\":");
  AppendJsonString(record.method, &line);
  line.append(",\"code\":");
  AppendJsonString(record.code, &line);
  absl::StrAppendFormat(&line, ",\"latency_ms\":%.3f", record.latency_ms);
  line.append(",\"peer\":");
  AppendJsonString(record.peer, &line);
  absl::StrAppend(&line, ",\"messages_received\":", record.messages_received,
                  ",\"messages_sent\":", record.messages_sent);
  if (!record.name.empty()) {
    line.append(",\"name\":");
    AppendJsonString(record.name, &line);
  }
  line.push_back('}');
  return line;
}

void CallLogger::Log(const CallRecord& record) const {
  const LogLevel level = LevelForCode(record.code);
  if (level > level_) return;
  std::string line = FormatCallLine(record, level, absl::Now());
  line.push_back('\n');
  std::fwrite(line.data(), 1, line.size(), out_);
}

}  // namespace aka::service
