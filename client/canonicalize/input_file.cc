#include "client/canonicalize/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"

namespace aka::canonicalize {

InputFile::InputFile(int fd, bool owned, std::string display_name)
    : fd_(fd), owned_(owned), display_name_(std::move(display_name)) {
  struct stat st;
  if (::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode)) {
    regular_ = true;
    size_ = static_cast<int64_t>(st.st_size);
    mtime_ns_ = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  }
}

InputFile::~InputFile() {
  if (owned_) ::close(fd_);
}

absl::StatusOr<std::unique_ptr<InputFile>> InputFile::Open(const std::string& path) {
  if (path == "-") return std::unique_ptr<InputFile>(new InputFile(STDIN_FILENO, false, "<stdin>"));
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    std::string message = absl::StrCat("cannot open input ", path, ": ", std::strerror(err));
    return err == ENOENT ? absl::NotFoundError(message) : absl::FailedPreconditionError(message);
  }
  return std::unique_ptr<InputFile>(new InputFile(fd, true, path));
}

absl::StatusOr<size_t> InputFile::Read(char* buffer, size_t size) {
  while (true) {
    ssize_t n = ::read(fd_, buffer, size);
    if (n >= 0) return static_cast<size_t>(n);
    if (errno != EINTR) return absl::DataLossError(absl::StrCat("read ", display_name_, ": ", std::strerror(errno)));
  }
}

absl::StatusOr<char> InputFile::ByteAt(int64_t offset) {
  if (!regular_) return absl::FailedPreconditionError(absl::StrCat(display_name_, " is not a regular file"));
  char byte = 0;
  while (true) {
    ssize_t n = ::pread(fd_, &byte, 1, static_cast<off_t>(offset));
    if (n == 1) return byte;
    if (n == 0) return absl::OutOfRangeError(absl::StrCat(display_name_, " has no byte at offset ", offset));
    if (errno != EINTR) return absl::DataLossError(absl::StrCat("read ", display_name_, ": ", std::strerror(errno)));
  }
}

absl::Status InputFile::Seek(int64_t offset) {
  if (!regular_) return absl::FailedPreconditionError(absl::StrCat(display_name_, " is not a regular file"));
  if (offset < 0 || offset > size_) {
    return absl::OutOfRangeError(absl::StrCat("offset ", offset, " is outside ", display_name_, " (", size_,
                                              " bytes)"));
  }
  if (::lseek(fd_, static_cast<off_t>(offset), SEEK_SET) < 0) {
    return absl::DataLossError(absl::StrCat("seek ", display_name_, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace aka::canonicalize
