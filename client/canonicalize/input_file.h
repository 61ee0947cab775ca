// InputFile: the byte source of a canonicalize job, a file or stdin, read in chunks so that a job over
// millions of rows runs in constant memory. Regular files also report their size and mtime (for progress and
// the resume fingerprint) and can be repositioned (for --resume); pipes and stdin cannot.
#ifndef AKA_CLIENT_CANONICALIZE_INPUT_FILE_H_
#define AKA_CLIENT_CANONICALIZE_INPUT_FILE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace aka::canonicalize {

class InputFile {
 public:
  // Opens `path` for reading; "-" is stdin (not closed by the destructor).
  static absl::StatusOr<std::unique_ptr<InputFile>> Open(const std::string& path);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  // Reads up to `size` bytes into `buffer`; returns how many, 0 only at the end of input. Retries EINTR.
  absl::StatusOr<size_t> Read(char* buffer, size_t size);
  // Reads the byte at `offset` without moving the read position. REQUIRES: seekable().
  absl::StatusOr<char> ByteAt(int64_t offset);
  // Makes the next Read start at `offset`. REQUIRES: seekable().
  absl::Status Seek(int64_t offset);

  // True for regular files: only they have a meaningful size and can be repositioned.
  bool seekable() const { return regular_; }
  // Size in bytes and modification time in nanoseconds since the epoch; -1 when not a regular file.
  int64_t size() const { return size_; }
  int64_t mtime_ns() const { return mtime_ns_; }
  // The path as given, or "<stdin>": for messages.
  const std::string& display_name() const { return display_name_; }

 private:
  InputFile(int fd, bool owned, std::string display_name);

  int fd_;
  bool owned_;
  bool regular_ = false;
  int64_t size_ = -1;
  int64_t mtime_ns_ = -1;
  std::string display_name_;
};

}  // namespace aka::canonicalize

#endif  // AKA_CLIENT_CANONICALIZE_INPUT_FILE_H_
