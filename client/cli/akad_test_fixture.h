// Test-only: a fixture that starts an in-process akad (service::testing::InProcessAkadTest: AkaServer on
// 127.0.0.1:0 over its own temp database, no bundled data) and a real aka::Client to it, for CLI commands
// tested end to end. Not part of aka_cli; its tests link aka_service.
#ifndef AKA_CLIENT_CLI_AKAD_TEST_FIXTURE_H_
#define AKA_CLIENT_CLI_AKAD_TEST_FIXTURE_H_

#include <chrono>
#include <memory>
#include <string>

#include "client/client.h"
#include "gtest/gtest.h"
#include "service/akad_test_util.h"

namespace aka::cli {

class InProcessAkadTest : public service::testing::InProcessAkadTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(MakeDirAndStartAkad("aka_cli_akad"));
    ClientOptions client_options;
    client_options.target = server_->address();
    client_options.timeout = std::chrono::seconds(10);
    client_options.stream_timeout = std::chrono::seconds(30);
    auto client = Client::Create(client_options);
    ASSERT_TRUE(client.ok()) << client.status();
    client_ = std::move(*client);
  }

  void TearDown() override {
    client_.reset();
    service::testing::InProcessAkadTest::TearDown();
  }

  // The entity `name` resolves to (MATCHED), or "" otherwise.
  std::string ResolveId(const std::string& name) {
    v1::ResolveRequest request;
    request.set_name(name);
    absl::StatusOr<v1::ResolveResponse> response = client_->Resolve(request);
    EXPECT_TRUE(response.ok()) << response.status();
    if (!response.ok() || response->outcome() != v1::MATCHED) return "";
    return response->candidates(0).entity_id();
  }

  std::unique_ptr<Client> client_;
};

}  // namespace aka::cli

#endif  // AKA_CLIENT_CLI_AKAD_TEST_FIXTURE_H_
