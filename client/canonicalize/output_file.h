// OutputFile: an append-only output (the canonicalized rows, the errors file) that can be made durable with
// Sync() and reopened cut back to a known length, which is how --resume drops a batch written after the
// last checkpoint. "-" is stdout, which can be neither synced nor cut.
#ifndef AKA_CLIENT_CANONICALIZE_OUTPUT_FILE_H_
#define AKA_CLIENT_CANONICALIZE_OUTPUT_FILE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace aka::canonicalize {

class OutputFile {
 public:
  // Opens `path` for appending after its first `keep_bytes` bytes, discarding the rest (0: start empty; the
  // file is created if missing). A file shorter than `keep_bytes` is DataLoss: it is not the file the
  // checkpoint describes. "-" is stdout, with keep_bytes 0 only.
  static absl::StatusOr<std::unique_ptr<OutputFile>> Open(const std::string& path, int64_t keep_bytes = 0);
  // Closes without syncing; call Close() to learn whether the last writes reached the disk.
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Writes all of `data` (retrying short writes and EINTR).
  absl::Status Append(std::string_view data);
  // fsync: everything appended so far survives a crash. No-op for stdout.
  absl::Status Sync();
  // Syncs and closes; further calls are errors.
  absl::Status Close();

  // Bytes in the file: kept + appended.
  int64_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  OutputFile(int fd, bool owned, std::string path, int64_t size)
      : fd_(fd), owned_(owned), path_(std::move(path)), size_(size) {}

  int fd_;
  bool owned_;
  std::string path_;
  int64_t size_;
};

// fsyncs the directory holding `path`, so that a rename or create in it survives a crash.
absl::Status SyncParentDirectory(const std::string& path);

}  // namespace aka::canonicalize

#endif  // AKA_CLIENT_CANONICALIZE_OUTPUT_FILE_H_
