// pcf calc PRODUCT.yaml [--db MODEL.sqlite] [-o FILE] [--format json|text]
// pcf calc --demand DEMAND.csv [--db MODEL.sqlite] [-o FILE] [--format json|text]
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/default_db.h"
#include "cli/limits_option.h"
#include "cli/output.h"
#include "engine/calc/analysis.h"
#include "engine/calc/footprint.h"
#include "engine/calc/lci.h"
#include "engine/calc/link.h"
#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/core/parameter_overrides.h"
#include "engine/core/sha256.h"
#include "engine/db/matrix_dir.h"
#include "engine/db/model_store.h"
#include "engine/model/product.h"
#include "engine/report/calc_report.h"
#include "engine/report/footprint_report.h"
#include "engine/report/render.h"
#include "engine/run/product_run.h"

namespace pcf::cli {

namespace {

namespace fs = std::filesystem;

struct Options {
  std::string product;
  std::string database;
  std::string demand;
  std::string format;
  std::string output;
  SolveMethod method = SolveMethod::kBlockTriangular;
  double cutoff_percent = 0.5;
  std::string language = "en";
  bool strict = false;
  std::vector<std::string> limits;  // --limits
  std::uint64_t mc = 0;              // --mc N: Monte Carlo draws (docs/uncertainty.md)
  std::uint64_t seed = 0;            // --seed S
  unsigned jobs = 0;                 // --jobs J (0: one per core)
  std::string mc_draws;              // --mc-draws FILE.csv
  std::vector<std::string> set;      // --set NAME=VALUE (docs/sensitivity.md)
  bool no_sensitivity = false;       // --no-sensitivity: md/html study report without its sensitivity section
};


CalcManifest ManifestFor(const std::string& db_path, const StoredModel& stored) {
  CalcManifest manifest;
  manifest.db_path = db_path;
  manifest.db_sha256 = stored.content_sha256;
  manifest.method = stored.info.default_indicator;
  manifest.db_name = stored.info.name;
  manifest.db_version = stored.info.version;
  return manifest;
}

// A matrix demand on a model database (issue 3's form).
void RunDemand(const Options& o) {
  if (!o.format.empty() && o.format != "json" && o.format != "text")
    throw CLI::ValidationError("--format", "a demand calculation writes json or text; reports need a product file");
  const std::string db_path = ResolveDatabase(o.database);
  CheckOutputs({{o.demand, "demand"}, {db_path, "database"}}, {{o.output, "-o"}});
  const std::string format = OutputFormat(o.output, o.format, DemandResultExtensions(), "json");
  const StoredModel stored = LoadModel(db_path);
  const std::string demand_text = ReadWholeFile(o.demand);
  const auto entries = ParseDemandCsv(demand_text, o.demand, stored.model.products);
  const Factorization factorization = FactorizeTechnosphere(stored.model, o.method);
  const LciResult result = CalculateLci(stored.model, factorization, DemandVector(stored.model, entries));
  CalcManifest manifest = ManifestFor(db_path, stored);
  manifest.input_file = o.demand;
  manifest.input_sha256 = Sha256Hex(demand_text);
  manifest.solver = SolveMethodName(factorization.method());
  manifest.residual = result.residual;
  RecordSolveQuality(stored.model, factorization, result, &manifest);
  if (!manifest.condition_warning.empty()) std::fprintf(stderr, "warning: %s\n", manifest.condition_warning.c_str());
  WriteOutput(o.output, format == "text" ? FormatCalcText(stored.model, result, manifest)
                                         : FormatCalcJson(stored.model, result, manifest));
}

// A product file against the background database: summary to the terminal, the report to a file.
void RunProduct(const Options& o) {
  const Limits limits = LimitsFrom(o.limits);
  const ParameterOverrides overrides = ParseParameterOverrides(o.set, "--set");
  ProductFile product = ReadProductFile(o.product, limits, overrides);  // for its `database:` key, then the run
  std::string db = o.database;
  if (db.empty() && !product.database.empty()) db = (fs::path(o.product).parent_path() / product.database).string();
  const std::string db_path = ResolveDatabase(db);
  std::string output = o.output;
  if (output.empty()) output = fs::path(o.product).stem().string() + DefaultOutputSuffix(o.format.empty() ? "json" : o.format);
  // Refused before any work: an output that is an input, a key, or whose extension is not the format's.
  std::vector<NamedPath> outputs = {{output, "-o"}};
  if (!o.mc_draws.empty()) {
    OutputFormat(o.mc_draws, "csv", ScoresExtensions(), "csv", "--mc-draws");  // a .csv file
    outputs.push_back({o.mc_draws, "--mc-draws"});
  }
  CheckOutputs({{o.product, "product file"}, {db_path, "database"}}, outputs);
  ProductRunOptions run_options;
  run_options.format = OutputFormat(output, o.format, ProductReportExtensions(), "json");
  if (o.mc > 0) RequireMonteCarloFormat(run_options.format);
  const StoredModel stored = LoadModel(db_path);
  run_options.cutoff_percent = o.cutoff_percent;
  run_options.strict = o.strict;
  run_options.limits = limits;
  run_options.solver = o.method;
  run_options.render.language = o.language == "zh" ? Language::kChinese : Language::kEnglish;
  run_options.render.created = CreationTime();
  run_options.parameter_overrides = overrides;
  run_options.sensitivity = !o.no_sensitivity;  // the engine runs it for md and html only
  run_options.monte_carlo.draws = o.mc;
  run_options.monte_carlo.seed = o.seed;
  run_options.monte_carlo.jobs = o.jobs > 0 ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  // Rendered in full before anything is written: a report of a failed calculation is never written.
  const ProductRun run = RunProductFile(std::move(product), stored, db_path, run_options);
  std::vector<NamedPath> inputs = {{db_path, "database"}};
  for (std::size_t k = 0; k < run.inputs.size(); ++k) inputs.push_back({run.inputs[k], k == 0 ? "product file" : "supplier footprint"});
  CheckOutputs(inputs, outputs);  // the supplier footprints are known now
  if (!o.mc_draws.empty()) WriteOutput(o.mc_draws, run.monte_carlo_draws_csv);
  WriteOutput(output, run.rendered);
  for (const Warning& w : run.warnings) std::cerr << "pcf: warning: " << WarningLine(w) << "\n";
  if (output != "-") WriteOutput("", run.summary + "  result: " + output + "\n");
}

}  // namespace

void AddCalcCommand(CLI::App& app) {
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("calc", "calculate the footprint of a product file, or the inventory of a demand");
  cmd->add_option("PRODUCT", options->product, "product file (YAML, docs/product-format.md)");
  cmd->add_option("--db", options->database, "database (default: the product file's, else the shipped Hubei database)");
  cmd->add_option("--demand", options->demand, "demand CSV (product_id,amount) instead of a product file");
  cmd->add_option("--format", options->format,
                  "json, text, md, html, csv, pact-v2, pact-v3, cbam (default: from the -o extension, else json; "
                  "with --demand: json or text)")
      ->check(CLI::IsMember(ReportFormats()));
  cmd->add_option("--lang", options->language, "report language: en or zh (md, html, cbam)")
      ->check(CLI::IsMember({"en", "zh"}));
  cmd->add_option("-o,--output", options->output,
                  "output file; for a product file the default is ./<name>.result.json (\"-\": standard output)");
  cmd->add_option("--cutoff", options->cutoff_percent,
                  "contribution tree: branches below this percent of the total are summed, not expanded (default 0.5)")
      ->check(CLI::Range(0.0, 100.0));
  cmd->add_flag("--strict", options->strict,
               "warnings (supplier gates, plausibility ranges) are errors: exit 3, nothing written");
  AddSolverOption(*cmd, &options->method);
  AddLimitsOption(*cmd, &options->limits);
  CLI::Option* mc = AddMonteCarloOptions(*cmd, &options->mc, &options->seed, "the result gains `uncertainty`");
  cmd->add_option("--jobs", options->jobs, "Monte Carlo threads (default: one per core); never changes a result")
      ->check(CLI::Range(1u, 1024u))
      ->needs(mc);
  cmd->add_option("--mc-draws", options->mc_draws, "write every draw (draw, total, stages) to this CSV file")->needs(mc);
  cmd->add_option("--set", options->set,
                  "NAME=VALUE: replace a parameter of the product file for this run (repeatable; recorded in the "
                  "manifest as `overrides`, docs/sensitivity.md)")
      ->expected(1)  // one NAME=VALUE per --set, so a product file after it stays positional
      ->take_all();
  cmd->add_flag("--no-sensitivity", options->no_sensitivity,
               "md, html: leave out the study report's sensitivity section (one solve per input, docs/sensitivity.md)");
  cmd->callback([options] {
    if (options->product.empty() == options->demand.empty())
      throw CLI::ValidationError("calc", "give either a product file or --demand");
    if (!options->set.empty() && !options->demand.empty())
      throw CLI::ValidationError("--set", "--set replaces parameters of a product file, not of --demand");
    if (options->mc > 0 && !options->demand.empty())
      throw CLI::ValidationError("--mc", "Monte Carlo needs a product file (its uncertainties), not --demand");
    if (!options->product.empty()) RunProduct(*options);
    else RunDemand(*options);
  });
}

}  // namespace pcf::cli
