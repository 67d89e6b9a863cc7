// pcf calc --db MODEL.sqlite --demand DEMAND.csv [--format json|text] [-o FILE]
#include <filesystem>
#include <memory>

#include "cli/commands.h"
#include "cli/default_db.h"
#include "cli/output.h"
#include "engine/calc/lci.h"
#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/core/sha256.h"
#include "engine/db/matrix_dir.h"
#include "engine/db/model_store.h"
#include "engine/report/calc_report.h"

namespace pcf::cli {

void AddCalcCommand(CLI::App& app) {
  struct Options {
    std::string database;
    std::string demand;
    std::string format;
    std::string output;
    SolveMethod method = SolveMethod::kBlockTriangular;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("calc", "calculate the inventory and impacts of a demand");
  cmd->add_option("--db", options->database, "model database (default: the shipped Hubei database)");
  cmd->add_option("--demand", options->demand, "demand CSV (product_id,amount)")->required();
  cmd->add_option("--format", options->format, "json or text (default: from the -o extension, else json)")
      ->check(CLI::IsMember({"json", "text"}));
  cmd->add_option("-o,--output", options->output, "output file (default: standard output)");
  AddSolverOption(*cmd, &options->method);
  cmd->callback([options] {
    std::string format = options->format;
    if (format.empty())
      format = std::filesystem::path(options->output).extension() == ".txt" ? "text" : "json";
    const std::string db_path = ResolveDatabase(options->database);
    const StoredModel stored = LoadModel(db_path);
    const std::string demand_text = ReadWholeFile(options->demand);
    const auto entries = ParseDemandCsv(demand_text, options->demand, stored.model.products);
    const Factorization factorization = FactorizeTechnosphere(stored.model, options->method);
    const LciResult result = CalculateLci(stored.model, factorization, DemandVector(stored.model, entries));
    CalcManifest manifest;
    manifest.db_path = db_path;
    manifest.db_sha256 = stored.content_sha256;
    manifest.input_file = options->demand;
    manifest.input_sha256 = Sha256Hex(demand_text);
    manifest.solver = SolveMethodName(factorization.method());
    manifest.residual = result.residual;
    manifest.method = stored.info.default_indicator;
    manifest.db_name = stored.info.name;
    manifest.db_version = stored.info.version;
    WriteOutput(options->output, format == "text" ? FormatCalcText(stored.model, result, manifest)
                                                  : FormatCalcJson(stored.model, result, manifest));
  });
}

}  // namespace pcf::cli
