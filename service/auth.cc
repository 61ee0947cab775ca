// Bearer tokens with roles and the per-method access table; see auth.h.
#include "service/auth.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace aka::service {
namespace {

// Methods that need no token: load balancers and orchestrators probe health without credentials, and
// reflection describes only the public contract.
constexpr absl::string_view kOpenServicePrefixes[] = {
    "/grpc.health.v1.Health/",
    "/grpc.reflection.v1alpha.ServerReflection/",
    "/grpc.reflection.v1.ServerReflection/",
};

// Every aka.v1 RPC and the least role that may call it. Anything missing is refused to everyone.
const absl::flat_hash_map<absl::string_view, Role>& MethodRoles() {
  static const auto* const table = new absl::flat_hash_map<absl::string_view, Role>{
      {"/aka.v1.Resolver/Resolve", Role::kReader},
      {"/aka.v1.Resolver/ResolveStream", Role::kReader},
      {"/aka.v1.Registry/GetEntity", Role::kReader},
      {"/aka.v1.Registry/ListEntities", Role::kReader},
      {"/aka.v1.Registry/Watch", Role::kReader},
      {"/aka.v1.Registry/WatchChanges", Role::kReader},
      {"/aka.v1.Registry/GetHistory", Role::kReader},
      {"/aka.v1.Registry/UpsertEntity", Role::kCurator},
      {"/aka.v1.Registry/DeleteEntity", Role::kCurator},
      {"/aka.v1.Registry/AddAlias", Role::kCurator},
      {"/aka.v1.Registry/RemoveAlias", Role::kCurator},
      {"/aka.v1.Registry/Import", Role::kCurator},
      {"/aka.v1.Registry/MergeEntities", Role::kCurator},
      {"/aka.v1.Registry/SplitEntity", Role::kCurator},
      {"/aka.v1.Registry/Undo", Role::kCurator},
      {"/aka.v1.Registry/AddNegative", Role::kCurator},
      {"/aka.v1.Registry/RemoveNegative", Role::kCurator},
      {"/aka.v1.Admin/Backup", Role::kAdmin},
      {"/aka.v1.Admin/ListBackups", Role::kAdmin},
      {"/aka.v1.Admin/Restore", Role::kAdmin},
      // Read-only, but a full pass over the index: curators check their work after a crash or a big import.
      {"/aka.v1.Admin/Verify", Role::kCurator},
  };
  return *table;
}

std::array<uint8_t, 32> Digest(absl::string_view text) {
  std::array<uint8_t, 32> digest;
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
  return digest;
}

std::optional<Role> ParseRole(absl::string_view name) {
  if (name == "reader") return Role::kReader;
  if (name == "curator") return Role::kCurator;
  if (name == "admin") return Role::kAdmin;
  return std::nullopt;
}

}  // namespace

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kReader:
      return "reader";
    case Role::kCurator:
      return "curator";
    case Role::kAdmin:
      return "admin";
  }
  return "unknown";
}

MethodAccess RequiredAccess(absl::string_view method_path) {
  for (absl::string_view prefix : kOpenServicePrefixes) {
    if (absl::StartsWith(method_path, prefix)) return {MethodAccess::Kind::kOpen, Role::kReader};
  }
  const auto& roles = MethodRoles();
  auto it = roles.find(method_path);
  if (it == roles.end()) return {MethodAccess::Kind::kDenied, Role::kAdmin};
  return {MethodAccess::Kind::kRole, it->second};
}

absl::StatusOr<std::unique_ptr<TokenTable>> TokenTable::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("tokens file ", path, ": cannot be read"));
  std::ostringstream contents;
  contents << in.rdbuf();
  return Parse(contents.str(), path);
}

