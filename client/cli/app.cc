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
    "  4  local file error (import input unreadable, export output not writable, canonicalize checkpoint)\n"
    "  5  canonicalize stopped: more bad rows than --max-errors (--resume continues)\n"
    "  canonicalize: 0 every row written and none bad, 1 some rows bad (see the errors file)\n"
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
  ClientOptions security;
  security.token = env.default_token;
  app.add_flag("--tls", security.tls, "connect with TLS (system roots unless --tls_ca)");
  app.add_option("--tls_ca", security.tls_ca_file, "PEM CA bundle that signed akad's certificate (implies --tls)");
  app.add_option("--tls_cert", security.tls_cert_file, "PEM client certificate, for mutual TLS");
  app.add_option("--tls_key", security.tls_key_file, "PEM client private key, for mutual TLS");
  app.add_option("--token", security.token, "bearer token (default: $AKA_TOKEN; prefer the variable: argv is public)");

  ResolveArgs resolve_args;
  CLI::App* resolve = app.add_subcommand("resolve", "resolve names to canonical entities");
  resolve->add_option("--type", resolve_args.types, "only entities of this type (repeatable)")->allow_extra_args(false);
  resolve->add_flag("--json", resolve_args.json, "one JSON object per name per line");
  resolve->add_flag("--explain", resolve_args.explain, "explain how each score came about");
  resolve->add_option("--max", resolve_args.max_candidates, "at most N candidates per name (0: server default)")
      ->check(CLI::NonNegativeNumber);
  resolve->add_option("--min-score", resolve_args.min_score, "drop candidates scoring below S (0..1)")
      ->check(CLI::Range(0.0, 1.0));
  resolve->add_option("--as-of", resolve_args.as_of, "answer as the registry stood then (RFC 3339, e.g. 2026-11-24T10:00:00Z)");
  resolve->add_option("NAME", resolve_args.names, "names to resolve (use -- before names starting with '-')")
      ->required();

  GetArgs get_args;
  CLI::App* get = app.add_subcommand("get", "print one entity");
  get->add_option("ID", get_args.id, "entity id, e.g. E00001234")->required();
  get->add_flag("--json", get_args.json, "print the entity as one line of proto3 JSON");

  ImportArgs import_args;
  CLI::App* import = app.add_subcommand("import", "load entities from data sets into the registry");
  import
      ->add_option("--format", import_args.format,
                   "misp-galaxy | ofac-sdn (a folder with sdn.csv, alt.csv) | stix (STIX 2.1 bundle; revoked-by "
                   "becomes a merge) | jsonl")
      ->required();
  import->add_flag("--json", import_args.json, "print the summary as JSON");
  import->add_option("PATH", import_args.paths, "input files (or folders for ofac-sdn)")->required();

  ExportArgs export_args;
  CLI::App* export_cmd = app.add_subcommand("export", "write every entity as JSON lines (import --format jsonl)");
  export_cmd->add_option("--out", export_args.out_path, "output file, or - for stdout")->required();
  export_cmd->add_option("--type", export_args.type, "only entities of this type");

  CanonicalizeArgs canon_args;
  CLI::App* canon = app.add_subcommand(
      "canonicalize", "add the resolved entity to every row of a CSV or JSON-lines file (streamed, resumable)");
  canon->add_option("--in", canon_args.input, "input file, or - for stdin")->required();
  canon->add_option("--out", canon_args.output, "output file, or - for stdout (only a file can be resumed)")
      ->required();
  CLI::Option* column_option =
      canon->add_option("--column", canon_args.column, "CSV column holding the name");
  CLI::Option* field_option =
      canon->add_option("--field", canon_args.column, "JSON-lines field path holding the name (a.b.c)");
  column_option->excludes(field_option);
  canon->add_option("--format", canon_args.format, "csv | jsonl (default: from the input's extension, else csv)")
      ->check(CLI::IsMember({"csv", "jsonl", "ndjson", "json"}, CLI::ignore_case));
  canon->add_option("--errors", canon_args.errors_path, "bad rows file (default: OUT.errors.csv)");
  canon->add_option("--max-errors", canon_args.max_errors, "stop after more than N bad rows (-1: no limit)")
      ->capture_default_str();
  canon->add_flag("--resume", canon_args.resume, "continue an interrupted run from OUT.checkpoint");
  canon->add_option("--progress", canon_args.progress, "auto | on | off (auto: only on a terminal)")
      ->check(CLI::IsMember({"auto", "on", "off"}, CLI::ignore_case))
      ->capture_default_str();
  canon->add_option("--streams", canon_args.streams, "parallel ResolveStream calls")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  canon->add_option("--window", canon_args.window, "requests in flight per stream")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  canon->add_option("--batch-size", canon_args.batch_size, "rows per batch (and per checkpoint)")
      ->check(CLI::Range(1, 10000000))
      ->capture_default_str();
  canon->add_option("--checkpoint-every", canon_args.checkpoint_seconds,
                    "least seconds between --resume checkpoints (0: after every batch)")
      ->check(CLI::Range(0.0, 3600.0))
      ->capture_default_str();
  canon->add_option("--cache-size", canon_args.cache_size, "distinct names whose answers are remembered (0: none)")
      ->capture_default_str();
  canon->add_option("--type", canon_args.types, "only entities of this type (repeatable)")->allow_extra_args(false);
  canon->add_option("--id-column", canon_args.id_column, "name of the entity id column")->capture_default_str();
  canon->add_option("--name-column", canon_args.name_column, "name of the canonical name column")
      ->capture_default_str();
  canon->add_option("--type-column", canon_args.type_column, "name of the entity type column")
      ->capture_default_str();
  canon->add_option("--score-column", canon_args.score_column, "name of the score column")->capture_default_str();
  canon->add_option("--outcome-column", canon_args.outcome_column, "name of the outcome column")
      ->capture_default_str();
  canon->add_flag("--json", canon_args.json_summary, "print the summary as one JSON object");

  // ---- curation (curation_commands.cc) ----
  MergeArgs merge_args;
  CLI::App* merge = app.add_subcommand("merge", "merge entities into one; the sources' ids become redirects");
  merge->add_option("TARGET", merge_args.target_id, "the entity that stays")->required();
  merge->add_option("SOURCE", merge_args.source_ids, "entities merged into TARGET")->required();
  merge->add_option("--expected-version", merge_args.expected_version, "fail unless TARGET is at this version")
      ->check(CLI::NonNegativeNumber);
  merge->add_option("--note", merge_args.note, "why (kept in the history)");
  merge->add_flag("--json", merge_args.json, "print the response as one line of JSON");

  SplitArgs split_args;
  CLI::App* split = app.add_subcommand("split", "move aliases of an entity to a new entity");
  split->add_option("ID", split_args.entity_id, "the entity to split")->required();
  split->add_option("ALIAS", split_args.alias_names, "exact alias names that move")->required();
  split->add_option("--name", split_args.new_canonical_name, "canonical name of the new entity (default: first ALIAS)");
  split->add_option("--expected-version", split_args.expected_version, "fail unless ID is at this version")
      ->check(CLI::NonNegativeNumber);
  split->add_option("--note", split_args.note, "why (kept in the history)");
  split->add_flag("--json", split_args.json, "print the response as one line of JSON");

  UndoArgs undo_args;
  CLI::App* undo = app.add_subcommand("undo", "restore the state before a change (itself a new change)");
  undo->add_option("SEQUENCE", undo_args.sequence, "the change's sequence (from history or watch)")
      ->required()
      ->check(CLI::PositiveNumber);
  undo->add_option("--note", undo_args.note, "why (kept in the history)");
  undo->add_flag("--json", undo_args.json, "print the response as one line of JSON");

  HistoryArgs history_args;
  CLI::App* history = app.add_subcommand("history", "every change of an entity, oldest first");
  history->add_option("ID", history_args.entity_id, "entity id (live, merged or deleted)")->required();
  history->add_option("--after", history_args.after_sequence, "only changes after this sequence")
      ->check(CLI::NonNegativeNumber);
  history->add_flag("--json", history_args.json, "one JSON object per change per line");

  WatchArgs watch_args;
  CLI::App* watch = app.add_subcommand("watch", "follow the change feed (resume with --since)");
  watch->add_option("--since", watch_args.since, "start after this sequence (0: from the first change)")
      ->check(CLI::NonNegativeNumber);
  watch->add_option("--count", watch_args.count, "exit after N changes (0: run until interrupted)")
      ->check(CLI::NonNegativeNumber);
  watch->add_flag("--json", watch_args.json, "one JSON object per change per line");

  AliasArgs alias_args;
  CLI::App* alias = app.add_subcommand("alias", "add or remove one alias of an entity");
  alias->require_subcommand(1);
  CLI::App* alias_add = alias->add_subcommand("add", "add NAME to entity ID, with its provenance");
  CLI::App* alias_remove = alias->add_subcommand("remove", "remove the alias named exactly NAME");
  for (CLI::App* sub : {alias_add, alias_remove}) {
    sub->add_option("ID", alias_args.entity_id, "the entity")->required();
    sub->add_option("NAME", alias_args.name, "the alias")->required();
    sub->add_option("--expected-version", alias_args.expected_version, "fail unless ID is at this version")
        ->check(CLI::NonNegativeNumber);
    sub->add_flag("--json", alias_args.json, "print the entity as one line of proto3 JSON");
  }
  alias_add->add_option("--source", alias_args.source, "dataset or vendor that asserts it (misp, microsoft, ...)");
  alias_add->add_option("--reference", alias_args.reference, "document, URL or record id");
  alias_add->add_option("--kind", alias_args.kind, "aka | fka | nka | weak_aka");
  alias_add->add_flag("--allow-shared", alias_args.allow_shared,
                      "keep the name even if another entity has it (it then resolves AMBIGUOUS)");

  NegativeArgs negative_args;
  CLI::App* negative = app.add_subcommand("negative", "record or remove that a name must not resolve to an entity");
  negative->require_subcommand(1);
  CLI::App* negative_add = negative->add_subcommand("add", "NAME must not resolve to ENTITY_ID");
  CLI::App* negative_remove = negative->add_subcommand("remove", "remove such a record");
  for (CLI::App* sub : {negative_add, negative_remove}) {
    sub->add_option("NAME", negative_args.name, "the name (matched by its normalized form)")->required();
    sub->add_option("ENTITY_ID", negative_args.entity_id, "the entity")->required();
    sub->add_option("--note", negative_args.note, "why (the adjudication)");
    sub->add_flag("--json", negative_args.json, "print the response as one line of JSON");
  }
  negative_add->add_option("--expires", negative_args.expires, "RFC 3339 time when the record stops applying");

  EntityArgs entity_args;
  CLI::App* entity = app.add_subcommand("entity", "get, list, create, update or delete whole entities");
  entity->require_subcommand(1);
  CLI::App* entity_get = entity->add_subcommand("get", "print one entity (as `aka get`)");
  CLI::App* entity_list = entity->add_subcommand("list", "list entities in id order");
  CLI::App* entity_create = entity->add_subcommand("create", "create an entity");
  CLI::App* entity_update = entity->add_subcommand("update", "change an entity (read, edit, write at that version)");
  CLI::App* entity_delete = entity->add_subcommand("delete", "delete an entity (its id is never reused)");
  for (CLI::App* sub : {entity_get, entity_update, entity_delete}) {
    sub->add_option("ID", entity_args.id, "entity id, e.g. E00001234")->required();
  }
  entity_list->add_option("--type", entity_args.type, "only entities of this type");
  entity_list->add_option("--limit", entity_args.limit, "at most N entities (0: all)")->check(CLI::NonNegativeNumber);
  entity_create->add_option("--type", entity_args.type, "entity type, e.g. threat_actor")->required();
  entity_create->add_option("--name", entity_args.name, "canonical name")->required();
  entity_update->add_option("--type", entity_args.type, "new type");
  entity_update->add_option("--name", entity_args.name, "new canonical name");
  entity_update->add_option("--remove-alias", entity_args.remove_aliases, "remove the alias named exactly this (repeatable)")
      ->allow_extra_args(false);
  for (CLI::App* sub : {entity_create, entity_update}) {
    sub->add_option("--alias", entity_args.add_aliases, "add an alias (repeatable)")->allow_extra_args(false);
    sub->add_option("--source", entity_args.source, "source of the added aliases (misp, curator, ...)");
    sub->add_option("--external-id", entity_args.external_ids, "KEY=VALUE identifier (repeatable)")
        ->allow_extra_args(false);
    sub->add_option("--attribute", entity_args.attributes, "KEY=VALUE attribute (repeatable)")->allow_extra_args(false);
  }
  for (CLI::App* sub : {entity_create, entity_update, entity_delete}) {
    sub->add_option("--expected-version", entity_args.expected_version, "fail unless the entity is at this version")
        ->check(CLI::NonNegativeNumber);
  }
  for (CLI::App* sub : {entity_get, entity_list, entity_create, entity_update, entity_delete}) {
    sub->add_flag("--json", entity_args.json, "entities as the JSON lines `aka export` writes");
  }

  AdminArgs admin_args;
  CLI::App* admin = app.add_subcommand("admin", "backups, staged restore and the consistency check (admin role)");
  admin->require_subcommand(1);
  CLI::App* admin_backup = admin->add_subcommand("backup", "back up the live database into akad's --backup_dir");
  CLI::App* admin_backups = admin->add_subcommand("backups", "list the backups, oldest first");
  CLI::App* admin_restore =
      admin->add_subcommand("restore", "stage a backup; akad restores it at its next start (then restart it)");
  admin_restore->add_option("ID", admin_args.backup_id, "backup id (0 or absent: the newest)")
      ->check(CLI::NonNegativeNumber);
  CLI::App* admin_verify =
      admin->add_subcommand("verify", "check every index row and every alias (exit 1 if anything is wrong)");
  admin_verify->add_flag("--backups", admin_args.backups, "also check every backup's checksums");
  for (CLI::App* sub : {admin_backup, admin_backups, admin_restore, admin_verify}) {
    sub->add_flag("--json", admin_args.json, "print the response as one line of JSON");
  }

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
  if (command == canon) {
    if (canon_args.column.empty()) {
      err << "aka: canonicalize: one of --column (CSV) or --field (JSON lines) is required\n";
      return kExitUsage;
    }
    if (field_option->count() > 0 && canon_args.format.empty()) canon_args.format = "jsonl";
  }
  const std::string command_name = command->get_name();

  ClientOptions options = security;
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
  if (command == canon) return RunCanonicalizeCommand(canon_args, **client, out, err);
  if (command == merge) return RunMerge(merge_args, **client, out, err);
  if (command == split) return RunSplit(split_args, **client, out, err);
  if (command == undo) return RunUndo(undo_args, **client, out, err);
  if (command == history) return RunHistory(history_args, **client, out, err);
  if (command == watch) return RunWatch(watch_args, **client, out, err);
  if (command == alias) {
    alias_args.add = alias_add->parsed();
    return RunAlias(alias_args, **client, out, err);
  }
  if (command == negative) {
    negative_args.add = negative_add->parsed();
    return RunNegative(negative_args, **client, out, err);
  }
  if (command == entity) {
    entity_args.action = entity_get->parsed()      ? EntityArgs::Action::kGet
                         : entity_list->parsed()   ? EntityArgs::Action::kList
                         : entity_create->parsed() ? EntityArgs::Action::kCreate
                         : entity_update->parsed() ? EntityArgs::Action::kUpdate
                                                   : EntityArgs::Action::kDelete;
    return RunEntity(entity_args, **client, out, err);
  }
  if (command == admin) {
    admin_args.action = admin_backup->parsed()    ? AdminArgs::Action::kBackup
                        : admin_backups->parsed() ? AdminArgs::Action::kListBackups
                        : admin_restore->parsed() ? AdminArgs::Action::kRestore
                                                  : AdminArgs::Action::kVerify;
    // Admin calls run with the client's long (stream) deadline: a backup or verify takes minutes on a big registry.
    return RunAdmin(admin_args, **client, out, err);
  }
  return RunHealth(health_args, **client, out, err);
}

}  // namespace aka::cli
