// pcf db import-matrices DIR -o MODEL.sqlite
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "engine/db/matrix_dir.h"
#include "engine/db/model_store.h"

namespace pcf::cli {

void AddDbImportCommand(CLI::App& db) {
  struct Options {
    std::string dir;
    std::string output;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = db.add_subcommand("import-matrices", "store a matrix-layout model folder in an SQLite database");
  cmd->add_option("DIR", options->dir, "model folder (products.csv, processes.csv, flows.csv, indicators.csv, "
                                        "A.mtx, B.mtx, C.mtx, demands/)")->required();
  cmd->add_option("-o,--output", options->output, "database file to write")->required();
  cmd->callback([options] {
    CheckOutputs({{options->dir, "model folder"}}, {{options->output, "-o"}});
    const Model model = ReadMatrixDir(options->dir);
    const std::string hash = SaveModel(model, options->output, std::filesystem::path(options->dir).string());
    std::fprintf(stderr, "%s\n",
                 fmt::format("imported {} products, {} processes, {} flows, {} indicators; content sha256 {}",
                             model.products.Size(), model.processes.Size(), model.flows.Size(),
                             model.indicators.Size(), hash).c_str());
  });
}

}  // namespace pcf::cli
