// Test-only: a fresh directory under the test temp dir for one test's databases and files, removed with
// everything in it when the test's fixture is destroyed.
#ifndef AKA_TESTS_SCOPED_TEST_DIR_H_
#define AKA_TESTS_SCOPED_TEST_DIR_H_

#include <stdlib.h>

#include <filesystem>
#include <string>

#include "gtest/gtest.h"

namespace aka::testing {

class ScopedTestDir {
 public:
  // `name` prefixes the directory's name, so a leftover one says which test made it.
  explicit ScopedTestDir(const std::string& name) {
    std::string pattern = ::testing::TempDir() + "/" + name + "_XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed for " << pattern;
    path_ = pattern;
  }
  ~ScopedTestDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScopedTestDir(const ScopedTestDir&) = delete;
  ScopedTestDir& operator=(const ScopedTestDir&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace aka::testing

#endif  // AKA_TESTS_SCOPED_TEST_DIR_H_
