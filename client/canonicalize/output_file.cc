#include "client/canonicalize/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"

namespace aka::canonicalize {
namespace {

absl::Status ErrnoStatus(const char* what, const std::string& path) {
  return absl::DataLossError(absl::StrCat(what, " ", path, ": ", std::strerror(errno)));
}

}  // namespace

absl::StatusOr<std::unique_ptr<OutputFile>> OutputFile::Open(const std::string& path, int64_t keep_bytes) {
  if (path == "-") {
    if (keep_bytes != 0) return absl::FailedPreconditionError("stdout cannot be resumed");
    return std::unique_ptr<OutputFile>(new OutputFile(STDOUT_FILENO, false, "<stdout>", 0));
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::FailedPreconditionError(absl::StrCat("cannot open output ", path, ": ", std::strerror(errno)));
  }
  std::unique_ptr<OutputFile> file(new OutputFile(fd, true, path, keep_bytes));
  struct stat st;
  if (::fstat(fd, &st) != 0) return ErrnoStatus("stat", path);
  if (st.st_size < keep_bytes) {
    return absl::DataLossError(absl::StrCat(path, " has ", st.st_size, " bytes but the checkpoint recorded ",
                                            keep_bytes, "; it was changed since, so the run cannot be resumed"));
  }
  if (::ftruncate(fd, static_cast<off_t>(keep_bytes)) != 0) return ErrnoStatus("truncate", path);
  if (::lseek(fd, static_cast<off_t>(keep_bytes), SEEK_SET) < 0) return ErrnoStatus("seek", path);
  return file;
}

OutputFile::~OutputFile() {
  if (owned_ && fd_ >= 0) ::close(fd_);
}

absl::Status OutputFile::Append(std::string_view data) {
  if (fd_ < 0) return absl::FailedPreconditionError(absl::StrCat(path_, " is closed"));
  while (!data.empty()) {
    ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("write", path_);
    }
    data.remove_prefix(static_cast<size_t>(n));
    size_ += n;
  }
  return absl::OkStatus();
}

absl::Status OutputFile::Sync() {
  if (fd_ < 0) return absl::FailedPreconditionError(absl::StrCat(path_, " is closed"));
  if (!owned_) return absl::OkStatus();
  if (::fsync(fd_) != 0) return ErrnoStatus("fsync", path_);
  return absl::OkStatus();
}

absl::Status OutputFile::Close() {
  absl::Status status = Sync();
  if (owned_ && fd_ >= 0 && ::close(fd_) != 0 && status.ok()) status = ErrnoStatus("close", path_);
  fd_ = -1;
  return status;
}

absl::Status SyncParentDirectory(const std::string& path) {
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open directory", dir);
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return ErrnoStatus("fsync directory", dir);
  return absl::OkStatus();
}

}  // namespace aka::canonicalize
