// `aka alias add|remove`: curate one alias of an entity with its provenance, under optimistic concurrency.
// Text output is one line with the entity's new version; --json is the entity as `aka get --json` prints it.
#include <ostream>
#include <string>

#include "absl/strings/ascii.h"
#include "aka/v1/registry.pb.h"
#include "client/cli/commands.h"
#include "client/cli/output.h"
#include "formats/entity_source.h"

namespace aka::cli {

int RunAlias(const AliasArgs& args, Client& client, std::ostream& out, std::ostream& err) {
  const char* command = args.add ? "alias add" : "alias remove";
  absl::StatusOr<v1::Entity> entity;
  if (args.add) {
    v1::AddAliasRequest request;
    request.set_entity_id(args.entity_id);
    v1::Alias* alias = request.mutable_alias();
    alias->set_name(args.name);
    alias->set_source(args.source);
    alias->set_reference(args.reference);
    if (!args.kind.empty()) {
      v1::AliasKind kind;
      if (!v1::AliasKind_Parse(absl::AsciiStrToUpper(args.kind), &kind) || kind == v1::ALIAS_KIND_UNSPECIFIED) {
        err << "aka: alias add: --kind: \"" << args.kind << "\" is not one of aka, fka, nka, weak_aka\n";
        return kExitUsage;
      }
      alias->set_kind(kind);
    }
    request.set_allow_shared(args.allow_shared);
    request.set_expected_version(args.expected_version);
    entity = client.AddAlias(request);
  } else {
    v1::RemoveAliasRequest request;
    request.set_entity_id(args.entity_id);
    request.set_name(args.name);
    request.set_expected_version(args.expected_version);
    entity = client.RemoveAlias(request);
  }
  if (!entity.ok()) {
    PrintError(err, command, entity.status());
    return kExitRpcError;
  }
  if (args.json) {
    if (absl::Status written = formats::WriteJsonLine(*entity, out); !written.ok()) {
      PrintError(err, command, written);
      return kExitLocalError;
    }
  } else {
    out << entity->id() << "  v" << entity->version() << "  " << Quoted(entity->canonical_name()) << "  "
        << entity->aliases_size() << " aliases\n";
  }
  out.flush();
  return kExitOk;
}

}  // namespace aka::cli
