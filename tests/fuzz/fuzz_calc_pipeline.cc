// Fuzz target: the whole `pcf calc PRODUCT.yaml` pipeline (read → link → solve → analyse → render, then
// `pcf verify` of the result) on the shipped Hubei database, loaded once. The input is the product file;
// supplier footprints it names relative to itself are found in the work folder (suppliers/gypsum.json,
// v2.json, v3.json are written there once). Invariants: an accepted file gives a finite total, and its
// result verifies against the same database.
#include <cmath>

#include "engine/certify/submission.h"
#include "engine/core/error.h"
#include "engine/db/model_store.h"
#include "engine/run/product_run.h"
#include "fuzz/fuzz_support.h"

namespace {

const pcf::StoredModel& Database() {
  static const pcf::StoredModel db = [] {
    std::filesystem::create_directories(pcf::fuzz::WorkDir() / "suppliers");
    const char* v2 = R"({"specVersion": "2.3.0", "productNameCompany": "Starch S", "companyName": "Supplier A",
      "pcf": {"declaredUnit": "kilogram", "unitaryProductAmount": "1", "pCfExcludingBiogenic": "1.25",
              "ipccCharacterizationFactorsSources": ["AR6"]}})";
    pcf::fuzz::WriteInput("suppliers/gypsum.json", v2);
    pcf::fuzz::WriteInput("v2.json", v2);
    pcf::fuzz::WriteInput("v3.json", R"({"data": {"specVersion": "3.0.0", "productNameCompany": "Paper P",
      "companyName": "Supplier B", "pcf": {"declaredUnitOfMeasurement": "kilogram", "declaredUnitAmount": "1",
      "pcfExcludingBiogenicUptake": "0.8", "ipccCharacterizationFactors": ["AR6"]}}})");
    return pcf::LoadModel(pcf::fuzz::DatabasePath());
  }();
  return db;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const pcf::StoredModel& db = Database();
  const auto path = pcf::fuzz::WriteInput("product.yaml", pcf::fuzz::Text(data, size));
  pcf::ProductRunOptions options;
  options.render.created = "2025-01-01T00:00:00Z";
  pcf::ProductRun run;
  try {
    run = pcf::RunProductFile(path.string(), db, pcf::fuzz::DatabasePath().string(), options);
  } catch (const pcf::Error& e) {
    if (e.where().file.empty() && e.kind() != pcf::ErrorKind::kNumerical)
      pcf::fuzz::Fail("a refusal that names no file: " + e.ToString());
    return 0;
  }
  if (!std::isfinite(run.total)) pcf::fuzz::Fail("a non-finite total was reported");
  const auto result = pcf::fuzz::WriteInput("result.json", run.rendered);
  const pcf::SubmissionCheck check = pcf::VerifySubmission(result.string(), "", db, 1e-9);
  if (check.status != pcf::SubmissionStatus::kVerified)
    pcf::fuzz::Fail(std::string("the result does not verify: ") + pcf::SubmissionStatusName(check.status) + ": " +
                    check.detail);
  return 0;
}
