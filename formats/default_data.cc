// ReadDefaultData: the bundled data folder's layout (see default_data.h).
#include "formats/default_data.h"

#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace aka::formats {
namespace {

namespace fs = std::filesystem;

// The *.json files directly in `dir`, sorted by name so that entities come out in the same order on every
// machine (directory iteration order is unspecified).
absl::StatusOr<std::vector<std::string>> JsonFilesIn(const fs::path& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".json" && it->is_regular_file(ec)) files.push_back(it->path().string());
  }
  if (ec) return absl::UnknownError(absl::StrCat(dir.string(), ": cannot list: ", ec.message()));
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

absl::Status ReadDefaultData(const std::string& data_dir, const EntitySink& sink, const SkipSink& skipped) {
  std::error_code ec;
  if (!fs::is_directory(data_dir, ec)) {
    return absl::NotFoundError(absl::StrCat(data_dir, ": default data folder not found"));
  }
  const SkipSink skip = skipped ? skipped : [](const SkippedRecord&) {};
  bool found_any = false;

  const fs::path misp_dir = fs::path(data_dir) / "misp-galaxy";
  if (fs::is_directory(misp_dir, ec)) {
    ASSIGN_OR_RETURN(const std::vector<std::string> files, JsonFilesIn(misp_dir));
    for (const std::string& file : files) {
      RETURN_IF_ERROR(ReadMispGalaxy(file, sink, skip));
      found_any = true;
    }
  }
  const fs::path ofac_dir = fs::path(data_dir) / "ofac-sdn";
  if (fs::is_directory(ofac_dir, ec)) {
    RETURN_IF_ERROR(ReadOfacSdn(ofac_dir.string(), sink, skip));
    found_any = true;
  }
  if (!found_any) {
    return absl::NotFoundError(
        absl::StrCat(data_dir, ": holds neither misp-galaxy/*.json nor an ofac-sdn folder"));
  }
  return absl::OkStatus();
}

}  // namespace aka::formats
