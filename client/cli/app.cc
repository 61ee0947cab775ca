// Flag parsing for `aka` (CLI11) and dispatch to the commands. The only file that includes CLI11, which is
// header-only and slow to compile.
#include "client/cli/app.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <utility>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "client/cli/commands.h"

namespace aka::cli {
namespace {

constexpr char kExitCodesHelp[] =
    "Exit codes:\n"
    "  0  success (resolve: every name MATCHED; health: SERVING)\n"
    "  1  answered, but negative (resolve: a name was NO_MATCH or AMBIGUOUS; health: not SERVING;\n"
    "     import: the server rejected entities)\n"
    "  2  usage error (bad flags or arguments)\n"
    "  3  server or RPC error (unreachable, deadline exceeded, INVALID_ARGUMENT from the server, ...)\n"
    "  4  local file error (import input unreadable, export output not writable)\n"
    "\n"
    "Environment: AKA_SERVER is the default for --server.";

// Converts --timeout seconds to the client's milliseconds, never rounding a positive value down to zero.
std::chrono::milliseconds SecondsToMillis(double seconds) {
  return std::chrono::milliseconds(std::max<int64_t>(1, static_cast<int64_t>(std::llround(seconds * 1000))));
}

}  // namespace

int RunCli(const std::vector<std::string>& args, const CliEnvironment& env, std::ostream& out, std::ostream& err) {
  CLI::App app(
      "aka: resolve name variants (threat actors, sanctioned companies and people) to canonical "
      "entities, and maintain the registry.",
      "aka");
  app.footer(kExitCodesHelp);
  // Prefixed like every other aka error line, so scripts and people can tell who complained.
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return absl::StrCat("aka: ", e.what(), "\nRun 'aka --help' or 'aka COMMAND --help' for more information.\n");
  });
  app.require_subcommand(1);

  std::string server = env.default_server;
  double timeout_seconds = 5.0;
  app.add_option("--server", server, "akad address (host:port or a gRPC target)")->capture_default_str();
  app.add_option("--timeout", timeout_seconds, "deadline of each call in seconds (import streams: 10 min)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();

  ResolveArgs resolve_args;
  CLI::App* resolve = app.add_subcommand("resolve", "resolve names to canonical entities");
  resolve->add_option("--type", resolve_args.types, "only entities of this type (repeatable)")->allow_extra_args(false);
  resolve->add_flag("--json", resolve_args.json, "one JSON object per name per line");
  resolve->add_flag("--explain", resolve_args.explain, "explain how each score came about");
  resolve->add_option("--max", resolve_args.max_candidates, "at most N candidates per name (0: server default)")
      ->check(CLI::NonNegativeNumber);
  resolve->add_option("--min-score", resolve_args.min_score, "drop candidates scoring below S (0..1)")
      ->check(CLI::Range(0.0, 1.0));
  resolve->add_option("NAME", resolve_args.names, "names to resolve (use -- before names starting with '-')")
      ->required();

  GetArgs get_args;
  CLI::App* get = app.add_subcommand("get", "print one entity");
  get->add_option("ID", get_args.id, "entity id, e.g. E00001234")->required();
  get->add_flag("--json", get_args.json, "print the entity as one line of proto3 JSON");

  ImportArgs import_args;
  CLI::App* import = app.add_subcommand("import", "load entities from data sets into the registry");
  import->add_option("--format", import_args.format, "misp-galaxy | ofac-sdn (a folder with sdn.csv, alt.csv) | jsonl")
      ->required();
  import->add_flag("--json", import_args.json, "print the summary as JSON");
  import->add_option("PATH", import_args.paths, "input files (or folders for ofac-sdn)")->required();

  ExportArgs export_args;
  CLI::App* export_cmd = app.add_subcommand("export", "write every entity as JSON lines (import --format jsonl)");
  export_cmd->add_option("--out", export_args.out_path, "output file, or - for stdout")->required();
  export_cmd->add_option("--type", export_args.type, "only entities of this type");

  HealthArgs health_args;
  CLI::App* health = app.add_subcommand("health", "check that akad is serving (exit 0 only if SERVING)");
  health->add_option("--service", health_args.service, "a service name; empty: the whole server");

  // CLI11 consumes the vector from its back.
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::ParseError& e) {
    app.exit(e, out, err);
    return kExitUsage;
  }

  CLI::App* command = app.get_subcommands().front();
  const std::string command_name = command->get_name();

  ClientOptions options;
  options.target = server;
  options.timeout = SecondsToMillis(timeout_seconds);
  absl::StatusOr<std::unique_ptr<Client>> client = env.make_client(options);
  if (!client.ok()) {
    // Create fails only for options it rejects, i.e. a bad --server or --timeout.
    PrintError(err, command_name, client.status());
    return kExitUsage;
  }

  if (command == resolve) return RunResolve(resolve_args, **client, out, err);
  if (command == get) return RunGet(get_args, **client, out, err);
  if (command == import) return RunImport(import_args, **client, out, err);
  if (command == export_cmd) return RunExport(export_args, **client, out, err);
  return RunHealth(health_args, **client, out, err);
}

}  // namespace aka::cli