absl::StatusOr<std::unique_ptr<TokenTable>> TokenTable::Parse(absl::string_view contents, absl::string_view source) {
  std::unique_ptr<TokenTable> table(new TokenTable());
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(contents, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line.front() == '#') continue;
    std::vector<absl::string_view> fields = absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    // Errors name the line, never its token: the message may end up in a log.
    const std::string where = absl::StrCat(source, ":", line_number, ": ");
    if (fields.size() < 2 || fields.size() > 3) {
      return absl::InvalidArgumentError(absl::StrCat(where, "expected \"TOKEN ROLE [NAME]\""));
    }
    std::optional<Role> role = ParseRole(fields[1]);
    if (!role.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, "unknown role \"", fields[1], "\" (reader, curator or admin)"));
    }
    if (fields[0].size() < kMinTokenBytes) {
      return absl::InvalidArgumentError(absl::StrCat(where, "token is shorter than ", kMinTokenBytes, " characters"));
    }
    Entry entry{Digest(fields[0]),
                Identity{*role, fields.size() == 3 ? std::string(fields[2]) : absl::StrCat("token-", line_number)}};
    for (const Entry& existing : table->entries_) {
      if (existing.digest == entry.digest) {
        return absl::InvalidArgumentError(absl::StrCat(where, "token repeats an earlier line's"));
      }
    }
    table->entries_.push_back(std::move(entry));
  }
  if (table->entries_.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(source, ": holds no token"));
  }
  return table;
}

std::optional<TokenTable::Identity> TokenTable::Find(absl::string_view token) const {
  // Hashing first gives every comparison the same length; visiting every entry without an early exit keeps
  // the time independent of which entry matches.
  const std::array<uint8_t, 32> digest = Digest(token);
  const Entry* found = nullptr;
  for (const Entry& entry : entries_) {
    const bool equal = CRYPTO_memcmp(entry.digest.data(), digest.data(), digest.size()) == 0;
    if (equal) found = &entry;
  }
  if (found == nullptr) return std::nullopt;
  return found->identity;
}

absl::string_view BearerToken(absl::string_view authorization) {
  constexpr absl::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size() ||
      !absl::EqualsIgnoreCase(authorization.substr(0, kScheme.size()), kScheme)) {
    return {};
  }
  return absl::StripAsciiWhitespace(authorization.substr(kScheme.size()));
}

grpc::Status TokenAuthProcessor::Authorize(absl::string_view method_path, absl::string_view authorization,
                                           TokenTable::Identity* identity) const {
  const MethodAccess access = RequiredAccess(method_path);
  if (access.kind == MethodAccess::Kind::kOpen) return grpc::Status::OK;
  const absl::string_view token = BearerToken(authorization);
  if (token.empty()) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "missing credentials: send metadata \"authorization: Bearer <token>\"");
  }
  std::optional<TokenTable::Identity> found = tokens_->Find(token);
  if (!found.has_value()) return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "unknown token");
  *identity = *found;
  if (access.kind == MethodAccess::Kind::kDenied) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED, absl::StrCat(method_path, " is not open to any role"));
  }
  if (found->role < access.role) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        absl::StrCat(method_path, " needs role ", RoleName(access.role), "; ", found->name, " is ",
                                     RoleName(found->role)));
  }
  return grpc::Status::OK;
}

grpc::Status TokenAuthProcessor::Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                                         OutputMetadata* consumed_auth_metadata, OutputMetadata* response_metadata) {
  absl::string_view method_path;
  absl::string_view authorization;
  if (auto it = auth_metadata.find(":path"); it != auth_metadata.end()) {
    method_path = absl::string_view(it->second.data(), it->second.size());
  }
  if (auto it = auth_metadata.find("authorization"); it != auth_metadata.end()) {
    authorization = absl::string_view(it->second.data(), it->second.size());
  }
  TokenTable::Identity identity{Role::kReader, ""};
  grpc::Status status = Authorize(method_path, authorization, &identity);
  if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
    rejections_->unauthenticated.fetch_add(1, std::memory_order_relaxed);
  } else if (status.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
    rejections_->permission_denied.fetch_add(1, std::memory_order_relaxed);
  }
  // The token stays in the call's metadata: write handlers look its NAME up again (caller_identity.h) to
  // record who made a change, because the AuthContext belongs to the connection, not the call. Nothing
  // logs or echoes metadata.
  return status;
}

}  // namespace aka::service
