// Every unary handler here runs its Store call on the server's worker pool (Serve -> ServeOnPool,
// registry_unary.h), so that a slow write or page never holds one of gRPC's callback threads and a full queue
// answers RESOURCE_EXHAUSTED. Import and WatchChanges are streams with their own reactors.
#include "service/registry_service.h"

#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "core/name_validation.h"
#include "service/import_reactor.h"
#include "service/registry_unary.h"

namespace aka::service {
namespace {

// ListEntities page size when the request says 0, and the largest accepted (registry.proto).
constexpr int kDefaultPageSize = 100;
constexpr int kMaxPageSize = 1000;

}  // namespace

bool IsEntityRejection(const absl::Status& status) {
  return absl::IsInvalidArgument(status) || absl::IsNotFound(status) || absl::IsAlreadyExists(status) ||
         absl::IsFailedPrecondition(status);
}

absl::Status ValidateEntityForUpsert(const aka::v1::Entity& entity, absl::string_view field_prefix) {
  RETURN_IF_ERROR(core::ValidateName(entity.canonical_name(), absl::StrCat(field_prefix, "canonical_name")));
  for (int i = 0; i < entity.aliases_size(); ++i) {
    RETURN_IF_ERROR(
        core::ValidateName(entity.aliases(i).name(), absl::StrCat(field_prefix, "aliases[", i, "].name")));
  }
  return absl::OkStatus();
}

absl::Status RegistryService::DoGetEntity(const aka::v1::GetEntityRequest& request,
                                          aka::v1::GetEntityResponse* response) {
  RETURN_IF_ERROR(RequireNonEmpty(request.id(), "id"));
  // A merged id answers the entity it was merged into, so that stored references to it keep working.
  ASSIGN_OR_RETURN(storage::ResolvedEntity resolved, store_->GetEntityFollowingRedirects(request.id()));
  *response->mutable_entity() = std::move(resolved.entity);
  response->set_redirected_from(std::move(resolved.redirected_from));
  return absl::OkStatus();
}

absl::Status RegistryService::DoListEntities(const aka::v1::ListEntitiesRequest& request,
                                             aka::v1::ListEntitiesResponse* response) {
  if (request.page_size() < 0 || request.page_size() > kMaxPageSize) {
    return absl::InvalidArgumentError(absl::StrCat("page_size: must be in 0..", kMaxPageSize, " (0: ",
                                                   kDefaultPageSize, "); got ", request.page_size()));
  }
  const int page_size = request.page_size() == 0 ? kDefaultPageSize : request.page_size();
  ASSIGN_OR_RETURN(storage::EntityPage page, store_->ListEntities(request.page_token(), page_size, request.type()));
  for (aka::v1::Entity& entity : page.entities) *response->add_entities() = std::move(entity);
  response->set_next_page_token(std::move(page.next_page_token));
  return absl::OkStatus();
}

absl::Status RegistryService::DoUpsertEntity(const aka::v1::UpsertEntityRequest& request, const std::string& who,
                                             aka::v1::UpsertEntityResponse* response) {
  if (!request.has_entity()) return absl::InvalidArgumentError("entity: is missing");
  RETURN_IF_ERROR(RequireVersion(request.expected_version()));
  RETURN_IF_ERROR(ValidateEntityForUpsert(request.entity(), "entity."));
  ASSIGN_OR_RETURN(storage::WriteResult written, store_->UpsertEntity(request.entity(), request.expected_version(),
                                                                        storage::ChangeContext{who, ""}));
  *response->mutable_entity() = std::move(written.entity);
  response->set_created(written.created);
  response->set_unchanged(written.unchanged);
  return absl::OkStatus();
}

absl::Status RegistryService::DoDeleteEntity(const aka::v1::DeleteEntityRequest& request, const std::string& who,
                                             aka::v1::DeleteEntityResponse* response) {
  RETURN_IF_ERROR(RequireNonEmpty(request.id(), "id"));
  RETURN_IF_ERROR(RequireVersion(request.expected_version()));
  return store_->DeleteEntity(request.id(), request.expected_version(), storage::ChangeContext{who, ""}).status();
}

absl::Status RegistryService::DoAddAlias(const aka::v1::AddAliasRequest& request, const std::string& who,
                                         aka::v1::AddAliasResponse* response) {
  RETURN_IF_ERROR(RequireNonEmpty(request.entity_id(), "entity_id"));
  if (!request.has_alias()) return absl::InvalidArgumentError("alias: is missing");
  RETURN_IF_ERROR(core::ValidateName(request.alias().name(), "alias.name"));
  RETURN_IF_ERROR(RequireVersion(request.expected_version()));
  storage::AddAliasOptions options;
  options.expected_version = request.expected_version();
  options.allow_shared = request.allow_shared();
  // Authenticated: the caller asserts the alias, whatever the request's asserted_by says.
  options.who = who;
  ASSIGN_OR_RETURN(storage::WriteResult written, store_->AddAlias(request.entity_id(), request.alias(), options));
  *response->mutable_entity() = std::move(written.entity);
  return absl::OkStatus();
}

absl::Status RegistryService::DoRemoveAlias(const aka::v1::RemoveAliasRequest& request, const std::string& who,
                                            aka::v1::RemoveAliasResponse* response) {
  RETURN_IF_ERROR(RequireNonEmpty(request.entity_id(), "entity_id"));
  // Not ValidateName: the name must equal a stored one byte for byte, and the Store answers NOT_FOUND.
  RETURN_IF_ERROR(RequireNonEmpty(request.name(), "name"));
  RETURN_IF_ERROR(RequireVersion(request.expected_version()));
  ASSIGN_OR_RETURN(storage::WriteResult written,
                   store_->RemoveAlias(request.entity_id(), request.name(), request.expected_version(),
                                       storage::ChangeContext{who, ""}));
  *response->mutable_entity() = std::move(written.entity);
  return absl::OkStatus();
}

// The raw entry points: each parses, runs its typed handler and serializes (Serve above).
grpc::ServerUnaryReactor* RegistryService::GetEntity(grpc::CallbackServerContext* context,
                                              const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return Serve<aka::v1::GetEntityRequest, aka::v1::GetEntityResponse>(
      context, request, response,
      [this](const aka::v1::GetEntityRequest& typed, aka::v1::GetEntityResponse* out) { return DoGetEntity(typed, out); });
}

grpc::ServerUnaryReactor* RegistryService::ListEntities(grpc::CallbackServerContext* context,
                                              const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return Serve<aka::v1::ListEntitiesRequest, aka::v1::ListEntitiesResponse>(
      context, request, response,
      [this](const aka::v1::ListEntitiesRequest& typed, aka::v1::ListEntitiesResponse* out) { return DoListEntities(typed, out); });
}

grpc::ServerUnaryReactor* RegistryService::UpsertEntity(grpc::CallbackServerContext* context,
                                              const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return Serve<aka::v1::UpsertEntityRequest, aka::v1::UpsertEntityResponse>(
      context, request, response,
      [this, who = CallerIdentity(context)](const aka::v1::UpsertEntityRequest& typed, aka::v1::UpsertEntityResponse* out) {
        return DoUpsertEntity(typed, who, out);
      });
}

grpc::ServerUnaryReactor* RegistryService::DeleteEntity(grpc::CallbackServerContext* context,
                                              const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return Serve<aka::v1::DeleteEntityRequest, aka::v1::DeleteEntityResponse>(
      context, request, response,
      [this, who = CallerIdentity(context)](const aka::v1::DeleteEntityRequest& typed, aka::v1::DeleteEntityResponse* out) {
        return DoDeleteEntity(typed, who, out);
      });
}

grpc::ServerUnaryReactor* RegistryService::AddAlias(grpc::CallbackServerContext* context,
                                              const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return Serve<aka::v1::AddAliasRequest, aka::v1::AddAliasResponse>(
      context, request, response,
      [this, who = CallerIdentity(context)](const aka::v1::AddAliasRequest& typed, aka::v1::AddAliasResponse* out) {
        return DoAddAlias(typed, who, out);
      });
}

grpc::ServerUnaryReactor* RegistryService::RemoveAlias(grpc::CallbackServerContext* context,
                                              const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return Serve<aka::v1::RemoveAliasRequest, aka::v1::RemoveAliasResponse>(
      context, request, response,
      [this, who = CallerIdentity(context)](const aka::v1::RemoveAliasRequest& typed, aka::v1::RemoveAliasResponse* out) {
        return DoRemoveAlias(typed, who, out);
      });
}

grpc::ServerReadReactor<grpc::ByteBuffer>* RegistryService::Import(grpc::CallbackServerContext* context,
                                                                   grpc::ByteBuffer* response) {
  // The reactor owns itself and deletes itself in OnDone; `response` lives until then (gRPC owns it).
  return new ImportReactor(store_, CallerIdentity(context), response);
}

}  // namespace aka::service
