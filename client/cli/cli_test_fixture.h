// Test-only: a fixture that runs `aka` command lines through RunCli against a MockClient and captures what
// they print, for the CLI's command tests. Not part of aka_cli.
#ifndef AKA_CLIENT_CLI_CLI_TEST_FIXTURE_H_
#define AKA_CLIENT_CLI_CLI_TEST_FIXTURE_H_

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "client/cli/app.h"
#include "client/mock_client.h"
#include "gtest/gtest.h"

namespace aka::cli {

class MockCliTest : public ::testing::Test {
 protected:
  MockCliTest() {
    env_.make_client = [this](const ClientOptions&) -> absl::StatusOr<std::unique_ptr<Client>> {
      return std::unique_ptr<Client>(std::move(client_));
    };
  }
  // Runs `aka ARGS...` once (the mock is handed over to the command); returns the exit code.
  int Run(const std::vector<std::string>& args) { return RunCli(args, env_, out_, err_); }

  std::unique_ptr<MockClient> client_ = std::make_unique<MockClient>();
  MockClient& mock_ = *client_;
  CliEnvironment env_;
  std::ostringstream out_;
  std::ostringstream err_;
};

}  // namespace aka::cli

#endif  // AKA_CLIENT_CLI_CLI_TEST_FIXTURE_H_
