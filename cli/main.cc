// pcf — product carbon footprint engine. Parses the command line, runs one subcommand, and turns errors
// into a message on stderr and an exit code (docs/exit-codes.md).
#include <map>
#include <string_view>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/run_app.h"

namespace pcf::cli {

CLI::Option* AddSolverOption(CLI::App& command, SolveMethod* method) {
  static const std::map<std::string, SolveMethod> kMethods = {{"block-triangular", SolveMethod::kBlockTriangular},
                                                              {"sparse-lu", SolveMethod::kSparseLU},
                                                              {"dense-lu", SolveMethod::kDenseLU},
                                                              {"iterative", SolveMethod::kIterative}};
  return command.add_option("--solver", *method, "factorization: block-triangular (default), sparse-lu, dense-lu, iterative (GMRES in large loops, see docs/solver.md)")
      ->transform(CLI::CheckedTransformer(kMethods, CLI::ignore_case));
}

CLI::Option* AddMonteCarloOptions(CLI::App& command, std::uint64_t* draws, std::uint64_t* seed, const std::string& what) {
  CLI::Option* mc = command.add_option("--mc", *draws, "Monte Carlo: N draws of every uncertain value (docs/uncertainty.md); " + what)
                        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{10000000}));
  command.add_option("--seed", *seed, "Monte Carlo seed, 0 to 2^53 - 1 (default 0): the same seed, the same draws")
      ->check(CLI::Range(std::uint64_t{0}, (std::uint64_t{1} << 53) - 1))
      ->needs(mc);
  return mc;
}

}  // namespace pcf::cli

int main(int argc, char** argv) {
  using namespace pcf::cli;
  if (argc >= 2 && std::string_view(argv[1]) == "serve") return RunServeProgram(argv);
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
  // Listed for --help only: `pcf serve` runs pcf-serve before the command line is parsed (cli/run_app.h).
  app.add_subcommand("serve", "a PACT v3 Data Exchange host over HTTPS (docs/pact-host.md; pcf serve --help)");
  return RunApp(app, argc, argv);
}
