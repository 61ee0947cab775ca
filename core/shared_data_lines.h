// For tests: every name-like piece of the shared data (../shared/data beside the repository: dev sets,
// scale names, OFAC, MISP), to check a property on real names.
#ifndef AKA_CORE_SHARED_DATA_LINES_H_
#define AKA_CORE_SHARED_DATA_LINES_H_

#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "gtest/gtest.h"

namespace aka::core::testing {

// The shared data directory (its absence is for the caller to skip on).
inline std::filesystem::path SharedDataDir() {
  return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "shared" / "data";
}

// Calls `check` on each line of each file below SharedDataDir() and on each of the line's fields split at
// each of `separators`, until it returns false (then adds a test failure naming the file). Returns how many
// pieces passed.
inline size_t CheckSharedDataPieces(std::initializer_list<char> separators,
                                    const std::function<bool(absl::string_view)>& check) {
  size_t passed = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(SharedDataDir())) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path());
    std::string line;
    while (std::getline(in, line)) {
      std::vector<absl::string_view> pieces = {line};
      for (const char separator : separators) {
        for (absl::string_view piece : absl::StrSplit(line, separator)) pieces.push_back(piece);
      }
      for (absl::string_view piece : pieces) {
        if (!check(piece)) {
          ADD_FAILURE() << "in " << entry.path();
          return passed;
        }
        ++passed;
      }
    }
  }
  return passed;
}

}  // namespace aka::core::testing

#endif  // AKA_CORE_SHARED_DATA_LINES_H_
