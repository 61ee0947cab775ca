// Test-only: a fixture that starts an in-process akad (AkaServer on 127.0.0.1:0 over its own temp database,
// no bundled data) and a real aka::Client to it, for CLI commands tested end to end. Not part of aka_cli.
#ifndef AKA_CLIENT_CLI_AKAD_TEST_FIXTURE_H_
#define AKA_CLIENT_CLI_AKAD_TEST_FIXTURE_H_

#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "client/client.h"
#include "gtest/gtest.h"
#include "service/server.h"

namespace aka::cli {

class InProcessAkadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string dir_template = ::testing::TempDir() + "/aka_cli_akad_XXXXXX";
    ASSERT_NE(mkdtemp(dir_template.data()), nullptr);
    dir_ = dir_template;
    service::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.db_path = dir_ + "/db";
    options.load_default_data = false;
    auto server = service::AkaServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
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
    if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
    server_.reset();
    std::filesystem::remove_all(dir_);
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

  std::string dir_;
  std::unique_ptr<service::AkaServer> server_;
  std::unique_ptr<Client> client_;
};

}  // namespace aka::cli

#endif  // AKA_CLIENT_CLI_AKAD_TEST_FIXTURE_H_
