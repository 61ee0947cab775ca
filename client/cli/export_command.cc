// `aka export`: pages through ListEntities and writes one JSON line per entity (formats::WriteJsonLine), the
// input `aka import --format jsonl` reads back.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ostream>
#include <sstream>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "aka/v1/registry.pb.h"
#include "client/cli/commands.h"
#include "common/status_macros.h"
#include "formats/entity_source.h"

namespace aka::cli {
namespace {

// ListEntities' maximum page size: fewest round trips.
constexpr int kPageSize = 1000;

absl::Status ErrnoError(const std::string& what) { return absl::ErrnoToStatus(errno, what); }

// A file written under a temporary name and renamed into place on Commit(), so readers of `path` see the old
// file or the complete new one, never a truncated export. The temporary file is removed unless committed.
class AtomicFile {
 public:
  explicit AtomicFile(std::string path) : path_(std::move(path)), tmp_path_(path_ + ".tmp") {}
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_ && opened_) ::unlink(tmp_path_.c_str());
  }

  absl::Status Open() {
    fd_ = ::open(tmp_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) return ErrnoError(absl::StrCat("open ", tmp_path_));
    opened_ = true;
    return absl::OkStatus();
  }

  absl::Status Append(const std::string& data) {
    size_t done = 0;
    while (done < data.size()) {
      ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        return ErrnoError(absl::StrCat("write ", tmp_path_));
      }
      done += static_cast<size_t>(n);
    }
    return absl::OkStatus();
  }

  // fsync before rename: otherwise a crash soon after could leave `path` renamed but empty.
  absl::Status Commit() {
    if (::fsync(fd_) != 0) return ErrnoError(absl::StrCat("fsync ", tmp_path_));
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) return ErrnoError(absl::StrCat("close ", tmp_path_));
    if (std::rename(tmp_path_.c_str(), path_.c_str()) != 0) {
      return ErrnoError(absl::StrCat("rename ", tmp_path_, " to ", path_));
    }
    committed_ = true;
    return absl::OkStatus();
  }

 private:
  const std::string path_;
  const std::string tmp_path_;
  int fd_ = -1;
  bool opened_ = false;
  bool committed_ = false;
};

// Sends each page to `write_page` as JSON lines. Distinguishes RPC failures (exit 3) from local ones (exit 4)
// through `rpc_failed`.
template <typename WritePage>
absl::Status ExportPages(const ExportArgs& args, Client& client, WritePage write_page, bool* rpc_failed,
                         int64_t* count) {
  v1::ListEntitiesRequest request;
  request.set_page_size(kPageSize);
  request.set_type(args.type);
  do {
    absl::StatusOr<v1::ListEntitiesResponse> page = client.ListEntities(request);
    if (!page.ok()) {
      *rpc_failed = true;
      return page.status();
    }
    std::ostringstream lines;
    for (const v1::Entity& entity : page->entities()) {
      RETURN_IF_ERROR(formats::WriteJsonLine(entity, lines));
      ++*count;
    }
    RETURN_IF_ERROR(write_page(lines.str()));
    request.set_page_token(page->next_page_token());
  } while (!request.page_token().empty());
  return absl::OkStatus();
}

}  // namespace

int RunExport(const ExportArgs& args, Client& client, std::ostream& out, std::ostream& err) {
  bool rpc_failed = false;
  int64_t count = 0;
  absl::Status status;
  if (args.out_path == "-") {
    status = ExportPages(
        args, client,
        [&out](const std::string& lines) {
          out << lines;
          return out ? absl::OkStatus() : absl::DataLossError("write to stdout failed");
        },
        &rpc_failed, &count);
    out.flush();
  } else {
    AtomicFile file(args.out_path);
    status = file.Open();
    if (status.ok()) {
      status = ExportPages(
          args, client, [&file](const std::string& lines) { return file.Append(lines); }, &rpc_failed, &count);
    }
    if (status.ok()) status = file.Commit();
    if (status.ok()) out << count << " entities written to " << args.out_path << "\n";
  }
  if (!status.ok()) {
    PrintError(err, "export", status);
    return rpc_failed ? kExitRpcError : kExitLocalError;
  }
  return kExitOk;
}

}  // namespace aka::cli
