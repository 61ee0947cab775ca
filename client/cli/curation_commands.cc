// `aka merge`, `aka split`, `aka undo`, `aka history`, `aka watch` and `aka negative`: the curation commands. Text output
// shows one change per block (sequence, time, kind, author, note, then each entity touched with its version
// or redirect before and after); --json prints each response or change as one line of proto3 JSON, so
// scripts can pipe `aka watch --json` into jq.
#include <ostream>
#include <string>

#include "aka/v1/registry.pb.h"
#include "client/cli/commands.h"
#include "client/cli/output.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"

namespace aka::cli {
namespace {

// History pages are fetched at the server's largest page size: fewer round trips, same result.
constexpr int kHistoryPageSize = 1000;

std::string KindName(v1::ChangeKind kind) {
  constexpr absl::string_view kPrefix = "CHANGE_KIND_";
  std::string name = v1::ChangeKind_Name(kind);
  if (absl::string_view(name).substr(0, kPrefix.size()) == kPrefix) name.erase(0, kPrefix.size());
  return name;
}

// "v3", "merged into E00000001", or "absent", for one side of an entity change.
std::string StateOf(bool present, const v1::Entity& entity, const std::string& redirect) {
  if (present) return "v" + std::to_string(entity.version());
  if (!redirect.empty()) return "merged into " + redirect;
  return "absent";
}

void PrintChange(const v1::Change& change, std::ostream& out) {
  out << "#" << change.sequence() << "  " << google::protobuf::util::TimeUtil::ToString(change.time()) << "  "
      << KindName(change.kind()) << "  by " << (change.who().empty() ? "-" : Quoted(change.who()));
  if (change.undoes() != 0) out << "  undoes #" << change.undoes();
  if (!change.note().empty()) out << "  note " << Quoted(change.note());
  out << "\n";
  for (const v1::EntityChange& entity : change.entities()) {
    const v1::Entity& named = entity.has_after() ? entity.after() : entity.before();
    out << "  " << entity.entity_id() << "  "
        << StateOf(entity.has_before(), entity.before(), entity.redirect_before()) << " -> "
        << StateOf(entity.has_after(), entity.after(), entity.redirect_after());
    if (!named.canonical_name().empty()) out << "  " << Quoted(named.canonical_name());
    out << "\n";
  }
}

// Prints a unary curation response: JSON of the whole response, or its change as text.
template <typename Response>
int PrintResponse(const absl::StatusOr<Response>& response, bool json, absl::string_view command, std::ostream& out,
                  std::ostream& err) {
  if (!response.ok()) {
    PrintError(err, command, response.status());
    return kExitRpcError;
  }
  if (json) {
    if (!PrintJsonLine(*response, command, out, err)) return kExitLocalError;
  } else {
    PrintChange(response->change(), out);
  }
  out.flush();
  return kExitOk;
}

}  // namespace

bool PrintJsonLine(const google::protobuf::Message& message, absl::string_view command, std::ostream& out,
                   std::ostream& err) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  const auto converted = google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!converted.ok()) {
    PrintError(err, command, absl::InternalError(std::string(converted.message())));
    return false;
  }
  out << json << "\n";
  if (!out) {
    PrintError(err, command, absl::DataLossError("cannot write the output"));
    return false;
  }
  return true;
}

int RunMerge(const MergeArgs& args, Client& client, std::ostream& out, std::ostream& err) {
  v1::MergeEntitiesRequest request;
  request.set_target_id(args.target_id);
  for (const std::string& source : args.source_ids) request.add_source_ids(source);
  request.set_expected_target_version(args.expected_version);
  request.set_note(args.note);
  return PrintResponse(client.MergeEntities(request), args.json, "merge", out, err);
}

int RunSplit(const SplitArgs& args, Client& client, std::ostream& out, std::ostream& err) {
  v1::SplitEntityRequest request;
  request.set_entity_id(args.entity_id);
  for (const std::string& name : args.alias_names) request.add_alias_names(name);
  request.set_new_canonical_name(args.new_canonical_name);
  request.set_expected_version(args.expected_version);
  request.set_note(args.note);
  return PrintResponse(client.SplitEntity(request), args.json, "split", out, err);
}

int RunUndo(const UndoArgs& args, Client& client, std::ostream& out, std::ostream& err) {
  v1::UndoRequest request;
  request.set_sequence(args.sequence);
  request.set_note(args.note);
  return PrintResponse(client.Undo(request), args.json, "undo", out, err);
}

int RunHistory(const HistoryArgs& args, Client& client, std::ostream& out, std::ostream& err) {
  v1::GetHistoryRequest request;
  request.set_entity_id(args.entity_id);
  request.set_after_sequence(args.after_sequence);
  request.set_page_size(kHistoryPageSize);
  while (true) {
    absl::StatusOr<v1::GetHistoryResponse> page = client.GetHistory(request);
    if (!page.ok()) {
      PrintError(err, "history", page.status());
      return kExitRpcError;
    }
    for (const v1::Change& change : page->changes()) {
      if (args.json) {
        if (!PrintJsonLine(change, "history", out, err)) return kExitLocalError;
      } else {
        PrintChange(change, out);
      }
    }
    // A short page is the last one.
    if (page->changes_size() < kHistoryPageSize) break;
    request.set_after_sequence(page->changes(page->changes_size() - 1).sequence());
  }
  out.flush();
  return kExitOk;
}

int RunWatch(const WatchArgs& args, Client& client, std::ostream& out, std::ostream& err) {
  v1::WatchChangesRequest request;
  request.set_after_sequence(args.since);
  int64_t printed = 0;
  bool write_failed = false;
  const absl::Status status =
      client.WatchChanges(request, std::chrono::milliseconds(0), [&](const v1::Change& change) {
        if (args.json) {
          if (!PrintJsonLine(change, "watch", out, err)) {
            write_failed = true;
            return false;
          }
        } else {
          PrintChange(change, out);
        }
        out.flush();  // A follower reads each change as it comes.
        ++printed;
        return args.count == 0 || printed < args.count;
      });
  if (write_failed) return kExitLocalError;
  if (!status.ok()) {
    PrintError(err, "watch", status);
    return kExitRpcError;
  }
  return kExitOk;
}

int RunNegative(const NegativeArgs& args, Client& client, std::ostream& out, std::ostream& err) {
  if (!args.add) {
    v1::RemoveNegativeRequest request;
    request.set_name(args.name);
    request.set_entity_id(args.entity_id);
    request.set_note(args.note);
    return PrintResponse(client.RemoveNegative(request), args.json, "negative remove", out, err);
  }
  v1::AddNegativeRequest request;
  v1::Negative* negative = request.mutable_negative();
  negative->set_name(args.name);
  negative->set_entity_id(args.entity_id);
  negative->set_note(args.note);
  if (!args.expires.empty() &&
      !google::protobuf::util::TimeUtil::FromString(args.expires, negative->mutable_expire_time())) {
    err << "aka: negative add: --expires: \"" << args.expires << "\" is not an RFC 3339 time such as "
        << "2027-01-01T00:00:00Z\n";
    return kExitUsage;
  }
  return PrintResponse(client.AddNegative(request), args.json, "negative add", out, err);
}

}  // namespace aka::cli
