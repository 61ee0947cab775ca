// aka::Client: the thin C++ client library. One channel reused for every call; each call has a deadline;
// idempotent reads (Resolve, GetEntity, ListEntities, health) are retried by gRPC's own service-config retry
// policy on UNAVAILABLE. Every call returns a StatusOr; gRPC status codes map 1:1 to absl codes.
#ifndef AKA_CLIENT_CLIENT_H_
#define AKA_CLIENT_CLIENT_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "aka/v1/registry.pb.h"
#include "aka/v1/resolver.pb.h"

namespace aka {

struct ClientOptions {
  // gRPC target, e.g. "127.0.0.1:50051" or "dns:///aka.internal:50051". Default: 127.0.0.1:50051.
  std::string target = "127.0.0.1:50051";
  // Deadline for unary calls. Default: 5 s.
  std::chrono::milliseconds timeout{5000};
  // Deadline for Import and other long streams. Default: 10 min.
  std::chrono::milliseconds stream_timeout{600000};
  // Attempts (first try included) for idempotent reads on UNAVAILABLE. Default: 4.
  int max_read_attempts = 4;
};

// The status of a serving check.
enum class HealthState { kServing, kNotServing, kUnknown };

// Thread-safe: calls may run concurrently from any thread.
class Client {
 public:
  // Creates the channel (connects lazily). INVALID_ARGUMENT for an empty target.
  static absl::StatusOr<std::unique_ptr<Client>> Create(const ClientOptions& options);
  virtual ~Client() = default;

  virtual absl::StatusOr<v1::ResolveResponse> Resolve(const v1::ResolveRequest& request) = 0;
  virtual absl::StatusOr<v1::Entity> GetEntity(const std::string& id) = 0;
  virtual absl::StatusOr<v1::ListEntitiesResponse> ListEntities(const v1::ListEntitiesRequest& request) = 0;
  virtual absl::StatusOr<v1::UpsertEntityResponse> UpsertEntity(const v1::UpsertEntityRequest& request) = 0;
  virtual absl::Status DeleteEntity(const v1::DeleteEntityRequest& request) = 0;
  virtual absl::StatusOr<v1::Entity> AddAlias(const v1::AddAliasRequest& request) = 0;
  virtual absl::StatusOr<v1::Entity> RemoveAlias(const v1::RemoveAliasRequest& request) = 0;

  // Streams entities from `next` (which returns false when there are no more) into Import and returns the
  // server's summary. `next` is called from the calling thread only.
  virtual absl::StatusOr<v1::ImportResponse> Import(const std::function<bool(v1::Entity*)>& next) = 0;

  // grpc.health.v1 Check for `service` ("" = the whole server).
  virtual absl::StatusOr<HealthState> Health(const std::string& service = "") = 0;

 protected:
  Client() = default;
};

}  // namespace aka

#endif  // AKA_CLIENT_CLIENT_H_
