// `aka admin backup|backups|restore|verify`: the Admin service (admin.proto). Text output is one line per
// backup or per problem; --json prints the response as one line of proto3 JSON. `verify` exits 1 when it
// found problems, so a cron job or the kill test can use it as a check.
#include <ostream>
#include <string>

#include "aka/v1/admin.pb.h"
#include "client/cli/commands.h"
#include "client/cli/output.h"
#include "google/protobuf/util/time_util.h"

namespace aka::cli {
namespace {

void PrintBackup(const v1::BackupInfo& backup, std::ostream& out) {
  out << "backup " << backup.backup_id() << "  " << google::protobuf::util::TimeUtil::ToString(backup.create_time())
      << "  " << backup.files() << " files  " << backup.size_bytes() << " bytes  through change #"
      << backup.last_sequence() << "\n";
}

// Prints `response` (JSON, or as `print_text` says) and returns the exit code; an RPC error is exit 3.
template <typename Response, typename PrintText>
int Finish(const absl::StatusOr<Response>& response, const AdminArgs& args, const char* command, std::ostream& out,
           std::ostream& err, PrintText print_text) {
  if (!response.ok()) {
    PrintError(err, command, response.status());
    return kExitRpcError;
  }
  if (args.json) {
    if (!PrintJsonLine(*response, command, out, err)) return kExitLocalError;
  } else {
    print_text(*response);
  }
  out.flush();
  return kExitOk;
}

}  // namespace

int RunAdmin(const AdminArgs& args, Client& client, std::ostream& out, std::ostream& err) {
  switch (args.action) {
    case AdminArgs::Action::kBackup:
      return Finish(client.Backup(v1::BackupRequest()), args, "admin backup", out, err,
                    [&out](const v1::BackupResponse& response) { PrintBackup(response.backup(), out); });
    case AdminArgs::Action::kListBackups:
      return Finish(client.ListBackups(v1::ListBackupsRequest()), args, "admin backups", out, err,
                    [&out](const v1::ListBackupsResponse& response) {
                      if (response.backups().empty()) out << "no backups\n";
                      for (const v1::BackupInfo& backup : response.backups()) PrintBackup(backup, out);
                    });
    case AdminArgs::Action::kRestore: {
      v1::RestoreRequest request;
      request.set_backup_id(args.backup_id);
      return Finish(client.Restore(request), args, "admin restore", out, err,
                    [&out](const v1::RestoreResponse& response) {
                      out << "staged ";
                      PrintBackup(response.backup(), out);
                      out << response.next_step() << "\n";
                    });
    }
    case AdminArgs::Action::kVerify: {
      v1::VerifyRequest request;
      request.set_backups(args.backups);
      absl::StatusOr<v1::VerifyResponse> response = client.Verify(request);
      const int code = Finish(response, args, "admin verify", out, err, [&out](const v1::VerifyResponse& verified) {
        for (const std::string& problem : verified.problems()) out << "problem: " << problem << "\n";
        out << (verified.ok() ? "clean: " : "NOT clean: ") << verified.entities() << " entities";
        if (verified.backups_checked() > 0) out << ", " << verified.backups_checked() << " backups checked";
        out << "\n";
      });
      if (code == kExitOk && !response->ok()) return kExitNegative;
      return code;
    }
  }
  return kExitUsage;
}

}  // namespace aka::cli
