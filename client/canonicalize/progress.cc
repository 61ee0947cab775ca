#include "client/canonicalize/progress.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace aka::canonicalize {
namespace {

constexpr absl::Duration kRedrawInterval = absl::Milliseconds(250);

void WriteAll(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) return;  // progress is best effort: a broken stderr must not fail the job
    done += static_cast<size_t>(n);
  }
}

std::string FormatDuration(double seconds) {
  int64_t s = static_cast<int64_t>(seconds + 0.5);
  if (s >= 3600) return absl::StrFormat("%dh%02dm", s / 3600, (s / 60) % 60);
  if (s >= 60) return absl::StrFormat("%dm%02ds", s / 60, s % 60);
  return absl::StrFormat("%ds", s);
}

}  // namespace

ProgressMeter::ProgressMeter(ProgressMode mode, int64_t total_bytes, int64_t start_bytes, int fd)
    : enabled_(mode == ProgressMode::kOn || (mode == ProgressMode::kAuto && ::isatty(fd) == 1)),
      fd_(fd),
      total_bytes_(total_bytes),
      start_bytes_(start_bytes),
      start_(absl::Now()) {}

std::string ProgressMeter::FormatLine(int64_t rows, int64_t bytes, absl::Time now) const {
  const double elapsed = absl::ToDoubleSeconds(now - start_);
  const double rate = elapsed > 0 ? static_cast<double>(rows) / elapsed : 0;
  std::string line = absl::StrFormat("%d rows, %.0f rows/s", rows, rate);
  if (total_bytes_ > 0) {
    const double fraction = static_cast<double>(bytes) / static_cast<double>(total_bytes_);
    absl::StrAppendFormat(&line, ", %.1f%%", 100.0 * fraction);
    const int64_t done = bytes - start_bytes_;
    if (done > 0 && elapsed > 0) {
      const double eta = elapsed * static_cast<double>(total_bytes_ - bytes) / static_cast<double>(done);
      absl::StrAppend(&line, ", ETA ", FormatDuration(eta));
    }
  }
  return line;
}

void ProgressMeter::Update(int64_t rows, int64_t bytes, absl::Time now) {
  if (!enabled_ || now - last_draw_ < kRedrawInterval) return;
  last_draw_ = now;
  std::string line = FormatLine(rows, bytes, now);
  const size_t width = line.size();
  // Pad over the tail of a longer previous line instead of relying on terminal escape codes.
  if (width < last_width_) line.append(last_width_ - width, ' ');
  last_width_ = width;
  WriteAll(fd_, absl::StrCat("\r", line));
}

void ProgressMeter::Finish() {
  if (!enabled_ || last_width_ == 0) return;
  WriteAll(fd_, absl::StrCat("\r", std::string(last_width_, ' '), "\r"));
  last_width_ = 0;
}

}  // namespace aka::canonicalize
