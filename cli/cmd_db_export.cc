// pcf db export-matrices MODEL.sqlite -o DIR
#include <filesystem>
#include <memory>

#include "cli/commands.h"
#include "cli/output.h"
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
  cmd->callback([options] {
    // The files of the layout it writes must not be the database it reads (or a key).
    std::vector<NamedPath> outputs;
    for (const char* name : {"products.csv", "processes.csv", "flows.csv", "indicators.csv", "A.mtx", "B.mtx", "C.mtx"})
      outputs.push_back({(std::filesystem::path(options->output) / name).string(), "-o"});
    CheckOutputs({{options->database, "database"}}, outputs);
    WriteMatrixDir(LoadModel(options->database).model, options->output);
  });
}

}  // namespace pcf::cli
