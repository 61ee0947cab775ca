// The `aka` executable: reads the environment and hands the command line to RunCli.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "client/cli/app.h"
#include "client/client.h"

int main(int argc, char** argv) {
  aka::cli::CliEnvironment env;
  if (const char* server = std::getenv("AKA_SERVER"); server != nullptr && *server != '\0') {
    env.default_server = server;
  }
  if (const char* token = std::getenv("AKA_TOKEN"); token != nullptr) env.default_token = token;
  env.make_client = &aka::Client::Create;
  return aka::cli::RunCli(std::vector<std::string>(argv + 1, argv + argc), env, std::cout, std::cerr);
}
