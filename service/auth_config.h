// How akad is secured, from flags to gRPC server credentials: TLS from PEM files (optionally requiring client
// certificates signed by a CA: mutual TLS), bearer tokens checked by TokenAuthProcessor (auth.h), and the
// rule that an unsecured akad listens on loopback only unless the operator says --insecure_listen.
#ifndef AKA_SERVICE_AUTH_CONFIG_H_
#define AKA_SERVICE_AUTH_CONFIG_H_

#include <grpcpp/security/server_credentials.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "service/auth.h"

namespace aka::service {

struct SecurityOptions {
  // PEM certificate chain and private key of the server. Both or neither. Default: empty (plaintext).
  std::string tls_cert_file;
  std::string tls_key_file;
  // PEM CA bundle: when set, every client must present a certificate that it signed (mutual TLS).
  // Requires tls_cert_file. Default: empty (no client certificates asked for).
  std::string tls_client_ca_file;
  // Tokens file (TokenTable). Requires TLS: a bearer token sent in plaintext is a token given away.
  // Default: empty (every RPC open to whoever can connect).
  std::string tokens_file;
  // Listen on a non-loopback address without TLS and tokens. Default: false (refused at start).
  bool insecure_listen = false;
};

// What the server needs at build time; owns the token table the processor reads.
struct ServerSecurity {
  std::shared_ptr<grpc::ServerCredentials> credentials;
  std::unique_ptr<TokenTable> tokens;  // null without tokens_file
  AuthRejections rejections;
};

// True for "127.0.0.1:P" (any 127/8), "localhost:P", "[::1]:P" and "unix:..." addresses: reachable from this
// machine only. Everything else ("0.0.0.0:P", "[::]:P", a host name, an external IP) is not.
bool IsLoopbackListen(absl::string_view listen);

// Reads the files and builds the credentials. INVALID_ARGUMENT for inconsistent options (key without
// certificate, client CA or tokens without TLS, an unsecured non-loopback address without insecure_listen)
// with a message saying which flag to add; NOT_FOUND for unreadable files; the token file's own errors.
absl::StatusOr<std::unique_ptr<ServerSecurity>> BuildServerSecurity(const SecurityOptions& options,
                                                                    absl::string_view listen);

}  // namespace aka::service

#endif  // AKA_SERVICE_AUTH_CONFIG_H_
