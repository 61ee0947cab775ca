// `aka entity get|list|create|update|delete`: whole entities from the command line (`aka get` is the short
// form of `entity get`). Writes take --expected-version (0: any); `update` without it uses the version it read,
// so a concurrent change makes it fail with FAILED_PRECONDITION instead of being overwritten. --json prints
// entities as the JSON lines `aka export` writes.
#include <algorithm>
#include <ostream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "aka/v1/registry.pb.h"
#include "client/cli/commands.h"
#include "client/cli/output.h"
#include "formats/entity_source.h"

namespace aka::cli {
namespace {

// ListEntities' largest page.
constexpr int kListPageSize = 1000;

// "KEY=VALUE" pairs into `map`; false (and a usage error naming `flag`) for one without '='.
bool ParsePairs(const std::vector<std::string>& pairs, const char* command, const char* flag,
                google::protobuf::Map<std::string, std::string>* map, std::ostream& err) {
  for (const std::string& pair : pairs) {
    const size_t equals = pair.find('=');
    if (equals == std::string::npos || equals == 0) {
      err << "aka: " << command << ": " << flag << ": \"" << pair << "\" is not KEY=VALUE\n";
      return false;
    }
    (*map)[pair.substr(0, equals)] = pair.substr(equals + 1);
  }
  return true;
}

int PrintEntityLine(const v1::Entity& entity, const char* command, std::ostream& out, std::ostream& err) {
  if (absl::Status written = formats::WriteJsonLine(entity, out); !written.ok()) {
    PrintError(err, command, written);
    return kExitLocalError;
  }
  return kExitOk;
}

// Applies the command line's changes to `entity` (create: an empty one).
bool ApplyEdits(const EntityArgs& args, const char* command, v1::Entity* entity, std::ostream& err) {
  if (!args.type.empty()) entity->set_type(args.type);
  if (!args.name.empty()) entity->set_canonical_name(args.name);
  for (const std::string& name : args.remove_aliases) {
    auto* aliases = entity->mutable_aliases();
    const auto found = std::find_if(aliases->begin(), aliases->end(),
                                    [&name](const v1::Alias& alias) { return alias.name() == name; });
    if (found == aliases->end()) {
      err << "aka: " << command << ": --remove-alias: " << entity->id() << " has no alias " << Quoted(name) << "\n";
      return false;
    }
    aliases->erase(found);
  }
  for (const std::string& name : args.add_aliases) {
    v1::Alias* alias = entity->add_aliases();
    alias->set_name(name);
    alias->set_source(args.source);
  }
  return ParsePairs(args.external_ids, command, "--external-id", entity->mutable_external_ids(), err) &&
         ParsePairs(args.attributes, command, "--attribute", entity->mutable_attributes(), err);
}

int RunEntityList(const EntityArgs& args, Client& client, std::ostream& out, std::ostream& err) {
  v1::ListEntitiesRequest request;
  request.set_type(args.type);
  int64_t printed = 0;
  TextTable table({"ID", "TYPE", "VERSION", "NAME"});
  do {
    request.set_page_size(static_cast<int>(
        args.limit > 0 ? std::min<int64_t>(kListPageSize, args.limit - printed) : kListPageSize));
    absl::StatusOr<v1::ListEntitiesResponse> page = client.ListEntities(request);
    if (!page.ok()) {
      PrintError(err, "entity list", page.status());
      return kExitRpcError;
    }
    for (const v1::Entity& entity : page->entities()) {
      if (args.json) {
        if (const int code = PrintEntityLine(entity, "entity list", out, err); code != kExitOk) return code;
      } else {
        table.AddRow({entity.id(), entity.type(), absl::StrCat(entity.version()), entity.canonical_name()});
      }
      ++printed;
    }
    request.set_page_token(page->next_page_token());
  } while (!request.page_token().empty() && (args.limit == 0 || printed < args.limit));
  if (!args.json) {
    table.PrintHeader(out, "");
    for (size_t i = 0; i < table.row_count(); ++i) table.PrintRow(out, "", i);
  }
  out.flush();
  return kExitOk;
}

int RunEntityWrite(const EntityArgs& args, Client& client, std::ostream& out, std::ostream& err) {
  const char* command = args.action == EntityArgs::Action::kCreate ? "entity create" : "entity update";
  v1::UpsertEntityRequest request;
  if (args.action == EntityArgs::Action::kUpdate) {
    absl::StatusOr<v1::Entity> stored = client.GetEntity(args.id);
    if (!stored.ok()) {
      PrintError(err, command, stored.status());
      return kExitRpcError;
    }
    *request.mutable_entity() = *std::move(stored);
    // Without --expected-version, the version just read: a change in between is reported, not overwritten.
    request.set_expected_version(args.expected_version != 0 ? args.expected_version : request.entity().version());
  } else {
    request.set_expected_version(args.expected_version);
  }
  if (!ApplyEdits(args, command, request.mutable_entity(), err)) return kExitUsage;
  absl::StatusOr<v1::UpsertEntityResponse> written = client.UpsertEntity(request);
  if (!written.ok()) {
    PrintError(err, command, written.status());
    return kExitRpcError;
  }
  if (args.json) return PrintEntityLine(written->entity(), command, out, err);
  const char* what = written->unchanged() ? "unchanged" : written->created() ? "created" : "updated";
  out << what << " " << written->entity().id() << "  v" << written->entity().version() << "  "
      << Quoted(written->entity().canonical_name()) << "\n";
  out.flush();
  return kExitOk;
}

int RunEntityDelete(const EntityArgs& args, Client& client, std::ostream& out, std::ostream& err) {
  v1::DeleteEntityRequest request;
  request.set_id(args.id);
  request.set_expected_version(args.expected_version);
  if (absl::Status deleted = client.DeleteEntity(request); !deleted.ok()) {
    PrintError(err, "entity delete", deleted);
    return kExitRpcError;
  }
  if (args.json) {
    out << "{\"deleted\":\"" << args.id << "\"}\n";
  } else {
    out << "deleted " << args.id << "\n";
  }
  out.flush();
  return kExitOk;
}

}  // namespace

int RunEntity(const EntityArgs& args, Client& client, std::ostream& out, std::ostream& err) {
  switch (args.action) {
    case EntityArgs::Action::kGet: {
      GetArgs get;
      get.id = args.id;
      get.json = args.json;
      return RunGet(get, client, out, err);
    }
    case EntityArgs::Action::kList:
      return RunEntityList(args, client, out, err);
    case EntityArgs::Action::kCreate:
    case EntityArgs::Action::kUpdate:
      return RunEntityWrite(args, client, out, err);
    case EntityArgs::Action::kDelete:
      return RunEntityDelete(args, client, out, err);
  }
  return kExitUsage;
}

}  // namespace aka::cli
