// The `aka` command line: parses flags (CLI11), creates the client and dispatches to the commands in
// commands.h. Separate from main.cc so tests can run whole command lines, usage errors included.
#ifndef AKA_CLIENT_CLI_APP_H_
#define AKA_CLIENT_CLI_APP_H_

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/client.h"

namespace aka::cli {

// Creates the client for a command; main() passes aka::Client::Create, tests return a MockClient.
using ClientFactory = std::function<absl::StatusOr<std::unique_ptr<Client>>(const ClientOptions& options)>;

struct CliEnvironment {
  // --server default: main() fills it from $AKA_SERVER, or 127.0.0.1:50051 when that is unset or empty.
  std::string default_server = "127.0.0.1:50051";
  // --token default: main() fills it from $AKA_TOKEN (an environment variable keeps it out of `ps`).
  std::string default_token;
  ClientFactory make_client;
};

// Runs one command line; `args` excludes the program name. Returns the exit code (see ExitCode in
// commands.h); --help prints to `out` and returns 0. The client is created only once the line parsed.
int RunCli(const std::vector<std::string>& args, const CliEnvironment& env, std::ostream& out, std::ostream& err);

}  // namespace aka::cli

#endif  // AKA_CLIENT_CLI_APP_H_
