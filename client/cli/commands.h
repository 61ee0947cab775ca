// The `aka` CLI's commands as plain functions: each takes its parsed arguments, the streams to print to and the
// aka::Client to call, and returns the process exit code. Flag parsing lives in app.cc only, so tests call these
// directly with an aka::MockClient and string streams.
#ifndef AKA_CLIENT_CLI_COMMANDS_H_
#define AKA_CLIENT_CLI_COMMANDS_H_

#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "client/client.h"

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
  // A local file could not be read (import) or written (export).
  kExitLocalError = 4,
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
int RunGet(const GetArgs& args, Client& client, std::ostream& out, std::ostream& err);

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

// aka health [--service S]
struct HealthArgs {
  std::string service;
};
// Prints SERVING, NOT_SERVING or UNKNOWN. Exit: 0 only if SERVING, 1 otherwise, 3 unreachable.
int RunHealth(const HealthArgs& args, Client& client, std::ostream& out, std::ostream& err);

}  // namespace aka::cli

#endif  // AKA_CLIENT_CLI_COMMANDS_H_
