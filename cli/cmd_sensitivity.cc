// pcf sensitivity PRODUCT.yaml [--delta 10%] [--format text|md|html|json] [-o FILE] [--lang en|zh]
// One-at-a-time elasticities of every parameter and foreground amount, and the allocation alternatives
// (docs/sensitivity.md).
#include <filesystem>
#include <memory>

#include "cli/commands.h"
#include "cli/default_db.h"
#include "cli/limits_option.h"
#include "cli/output.h"
#include "engine/calc/sensitivity.h"
#include "engine/db/model_store.h"
#include "engine/model/product.h"
#include "engine/report/sensitivity_report.h"

namespace pcf::cli {

namespace {

namespace fs = std::filesystem;

struct Options {
  std::string product, database, format, output, language = "en", delta = "10%";
  SolveMethod solver = SolveMethod::kBlockTriangular;
  std::vector<std::string> limits;
};

void Run(const Options& o) {
  const double delta = ParseRelativeChange(o.delta, "--delta");  // before any work
  const Limits limits = LimitsFrom(o.limits);
  const std::string format = OutputFormat(o.output, o.format, WhatIfExtensions(), "text");
  const ProductFile product = ReadProductFile(o.product, limits);  // for its `database:` key
  std::string db = o.database;
  if (db.empty() && !product.database.empty()) db = (fs::path(o.product).parent_path() / product.database).string();
  const std::string db_path = ResolveDatabase(db);
  CheckOutputs({{o.product, "product file"}, {db_path, "database"}}, {{o.output, "-o"}});
  const StoredModel stored = LoadModel(db_path);
  SensitivityOptions options;
  options.delta = delta;
  options.solver = o.solver;
  options.limits = limits;
  const SensitivityResult result = RunSensitivity(o.product, stored, options);
  WriteOutput(o.output, FormatSensitivity(result, format, o.language == "zh" ? Language::kChinese : Language::kEnglish));
}

}  // namespace

void AddSensitivityCommand(CLI::App& app) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "sensitivity", "elasticities of the footprint to every parameter and foreground amount, and allocation alternatives");
  cmd->add_option("PRODUCT", o->product, "product file (YAML, docs/product-format.md)")->required();
  cmd->add_option("--delta", o->delta, "relative change of each input, e.g. 10% or 0.1 (default 10%)");
  cmd->add_option("--db", o->database, "database (default: the product file's, else the shipped Hubei database)");
  cmd->add_option("--format", o->format, "text, md, html, json (default: from the -o extension, else text)")
      ->check(CLI::IsMember(WhatIfFormats()));
  cmd->add_option("-o,--output", o->output, "output file (default: standard output)");
  cmd->add_option("--lang", o->language, "report language: en or zh (text, md, html)")->check(CLI::IsMember({"en", "zh"}));
  AddSolverOption(*cmd, &o->solver);
  AddLimitsOption(*cmd, &o->limits);
  cmd->callback([o] { Run(*o); });
}

}  // namespace pcf::cli
