// aka.v1.Registry over gRPC's callback API: the write path. Each unary handler validates its request fields
// (INVALID_ARGUMENT naming the field), calls the Store, and converts the status; Import runs in
// import_reactor.h. All methods are raw callback methods (bytes in, bytes out; see proto_wire.h) so that a
// request with a string that is not valid UTF-8 gets INVALID_ARGUMENT instead of gRPC's bare UNIMPLEMENTED,
// and one such entity in an Import is rejected instead of silently ending the stream.
#ifndef AKA_SERVICE_REGISTRY_SERVICE_H_
#define AKA_SERVICE_REGISTRY_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "aka/v1/registry.grpc.pb.h"
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

// The callback service with every method taking raw bytes.
using RawRegistryCallbackService = aka::v1::Registry::WithRawCallbackMethod_GetEntity<
    aka::v1::Registry::WithRawCallbackMethod_ListEntities<aka::v1::Registry::WithRawCallbackMethod_UpsertEntity<
        aka::v1::Registry::WithRawCallbackMethod_DeleteEntity<aka::v1::Registry::WithRawCallbackMethod_AddAlias<
            aka::v1::Registry::WithRawCallbackMethod_RemoveAlias<
                aka::v1::Registry::WithRawCallbackMethod_Import<aka::v1::Registry::Service>>>>>>>;

// Thread-safe: gRPC calls the handlers concurrently; the Store serializes writes itself.
class RegistryService final : public RawRegistryCallbackService {
 public:
  // `store` is not owned and must outlive the gRPC server this service is registered with.
  explicit RegistryService(storage::Store* store) : store_(store) {}

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

 private:
  absl::Status DoGetEntity(const aka::v1::GetEntityRequest& request, aka::v1::GetEntityResponse* response);
  absl::Status DoListEntities(const aka::v1::ListEntitiesRequest& request,
                              aka::v1::ListEntitiesResponse* response);
  absl::Status DoUpsertEntity(const aka::v1::UpsertEntityRequest& request,
                              aka::v1::UpsertEntityResponse* response);
  absl::Status DoDeleteEntity(const aka::v1::DeleteEntityRequest& request,
                              aka::v1::DeleteEntityResponse* response);
  absl::Status DoAddAlias(const aka::v1::AddAliasRequest& request, aka::v1::AddAliasResponse* response);
  absl::Status DoRemoveAlias(const aka::v1::RemoveAliasRequest& request, aka::v1::RemoveAliasResponse* response);

  storage::Store* store_;
};

}  // namespace aka::service

#endif  // AKA_SERVICE_REGISTRY_SERVICE_H_
