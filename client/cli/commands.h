// The `aka` CLI's commands as plain functions: each takes its parsed arguments, the streams to print to and the
// aka::Client to call, and returns the process exit code. Flag parsing lives in app.cc only, so tests call these
// directly with an aka::MockClient and string streams.
#ifndef AKA_CLIENT_CLI_COMMANDS_H_
#define AKA_CLIENT_CLI_COMMANDS_H_

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "client/client.h"
#include "google/protobuf/message.h"

namespace aka::cli {

// Exit codes of `aka`. Scripts depend on them: do not renumber.
enum ExitCode : int {
  // Success: every name MATCHED; health SERVING; import with nothing rejected.
  kExitOk = 0,
  // The call worked but the answer is "no": a name was NO_MATCH or AMBIGUOUS, the server is not SERVING,
  // the server rejected imported entities.
  kExitNegative = 1,
  // Bad command line (unknown flag, missing argument, value out of range, unknown --format).
  kExitUsage = 2,
  // The server or the RPC failed: unreachable, deadline exceeded, INVALID_ARGUMENT from the server, ...
  kExitRpcError = 3,
  // A local file could not be read (import, canonicalize) or written (export, canonicalize), or canonicalize
  // found a checkpoint it may not use.
  kExitLocalError = 4,
  // canonicalize stopped early because more rows than --max-errors were bad; --resume continues it.
  kExitTooManyErrors = 5,
};

// Prints "aka: <context>: <CODE>: <message>" to `err`, the one error line format every command uses.
void PrintError(std::ostream& err, absl::string_view context, const absl::Status& status);

// aka resolve [--type T]... [--json] [--explain] [--max N] [--min-score S] NAME...
struct ResolveArgs {
  std::vector<std::string> names;
  std::vector<std::string> types;
  bool json = false;
  bool explain = false;
  // 0: the server's default.
  int max_candidates = 0;
  // 0: every candidate found.
  double min_score = 0;
  // RFC 3339 time: answer as the registry stood then (ResolveRequest.as_of). Empty: now.
  std::string as_of;
};
// Resolves each name in order. After an INVALID_ARGUMENT (a problem with that one name) it goes on with the
// next name; any other error stops, since it would fail the remaining names too. Exit: 0 all MATCHED, 1 some
// NO_MATCH/AMBIGUOUS, 3 any error.
int RunResolve(const ResolveArgs& args, Client& client, std::ostream& out, std::ostream& err);

// aka get ID [--json]
struct GetArgs {
  std::string id;
  bool json = false;
};
// An id merged into another entity answers that entity, saying so: text adds "redirected from ID", --json
// adds "redirected_from" to the entity's JSON line.
int RunGet(const GetArgs& args, Client& client, std::ostream& out, std::ostream& err);

// aka entity get ID | list [--type T] [--limit N] | create --type T --name N [...] | update ID [...] |
// delete ID, each with [--json] (entity_command.cc; docs/CURATION.md "CLI").
struct EntityArgs {
  enum class Action { kGet, kList, kCreate, kUpdate, kDelete };
  Action action = Action::kGet;
  std::string id;
  // list: only this type; create (required) and update: the entity's type.
  std::string type;
  // create (required) and update: the canonical name.
  std::string name;
  // create and update: aliases added (with `source` as their source) and, for update, removed (exact names).
  std::vector<std::string> add_aliases;
  std::vector<std::string> remove_aliases;
  std::string source;
  // create and update: KEY=VALUE pairs set.
  std::vector<std::string> external_ids;
  std::vector<std::string> attributes;
  // Writes: fail unless the entity is at this version. 0: any (update: the version it read).
  int64_t expected_version = 0;
  // list: at most this many (0: all).
  int64_t limit = 0;
  bool json = false;
};
// Exit: 0 done, 2 usage (a KEY=VALUE without '=', removing an alias the entity lacks), 3 RPC error
// (FAILED_PRECONDITION: a stale version), 4 output not writable.
int RunEntity(const EntityArgs& args, Client& client, std::ostream& out, std::ostream& err);

// aka import --format F [--json] PATH...
struct ImportArgs {
  std::string format;
  std::vector<std::string> paths;
  bool json = false;
};
// Reads every path completely before streaming, so an unreadable or malformed file imports nothing.
// Exit: 0 nothing rejected (reader skips are listed, not failures), 1 some rejected by the server, 2 unknown format,
// 3 RPC error, 4 input unreadable.
int RunImport(const ImportArgs& args, Client& client, std::ostream& out, std::ostream& err);

// aka export --out FILE|- [--type T]
struct ExportArgs {
  // "-" writes to `out`.
  std::string out_path;
  std::string type;
};
// Writes FILE.tmp, syncs it and renames it over FILE, so FILE is either the previous file or a complete export.
// The pages are read one after another, not from one snapshot: entities changed during the export may appear
// in either state. Exit: 0, 3 RPC error, 4 output not writable.
int RunExport(const ExportArgs& args, Client& client, std::ostream& out, std::ostream& err);

// ---- curation (curation_commands.cc). Each prints the change it made (or read) as text, or with --json as one
// line of proto3 JSON per message. Exit: 0 done, 3 RPC error (including FAILED_PRECONDITION for a stale
// --expected-version and NOT_FOUND), 4 output not writable.

// aka merge TARGET SOURCE... [--expected-version N] [--note TEXT] [--json]
struct MergeArgs {
  std::string target_id;
  std::vector<std::string> source_ids;
  int64_t expected_version = 0;
  std::string note;
  bool json = false;
};
int RunMerge(const MergeArgs& args, Client& client, std::ostream& out, std::ostream& err);

// aka split ID ALIAS... [--name NEW_CANONICAL_NAME] [--expected-version N] [--note TEXT] [--json]
struct SplitArgs {
  std::string entity_id;
  std::vector<std::string> alias_names;
  std::string new_canonical_name;
  int64_t expected_version = 0;
  std::string note;
  bool json = false;
};
int RunSplit(const SplitArgs& args, Client& client, std::ostream& out, std::ostream& err);

// aka undo SEQUENCE [--note TEXT] [--json]
struct UndoArgs {
  int64_t sequence = 0;
  std::string note;
  bool json = false;
};
int RunUndo(const UndoArgs& args, Client& client, std::ostream& out, std::ostream& err);

// aka history ID [--after SEQUENCE] [--json]: every change of the entity, oldest first (all pages).
struct HistoryArgs {
  std::string entity_id;
  int64_t after_sequence = 0;
  bool json = false;
};
int RunHistory(const HistoryArgs& args, Client& client, std::ostream& out, std::ostream& err);

// aka watch [--since SEQUENCE] [--count N] [--json]: follows the change feed. Without --count it runs until
// interrupted; with it, it exits 0 after N changes. A script resumes with --since the last sequence printed.
struct WatchArgs {
  int64_t since = 0;
  int64_t count = 0;
  bool json = false;
};
int RunWatch(const WatchArgs& args, Client& client, std::ostream& out, std::ostream& err);

// aka negative add NAME ENTITY_ID [--note TEXT] [--expires RFC3339] [--json]
// aka negative remove NAME ENTITY_ID [--note TEXT] [--json]
struct NegativeArgs {
  // true: add; false: remove.
  bool add = true;
  std::string name;
  std::string entity_id;
  std::string note;
  // RFC 3339 ("2027-01-01T00:00:00Z"); empty: never expires. A bad value exits 2.
  std::string expires;
  bool json = false;
};
int RunNegative(const NegativeArgs& args, Client& client, std::ostream& out, std::ostream& err);

// aka alias add ID NAME [--source S] [--reference R] [--kind aka|fka|nka|weak_aka] [--allow-shared]
//                       [--expected-version N] [--json]
// aka alias remove ID NAME [--expected-version N] [--json]
// Prints the entity as stored afterwards (`aka get` format, or its JSON line). A name another entity already
// has is refused (exit 3, ALREADY_EXISTS) unless --allow-shared.
struct AliasArgs {
  // true: add; false: remove.
  bool add = true;
  std::string entity_id;
  std::string name;
  std::string source;
  std::string reference;
  // Lower-case AliasKind name; empty: unspecified.
  std::string kind;
  bool allow_shared = false;
  int64_t expected_version = 0;
  bool json = false;
};
int RunAlias(const AliasArgs& args, Client& client, std::ostream& out, std::ostream& err);

// aka admin backup|backups|restore [ID]|verify [--backups] [--json]: the Admin service (admin_command.cc).
struct AdminArgs {
  enum class Action { kBackup, kListBackups, kRestore, kVerify };
  Action action = Action::kVerify;
  // restore: the backup to stage; 0: the newest.
  uint32_t backup_id = 0;
  // verify: also check every backup's checksums.
  bool backups = false;
  bool json = false;
};
// Exit: 0 done (verify: clean), 1 verify found problems, 3 RPC error (FAILED_PRECONDITION: akad has no
// --backup_dir), 4 output not writable.
int RunAdmin(const AdminArgs& args, Client& client, std::ostream& out, std::ostream& err);

// Writes `message` as one line of proto3 JSON (proto field names). False, with an error line naming
// `command`, if it cannot be converted or written. (curation_commands.cc)
bool PrintJsonLine(const google::protobuf::Message& message, absl::string_view command, std::ostream& out,
                   std::ostream& err);

// aka health [--service S]
struct HealthArgs {
  std::string service;
};
// Prints SERVING, NOT_SERVING or UNKNOWN. Exit: 0 only if SERVING, 1 otherwise, 3 unreachable.
int RunHealth(const HealthArgs& args, Client& client, std::ostream& out, std::ostream& err);

// aka canonicalize --in FILE|- --out FILE|- --column NAME [...]: see canonicalize_command.cc and README.md.
struct CanonicalizeArgs {
  std::string input = "-";
  std::string output = "-";
  // The CSV column, or with JSON lines the dotted field path (--field).
  std::string column;
  // "csv", "jsonl" or "" (from the input's extension, else csv; --field implies jsonl).
  std::string format;
  std::string errors_path;
  int64_t max_errors = 1000;
  bool resume = false;
  // "auto", "on" or "off".
  std::string progress = "auto";
  int streams = 1;
  size_t window = 256;
  size_t batch_size = 5000;
  size_t cache_size = 200000;
  // Least seconds between checkpoints (0: after every batch).
  double checkpoint_seconds = 1.0;
  std::vector<std::string> types;
  // Names of the result columns.
  std::string id_column = "aka_id";
  std::string name_column = "aka_name";
  std::string type_column = "aka_type";
  std::string score_column = "aka_score";
  std::string outcome_column = "aka_outcome";
  // Print the summary as one JSON object instead of a line of text.
  bool json_summary = false;
};
// Streams the input through ResolveStream and writes every row back with the result columns. The summary goes
// to `err`. Exit: 0 done with no bad row, 1 done but some rows were bad (listed in the errors file), 2 bad
// flags or a column missing from the header, 3 server or RPC failure, 4 local file error or unusable
// checkpoint, 5 more bad rows than --max-errors. After 3, 5 or a crash, --resume continues the run.
int RunCanonicalizeCommand(const CanonicalizeArgs& args, Client& client, std::ostream& out, std::ostream& err);

}  // namespace aka::cli

#endif  // AKA_CLIENT_CLI_COMMANDS_H_
