#include "service/caller_identity.h"

#include <memory>
#include <optional>

#include "absl/strings/string_view.h"

namespace aka::service {
namespace {

std::string CertificateIdentity(const grpc::ServerContextBase& context) {
  const std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth == nullptr || !auth->IsPeerAuthenticated()) return "";
  std::string who;
  for (const grpc::string_ref& name : auth->GetPeerIdentity()) {
    if (!who.empty()) who += ",";
    who.append(name.data(), name.size());
  }
  return who;
}

}  // namespace

std::string CallerIdentity(const grpc::ServerContextBase& context, const TokenTable* tokens) {
  if (tokens != nullptr) {
    const auto& metadata = context.client_metadata();
    const auto found = metadata.find("authorization");
    if (found != metadata.end()) {
      const absl::string_view token = BearerToken(absl::string_view(found->second.data(), found->second.size()));
      if (!token.empty()) {
        if (std::optional<TokenTable::Identity> identity = tokens->Find(token)) return identity->name;
      }
    }
  }
  return CertificateIdentity(context);
}

}  // namespace aka::service
