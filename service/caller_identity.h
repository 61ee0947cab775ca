// Who is calling, as writes record it: Change.who and the asserted_by of the aliases a write adds. When
// authentication is on, this identity replaces whatever the request says, so a curator cannot write in
// another's name (docs/CURATION.md, "Who").
#ifndef AKA_SERVICE_CALLER_IDENTITY_H_
#define AKA_SERVICE_CALLER_IDENTITY_H_

#include <grpcpp/grpcpp.h>

#include <string>

#include "service/auth.h"

namespace aka::service {

// The caller's identity: the NAME of its bearer token in the tokens file when `tokens` is set (the
// TokenAuthProcessor has already refused calls without a valid token); else, under mutual TLS, the client
// certificate's peer identity (its subject alternative names or common name, joined by ","); else empty
// (authentication off: nothing is known about the caller). `tokens` may be null; not owned. Thread-safe.
std::string CallerIdentity(const grpc::ServerContextBase& context, const TokenTable* tokens);

}  // namespace aka::service

#endif  // AKA_SERVICE_CALLER_IDENTITY_H_
