// pcf compare A.yaml B.yaml … | pcf compare A.yaml --scenario NAME:KEY=VALUE,… … [--format text|md|html|json]
// [-o FILE] [--lang en|zh]: totals and stages with differences against the first (docs/sensitivity.md).
#include <filesystem>
#include <memory>
#include <set>

#include "cli/commands.h"
#include "cli/default_db.h"
#include "cli/limits_option.h"
#include "cli/output.h"
#include "engine/calc/comparison.h"
#include "engine/core/error.h"
#include "engine/db/model_store.h"
#include "engine/model/product.h"
#include "engine/report/compare_report.h"
#include "engine/report/sensitivity_report.h"

namespace pcf::cli {

namespace {

namespace fs = std::filesystem;

struct Options {
  std::vector<std::string> products, scenarios, limits;
  std::string database, format, output, language = "en";
  SolveMethod solver = SolveMethod::kBlockTriangular;
};

void Run(const Options& o) {
  // The cases first: a malformed scenario is refused before anything is read.
  std::vector<ComparisonCase> cases;
  if (!o.scenarios.empty()) {
    if (o.products.size() != 1)
      throw Error(ErrorKind::kUsage, "--scenario compares one product file with itself: give exactly one file");
    cases.push_back({fs::path(o.products[0]).stem().string(), o.products[0], {}});
    std::set<std::string> names = {cases[0].label};
    for (const std::string& s : o.scenarios) {
      cases.push_back(ParseScenario(s, o.products[0]));
      if (!names.insert(cases.back().label).second)
        throw Error(ErrorKind::kUsage, "--scenario: the name \"" + cases.back().label + "\" is used twice");
    }
  } else {
    for (const std::string& p : o.products) cases.push_back({fs::path(p).filename().string(), p, {}});
  }
  const Limits limits = LimitsFrom(o.limits);
  const std::string format = OutputFormat(o.output, o.format, WhatIfExtensions(), "text");
  const ProductFile first = ReadProductFile(o.products.at(0), limits);  // for its `database:` key
  std::string db = o.database;
  if (db.empty() && !first.database.empty()) db = (fs::path(o.products[0]).parent_path() / first.database).string();
  const std::string db_path = ResolveDatabase(db);
  std::vector<NamedPath> inputs = {{db_path, "database"}};
  for (const std::string& p : o.products) inputs.push_back({p, "product file"});
  CheckOutputs(inputs, {{o.output, "-o"}});
  const StoredModel stored = LoadModel(db_path);
  const Comparison comparison = CompareProducts(cases, stored, o.solver, limits);
  WriteOutput(o.output, FormatComparison(comparison, format, o.language == "zh" ? Language::kChinese : Language::kEnglish));
}

}  // namespace

void AddCompareCommand(CLI::App& app) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("compare", "totals and stages of product files (or scenarios of one) with differences");
  cmd->add_option("PRODUCTS", o->products, "product files; the first is the reference")->required();
  cmd->add_option("--scenario", o->scenarios, "NAME:KEY=VALUE,KEY=VALUE: the one product file with these parameters (repeatable)")
      ->expected(1)
      ->take_all();
  cmd->add_option("--db", o->database, "database (default: the first product file's, else the shipped Hubei database)");
  cmd->add_option("--format", o->format, "text, md, html, json (default: from the -o extension, else text)")
      ->check(CLI::IsMember(WhatIfFormats()));
  cmd->add_option("-o,--output", o->output, "output file (default: standard output)");
  cmd->add_option("--lang", o->language, "report language: en or zh (text, md, html)")->check(CLI::IsMember({"en", "zh"}));
  AddSolverOption(*cmd, &o->solver);
  AddLimitsOption(*cmd, &o->limits);
  cmd->callback([o] { Run(*o); });
}

}  // namespace pcf::cli
