// Test-only helpers for formats/ tests: a per-test temporary folder to write fixtures into, and the paths
// of the real data sets passed in by CMake (AKA_SHARED_DATA_DIR, AKA_BUNDLED_DATA_DIR).
#ifndef AKA_FORMATS_TEST_FILES_H_
#define AKA_FORMATS_TEST_FILES_H_

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

#include "gtest/gtest.h"

namespace aka::formats::test_files {

inline std::string SharedDataDir() { return AKA_SHARED_DATA_DIR; }
inline std::string BundledDataDir() { return AKA_BUNDLED_DATA_DIR; }

// A fresh folder under the test temp dir, removed with everything in it on destruction, so tests never see
// each other's fixtures.
class TempDir {
 public:
  TempDir() {
    std::string pattern = ::testing::TempDir() + "/aka_formats_XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    const char* made = mkdtemp(buffer.data());
    EXPECT_NE(made, nullptr) << "mkdtemp " << pattern;
    path_ = made != nullptr ? made : pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }

  // Writes `contents` byte for byte to `relative` (parent folders created) and returns the full path.
  std::string Write(const std::string& relative, const std::string& contents) const {
    const std::filesystem::path full = std::filesystem::path(path_) / relative;
    std::filesystem::create_directories(full.parent_path());
    std::ofstream out(full, std::ios::binary);
    out << contents;
    EXPECT_TRUE(out.good()) << "writing " << full;
    return full.string();
  }

 private:
  std::string path_;
};

}  // namespace aka::formats::test_files

#endif  // AKA_FORMATS_TEST_FILES_H_
