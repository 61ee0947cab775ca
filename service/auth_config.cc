// From security flags to gRPC server credentials; see auth_config.h.
#include "service/auth_config.h"

#include <grpcpp/security/server_credentials.h>

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace aka::service {
namespace {

absl::StatusOr<std::string> ReadPem(const std::string& path, absl::string_view flag) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(flag, ": cannot read ", path));
  std::ostringstream contents;
  contents << in.rdbuf();
  if (contents.str().find("-----BEGIN ") == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(flag, ": ", path, " is not a PEM file"));
  }
  return contents.str();
}

}  // namespace

bool IsLoopbackListen(absl::string_view listen) {
  if (absl::StartsWith(listen, "unix:") || absl::StartsWith(listen, "unix-abstract:")) return true;
  absl::string_view host = listen;
  const size_t colon = host.rfind(':');
  if (colon != absl::string_view::npos) host = host.substr(0, colon);
  if (absl::ConsumePrefix(&host, "[")) {
    if (!absl::ConsumeSuffix(&host, "]")) return false;
    return host == "::1";
  }
  return host == "localhost" || absl::StartsWith(host, "127.");
}

absl::StatusOr<std::unique_ptr<ServerSecurity>> BuildServerSecurity(const SecurityOptions& options,
                                                                    absl::string_view listen) {
  const bool tls = !options.tls_cert_file.empty() || !options.tls_key_file.empty();
  if (tls && (options.tls_cert_file.empty() || options.tls_key_file.empty())) {
    return absl::InvalidArgumentError("--tls_cert and --tls_key go together; one of them is missing");
  }
  if (!options.tls_client_ca_file.empty() && !tls) {
    return absl::InvalidArgumentError("--tls_client_ca needs --tls_cert and --tls_key");
  }
  if (!options.tokens_file.empty() && !tls) {
    return absl::InvalidArgumentError(
        "--tokens_file needs --tls_cert and --tls_key: bearer tokens must not travel in plaintext");
  }
  if (!IsLoopbackListen(listen) && !(tls && !options.tokens_file.empty()) && !options.insecure_listen) {
    return absl::InvalidArgumentError(
        absl::StrCat("refusing to listen on ", listen,
                     " without TLS and tokens: anyone who can reach it could read and "
                     "change the registry. Configure --tls_cert, --tls_key and --tokens_file, listen on 127.0.0.1, or "
                     "pass --insecure_listen to accept the risk"));
  }

  auto security = std::make_unique<ServerSecurity>();
  if (!tls) {
    security->credentials = grpc::InsecureServerCredentials();
    return security;
  }
  grpc::SslServerCredentialsOptions ssl;
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  auto cert = ReadPem(options.tls_cert_file, "--tls_cert");
  if (!cert.ok()) return cert.status();
  auto key = ReadPem(options.tls_key_file, "--tls_key");
  if (!key.ok()) return key.status();
  pair.cert_chain = std::move(*cert);
  pair.private_key = std::move(*key);
  ssl.pem_key_cert_pairs.push_back(std::move(pair));
  if (!options.tls_client_ca_file.empty()) {
    auto ca = ReadPem(options.tls_client_ca_file, "--tls_client_ca");
    if (!ca.ok()) return ca.status();
    ssl.pem_root_certs = std::move(*ca);
    ssl.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  security->credentials = grpc::SslServerCredentials(ssl);
  if (!options.tokens_file.empty()) {
    auto tokens = TokenTable::Load(options.tokens_file);
    if (!tokens.ok()) return tokens.status();
    security->tokens = std::move(*tokens);
    security->credentials->SetAuthMetadataProcessor(
        std::make_shared<TokenAuthProcessor>(security->tokens.get(), &security->rejections));
  }
  return security;
}

}  // namespace aka::service
