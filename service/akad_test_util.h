// Test-only: a fixture base that runs an in-process akad - an AkaServer on 127.0.0.1:0 over its own temp
// database, without the bundled data, as `akad --no-default-data` would - and stops it and removes the
// database after the test. Header-only; not part of aka_service. Used by the service, tests/ and client/cli
// tests that already link aka_service.
#ifndef AKA_SERVICE_AKAD_TEST_UTIL_H_
#define AKA_SERVICE_AKAD_TEST_UTIL_H_

#include <chrono>
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "service/server.h"
#include "tests/scoped_test_dir.h"

namespace aka::service::testing {

class InProcessAkadTest : public ::testing::Test {
 protected:
  // Makes the test's temp directory (removed in TearDown), named after `name` so a leftover one says which
  // test made it. Wrap in ASSERT_NO_FATAL_FAILURE.
  void MakeDir(const std::string& name) {
    scoped_dir_ = std::make_unique<aka::testing::ScopedTestDir>(name);
    ASSERT_FALSE(::testing::Test::HasFailure()) << "no temp directory for " << name;
    dir_ = scoped_dir_->path();
  }

  // The options of `akad --no-default-data` on 127.0.0.1:0 over the test's database (dir_/db).
  ServerOptions AkadOptions() const {
    ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.db_path = dir_ + "/db";
    options.load_default_data = false;
    return options;
  }

  // Starts (or, after StopAkad, restarts) akad with `options` into server_. Wrap in ASSERT_NO_FATAL_FAILURE.
  void StartAkad(const ServerOptions& options) {
    auto server = AkaServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
  }

  // Makes the directory and starts akad with AkadOptions(). Wrap in ASSERT_NO_FATAL_FAILURE.
  void MakeDirAndStartAkad(const std::string& name) {
    ASSERT_NO_FATAL_FAILURE(MakeDir(name));
    ASSERT_NO_FATAL_FAILURE(StartAkad(AkadOptions()));
  }

  // Shuts akad down (5 s deadline) and drops it; nothing when it is not running.
  void StopAkad() {
    if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
    server_.reset();
  }

  void TearDown() override {
    StopAkad();
    scoped_dir_.reset();
  }

  std::string dir_;
  std::unique_ptr<AkaServer> server_;

 private:
  std::unique_ptr<aka::testing::ScopedTestDir> scoped_dir_;
};

}  // namespace aka::service::testing

#endif  // AKA_SERVICE_AKAD_TEST_UTIL_H_
