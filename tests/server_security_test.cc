// akad's security and hostile-input limits over real gRPC: TLS with certificates made by the test itself
// (openssl CLI; nothing secret is committed), bearer tokens with roles (UNAUTHENTICATED without or with an
// unknown token, PERMISSION_DENIED for a reader's write), mutual TLS, the loopback-only rule for an unsecured
// server, and oversized input (a 100 MB message, a 1M-character name) refused with the right code while the
// server goes on serving.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "aka/v1/registry.grpc.pb.h"
#include "aka/v1/resolver.grpc.pb.h"
#include "client/client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/server.h"
#include "tests/health_probe.h"

namespace aka {
namespace {

using ::testing::HasSubstr;

constexpr char kReaderToken[] = "reader-token-for-tests-0001";
constexpr char kCuratorToken[] = "curator-token-for-tests-0002";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A CA, a server certificate for 127.0.0.1/localhost and a client certificate, made once per test binary.
class Certificates {
 public:
  static const Certificates& Get() {
    static const Certificates* const certificates = new Certificates();
    return *certificates;
  }
  std::string dir;
  bool ok = false;

 private:
  Certificates() {
    std::string pattern = ::testing::TempDir() + "/aka_certs_XXXXXX";
    dir = mkdtemp(pattern.data());
    const std::string script = absl::StrCat(
        "set -e; cd '", dir, "';",
        "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=aka-test-ca -keyout ca.key -out ca.pem;",
        "printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n' > san.ext;",
        "openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout server.key -out server.csr;",
        "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile san.ext "
        "-out server.pem;",
        "openssl req -newkey rsa:2048 -nodes -subj /CN=aka-test-client -keyout client.key -out client.csr;",
        "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -out client.pem",
        " >/dev/null 2>&1");
    ok = std::system(absl::StrCat("bash -c \"", script, "\" >/dev/null 2>&1").c_str()) == 0;
  }
};

class ServerSecurityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Certificates::Get().ok) << "openssl could not make test certificates";
    std::string pattern = ::testing::TempDir() + "/server_security_test_XXXXXX";
    dir_ = mkdtemp(pattern.data());
    std::ofstream(dir_ + "/tokens") << "# test tokens\n"
                                    << kReaderToken << " reader analyst\n"
                                    << kCuratorToken << " curator\n";
  }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now());
    std::filesystem::remove_all(dir_);
  }

  service::ServerOptions Options() const {
    const std::string& certs = Certificates::Get().dir;
    service::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.db_path = dir_ + "/db";
    options.load_default_data = false;
    options.security.tls_cert_file = certs + "/server.pem";
    options.security.tls_key_file = certs + "/server.key";
    options.security.tokens_file = dir_ + "/tokens";
    return options;
  }

  void Start(const service::ServerOptions& options) {
    auto server = service::AkaServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
  }

  std::shared_ptr<grpc::Channel> TlsChannel(bool with_client_cert = false) const {
    const std::string& certs = Certificates::Get().dir;
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ReadFile(certs + "/ca.pem");
    if (with_client_cert) {
      ssl.pem_private_key = ReadFile(certs + "/client.key");
      ssl.pem_cert_chain = ReadFile(certs + "/client.pem");
    }
    // An IP target, checked against the certificate's IP SAN: resolving "localhost" goes through c-ares,
    // whose resolver leaks a few bytes per lookup (LeakSanitizer reports it under the ASan CI stage).
    return grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()), grpc::SslCredentials(ssl));
  }

  static void Prepare(grpc::ClientContext* context, const std::string& token) {
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
  }

  static grpc::Status Resolve(const std::shared_ptr<grpc::Channel>& channel, const std::string& token,
                              const std::string& name = "APT 31") {
    grpc::ClientContext context;
    Prepare(&context, token);
    v1::ResolveRequest request;
    request.set_name(name);
    v1::ResolveResponse response;
    return v1::Resolver::NewStub(channel)->Resolve(&context, request, &response);
  }

  static grpc::Status Upsert(const std::shared_ptr<grpc::Channel>& channel, const std::string& token) {
    grpc::ClientContext context;
    Prepare(&context, token);
    v1::UpsertEntityRequest request;
    request.mutable_entity()->set_type("threat_actor");
    request.mutable_entity()->set_canonical_name("APT31");
    v1::UpsertEntityResponse response;
    return v1::Registry::NewStub(channel)->UpsertEntity(&context, request, &response);
  }

  std::string dir_;
  std::unique_ptr<service::AkaServer> server_;
};

