// aka.v1.Registry over gRPC's callback API: the write path. Each unary handler validates its request fields
// (INVALID_ARGUMENT naming the field), calls the Store, and converts the status; Import runs in
// import_reactor.h. All methods are raw callback methods (bytes in, bytes out; see proto_wire.h) so that a
// request with a string that is not valid UTF-8 gets INVALID_ARGUMENT instead of gRPC's bare UNIMPLEMENTED,
// and one such entity in an Import is rejected instead of silently ending the stream.
#ifndef AKA_SERVICE_REGISTRY_SERVICE_H_
#define AKA_SERVICE_REGISTRY_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "aka/v1/registry.grpc.pb.h"
#include "service/auth.h"
#include "service/caller_identity.h"
#include "service/registry_unary.h"
#include "service/worker_pool.h"
#include "storage/store.h"

namespace aka::service {

// Checks an entity as UpsertEntity and Import receive it, before the Store sees it: canonical name and every
// alias name valid by core::ValidateName (messages prefixed "<field_prefix>canonical_name: ",
// "<field_prefix>aliases[i].name: "). The Store checks the rest (type syntax, external-id conflicts).
absl::Status ValidateEntityForUpsert(const aka::v1::Entity& entity, absl::string_view field_prefix);

// True for Store errors that are about one entity (the caller can fix it: INVALID_ARGUMENT, NOT_FOUND for an
// id that names no entity, ALREADY_EXISTS for an external id another entity holds, FAILED_PRECONDITION for a
// version conflict): Import and the default-data load reject that entity and go on. Any other error (I/O,
// corruption) is about the server and stops them.
bool IsEntityRejection(const absl::Status& status);

// The curation methods taking raw bytes (handlers in curation_handlers.cc).
using RawCurationCallbackMethods = aka::v1::Registry::WithRawCallbackMethod_MergeEntities<
    aka::v1::Registry::WithRawCallbackMethod_SplitEntity<aka::v1::Registry::WithRawCallbackMethod_Undo<
        aka::v1::Registry::WithRawCallbackMethod_GetHistory<
            aka::v1::Registry::WithRawCallbackMethod_WatchChanges<
                aka::v1::Registry::WithRawCallbackMethod_AddNegative<
                    aka::v1::Registry::WithRawCallbackMethod_RemoveNegative<aka::v1::Registry::Service>>>>>>>;

// The callback service with every method taking raw bytes.
using RawRegistryCallbackService = aka::v1::Registry::WithRawCallbackMethod_GetEntity<
    aka::v1::Registry::WithRawCallbackMethod_ListEntities<aka::v1::Registry::WithRawCallbackMethod_UpsertEntity<
        aka::v1::Registry::WithRawCallbackMethod_DeleteEntity<aka::v1::Registry::WithRawCallbackMethod_AddAlias<
            aka::v1::Registry::WithRawCallbackMethod_RemoveAlias<
                aka::v1::Registry::WithRawCallbackMethod_Import<RawCurationCallbackMethods>>>>>>>;

// Thread-safe: gRPC calls the handlers concurrently; the Store serializes writes itself.
class RegistryService final : public RawRegistryCallbackService {
 public:
  // `store` is not owned and must outlive the gRPC server this service is registered with. The unary
  // handlers' store work runs on `workers` (not owned; null: on gRPC's callback threads), which must be
  // drained (WorkerPool::Shutdown) after the gRPC server has stopped and before the store closes.
  // `tokens` (not owned; null without a tokens file) names the caller of each write (caller_identity.h).
  explicit RegistryService(storage::Store* store, WorkerPool* workers = nullptr, const TokenTable* tokens = nullptr)
      : store_(store), workers_(workers), tokens_(tokens) {}

  // Each takes the serialized aka.v1.<Method>Request and fills the serialized aka.v1.<Method>Response.
  grpc::ServerUnaryReactor* GetEntity(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                      grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListEntities(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* UpsertEntity(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* DeleteEntity(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* AddAlias(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                     grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* RemoveAlias(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                        grpc::ByteBuffer* response) override;
  // A stream of serialized aka.v1.ImportRequest in, one serialized aka.v1.ImportResponse out.
  grpc::ServerReadReactor<grpc::ByteBuffer>* Import(grpc::CallbackServerContext* context,
                                                    grpc::ByteBuffer* response) override;

  // ---- curation (curation_handlers.cc) ----
  grpc::ServerUnaryReactor* MergeEntities(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                          grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* SplitEntity(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                        grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* Undo(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                 grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetHistory(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                       grpc::ByteBuffer* response) override;
  // One serialized aka.v1.WatchChangesRequest in, a stream of serialized aka.v1.WatchChangesResponse out
  // (watch_changes_reactor.h).
  grpc::ServerWriteReactor<grpc::ByteBuffer>* WatchChanges(grpc::CallbackServerContext* context,
                                                           const grpc::ByteBuffer* request) override;
  grpc::ServerUnaryReactor* AddNegative(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                        grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* RemoveNegative(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                           grpc::ByteBuffer* response) override;

 private:
  absl::Status DoGetEntity(const aka::v1::GetEntityRequest& request, aka::v1::GetEntityResponse* response);
  absl::Status DoListEntities(const aka::v1::ListEntitiesRequest& request,
                              aka::v1::ListEntitiesResponse* response);
  absl::Status DoUpsertEntity(const aka::v1::UpsertEntityRequest& request, const std::string& who,
                      aka::v1::UpsertEntityResponse* response);
  absl::Status DoDeleteEntity(const aka::v1::DeleteEntityRequest& request, const std::string& who,
                      aka::v1::DeleteEntityResponse* response);
  absl::Status DoAddAlias(const aka::v1::AddAliasRequest& request, const std::string& who,
                      aka::v1::AddAliasResponse* response);
  absl::Status DoRemoveAlias(const aka::v1::RemoveAliasRequest& request, const std::string& who,
                      aka::v1::RemoveAliasResponse* response);
  // `who` is the caller's authenticated identity, recorded in the change (empty when unauthenticated).
  absl::Status DoMergeEntities(const aka::v1::MergeEntitiesRequest& request, const std::string& who,
                               aka::v1::MergeEntitiesResponse* response);
  absl::Status DoSplitEntity(const aka::v1::SplitEntityRequest& request, const std::string& who,
                             aka::v1::SplitEntityResponse* response);
  absl::Status DoUndo(const aka::v1::UndoRequest& request, const std::string& who, aka::v1::UndoResponse* response);
  absl::Status DoGetHistory(const aka::v1::GetHistoryRequest& request, aka::v1::GetHistoryResponse* response);
  absl::Status DoAddNegative(const aka::v1::AddNegativeRequest& request, const std::string& who,
                             aka::v1::AddNegativeResponse* response);
  absl::Status DoRemoveNegative(const aka::v1::RemoveNegativeRequest& request, const std::string& who,
                                aka::v1::RemoveNegativeResponse* response);

  // ServeOnPool (registry_unary.h) on this service's pool; every unary handler calls it unqualified.
  template <typename Request, typename Response, typename Handler>
  grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                  grpc::ByteBuffer* response, Handler handle) {
    return ServeOnPool<Request, Response>(workers_, context, request, response, std::move(handle));
  }

  // The identity every write of this call records (service::CallerIdentity with this service's tokens).
  std::string CallerIdentity(const grpc::CallbackServerContext* context) const {
    return service::CallerIdentity(*context, tokens_);
  }

  storage::Store* store_;
  WorkerPool* workers_;
  const TokenTable* tokens_;
};

}  // namespace aka::service

#endif  // AKA_SERVICE_REGISTRY_SERVICE_H_
