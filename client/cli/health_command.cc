// `aka health`: grpc.health.v1 Check; the Docker HEALTHCHECK runs it, so only SERVING exits 0.
#include <ostream>

#include "client/cli/commands.h"

namespace aka::cli {

int RunHealth(const HealthArgs& args, Client& client, std::ostream& out, std::ostream& err) {
  absl::StatusOr<HealthState> state = client.Health(args.service);
  if (!state.ok()) {
    PrintError(err, "health", state.status());
    return kExitRpcError;
  }
  switch (*state) {
    case HealthState::kServing:
      out << "SERVING\n";
      return kExitOk;
    case HealthState::kNotServing:
      out << "NOT_SERVING\n";
      return kExitNegative;
    case HealthState::kUnknown:
      break;
  }
  out << "UNKNOWN\n";
  return kExitNegative;
}

}  // namespace aka::cli
