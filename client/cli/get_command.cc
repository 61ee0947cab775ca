// `aka get ID`: one entity, readable or as the JSON line `aka export` writes.
#include <ostream>
#include <sstream>
#include <string>

#include "aka/v1/entity.pb.h"
#include "client/cli/commands.h"
#include "client/cli/output.h"
#include "formats/entity_source.h"
#include "google/protobuf/util/time_util.h"
#include "nlohmann/json.hpp"

namespace aka::cli {
namespace {

std::string FormatTime(const google::protobuf::Timestamp& time) {
  // An unset timestamp is the epoch; "-" says "not recorded" instead of suggesting 1970.
  if (time.seconds() == 0 && time.nanos() == 0) return "-";
  return google::protobuf::util::TimeUtil::ToString(time);
}

void PrintEntity(const v1::Entity& entity, const std::string& redirected_from, std::ostream& out) {
  out << entity.id() << "  " << entity.type() << "  " << entity.canonical_name() << "\n";
  if (!redirected_from.empty()) out << "  redirected from " << redirected_from << " (merged into " << entity.id() << ")\n";
  out << "  version:      " << entity.version() << "\n";
  out << "  created:      " << FormatTime(entity.create_time()) << "\n";
  out << "  updated:      " << FormatTime(entity.update_time()) << "\n";
  out << "  external ids: " << JoinKeyValues(entity.external_ids()) << "\n";
  out << "  aliases:      " << entity.aliases_size() << "\n";
  if (!entity.aliases().empty()) {
    TextTable table({"NAME", "KIND", "SOURCE", "REFERENCE", "ADDED"});
    for (const v1::Alias& alias : entity.aliases()) {
      table.AddRow({alias.name(), v1::AliasKind_Name(alias.kind()), alias.source().empty() ? "-" : alias.source(),
                    alias.reference().empty() ? "-" : alias.reference(), FormatTime(alias.added_time())});
    }
    table.PrintHeader(out, "    ");
    for (size_t i = 0; i < table.row_count(); ++i) table.PrintRow(out, "    ", i);
  }
  if (!entity.attributes().empty()) {
    out << "  attributes:\n";
    for (const auto& [key, value] : Sorted(entity.attributes())) out << "    " << key << ": " << value << "\n";
  }
}

}  // namespace

int RunGet(const GetArgs& args, Client& client, std::ostream& out, std::ostream& err) {
  absl::StatusOr<v1::GetEntityResponse> found = client.LookupEntity(args.id);
  if (!found.ok()) {
    PrintError(err, "get", found.status());
    return kExitRpcError;
  }
  if (args.json) {
    std::ostringstream line;
    if (absl::Status written = formats::WriteJsonLine(found->entity(), line); !written.ok()) {
      PrintError(err, "get", written);
      return kExitLocalError;
    }
    std::string json = line.str();
    // The export's line, plus the redirect as its first key: scripts read the entity the same way either way.
    if (!found->redirected_from().empty() && !json.empty() && json[0] == '{') {
      json.insert(1, "\"redirected_from\":" + nlohmann::json(found->redirected_from()).dump() + ",");
    }
    out << json;
  } else {
    PrintEntity(found->entity(), found->redirected_from(), out);
  }
  out.flush();
  return kExitOk;
}

}  // namespace aka::cli
