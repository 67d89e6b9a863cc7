// pcf db export-matrices MODEL.sqlite -o DIR
#include <memory>

#include "cli/commands.h"
#include "engine/db/matrix_dir.h"
#include "engine/db/model_store.h"

namespace pcf::cli {

void AddDbExportCommand(CLI::App& db) {
  struct Options {
    std::string database;
    std::string output;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = db.add_subcommand("export-matrices", "write a model database back as a matrix-layout folder");
  cmd->add_option("MODEL", options->database, "model database")->required();
  cmd->add_option("-o,--output", options->output, "folder to write")->required();
  cmd->callback([options] { WriteMatrixDir(LoadModel(options->database).model, options->output); });
}

}  // namespace pcf::cli
