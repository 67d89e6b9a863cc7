// pcf — product carbon footprint engine. Parses the command line, runs one subcommand, and turns errors
// into a message on stderr and an exit code (docs/exit-codes.md).
#include <cstdio>
#include <exception>
#include <map>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "engine/core/error.h"

namespace pcf::cli {

CLI::Option* AddSolverOption(CLI::App& command, SolveMethod* method) {
  static const std::map<std::string, SolveMethod> kMethods = {{"block-triangular", SolveMethod::kBlockTriangular},
                                                              {"sparse-lu", SolveMethod::kSparseLU},
                                                              {"dense-lu", SolveMethod::kDenseLU}};
  return command.add_option("--solver", *method, "factorization: block-triangular (default), sparse-lu, dense-lu")
      ->transform(CLI::CheckedTransformer(kMethods, CLI::ignore_case));
}

}  // namespace pcf::cli

int main(int argc, char** argv) {
  using namespace pcf::cli;
  CLI::App app{"pcf — product carbon footprints for building materials (matrix LCA engine)", "pcf"};
  app.set_version_flag("--version", std::string("pcf ") + PCF_VERSION);
  app.require_subcommand(1);
  CLI::App* db = app.add_subcommand("db", "build, import, export and inspect model databases");
  db->require_subcommand(1);
  AddDbImportCommand(*db);
  AddDbExportCommand(*db);
  AddDbBuildCommand(*db);
  AddDbInspectCommands(*db);
  AddCalcCommand(app);
  AddScoresCommand(app);
  AddVerifyCommand(app);
  AddKeygenCommand(app);
  AddCertifyCommand(app);
  AddBatchCommand(app);
  AddSensitivityCommand(app);
  AddCompareCommand(app);
  AddPublishCommand(app);
  AddClientsCommand(app);
  AddServeCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const ExitWithCode& verdict) {
    return verdict.code;
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  } catch (const pcf::Error& e) {
    std::fprintf(stderr, "pcf: error: %s\n", e.what());
    return ExitCodeFor(e.kind());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pcf: internal error: %s\n", e.what());
    return kExitInternal;
  }
  return kExitSuccess;
}
