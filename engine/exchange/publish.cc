#include "engine/exchange/publish.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/certify/submission.h"
#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/run/product_run.h"

namespace pcf {

bool IsPcfResult(const std::string& text) {
  const auto doc = nlohmann::json::parse(text, nullptr, false);
  return doc.is_object() && doc.contains("manifest") && doc["manifest"].is_object() && doc.contains("product");
}

std::string FootprintForPublishing(const std::string& path, const StoredModel& database, const std::string& db_path,
                                   const std::string& created) {
  const std::string text = ReadWholeFile(path);
  const auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    throw Error(ErrorKind::kBadInput, "is not a JSON object: expected a pcf result or a PACT v3 footprint", {path, 0, 0, ""});
  if (!IsPcfResult(text)) {
    const std::string spec = doc.contains("specVersion") && doc["specVersion"].is_string() ? doc["specVersion"].get<std::string>() : "";
    if (spec.rfind("3.", 0) == 0) return text;
    if (spec.rfind("2.", 0) == 0)
      throw Error(ErrorKind::kUnsupported, "is a PACT v2 footprint: the host serves PACT v3 (publish the pcf result, or its pact-v3 export)",
                  {path, 0, 0, "specVersion"});
    throw Error(ErrorKind::kBadInput, "is neither a pcf result (no manifest) nor a PACT v3 footprint (no specVersion 3.x.y)", {path, 0, 0, ""});
  }
  const SubmissionCheck check = VerifySubmission(path, "", database, 1e-9);
  if (check.status != SubmissionStatus::kVerified)
    throw Error(ErrorKind::kBadInput,
                fmt::format("not published: the result does not verify ({}): {}", SubmissionStatusName(check.status), check.detail),
                {path, 0, 0, ""});
  ProductRunOptions options;
  options.format = "pact-v3";
  options.render.created = created;
  const auto& manifest = doc["manifest"];
  if (const auto it = manifest.find("cutoff_percent"); it != manifest.end() && it->is_number()) options.cutoff_percent = it->get<double>();
  if (const auto it = manifest.find("solver"); it != manifest.end() && it->is_string())
    options.solver = RecomputeSolver(std::nullopt, it->get<std::string>());
  return RunProductFile(check.product_file, database, db_path, options).rendered;
}

}  // namespace pcf
