// pcf-serve: the program behind `pcf serve` (docs/pact-host.md). It is a program of its own so that only the
// server loads OpenSSL and cpp-httplib; every other pcf command starts without them. pcf runs it with its
// own arguments ("pcf serve …"), so its messages and --help read as pcf's.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/run_app.h"

int main(int argc, char** argv) {
  CLI::App app{"pcf — product carbon footprints for building materials (matrix LCA engine)", "pcf"};
  app.set_version_flag("--version", std::string("pcf ") + PCF_VERSION);
  app.require_subcommand(1);
  pcf::cli::AddServeCommand(app);
  return pcf::cli::RunApp(app, argc, argv);
}
