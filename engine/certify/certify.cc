// Recompute before signing (certify.h). The record is built from the verified result and, for CBAM, from
// a fresh run of the product file the verification read through the pipeline of `pcf calc`.
#include "engine/certify/certify.h"

#include <cmath>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/calc/cbam.h"
#include "engine/core/error.h"
#include "engine/core/numbers.h"
#include "engine/run/product_run.h"

namespace pcf {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json Member(const json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() ? json(nullptr) : *it;
}

// What the certificate states, in one place: the product and its figures per declared unit.
json Statement(const json& result) {
  const json product = Member(result, "product");
  const json method = Member(result, "method");
  json stages = json::object();
  json module_d = nullptr;
  for (const json& stage : Member(result, "stages").is_array() ? result.at("stages") : json::array()) {
    if (!stage.is_object() || !stage.contains("stage")) continue;
    if (stage.value("declared", true)) stages[stage.at("stage").get<std::string>()] = Member(stage, "total");
  }
  if (const json d = Member(result, "module_d"); d.is_object()) module_d = Member(d, "total");
  return {{"product_id", Member(product, "id")},
          {"product_name", Member(product, "name")},
          {"company", Member(product, "company")},
          {"company_ids", Member(product, "company_ids")},
          {"product_ids", Member(product, "product_ids")},
          {"geography", Member(product, "geography")},
          {"reference_period", Member(product, "reference_period")},
          {"declared_unit", Member(product, "declared_unit")},
          {"indicator", Member(method, "indicator")},
          {"unit", Member(method, "unit")},
          {"pcf_per_declared_unit", Member(method, "total")},
          {"stages", stages},
          {"module_d", module_d}};
}

// The CBAM embedded emissions of cement or clinker (t CO2 per t); null for other products.
json Cbam(const std::string& product_file, const StoredModel& database, SolveMethod solver, const Limits& limits,
          const ParameterOverrides& overrides) {
  ProductRunOptions options;
  options.parameter_overrides = overrides;  // a what-if result's parameters (verified above)
  options.solver = solver;
  options.limits = limits;
  const ProductResult result = CalculateProductFile(product_file, database, "", options);
  try {
    const CbamResult cbam = CalculateCbam(result.product, result.system, result.footprint, &database.info);
    const double direct = cbam.is_clinker ? cbam.see_clinker_direct : cbam.see_cement_direct;
    const double indirect = cbam.is_clinker ? cbam.see_clinker_indirect : cbam.see_cement_indirect;
    json out = {{"good", cbam.is_clinker ? "clinker" : "cement"},
                {"unit", "t CO2 per t"},
                {"specific_direct", direct},
                {"specific_indirect", indirect},
                {"specific_total", direct + indirect},
                {"electricity_factor_t_per_mwh", cbam.factor_used().t_per_mwh},
                {"clinker_origin", cbam.clinker_origin == CbamPrecursorOrigin::kOwnInstallation ? "own installation"
                                   : cbam.clinker_origin == CbamPrecursorOrigin::kSupplier    ? "supplier"
                                                                                              : "EU default values"}};
    if (!cbam.is_clinker) out["clinker_ratio"] = cbam.clinker_ratio;
    return out;
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::kUnsupported) return nullptr;  // neither cement nor clinker
    throw;
  }
}

// Numbers to rtol, everything else exactly; every difference listed.
void Compare(const std::string& path, const json& claimed, const json& recomputed, double rtol,
             std::vector<FigureDifference>* out, std::size_t* compared) {
  if (claimed.is_object() && recomputed.is_object()) {
    for (const auto& [key, value] : claimed.items())
      Compare(path + "." + key, value, Member(recomputed, key.c_str()), rtol, out, compared);
    for (const auto& [key, value] : recomputed.items())
      if (!claimed.contains(key)) Compare(path + "." + key, nullptr, value, rtol, out, compared);
    return;
  }
  ++*compared;
  if (claimed.is_number() && recomputed.is_number()) {
    const double c = claimed.get<double>(), r = recomputed.get<double>();
    if (c != r && !(std::fabs(c - r) <= rtol * std::max(std::fabs(c), std::fabs(r))))
      out->push_back({path, c, r, false, "", ""});
    return;
  }
  if (claimed != recomputed)
    out->push_back({path, std::nan(""), std::nan(""), true, claimed.dump(), recomputed.dump()});
}

