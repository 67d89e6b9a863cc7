#include "engine/run/product_run.h"

#include <filesystem>

#include <fmt/format.h>

#include "engine/calc/analysis.h"
#include "engine/calc/footprint.h"
#include "engine/calc/gates.h"
#include "engine/calc/link.h"
#include "engine/core/atomic_file.h"
#include "engine/core/sha256.h"
#include "engine/model/product.h"

namespace pcf {

ProductRun RunProductFile(const std::string& product_path, const StoredModel& database, const std::string& db_path,
                          const ProductRunOptions& options) {
  const std::string product_bytes = ReadWholeFile(product_path, {options.limits.product_file_size, "product_file_size"});
  const ProductFile product = ReadProductFile(product_path, options.limits);
  const LinkedSystem system = LinkProduct(product, database);
  const Footprint footprint = CalculateFootprint(system, options.solver);
  CalcManifest manifest;
  manifest.db_path = db_path;
  manifest.db_sha256 = database.content_sha256;
  manifest.db_name = database.info.name;
  manifest.db_version = database.info.version;
  manifest.method = system.model.indicators.At(system.method_row).id;
  manifest.input_file = product_path;
  manifest.input_sha256 = Sha256Hex(product_bytes);
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

  const Analysis analysis = Analyze(system, footprint, options.cutoff_percent / 100, 10);
  std::vector<Warning> warnings = CheckGates(product, system, footprint, &database.info);
  if (!footprint.condition_warning.empty())
    warnings.push_back({"ill-conditioned", product_path, "", footprint.condition_warning});
  if (options.strict && !warnings.empty()) {
    const Warning& w = warnings.front();
    throw Error(ErrorKind::kBadInput,
                fmt::format("{} [{}]; --strict makes warnings errors ({} warning{})", w.message, w.code, warnings.size(),
                            warnings.size() == 1 ? "" : "s"),
                {w.file, 0, 0, w.field});
  }
  const FootprintReport report{product, system, footprint, analysis, manifest, &database.info, warnings};
  ProductRun run;
  run.rendered = RenderFootprint(report, options.format, options.render);
  run.summary = FormatFootprintText(report);
  run.product_id = product.id;
  run.method = manifest.method;
  run.unit = system.model.indicators.At(system.method_row).unit;
  run.warnings = std::move(warnings);
  for (const auto& [file, sha256] : manifest.inputs) run.inputs.push_back(file);
  run.declared_unit_amount = product.declared_unit.amount;
  run.declared_unit = product.declared_unit.unit.name;
  run.input_sha256 = manifest.input_sha256;
  run.total = footprint.lci.scores[static_cast<Eigen::Index>(system.method_row)];
  return run;
}

}  // namespace pcf
