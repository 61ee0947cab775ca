// Registry's curation handlers: MergeEntities, SplitEntity, Undo, GetHistory, AddNegative, RemoveNegative
// (unary, through Serve) and the WatchChanges entry point. Like the other Registry handlers they validate request fields, call the Store
// and convert its status; the Store makes each change one atomic batch with its history and log rows.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "service/registry_service.h"
#include "service/registry_unary.h"
#include "service/watch_changes_reactor.h"

namespace aka::service {
namespace {

// GetHistory page size when the request says 0, and the largest accepted (registry.proto).
constexpr int kDefaultHistoryPageSize = 100;
constexpr int kMaxHistoryPageSize = 1000;

storage::ChangeContext MakeContext(const std::string& who, const std::string& note) {
  storage::ChangeContext context;
  context.who = who;
  context.note = note;
  return context;
}

// The entity as it stands after `change`, for the response.
const aka::v1::Entity* AfterState(const aka::v1::Change& change, int index) {
  if (index >= change.entities_size() || !change.entities(index).has_after()) return nullptr;
  return &change.entities(index).after();
}

}  // namespace

absl::Status RegistryService::DoMergeEntities(const aka::v1::MergeEntitiesRequest& request, const std::string& who,
                                              aka::v1::MergeEntitiesResponse* response) {
  RETURN_IF_ERROR(RequireNonEmpty(request.target_id(), "target_id"));
  if (request.source_ids().empty()) return absl::InvalidArgumentError("source_ids: is empty");
  for (int i = 0; i < request.source_ids_size(); ++i) {
    RETURN_IF_ERROR(RequireNonEmpty(request.source_ids(i), absl::StrCat("source_ids[", i, "]")));
  }
  RETURN_IF_ERROR(RequireVersion(request.expected_target_version(), "expected_target_version"));
  const std::vector<std::string> sources(request.source_ids().begin(), request.source_ids().end());
  ASSIGN_OR_RETURN(aka::v1::Change change,
                   store_->MergeEntities(request.target_id(), sources, request.expected_target_version(),
                                         MakeContext(who, request.note())));
  // The target is the change's last entity (sources first).
  if (const aka::v1::Entity* target = AfterState(change, change.entities_size() - 1)) {
    *response->mutable_entity() = *target;
  }
  *response->mutable_change() = std::move(change);
  return absl::OkStatus();
}

absl::Status RegistryService::DoSplitEntity(const aka::v1::SplitEntityRequest& request, const std::string& who,
                                            aka::v1::SplitEntityResponse* response) {
  RETURN_IF_ERROR(RequireNonEmpty(request.entity_id(), "entity_id"));
  if (request.alias_names().empty()) return absl::InvalidArgumentError("alias_names: is empty");
  RETURN_IF_ERROR(RequireVersion(request.expected_version()));
  const std::vector<std::string> names(request.alias_names().begin(), request.alias_names().end());
  ASSIGN_OR_RETURN(aka::v1::Change change,
                   store_->SplitEntity(request.entity_id(), names, request.new_canonical_name(),
                                       request.expected_version(), MakeContext(who, request.note())));
  if (const aka::v1::Entity* remaining = AfterState(change, 0)) *response->mutable_entity() = *remaining;
  if (const aka::v1::Entity* created = AfterState(change, 1)) *response->mutable_new_entity() = *created;
  *response->mutable_change() = std::move(change);
  return absl::OkStatus();
}

absl::Status RegistryService::DoUndo(const aka::v1::UndoRequest& request, const std::string& who,
                                     aka::v1::UndoResponse* response) {
  if (request.sequence() < 1) {
    return absl::InvalidArgumentError(absl::StrCat("sequence: must be positive; got ", request.sequence()));
  }
  ASSIGN_OR_RETURN(*response->mutable_change(), store_->Undo(request.sequence(), MakeContext(who, request.note())));
  return absl::OkStatus();
}

absl::Status RegistryService::DoGetHistory(const aka::v1::GetHistoryRequest& request,
                                           aka::v1::GetHistoryResponse* response) {
  RETURN_IF_ERROR(RequireNonEmpty(request.entity_id(), "entity_id"));
  if (request.after_sequence() < 0) {
    return absl::InvalidArgumentError(absl::StrCat("after_sequence: must not be negative; got ",
                                                   request.after_sequence()));
  }
  if (request.page_size() < 0 || request.page_size() > kMaxHistoryPageSize) {
    return absl::InvalidArgumentError(absl::StrCat("page_size: must be in 0..", kMaxHistoryPageSize, " (0: ",
                                                   kDefaultHistoryPageSize, "); got ", request.page_size()));
  }
  const int page_size = request.page_size() == 0 ? kDefaultHistoryPageSize : request.page_size();
  ASSIGN_OR_RETURN(std::vector<aka::v1::Change> changes,
                   store_->GetHistory(request.entity_id(), request.after_sequence(), page_size));
  for (aka::v1::Change& change : changes) *response->add_changes() = std::move(change);
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* RegistryService::MergeEntities(grpc::CallbackServerContext* context,
                                                         const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  const std::string who = CallerIdentity(context);
  return Serve<aka::v1::MergeEntitiesRequest, aka::v1::MergeEntitiesResponse>(
      context, request, response,
      [this, who](const aka::v1::MergeEntitiesRequest& typed, aka::v1::MergeEntitiesResponse* out) {
        return DoMergeEntities(typed, who, out);
      });
}

grpc::ServerUnaryReactor* RegistryService::SplitEntity(grpc::CallbackServerContext* context,
                                                       const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  const std::string who = CallerIdentity(context);
  return Serve<aka::v1::SplitEntityRequest, aka::v1::SplitEntityResponse>(
      context, request, response,
      [this, who](const aka::v1::SplitEntityRequest& typed, aka::v1::SplitEntityResponse* out) {
        return DoSplitEntity(typed, who, out);
      });
}

grpc::ServerUnaryReactor* RegistryService::Undo(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                                grpc::ByteBuffer* response) {
  const std::string who = CallerIdentity(context);
  return Serve<aka::v1::UndoRequest, aka::v1::UndoResponse>(
      context, request, response,
      [this, who](const aka::v1::UndoRequest& typed, aka::v1::UndoResponse* out) { return DoUndo(typed, who, out); });
}

grpc::ServerUnaryReactor* RegistryService::GetHistory(grpc::CallbackServerContext* context,
                                                      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return Serve<aka::v1::GetHistoryRequest, aka::v1::GetHistoryResponse>(
      context, request, response,
      [this](const aka::v1::GetHistoryRequest& typed, aka::v1::GetHistoryResponse* out) {
        return DoGetHistory(typed, out);
      });
}

absl::Status RegistryService::DoAddNegative(const aka::v1::AddNegativeRequest& request, const std::string& who,
                                            aka::v1::AddNegativeResponse* response) {
  if (!request.has_negative()) return absl::InvalidArgumentError("negative: is missing");
  RETURN_IF_ERROR(RequireNonEmpty(request.negative().name(), "negative.name"));
  RETURN_IF_ERROR(RequireNonEmpty(request.negative().entity_id(), "negative.entity_id"));
  ASSIGN_OR_RETURN(*response->mutable_change(), store_->AddNegative(request.negative(), MakeContext(who, "")));
  return absl::OkStatus();
}

absl::Status RegistryService::DoRemoveNegative(const aka::v1::RemoveNegativeRequest& request, const std::string& who,
                                               aka::v1::RemoveNegativeResponse* response) {
  RETURN_IF_ERROR(RequireNonEmpty(request.name(), "name"));
  RETURN_IF_ERROR(RequireNonEmpty(request.entity_id(), "entity_id"));
  ASSIGN_OR_RETURN(*response->mutable_change(),
                   store_->RemoveNegative(request.name(), request.entity_id(), MakeContext(who, request.note())));
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* RegistryService::AddNegative(grpc::CallbackServerContext* context,
                                                       const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  const std::string who = CallerIdentity(context);
  return Serve<aka::v1::AddNegativeRequest, aka::v1::AddNegativeResponse>(
      context, request, response,
      [this, who](const aka::v1::AddNegativeRequest& typed, aka::v1::AddNegativeResponse* out) {
        return DoAddNegative(typed, who, out);
      });
}

grpc::ServerUnaryReactor* RegistryService::RemoveNegative(grpc::CallbackServerContext* context,
                                                          const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  const std::string who = CallerIdentity(context);
  return Serve<aka::v1::RemoveNegativeRequest, aka::v1::RemoveNegativeResponse>(
      context, request, response,
      [this, who](const aka::v1::RemoveNegativeRequest& typed, aka::v1::RemoveNegativeResponse* out) {
        return DoRemoveNegative(typed, who, out);
      });
}

grpc::ServerWriteReactor<grpc::ByteBuffer>* RegistryService::WatchChanges(grpc::CallbackServerContext* context,
                                                                          const grpc::ByteBuffer* request) {
  // The reactor owns itself and deletes itself in OnDone.
  return WatchChangesReactor::Start(store_, context, *request);
}

}  // namespace aka::service
