// ProgressMeter: the one-line progress display of a canonicalize run on stderr (rows, rows/s, and percent and
// ETA when the input size is known), redrawn in place with \r at most about four times a second so that it
// costs nothing next to the work. Shown only on a terminal unless forced, so logs stay clean.
#ifndef AKA_CLIENT_CANONICALIZE_PROGRESS_H_
#define AKA_CLIENT_CANONICALIZE_PROGRESS_H_

#include <unistd.h>

#include <cstdint>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace aka::canonicalize {

enum class ProgressMode { kAuto, kOn, kOff };

class ProgressMeter {
 public:
  // `total_bytes` is the input size, or -1 when unknown (stdin, pipes). `start_bytes` is where this run
  // starts in the input (non-zero on resume), so the rate counts only this run's work. Writes to `fd`.
  ProgressMeter(ProgressMode mode, int64_t total_bytes, int64_t start_bytes = 0, int fd = STDERR_FILENO);

  bool enabled() const { return enabled_; }

  // Reports `rows` done this run and the input read up to `bytes`; draws if enough time has passed.
  void Update(int64_t rows, int64_t bytes) { Update(rows, bytes, absl::Now()); }
  void Update(int64_t rows, int64_t bytes, absl::Time now);
  // Erases the progress line, leaving the terminal clean for the summary.
  void Finish();

  // The text of the progress line; exposed for tests.
  std::string FormatLine(int64_t rows, int64_t bytes, absl::Time now) const;

 private:
  bool enabled_;
  int fd_;
  int64_t total_bytes_;
  int64_t start_bytes_;
  absl::Time start_;
  absl::Time last_draw_ = absl::InfinitePast();
  size_t last_width_ = 0;
};

}  // namespace aka::canonicalize

#endif  // AKA_CLIENT_CANONICALIZE_PROGRESS_H_