TEST_F(ServerSecurityTest, TokensAndRolesDecideOverTls) {
  Start(Options());
  auto channel = TlsChannel();
  EXPECT_EQ(Upsert(channel, "").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Upsert(channel, "not-a-token-anyone-was-given").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  const grpc::Status reader_write = Upsert(channel, kReaderToken);
  EXPECT_EQ(reader_write.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(reader_write.error_message(), HasSubstr("needs role curator"));
  EXPECT_TRUE(Upsert(channel, kCuratorToken).ok());
  EXPECT_TRUE(Resolve(channel, kReaderToken).ok());
  EXPECT_TRUE(Resolve(channel, kCuratorToken).ok());  // roles include the ones below
  EXPECT_EQ(Resolve(channel, "").error_code(), grpc::StatusCode::UNAUTHENTICATED);

  // Streams are checked before the handler too.
  grpc::ClientContext context;
  Prepare(&context, "");
  auto stream = v1::Resolver::NewStub(channel)->ResolveStream(&context);
  stream->WritesDone();
  v1::ResolveResponse ignored;
  while (stream->Read(&ignored)) {
  }
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);

  // Health stays open to probes without credentials.
  testing::ServingStatus serving = testing::ServingStatus::kUnknown;
  ASSERT_TRUE(testing::CheckHealth(channel, "", std::chrono::seconds(10), &serving).ok());
  EXPECT_EQ(serving, testing::ServingStatus::kServing);
}

TEST_F(ServerSecurityTest, PlaintextClientCannotTalkToATlsServer) {
  Start(Options());
  auto plaintext = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()), grpc::InsecureChannelCredentials());
  EXPECT_EQ(Resolve(plaintext, kReaderToken).error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(ServerSecurityTest, MutualTlsRequiresAClientCertificate) {
  service::ServerOptions options = Options();
  options.security.tls_client_ca_file = Certificates::Get().dir + "/ca.pem";
  Start(options);
  EXPECT_EQ(Resolve(TlsChannel(/*with_client_cert=*/false), kReaderToken).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_TRUE(Resolve(TlsChannel(/*with_client_cert=*/true), kReaderToken).ok());
}

TEST_F(ServerSecurityTest, UnsecuredServerListensOnLoopbackOnlyUnlessTold) {
  service::ServerOptions options = Options();
  options.security = {};
  options.listen = "0.0.0.0:0";
  auto refused = service::AkaServer::Start(options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(), HasSubstr("--insecure_listen"));

  options.security.insecure_listen = true;
  Start(options);
  EXPECT_TRUE(
      Resolve(grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()), grpc::InsecureChannelCredentials()), "")
          .ok());
}

TEST_F(ServerSecurityTest, InconsistentSecurityOptionsAreRefusedAtStart) {
  service::ServerOptions tokens_without_tls = Options();
  tokens_without_tls.security.tls_cert_file.clear();
  tokens_without_tls.security.tls_key_file.clear();
  auto refused = service::AkaServer::Start(tokens_without_tls);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.status().message(), HasSubstr("must not travel in plaintext"));

  service::ServerOptions key_missing = Options();
  key_missing.security.tls_key_file.clear();
  EXPECT_EQ(service::AkaServer::Start(key_missing).status().code(), absl::StatusCode::kInvalidArgument);

  service::ServerOptions bad_tokens = Options();
  std::ofstream(dir_ + "/bad_tokens") << "short reader\n";
  bad_tokens.security.tokens_file = dir_ + "/bad_tokens";
  EXPECT_EQ(service::AkaServer::Start(bad_tokens).status().code(), absl::StatusCode::kInvalidArgument);
}

// Hostile sizes: refused with the right code, and the server answers the next call.
TEST_F(ServerSecurityTest, HugeMessageAndHugeNameAreRefusedAndServingGoesOn) {
  service::ServerOptions options = Options();
  options.security = {};
  Start(options);
  grpc::ChannelArguments args;
  args.SetMaxSendMessageSize(-1);
  auto channel =
      grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", server_->port()), grpc::InsecureChannelCredentials(), args);
  EXPECT_EQ(Resolve(channel, "", std::string(100 << 20, 'a')).error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  const grpc::Status huge_name = Resolve(channel, "", std::string(1'000'000, 'x'));
  EXPECT_EQ(huge_name.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(huge_name.error_message(), HasSubstr("name"));
  EXPECT_TRUE(Resolve(channel, "").ok());
}

// The C++ client (and so the aka CLI) speaks TLS with a CA file and sends its token on every call.
TEST_F(ServerSecurityTest, ClientLibraryConnectsWithTlsAndToken) {
  Start(Options());
  ClientOptions options;
  options.target = absl::StrCat("127.0.0.1:", server_->port());
  options.tls_ca_file = Certificates::Get().dir + "/ca.pem";
  options.token = kReaderToken;
  auto reader = Client::Create(options);
  ASSERT_TRUE(reader.ok()) << reader.status();
  v1::ResolveRequest request;
  request.set_name("APT 31");
  EXPECT_TRUE((*reader)->Resolve(request).ok());
  v1::UpsertEntityRequest upsert;
  upsert.mutable_entity()->set_type("threat_actor");
  upsert.mutable_entity()->set_canonical_name("APT31");
  EXPECT_EQ((*reader)->UpsertEntity(upsert).status().code(), absl::StatusCode::kPermissionDenied);

  options.token.clear();
  auto anonymous = Client::Create(options);
  ASSERT_TRUE(anonymous.ok());
  EXPECT_EQ((*anonymous)->Resolve(request).status().code(), absl::StatusCode::kUnauthenticated);

  ClientOptions plaintext_with_token;
  plaintext_with_token.token = kReaderToken;
  EXPECT_EQ(Client::Create(plaintext_with_token).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace aka
