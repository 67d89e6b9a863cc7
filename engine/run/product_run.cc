#include "engine/run/product_run.h"

#include <filesystem>

#include <fmt/format.h>

#include "engine/calc/gates.h"
#include "engine/core/atomic_file.h"
#include "engine/core/sha256.h"
#include "engine/model/product.h"

namespace pcf {

FootprintReport ProductResult::Report() const {
  return {product, system, footprint, analysis, manifest, database_info, warnings, cbam ? &*cbam : nullptr,
          monte_carlo ? &*monte_carlo : nullptr, sensitivity ? &*sensitivity : nullptr};
}

ProductResult CalculateProductFile(const std::string& product_path, const StoredModel& database,
                                   const std::string& db_path, const ProductRunOptions& options) {
  return CalculateProductFile(ReadProductFile(product_path, options.limits, options.parameter_overrides), database,
                              db_path, options);
}

ProductResult CalculateProductFile(ProductFile product_file, const StoredModel& database, const std::string& db_path,
                                   const ProductRunOptions& options) {
  const std::string product_path = product_file.path;
  ProductResult result;
  result.database_info = &database.info;
  result.product = std::move(product_file);
  result.system = LinkProduct(result.product, database);
  result.footprint = CalculateFootprint(result.system, options.solver);
  const ProductFile& product = result.product;
  const LinkedSystem& system = result.system;
  const Footprint& footprint = result.footprint;
  CalcManifest& manifest = result.manifest;
  manifest.db_path = db_path;
  manifest.db_sha256 = database.content_sha256;
  manifest.db_name = database.info.name;
  manifest.db_version = database.info.version;
  manifest.method = system.model.indicators.At(system.method_row).id;
  manifest.input_file = product_path;
  manifest.input_sha256 = product.sha256;  // of the bytes parsed, not of a second read
  manifest.inputs.push_back({product_path, manifest.input_sha256});
  for (const SupplierRecord& s : system.suppliers) manifest.inputs.push_back({s.file, s.sha256});
  if (!options.result_dir.empty()) {
    const std::filesystem::path from = std::filesystem::weakly_canonical(std::filesystem::absolute(options.result_dir));
    for (const auto& [file, sha256] : manifest.inputs)
      manifest.inputs_from_result.push_back(
          std::filesystem::weakly_canonical(std::filesystem::absolute(file)).lexically_relative(from).generic_string());
  }
  manifest.solver = footprint.solver;
  manifest.residual = footprint.lci.residual;
  manifest.backward_error = footprint.lci.backward_error;
  manifest.condition_estimate = footprint.lci.condition_estimate;
  manifest.condition_warning = footprint.condition_warning;
  manifest.cutoff_percent = options.cutoff_percent;
  manifest.overrides.assign(options.parameter_overrides.begin(), options.parameter_overrides.end());

  result.analysis = Analyze(system, footprint, options.cutoff_percent / 100, 10);
  std::vector<Warning>& warnings = result.warnings;
  warnings = CheckGates(product, system, footprint, &database.info);
  if (!footprint.condition_warning.empty())
    warnings.push_back({"ill-conditioned", product_path, "", footprint.condition_warning});
  if (options.strict && !warnings.empty()) {
    const Warning& w = warnings.front();
    throw Error(ErrorKind::kBadInput,
                fmt::format("{} [{}]; --strict makes warnings errors ({} warning{})", w.message, w.code, warnings.size(),
                            warnings.size() == 1 ? "" : "s"),
                {w.file, 0, 0, w.field});
  }
  // Throws Error(kUnsupported) for a product that is neither cement nor clinker, before anything is rendered.
  if (options.format == "cbam") result.cbam = CalculateCbam(product, system, footprint, &database.info);
  if (options.monte_carlo.draws > 0) {
    result.monte_carlo = RunMonteCarlo(product, database, system, footprint, options.solver, options.monte_carlo);
    manifest.mc_draws = options.monte_carlo.draws;
    manifest.mc_seed = options.monte_carlo.seed;
  }
  if (options.sensitivity && (options.format == "md" || options.format == "html")) {
    SensitivityOptions sensitivity;
    sensitivity.solver = options.solver;
    sensitivity.limits = options.limits;
    sensitivity.parameter_overrides = options.parameter_overrides;
    result.sensitivity = RunSensitivity(product_path, database, sensitivity);
  }
  return result;
}

ProductRun RunProductFile(const std::string& product_path, const StoredModel& database, const std::string& db_path,
                          const ProductRunOptions& options) {
  return RunProductFile(ReadProductFile(product_path, options.limits, options.parameter_overrides), database, db_path,
                        options);
}

ProductRun RunProductFile(ProductFile product_file, const StoredModel& database, const std::string& db_path,
                          const ProductRunOptions& options) {
  const ProductResult result = CalculateProductFile(std::move(product_file), database, db_path, options);
  const FootprintReport report = result.Report();
  const CalcManifest& manifest = result.manifest;
  ProductRun run;
  run.rendered = RenderFootprint(report, options.format, options.render);
  run.summary = FormatFootprintText(report);
  run.product_id = result.product.id;
  run.method = manifest.method;
  run.unit = result.system.model.indicators.At(result.system.method_row).unit;
  run.warnings = result.warnings;
  for (const auto& [file, sha256] : manifest.inputs) run.inputs.push_back(file);
  run.declared_unit_amount = result.product.declared_unit.amount;
  run.declared_unit = result.product.declared_unit.unit.name;
  run.input_sha256 = manifest.input_sha256;
  run.total = result.footprint.lci.scores[static_cast<Eigen::Index>(result.system.method_row)];
  if (result.monte_carlo) {
    run.monte_carlo_draws_csv = FormatMonteCarloDrawsCsv(*result.monte_carlo);
    run.monte_carlo_seconds = result.monte_carlo->seconds;
    run.monte_carlo_total = result.monte_carlo->total;
  }
  return run;
}

}  // namespace pcf
