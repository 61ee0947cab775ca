// Identity and authorization for akad: bearer tokens with roles, read from a tokens file, checked for every
// call in one place (TokenAuthProcessor, a gRPC AuthMetadataProcessor that runs before any handler) against
// one table that maps each RPC to the least role allowed to call it (RequiredRole). A new RPC that is not in
// the table is refused to everyone, so forgetting to classify it fails closed (auth_test checks that every
// RPC of the aka.v1 services is classified).
//
// Roles: reader (Resolve, ResolveStream, GetEntity, ListEntities, Watch), curator (+ every registry write),
// admin (+ administrative RPCs). grpc.health.v1 and server reflection need no token.
// Status codes: no token, a malformed header or an unknown token -> UNAUTHENTICATED; a token whose role is
// below the method's -> PERMISSION_DENIED. Tokens are compared in constant time and never logged or echoed.
#ifndef AKA_SERVICE_AUTH_H_
#define AKA_SERVICE_AUTH_H_

#include <grpcpp/security/auth_metadata_processor.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace aka::service {

// Ordered: each role may do everything the roles below it may. Compared with <, never persisted.
enum class Role { kReader = 0, kCurator = 1, kAdmin = 2 };

// "reader" / "curator" / "admin".
absl::string_view RoleName(Role role);

// What a method needs: no token at all, a role, or nothing can call it (unclassified aka.v1 methods).
struct MethodAccess {
  enum class Kind { kOpen, kRole, kDenied };
  Kind kind = Kind::kDenied;
  Role role = Role::kAdmin;  // meaningful for kRole only
};

// The access rule for a full method path as gRPC sees it, e.g. "/aka.v1.Resolver/Resolve". Thread-safe.
MethodAccess RequiredAccess(absl::string_view method_path);

// The tokens file: one token a line, "TOKEN ROLE [NAME]", fields separated by spaces or tabs; blank lines and
// lines starting with '#' are ignored. NAME (default "token-<line>") identifies the caller in logs; the token
// itself never appears anywhere. Immutable after Load; thread-safe.
class TokenTable {
 public:
  struct Identity {
    Role role;
    std::string name;
  };

  // Reads and checks the file. Errors: NOT_FOUND if it cannot be read; INVALID_ARGUMENT with "path:line" for a
  // line without token and role, an unknown role, a token shorter than kMinTokenBytes (guessable), a repeated
  // token, or a file with no token at all (which would lock everyone out, almost certainly a mistake).
  static absl::StatusOr<std::unique_ptr<TokenTable>> Load(const std::string& path);
  // The same from file contents; `source` names it in errors.
  static absl::StatusOr<std::unique_ptr<TokenTable>> Parse(absl::string_view contents, absl::string_view source);

  static constexpr size_t kMinTokenBytes = 16;

  // The identity holding `token`, if any. Runs in time independent of which token (if any) matches and
  // of where a wrong token first differs: every entry is compared, as a SHA-256 digest, with CRYPTO_memcmp.
  std::optional<Identity> Find(absl::string_view token) const;

  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::array<uint8_t, 32> digest;
    Identity identity;
  };
  TokenTable() = default;
  std::vector<Entry> entries_;
};

// Extracts the token from an "authorization" metadata value "Bearer <token>" (scheme case-insensitive, one
// or more spaces). Empty when the value is not a bearer credential.
absl::string_view BearerToken(absl::string_view authorization);

// Counts of refused calls, for metrics. Relaxed atomics: monotonic counters read by a scraper.
struct AuthRejections {
  std::atomic<int64_t> unauthenticated{0};
  std::atomic<int64_t> permission_denied{0};
};

// Checks every call against `tokens` and RequiredAccess before gRPC hands it to a handler. Attach it to the
// server credentials (TLS): gRPC runs processors only on secure connections, which is why akad requires TLS
// whenever tokens are configured. Nothing is added to the AuthContext: it belongs to the connection, so
// per-call properties would pile up for as long as a client keeps its channel. Both pointers must outlive the
// processor. Thread-safe.
class TokenAuthProcessor : public grpc::AuthMetadataProcessor {
 public:
  TokenAuthProcessor(const TokenTable* tokens, AuthRejections* rejections) : tokens_(tokens), rejections_(rejections) {}

  // A table lookup and a few hashes: cheap enough to run on gRPC's own thread.
  bool IsBlocking() const override { return false; }

  grpc::Status Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                       OutputMetadata* consumed_auth_metadata, OutputMetadata* response_metadata) override;

  // The decision alone, for tests and for Process: OK, UNAUTHENTICATED or PERMISSION_DENIED.
  grpc::Status Authorize(absl::string_view method_path, absl::string_view authorization,
                         TokenTable::Identity* identity) const;

 private:
  const TokenTable* tokens_;
  AuthRejections* rejections_;
};

}  // namespace aka::service

#endif  // AKA_SERVICE_AUTH_H_