std::optional<fs::path> ProductFileOf(const json& manifest, const std::string& folder, const std::string& product_yaml) {
  std::error_code ec;
  const json inputs = Member(manifest, "inputs");
  if (inputs.is_array() && !inputs.empty() && inputs[0].is_object() && inputs[0].contains("file") &&
      inputs[0]["file"].is_string()) {
    const fs::path file = inputs[0]["file"].get<std::string>();
    const fs::path from_result = inputs[0].contains("from_result") && inputs[0]["from_result"].is_string()
                                     ? (fs::path(folder) / inputs[0]["from_result"].get<std::string>()).lexically_normal()
                                     : fs::path();
    if (!from_result.empty() && fs::is_regular_file(from_result, ec)) return from_result;
    for (const fs::path& candidate : {file, fs::path(folder) / file, fs::path(folder) / file.filename()})
      if (fs::is_regular_file(candidate, ec)) return candidate;
  }
  if (!product_yaml.empty() && fs::is_regular_file(product_yaml, ec)) return fs::path(product_yaml);
  return std::nullopt;
}

}  // namespace

Certification RecomputeForCertificate(const std::string& name, const std::string& result_text, const std::string& folder,
                                      const std::string& product_yaml, const StoredModel& database, double rtol,
                                      std::optional<SolveMethod> solver, const Limits& limits) {
  Certification out;
  out.check = VerifySubmissionText(name, result_text, folder, product_yaml, database, rtol, solver, limits);
  if (out.check.status != SubmissionStatus::kVerified) return out;
  try {
    const json result = json::parse(result_text);
    const json manifest = Member(result, "manifest");
    const SolveMethod method =
        RecomputeSolver(solver, Member(manifest, "solver").is_string() ? manifest.at("solver").get<std::string>() : "");
    json record = json::object();
    record["verification"] = {{"outcome", "verified"},
                              {"rtol", rtol},
                              {"fields_compared", out.check.figures_compared},
                              {"pcf_version", PCF_VERSION},
                              {"solver", SolveMethodName(method)},
                              {"database", {{"name", database.info.name},
                                            {"version", database.info.version},
                                            {"sha256", database.content_sha256}}}};
    record["statement"] = Statement(result);
    const ParameterOverrides overrides = ManifestOverrides(manifest.dump()).value_or(ParameterOverrides());
    if (json cbam = Cbam(out.check.product_file, database, method, limits, overrides); !cbam.is_null())
      record["cbam"] = std::move(cbam);
    out.record_json = record.dump();
  } catch (const std::exception& e) {
    out.check.status = SubmissionStatus::kCannotRecompute;
    out.check.detail = fmt::format("the certificate record cannot be made: {}", e.what());
  }
  return out;
}

std::string CertificateClaims(const std::string& certificate_text) {
  try {
    const json certificate = json::parse(certificate_text);
    const json figures = Member(certificate, "figures");
    if (!figures.is_object()) return "";
    json claims = {{"product", Member(certificate, "product")},
                   {"method", {{"indicator", Member(figures, "indicator")},
                               {"name", Member(figures, "indicator_name")},
                               {"total", Member(figures, "total")},
                               {"unit", Member(figures, "unit")}}},
                   {"impacts", Member(figures, "impacts")},
                   {"manifest", Member(certificate, "manifest")}};
    for (const char* key : {"stages", "split", "gas_groups", "module_d"})
      if (figures.contains(key)) claims[key] = figures.at(key);
    return claims.dump();
  } catch (const json::exception&) {
    return "";
  }
}

bool CertificateInputsAtHand(const std::string& certificate_text, const std::string& folder,
                             const std::string& product_yaml) {
  try {
    return ProductFileOf(Member(json::parse(certificate_text), "manifest"), folder, product_yaml).has_value();
  } catch (const json::exception&) {
    return false;
  }
}

SubmissionCheck RecomputeCertificate(const std::string& name, const std::string& certificate_text,
                                     const std::string& folder, const std::string& product_yaml,
                                     const StoredModel& database, double rtol, std::optional<SolveMethod> solver,
                                     const Limits& limits) {
  const std::string claims = CertificateClaims(certificate_text);
  Certification again = RecomputeForCertificate(name, claims, folder, product_yaml, database, rtol, solver, limits);
  SubmissionCheck& check = again.check;
  if (check.status != SubmissionStatus::kVerified) return check;
  // The signed record (statement, CBAM) must be what the figures give.
  const json certificate = json::parse(certificate_text);
  const json record = json::parse(again.record_json);
  std::vector<FigureDifference> differences;
  std::size_t compared = 0;
  for (const char* key : {"statement", "cbam"})
    if (certificate.contains(key)) Compare(key, certificate.at(key), Member(record, key), rtol, &differences, &compared);
  check.figures_compared += compared;
  if (!differences.empty()) {
    check.status = SubmissionStatus::kMismatch;
    check.detail = fmt::format("{} of the certificate's recorded fields differ from the recomputation: {}", differences.size(),
                               differences.front().figure);
    check.differences = std::move(differences);
  }
  return check;
}

}  // namespace pcf
