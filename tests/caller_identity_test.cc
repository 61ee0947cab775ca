// The caller's identity becomes the author of every write (issue 5, "who"): with bearer tokens the token's
// NAME from the tokens file, with mutual TLS and no tokens the client certificate's name; in both cases it
// replaces the asserted_by a request claims for the aliases it adds. Over real TLS against an in-process akad;
// the certificates are made by the test with the openssl CLI.
#include <grpcpp/grpcpp.h>
#include <stdlib.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "aka/v1/registry.grpc.pb.h"
#include "gtest/gtest.h"
#include "service/server.h"
#include "tests/scoped_test_dir.h"

namespace aka {
namespace {

constexpr char kCuratorToken[] = "curator-token-identity-test-01";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class CallerIdentityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // CA, a server certificate for 127.0.0.1, and a client certificate whose CN is the curator's name.
    const std::string commands = absl::StrCat(
        "cd '", dir_, "' && ",
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=identity-ca -keyout ca.key -out ca.pem && ",
        "echo subjectAltName=IP:127.0.0.1 > ip.ext && ",
        "openssl req -newkey rsa:2048 -nodes -subj /CN=akad -keyout server.key -out server.csr && ",
        "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 -extfile ip.ext "
        "-out server.pem && ",
        "openssl req -newkey rsa:2048 -nodes -subj /CN=carol-workstation -keyout client.key -out client.csr && ",
        "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 -out client.pem");
    ASSERT_EQ(std::system(absl::StrCat("(", commands, ") >/dev/null 2>&1").c_str()), 0) << "openssl failed";
    std::ofstream(dir_ + "/tokens") << kCuratorToken << " curator alice\n";
  }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now());
  }

  void Start(bool tokens, bool client_certificates) {
    service::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.db_path = dir_ + "/db";
    options.load_default_data = false;
    options.access_log = false;
    options.security.tls_cert_file = dir_ + "/server.pem";
    options.security.tls_key_file = dir_ + "/server.key";
    if (tokens) options.security.tokens_file = dir_ + "/tokens";
    if (client_certificates) options.security.tls_client_ca_file = dir_ + "/ca.pem";
    auto server = service::AkaServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = Slurp(dir_ + "/ca.pem");
    if (client_certificates) {
      ssl.pem_private_key = Slurp(dir_ + "/client.key");
      ssl.pem_cert_chain = Slurp(dir_ + "/client.pem");
    }
    registry_ = v1::Registry::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()), grpc::SslCredentials(ssl)));
  }

  void Prepare(grpc::ClientContext* context) const {
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (send_token_) context->AddMetadata("authorization", absl::StrCat("Bearer ", kCuratorToken));
  }

  // Creates an entity whose alias claims to be asserted by "mallory", adds another such alias, removes the
  // first, and returns the entity's history.
  v1::GetHistoryResponse WriteAsSomeoneElse(v1::Entity* stored) {
    v1::UpsertEntityRequest upsert;
    upsert.mutable_entity()->set_type("threat_actor");
    upsert.mutable_entity()->set_canonical_name("Turla");
    v1::Alias* claimed = upsert.mutable_entity()->add_aliases();
    claimed->set_name("Snake");
    claimed->set_asserted_by("mallory");
    v1::UpsertEntityResponse created;
    {
      grpc::ClientContext context;
      Prepare(&context);
      const grpc::Status status = registry_->UpsertEntity(&context, upsert, &created);
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    v1::AddAliasRequest add;
    add.set_entity_id(created.entity().id());
    add.mutable_alias()->set_name("Uroburos");
    add.mutable_alias()->set_asserted_by("mallory");
    v1::AddAliasResponse added;
    {
      grpc::ClientContext context;
      Prepare(&context);
      const grpc::Status status = registry_->AddAlias(&context, add, &added);
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    *stored = added.entity();
    v1::GetHistoryRequest request;
    request.set_entity_id(created.entity().id());
    v1::GetHistoryResponse history;
    grpc::ClientContext context;
    Prepare(&context);
    const grpc::Status status = registry_->GetHistory(&context, request, &history);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return history;
  }

  void ExpectWrittenBy(const std::string& who) {
    v1::Entity stored;
    const v1::GetHistoryResponse history = WriteAsSomeoneElse(&stored);
    ASSERT_EQ(stored.aliases_size(), 2);
    EXPECT_EQ(stored.aliases(0).asserted_by(), who);
    EXPECT_EQ(stored.aliases(1).asserted_by(), who);
    ASSERT_EQ(history.changes_size(), 2);
    EXPECT_EQ(history.changes(0).who(), who);
    EXPECT_EQ(history.changes(1).who(), who);
  }

  testing::ScopedTestDir test_dir_{"caller_identity_test"};
  const std::string& dir_ = test_dir_.path();
  bool send_token_ = true;
  std::unique_ptr<service::AkaServer> server_;
  std::unique_ptr<v1::Registry::Stub> registry_;
};

TEST_F(CallerIdentityTest, BearerTokenNameIsTheAuthor) {
  Start(/*tokens=*/true, /*client_certificates=*/false);
  ExpectWrittenBy("alice");
}

TEST_F(CallerIdentityTest, TokenNameWinsOverClientCertificate) {
  Start(/*tokens=*/true, /*client_certificates=*/true);
  ExpectWrittenBy("alice");
}

TEST_F(CallerIdentityTest, ClientCertificateNameIsTheAuthorWithoutTokens) {
  send_token_ = false;
  Start(/*tokens=*/false, /*client_certificates=*/true);
  ExpectWrittenBy("carol-workstation");
}

TEST_F(CallerIdentityTest, WithoutAuthenticationTheRequestSays) {
  send_token_ = false;
  Start(/*tokens=*/false, /*client_certificates=*/false);
  v1::Entity stored;
  const v1::GetHistoryResponse history = WriteAsSomeoneElse(&stored);
  ASSERT_EQ(stored.aliases_size(), 2);
  EXPECT_EQ(stored.aliases(0).asserted_by(), "mallory");
  ASSERT_EQ(history.changes_size(), 2);
  EXPECT_EQ(history.changes(0).who(), "");
  EXPECT_EQ(history.changes(1).who(), "mallory");
}

}  // namespace
}  // namespace aka
