// pcf db build [FACTORS_DIR DATA_DIR] -o hubei.sqlite
#include <memory>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "engine/calc/lci.h"
#include "engine/db/background_build.h"
#include "engine/db/model_store.h"

namespace pcf::cli {

void AddDbBuildCommand(CLI::App& db) {
  struct Options {
    std::string factors = "factors";
    std::string data = "data";
    std::string output;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = db.add_subcommand("build", "build the background database from factors/ and data/");
  cmd->add_option("FACTORS", options->factors, "folder of factor tables (default: factors)");
  cmd->add_option("DATA", options->data, "folder of background process files (default: data)");
  cmd->add_option("-o,--output", options->output, "database file to write")->required();
  cmd->callback([options] {
    CheckOutputs({{options->factors, "factor folder"}, {options->data, "data folder"}}, {{options->output, "-o"}});
    const BackgroundModel built = BuildBackground(options->factors, options->data);
    // Refuse a database whose technosphere cannot be solved: the error names the products and processes.
    FactorizeTechnosphere(built.model);
    const std::string hash = SaveModel(built.model, options->output, options->factors + " + " + options->data, built.info);
    std::fprintf(stderr, "%s\n",
                 fmt::format("built {}: {} processes, {} flows, {} factors, {} methods; content sha256 {}",
                             options->output, built.model.processes.Size(), built.model.flows.Size(),
                             built.info.factors.size(), built.model.indicators.Size(), hash).c_str());
  });
}

}  // namespace pcf::cli
