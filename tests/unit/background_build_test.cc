// BuildBackground on the 3-process fixture tests/data/background-mini: the cradle-to-gate scores against a
// hand calculation, determinism and a lossless store round trip, provenance of every matrix entry, and a
// table of bad inputs (each one mutation of the good fixture) that must be refused with the right error
// kind, file, line, field and message.
#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "engine/calc/lci.h"
#include "engine/core/error.h"
#include "engine/db/background_build.h"
#include "engine/db/model_store.h"
#include "engine/system/model.h"
#include "support/test_files.h"

namespace fs = std::filesystem;
using pcf::ErrorKind;
using pcf::test::AppendLine;
using pcf::test::DeleteLine;
using pcf::test::MiniFixture;
using pcf::test::Mutation;
using pcf::test::NewFile;
using pcf::test::ReadText;
using pcf::test::RemoveAll;
using pcf::test::ReplaceLine;
using pcf::test::TempDir;
using pcf::test::WriteText;

namespace {

// --- Files --------------------------------------------------------------------------------------------

// A copy of the fixture in `to` (with factors/ and data/ below it).
void CopyFixture(const fs::path& to) { fs::copy(MiniFixture(), to, fs::copy_options::recursive); }

pcf::BackgroundModel Build(const fs::path& dir) { return pcf::BuildBackground(dir / "factors", dir / "data"); }

std::optional<pcf::Error> BuildFailure(const fs::path& dir) {
  try {
    Build(dir);
  } catch (const pcf::Error& e) {
    return e;
  }
  return std::nullopt;
}

// --- The hand calculation -----------------------------------------------------------------------------
//
// Fixture (factors/mini.csv, data/mini.yaml), per unit of reference product:
//   test electricity (kWh): 0.4 kg test coal; 0.4 · 2.0 kg "CO2, fossil"
//   test coal (kg):         0.02 kWh test electricity; 0.001 kg "CH4, fossil"
//   test cement (kg):       0.1 kWh test electricity; 0.5 kg "CO2, fossil, process"
// With g the characterization factor of "CH4, fossil" and k that of the two fossil CO2 flows:
//   e = 0.4 · 2.0 · k + 0.4 · c,   c = 0.001 · g + 0.02 · e   ⇒   e = (0.8 k + 0.0004 g) / (1 − 0.008)
//   cement = 0.5 · k + 0.1 · e
struct Expected {
  double electricity, coal, cement;
};

Expected HandScores(double k_co2, double g_ch4) {
  const double e = (0.4 * 2.0 * k_co2 + 0.4 * 0.001 * g_ch4) / (1.0 - 0.4 * 0.02);
  const double c = 0.001 * g_ch4 + 0.02 * e;
  return {e, c, 0.5 * k_co2 + 0.1 * e};
}

bool CloseRelative(double actual, double expected, double tolerance = 1e-12) {
  return std::abs(actual - expected) <= tolerance * std::abs(expected);
}

// --- Comparing two ModelInfo ---------------------------------------------------------------------------

void CheckSameInfo(const pcf::ModelInfo& a, const pcf::ModelInfo& b) {
  CHECK(a.name == b.name);
  CHECK(a.version == b.version);
  CHECK(a.default_indicator == b.default_indicator);
  REQUIRE(a.factors.size() == b.factors.size());
  for (std::size_t k = 0; k < a.factors.size(); ++k) {
    const pcf::FactorRecord& x = a.factors[k];
    const pcf::FactorRecord& y = b.factors[k];
    INFO("factor " << x.id);
    CHECK(x.id == y.id);
    CHECK(x.category == y.category);
    CHECK(x.name_en == y.name_en);
    CHECK(x.name_zh == y.name_zh);
    CHECK(std::bit_cast<std::uint64_t>(x.value) == std::bit_cast<std::uint64_t>(y.value));
    CHECK(x.unit == y.unit);
    CHECK(x.basis == y.basis);
    CHECK(x.boundary == y.boundary);
    CHECK(x.region == y.region);
    CHECK(x.data_year == y.data_year);
    CHECK(x.source == y.source);
    CHECK(x.confidence == y.confidence);
    CHECK(x.note == y.note);
    CHECK(x.file == y.file);
    CHECK(x.line == y.line);
  }
  REQUIRE(a.processes.size() == b.processes.size());
  for (std::size_t k = 0; k < a.processes.size(); ++k) {
    const pcf::ProcessInfo& x = a.processes[k];
    const pcf::ProcessInfo& y = b.processes[k];
    CHECK(x.name_zh == y.name_zh);
    CHECK(x.category == y.category);
    CHECK(x.region == y.region);
    CHECK(x.technology == y.technology);
    CHECK(x.year == y.year);
    CHECK(x.represent_technology == y.represent_technology);
    CHECK(x.represent_geography == y.represent_geography);
    CHECK(x.represent_time == y.represent_time);
    for (int q = 0; q < 5; ++q) CHECK(x.quality[q] == y.quality[q]);
    CHECK(x.version == y.version);
    CHECK(x.comment == y.comment);
    CHECK(x.file == y.file);
    CHECK(x.line == y.line);
    CHECK(x.treatment == y.treatment);
  }
  CHECK(a.product_names_zh == b.product_names_zh);
  CHECK(a.flow_names_zh == b.flow_names_zh);
  REQUIRE(a.entry_sources.size() == b.entry_sources.size());
  for (std::size_t k = 0; k < a.entry_sources.size(); ++k) {
    CHECK(a.entry_sources[k].matrix == b.entry_sources[k].matrix);
    CHECK(a.entry_sources[k].row == b.entry_sources[k].row);
    CHECK(a.entry_sources[k].col == b.entry_sources[k].col);
    CHECK(a.entry_sources[k].factor_id == b.entry_sources[k].factor_id);
  }
  REQUIRE(a.plausibility.size() == b.plausibility.size());
  for (std::size_t k = 0; k < a.plausibility.size(); ++k) {
    const pcf::PlausibilityRange& x = a.plausibility[k];
    const pcf::PlausibilityRange& y = b.plausibility[k];
    CHECK(x.product_id == y.product_id);
    CHECK(x.indicator_id == y.indicator_id);
    CHECK(std::bit_cast<std::uint64_t>(x.min) == std::bit_cast<std::uint64_t>(y.min));
    CHECK(std::bit_cast<std::uint64_t>(x.max) == std::bit_cast<std::uint64_t>(y.max));
    CHECK(x.sources == y.sources);
    CHECK(x.comment == y.comment);
  }
}

std::set<std::string> SourcesOf(const pcf::ModelInfo& info, char matrix, int row, int col) {
  std::set<std::string> ids;
  for (const pcf::EntrySource& e : info.entry_sources)
    if (e.matrix == matrix && e.row == row && e.col == col) ids.insert(e.factor_id);
  return ids;
}

}  // namespace

// --- Scores ---------------------------------------------------------------------------------------------

TEST_CASE("background-mini: cradle-to-gate scores of every product and method match the hand formula") {
  const pcf::BackgroundModel built = Build(MiniFixture());
  const pcf::Model& m = built.model;

  REQUIRE(m.products.Size() == 3);
  REQUIRE(m.processes.Size() == 3);
  REQUIRE(m.flows.Size() == 15);
  REQUIRE(m.indicators.Size() == 4);
  const auto electricity = m.products.Find("test electricity");
  const auto coal = m.products.Find("test coal");
  const auto cement = m.products.Find("test cement");
  REQUIRE(electricity);
  REQUIRE(coal);
  REQUIRE(cement);
  CHECK(m.processes.Find("test coal mine") == coal);  // product "test coal" is made by "test coal mine"
  CHECK(m.products.At(*electricity).unit == "kWh");
  CHECK(m.products.At(*coal).unit == "kg");
  CHECK(built.info.default_indicator == "GWP100-AR6");

  const pcf::Factorization lu = pcf::FactorizeTechnosphere(m);
  const Eigen::MatrixXd scores = pcf::ProductScores(m, lu);
  REQUIRE(scores.rows() == 3);
  REQUIRE(scores.cols() == 4);

  struct MethodCase {
    const char* indicator;
    double k_co2;  // "CO2, fossil" and "CO2, fossil, process"
    double g_ch4;  // "CH4, fossil"
  };
  // factors/gwp.csv: CH4-fossil AR6 29.8, AR5 30; AR4 has no fossil value, so the generic CH4 25.
  // CO2-ETS counts only the ets=1 flows ("CO2, fossil" and "CO2, fossil, process"), CH4 with 0.
  const MethodCase methods[] = {
      {"GWP100-AR6", 1.0, 29.8},
      {"GWP100-AR5", 1.0, 30.0},
      {"GWP100-AR4", 1.0, 25.0},
      {"CO2-ETS", 1.0, 0.0},
  };
  for (const MethodCase& method : methods) {
    INFO(method.indicator);
    const auto k = m.indicators.Find(method.indicator);
    REQUIRE(k);
    const Expected expected = HandScores(method.k_co2, method.g_ch4);
    const auto col = static_cast<Eigen::Index>(*k);
    CHECK_MESSAGE(CloseRelative(scores(static_cast<Eigen::Index>(*electricity), col), expected.electricity),
                  scores(static_cast<Eigen::Index>(*electricity), col), " vs ", expected.electricity);
    CHECK_MESSAGE(CloseRelative(scores(static_cast<Eigen::Index>(*coal), col), expected.coal),
                  scores(static_cast<Eigen::Index>(*coal), col), " vs ", expected.coal);
    CHECK_MESSAGE(CloseRelative(scores(static_cast<Eigen::Index>(*cement), col), expected.cement),
                  scores(static_cast<Eigen::Index>(*cement), col), " vs ", expected.cement);
  }

  // The same numbers through CalculateLci for a demand of 1000 kg cement (AR6).
  Eigen::VectorXd demand = Eigen::VectorXd::Zero(3);
  demand(static_cast<Eigen::Index>(*cement)) = 1000;
  const pcf::LciResult lci = pcf::CalculateLci(m, lu, demand);
  CHECK(CloseRelative(lci.scores(static_cast<Eigen::Index>(*m.indicators.Find("GWP100-AR6"))),
                      1000 * HandScores(1.0, 29.8).cement));
  CHECK(lci.residual < 1e-12);
}

TEST_CASE("background-mini: characterization factors and their provenance records") {
  const pcf::BackgroundModel built = Build(MiniFixture());
  const pcf::Model& m = built.model;
  const auto factor = [&](const std::string& id) -> const pcf::FactorRecord* {
    for (const pcf::FactorRecord& f : built.info.factors)
      if (f.id == id) return &f;
    return nullptr;
  };
  const auto ch4 = m.flows.Find("CH4, fossil");
  REQUIRE(ch4);
  const auto cf = [&](const char* indicator, const char* flow) {
    return m.characterization.coeff(static_cast<Eigen::Index>(*m.indicators.Find(indicator)),
                                    static_cast<Eigen::Index>(*m.flows.Find(flow)));
  };
  CHECK(cf("GWP100-AR6", "CH4, fossil") == 29.8);
  CHECK(cf("GWP100-AR5", "CH4, fossil") == 30);
  CHECK(cf("GWP100-AR4", "CH4, fossil") == 25);
  CHECK(cf("GWP100-AR6", "CH4, biogenic") == 27.0);
  CHECK(cf("GWP100-AR6", "CO2, biogenic uptake") == -1);
  CHECK(cf("CO2-ETS", "CO2, fossil") == 1);
  CHECK(cf("CO2-ETS", "CO2, fossil, process") == 1);
  CHECK(cf("CO2-ETS", "CO2, fossil, aircraft") == 0);
  CHECK(cf("CO2-ETS", "CO2, biogenic") == 0);
  CHECK(cf("CO2-ETS", "CH4, fossil") == 0);
  // 3 GWP methods × 15 flows + 2 ETS flows.
  CHECK(m.characterization.nonZeros() == 47);

  // 6 factors of mini.csv, then one record per GWP method and gas used by a flow (12 gases).
  CHECK(built.info.factors.size() == 6 + 3 * 12 + 1);  // + the CO2-ETS rule record
  const pcf::FactorRecord* ar4 = factor("GWP-GWP100-AR4-CH4-fossil");
  REQUIRE(ar4);
  CHECK(ar4->value == 25);
  CHECK(ar4->note == "AR4 has no separate value for CH4-fossil; the generic CH4 value is used");
  CHECK(ar4->confidence == "secondary");
  const pcf::FactorRecord* uptake = factor("GWP-GWP100-AR6-CO2-biogenic-uptake");
  REQUIRE(uptake);
  CHECK(uptake->confidence == "derived");
  const pcf::FactorRecord* cem = factor("MINI-CEM-EL");
  REQUIRE(cem);
  CHECK(cem->value == 0.1);
  CHECK(cem->file == (MiniFixture() / "factors" / "mini.csv").string());
  CHECK(cem->line == 6);
  CHECK(cem->confidence == "secondary");

  // Process metadata as written.
  REQUIRE(built.info.processes.size() == 3);
  const pcf::ProcessInfo& cement = built.info.processes[*m.processes.Find("test cement")];
  CHECK(cement.name_zh == "测试水泥");
  CHECK(cement.region == "CN-HB");
  CHECK(cement.year == 2023);
  CHECK(cement.comment == "electricity and process CO2 only");
  CHECK(cement.line == 34);
  CHECK(cement.quality[0] == 4);
  CHECK(cement.quality[2] == 1);
  CHECK(built.info.product_names_zh == std::vector<std::string>{"测试电力", "测试原煤", "测试水泥"});
  REQUIRE(built.info.plausibility.size() == 1);
  CHECK(built.info.plausibility[0].product_id == "test cement");
  CHECK(built.info.plausibility[0].min == 0.5);
  CHECK(built.info.plausibility[0].max == 0.7);
  CHECK(built.info.plausibility[0].sources == std::vector<std::string>{"MINI-CEM-CO2"});
}

// --- Determinism and round trip -----------------------------------------------------------------------

TEST_CASE("background-mini: two builds hash the same, and SaveModel + LoadModel keeps hash and info") {
  const pcf::BackgroundModel first = Build(MiniFixture());
  const pcf::BackgroundModel second = Build(MiniFixture());
  const std::string hash = pcf::ModelContentHash(first.model, first.info);
  CHECK(hash.size() == 64);
  CHECK(pcf::ModelContentHash(second.model, second.info) == hash);
  CheckSameInfo(first.info, second.info);
  // The background information is part of the hash.
  CHECK(pcf::ModelContentHash(first.model) != hash);

  // The same files in another folder give the same hash (paths are not hashed).
  TempDir scratch;
  CopyFixture(scratch / "copy");
  CHECK(pcf::ModelContentHash(Build(scratch / "copy").model, Build(scratch / "copy").info) == hash);

  const fs::path db = scratch / "mini.sqlite";
  CHECK(pcf::SaveModel(first.model, db, "mini", first.info) == hash);
  const pcf::StoredModel loaded = pcf::LoadModel(db);
  CHECK(loaded.content_sha256 == hash);
  CHECK(pcf::ModelContentHash(loaded.model, loaded.info) == hash);
  CHECK(loaded.source == "mini");
  CheckSameInfo(first.info, loaded.info);
  CHECK(pcf::IntegrityCheck(db) == "ok");

  // A change of one factor value changes the hash.
  ReplaceLine("factors/mini.csv", 6,
              "MINI-CEM-EL,process-data,electricity per kg of test cement,测试水泥单位耗电,0.1,kWh/kg,other,"
              "gate-to-gate,CN-HB,2023,test fixture (hand-made numbers),secondary,for tests only",
              "MINI-CEM-EL,process-data,electricity per kg of test cement,测试水泥单位耗电,0.1000000001,kWh/kg,other,"
              "gate-to-gate,CN-HB,2023,test fixture (hand-made numbers),secondary,for tests only")(scratch / "copy");
  const pcf::BackgroundModel changed = Build(scratch / "copy");
  CHECK(pcf::ModelContentHash(changed.model, changed.info) != hash);
}

// --- Provenance -----------------------------------------------------------------------------------------

TEST_CASE("background-mini: every B entry and every input in A has a source") {
  const pcf::BackgroundModel built = Build(MiniFixture());
  const pcf::Model& m = built.model;
  int inputs = 0, emissions = 0;
  for (int j = 0; j < m.technosphere.outerSize(); ++j)
    for (pcf::SparseMatrix::InnerIterator it(m.technosphere, j); it; ++it) {
      if (it.row() == j) {
        CHECK(it.value() == 1.0);  // reference output
        continue;
      }
      ++inputs;
      CHECK(it.value() < 0);
      CHECK_MESSAGE(!SourcesOf(built.info, 'A', static_cast<int>(it.row()), j).empty(), "A(", it.row(), ",", j, ")");
    }
  for (int j = 0; j < m.interventions.outerSize(); ++j)
    for (pcf::SparseMatrix::InnerIterator it(m.interventions, j); it; ++it) {
      ++emissions;
      CHECK_MESSAGE(!SourcesOf(built.info, 'B', static_cast<int>(it.row()), j).empty(), "B(", it.row(), ",", j, ")");
    }
  CHECK(inputs == 3);
  CHECK(emissions == 3);
  // Every C entry of the GWP methods too (their factor records come from gwp.csv), and every factor id
  // named by an entry exists. (The CO2-ETS rule entries have no factor record.)
  const int ets = static_cast<int>(*m.indicators.Find("CO2-ETS"));
  int gwp_entries = 0;
  for (int j = 0; j < m.characterization.outerSize(); ++j)
    for (pcf::SparseMatrix::InnerIterator it(m.characterization, j); it; ++it) {
      if (it.row() == ets) continue;
      ++gwp_entries;
      CHECK(SourcesOf(built.info, 'C', static_cast<int>(it.row()), j).size() == 1);
    }
  CHECK(gwp_entries == 45);
  std::set<std::string> ids;
  for (const pcf::FactorRecord& f : built.info.factors) ids.insert(f.id);
  for (const pcf::EntrySource& e : built.info.entry_sources) CHECK_MESSAGE(ids.count(e.factor_id), e.factor_id);

  const int cement = static_cast<int>(*m.processes.Find("test cement"));
  const int electricity = static_cast<int>(*m.products.Find("test electricity"));
  CHECK(SourcesOf(built.info, 'A', electricity, cement).count("MINI-CEM-EL") == 1);
  CHECK(m.technosphere.coeff(electricity, cement) == -0.1);
  // The amount's factors and the `source:` list are both recorded.
  const int power = static_cast<int>(*m.processes.Find("test electricity"));
  const int co2 = static_cast<int>(*m.flows.Find("CO2, fossil"));
  CHECK(SourcesOf(built.info, 'B', co2, power) == std::set<std::string>{"MINI-COAL-EF", "MINI-COAL-PER-KWH"});
  // Sorted by (matrix, col, row, factor), as inspect.cc's binary search expects.
  for (std::size_t k = 1; k < built.info.entry_sources.size(); ++k) {
    const pcf::EntrySource& x = built.info.entry_sources[k - 1];
    const pcf::EntrySource& y = built.info.entry_sources[k];
    CHECK(std::tie(x.matrix, x.col, x.row, x.factor_id) < std::tie(y.matrix, y.col, y.row, y.factor_id));
  }
}

// --- Bad inputs -------------------------------------------------------------------------------------------

namespace {

const std::string kFactorHeader =
    "id,category,name_en,name_zh,value,unit,basis,boundary,region,data_year,source,confidence,note";
const std::string kMiniCsvLine2 =
    "MINI-COAL-PER-KWH,process-data,coal burned per kWh of test electricity,测试电力单位耗煤,0.4,kg/kWh,other,"
    "gate-to-gate,CN,2023,test fixture (hand-made numbers),unconfirmed,for tests only";
const std::string kMiniCsvLine3 =
    "MINI-COAL-EF,fuel,CO2 per kg of test coal,测试煤二氧化碳排放因子,2.0,kgCO2/kg,CO2,combustion,CN,2023,"
    "test fixture (hand-made numbers),derived,for tests only";
const std::string kMiniCsvLine4 =
    "MINI-MINE-EL,process-data,electricity per kg of coal mined,采煤单位耗电,0.02,kWh/kg,other,gate-to-gate,CN,2023,"
    "test fixture (hand-made numbers),secondary,for tests only";
const std::string kMiniCsvLine5 =
    "MINI-MINE-CH4,process-data,\"methane per kg of coal mined, fossil\",采煤甲烷逸散,0.001,kg/kg,other,gate-to-gate,"
    "CN,2023,test fixture (hand-made numbers),secondary,for tests only";
const std::string kMiniCsvLine6 =
    "MINI-CEM-EL,process-data,electricity per kg of test cement,测试水泥单位耗电,0.1,kWh/kg,other,gate-to-gate,CN-HB,"
    "2023,test fixture (hand-made numbers),secondary,for tests only";

const std::string kPlausibility =
    "  - {product: test cement, indicator: GWP100-AR6, min: 0.5, max: 0.7, source: [MINI-CEM-CO2], comment: test range}";

struct BadCase {
  std::string name;
  Mutation mutate;
  ErrorKind kind;
  std::string file;   // relative to the fixture copy; "" = no file in the error
  int line;           // 0 = the error carries no line
  std::string field;  // the field the error names ("" = none)
  std::string message;  // exact; a trailing "…" means "starts with"
};

const char* const Y = "data/mini.yaml";

std::vector<BadCase> BadCases() {
  const auto bad = ErrorKind::kBadInput, missing = ErrorKind::kNotFound;
  return {
      // --- data/*.yaml: structure -----------------------------------------------------------------------
      {"unknown key in a process", ReplaceLine(Y, 13, "    version: \"test\"", "    versoin: \"test\""), bad, Y, 13,
       "processes[0].versoin", "unknown key \"versoin\" (did you mean \"version\"?)"},
      {"unknown key in an input",
       ReplaceLine(Y, 15, "      - {product: test coal, amount: \"{MINI-COAL-PER-KWH}\", unit: kg}",
                   "      - {product: test coal, amout: \"{MINI-COAL-PER-KWH}\", unit: kg}"),
       bad, Y, 15, "processes[0].inputs[0].amout", "unknown key \"amout\" (did you mean \"amount\"?)"},
      {"unknown key in quality",
       ReplaceLine(Y, 28,
                   "    quality: {reliability: 4, completeness: 4, temporal: 1, geographical: 3, technological: 3}",
                   "    quality: {reliability: 4, completeness: 4, temporal: 1, geographic: 3, technological: 3}"),
       bad, Y, 28, "processes[1].quality.geographic", "unknown key \"geographic\" (did you mean \"geographical\"?)"},
      {"unknown key at top level", ReplaceLine(Y, 50, "plausibility:", "plausability:"), bad, Y, 50, "plausability",
       "unknown key \"plausability\" (did you mean \"plausibility\"?)"},
      {"missing name", DeleteLine(Y, 4, "    name: Test electricity from coal"), bad, Y, 3, "processes[0]",
       "missing \"name\""},
      {"missing unit", DeleteLine(Y, 22, "    unit: kg"), bad, Y, 18, "processes[1]", "missing \"unit\""},
      {"missing region", DeleteLine(Y, 39, "    region: CN-HB"), bad, Y, 34, "processes[2]", "missing \"region\""},
      {"missing year", DeleteLine(Y, 9, "    year: 2023"), bad, Y, 3, "processes[0]", "missing \"year\""},
      {"missing name_zh", DeleteLine(Y, 36, "    name_zh: 测试水泥"), bad, Y, 34, "processes[2]", "missing \"name_zh\""},
      {"missing version", DeleteLine(Y, 29, "    version: \"test\""), bad, Y, 18, "processes[1]",
       "missing \"version\""},
      {"missing representativeness",
       DeleteLine(Y, 27, "    representativeness: {technology: test, geography: test, time: test}"), bad, Y, 18,
       "processes[1]", "missing \"representativeness\" (technology, geography, time)"},
      {"missing representativeness.time",
       ReplaceLine(Y, 11, "    representativeness: {technology: test, geography: test, time: test}",
                   "    representativeness: {technology: test, geography: test}"),
       bad, Y, 11, "processes[0].representativeness", "missing \"time\""},
      {"missing quality",
       DeleteLine(Y, 43, "    quality: {reliability: 4, completeness: 4, temporal: 1, geographical: 3, technological: 3}"),
       bad, Y, 34, "processes[2]", "missing \"quality\" (pedigree scores 1–5)"},
      {"missing quality.temporal",
       ReplaceLine(Y, 12,
                   "    quality: {reliability: 4, completeness: 4, temporal: 1, geographical: 3, technological: 3}",
                   "    quality: {reliability: 4, completeness: 4, geographical: 3, technological: 3}"),
       bad, Y, 12, "processes[0].quality", "missing \"temporal\""},
      {"quality score 0",
       ReplaceLine(Y, 12,
                   "    quality: {reliability: 4, completeness: 4, temporal: 1, geographical: 3, technological: 3}",
                   "    quality: {reliability: 0, completeness: 4, temporal: 1, geographical: 3, technological: 3}"),
       bad, Y, 12, "processes[0].quality.reliability", "must be between 1 and 5"},
      {"quality score 6",
       ReplaceLine(Y, 28,
                   "    quality: {reliability: 4, completeness: 4, temporal: 1, geographical: 3, technological: 3}",
                   "    quality: {reliability: 4, completeness: 4, temporal: 1, geographical: 3, technological: 6}"),
       bad, Y, 28, "processes[1].quality.technological", "must be between 1 and 5"},
      {"quality score not a whole number",
       ReplaceLine(Y, 43,
                   "    quality: {reliability: 4, completeness: 4, temporal: 1, geographical: 3, technological: 3}",
                   "    quality: {reliability: 4, completeness: 2.5, temporal: 1, geographical: 3, technological: 3}"),
       bad, Y, 43, "processes[2].quality.completeness", "expected a non-negative whole number, got \"2.5\""},
      {"year below range", ReplaceLine(Y, 25, "    year: 2023", "    year: 1989"), bad, Y, 25, "processes[1].year",
       "must be between 1990 and 2100"},
      {"year above range", ReplaceLine(Y, 40, "    year: 2023", "    year: 2101"), bad, Y, 40, "processes[2].year",
       "must be between 1990 and 2100"},
      {"year not a number", ReplaceLine(Y, 9, "    year: 2023", "    year: twenty"), bad, Y, 9, "processes[0].year",
       "expected a non-negative whole number, got \"twenty\""},
      {"treatment not a boolean", ReplaceLine(Y, 45, "    comment: electricity and process CO2 only",
                                              "    comment: electricity and process CO2 only\n    treatment: maybe"),
       bad, Y, 46, "processes[2].treatment", "expected true or false"},
      {"name is a list", ReplaceLine(Y, 35, "    name: Test cement", "    name: [Test, cement]"), bad, Y, 35,
       "processes[2].name", "expected text"},
      {"inputs not a list",
       ReplaceLine(Y, 47, "      - {product: test electricity, amount: 0.1, unit: kWh, source: [MINI-CEM-EL]}",
                   "      {product: test electricity, amount: 0.1, unit: kWh, source: [MINI-CEM-EL]}"),
       bad, Y, 47, "processes[2].inputs", "expected a list"},

      // --- data/*.yaml: exchanges ------------------------------------------------------------------------
      {"unknown input product",
       ReplaceLine(Y, 15, "      - {product: test coal, amount: \"{MINI-COAL-PER-KWH}\", unit: kg}",
                   "      - {product: test coals, amount: \"{MINI-COAL-PER-KWH}\", unit: kg}"),
       missing, Y, 15, "processes[0].inputs[0].product", "no process produces \"test coals\" (did you mean \"test coal\"?)"},
      {"unknown input product, nothing close",
       ReplaceLine(Y, 15, "      - {product: test coal, amount: \"{MINI-COAL-PER-KWH}\", unit: kg}",
                   "      - {product: crude oil, amount: \"{MINI-COAL-PER-KWH}\", unit: kg}"),
       missing, Y, 15, "processes[0].inputs[0].product", "no process produces \"crude oil\""},
      {"input unit differs from the producer's",
       ReplaceLine(Y, 47, "      - {product: test electricity, amount: 0.1, unit: kWh, source: [MINI-CEM-EL]}",
                   "      - {product: test electricity, amount: 0.0001, unit: MWh, source: [MINI-CEM-EL]}"),
       bad, Y, 47, "processes[2].inputs[0].unit",
       "unit \"MWh\" does not match the unit of \"test electricity\", which is \"kWh\""},
      {"input without unit",
       ReplaceLine(Y, 31, "      - {product: test electricity, amount: \"{MINI-MINE-EL}\", unit: kWh}",
                   "      - {product: test electricity, amount: \"{MINI-MINE-EL}\"}"),
       bad, Y, 31, "processes[1].inputs[0]", "missing \"unit\""},
      {"input without amount",
       ReplaceLine(Y, 31, "      - {product: test electricity, amount: \"{MINI-MINE-EL}\", unit: kWh}",
                   "      - {product: test electricity, unit: kWh, source: [MINI-MINE-EL]}"),
       bad, Y, 31, "processes[1].inputs[0]", "missing \"amount\" (a number or an expression)"},
      {"unknown flow",
       ReplaceLine(Y, 33, "      - {flow: \"CH4, fossil\", amount: \"{MINI-MINE-CH4}\", unit: kg}",
                   "      - {flow: \"CH4, fossill\", amount: \"{MINI-MINE-CH4}\", unit: kg}"),
       missing, Y, 33, "processes[1].emissions[0].flow", "unknown flow \"CH4, fossill\" (did you mean \"CH4, fossil\"?)"},
      {"flow unit mismatch",
       ReplaceLine(Y, 49, "      - {flow: \"CO2, fossil, process\", amount: \"{MINI-CEM-CO2}\", unit: kg}",
                   "      - {flow: \"CO2, fossil, process\", amount: \"{MINI-CEM-CO2} / 1000\", unit: t}"),
       bad, Y, 49, "processes[2].emissions[0].unit",
       "unit \"t\" does not match the unit of flow \"CO2, fossil, process\", which is \"kg\""},
      {"unknown factor in an amount",
       ReplaceLine(Y, 31, "      - {product: test electricity, amount: \"{MINI-MINE-EL}\", unit: kWh}",
                   "      - {product: test electricity, amount: \"{MINI-MINE-ELEC}\", unit: kWh}"),
       missing, Y, 31, "processes[1].inputs[0].amount", "unknown factor {MINI-MINE-ELEC} (did you mean \"MINI-MINE-EL\"?)"},
      {"unknown second factor in an amount",
       ReplaceLine(Y, 17, "      - {flow: \"CO2, fossil\", amount: \"{MINI-COAL-PER-KWH} * {MINI-COAL-EF}\", unit: kg}",
                   "      - {flow: \"CO2, fossil\", amount: \"{MINI-COAL-PER-KWH} * {MINI-COAL-FE}\", unit: kg}"),
       missing, Y, 17, "processes[0].emissions[0].amount",
       "unknown factor {MINI-COAL-FE} (did you mean \"MINI-COAL-EF\"?)"},
      {"unknown factor in source",
       ReplaceLine(Y, 47, "      - {product: test electricity, amount: 0.1, unit: kWh, source: [MINI-CEM-EL]}",
                   "      - {product: test electricity, amount: 0.1, unit: kWh, source: [MINI-CEM-ELL]}"),
       missing, Y, 47, "processes[2].inputs[0].source", "unknown factor \"MINI-CEM-ELL\" (did you mean \"MINI-CEM-EL\"?)"},
      {"plain number without a source",
       ReplaceLine(Y, 47, "      - {product: test electricity, amount: 0.1, unit: kWh, source: [MINI-CEM-EL]}",
                   "      - {product: test electricity, amount: 0.1, unit: kWh}"),
       bad, Y, 47, "processes[2].inputs[0]",
       "this exchange has no source: name the factors it comes from in the amount ({ID}) or in \"source\""},
      {"plain-number emission without a source",
       ReplaceLine(Y, 49, "      - {flow: \"CO2, fossil, process\", amount: \"{MINI-CEM-CO2}\", unit: kg}",
                   "      - {flow: \"CO2, fossil, process\", amount: 0.5, unit: kg, source: []}"),
       bad, Y, 49, "processes[2].emissions[0]",
       "this exchange has no source: name the factors it comes from in the amount ({ID}) or in \"source\""},
      {"expression syntax error",
       ReplaceLine(Y, 17, "      - {flow: \"CO2, fossil\", amount: \"{MINI-COAL-PER-KWH} * {MINI-COAL-EF}\", unit: kg}",
                   "      - {flow: \"CO2, fossil\", amount: \"{MINI-COAL-PER-KWH} * * {MINI-COAL-EF}\", unit: kg}"),
       bad, Y, 17, "processes[0].emissions[0].amount", "cannot evaluate \"{MINI-COAL-PER-KWH} * * {MINI-COAL-EF}\": …"},
      {"expression with an unmatched brace",
       ReplaceLine(Y, 33, "      - {flow: \"CH4, fossil\", amount: \"{MINI-MINE-CH4}\", unit: kg}",
                   "      - {flow: \"CH4, fossil\", amount: \"{MINI-MINE-CH4\", unit: kg}"),
       bad, Y, 33, "processes[1].emissions[0].amount", "unmatched '{' in \"{MINI-MINE-CH4\""},
      {"expression giving Inf",
       ReplaceLine(Y, 33, "      - {flow: \"CH4, fossil\", amount: \"{MINI-MINE-CH4}\", unit: kg}",
                   "      - {flow: \"CH4, fossil\", amount: \"{MINI-MINE-CH4} / 0\", unit: kg}"),
       bad, Y, 33, "processes[1].emissions[0].amount", "\"{MINI-MINE-CH4} / 0\" evaluates to infinity (e.g. a division by zero or an overflow): a result must be a finite number"},
      {"expression giving NaN",
       ReplaceLine(Y, 33, "      - {flow: \"CH4, fossil\", amount: \"{MINI-MINE-CH4}\", unit: kg}",
                   "      - {flow: \"CH4, fossil\", amount: \"({MINI-MINE-CH4} - {MINI-MINE-CH4}) / 0\", unit: kg}"),
       bad, Y, 33, "processes[1].emissions[0].amount",
       "\"({MINI-MINE-CH4} - {MINI-MINE-CH4}) / 0\" "
       "evaluates to NaN (not a number, e.g. 0/0 or the root or logarithm of a negative value): a result must be a finite number"},
      {"expression with a decimal comma (muParser would read the part after it)",
       ReplaceLine(Y, 33, "      - {flow: \"CH4, fossil\", amount: \"{MINI-MINE-CH4}\", unit: kg}",
                   "      - {flow: \"CH4, fossil\", amount: \"{MINI-MINE-CH4} * 1,5\", unit: kg}"),
       bad, Y, 33, "processes[1].emissions[0].amount",
       "\"{MINI-MINE-CH4} * 1,5\" is not a number: a comma is not a decimal mark: write {MINI-MINE-CH4} * 1.5"},

      // --- data/*.yaml: ids ----------------------------------------------------------------------------------
      {"duplicate process id", ReplaceLine(Y, 34, "  - id: test cement", "  - id: test electricity"), bad, Y, 34,
       "processes[2].id", "duplicate process id \"test electricity\""},
      {"duplicate process id in another file",
       NewFile("data/zz-more.yaml",
               "pcf-data: 1\nprocesses:\n  - id: test cement\n    name: again\n    unit: kg\n"),
       bad, "data/zz-more.yaml", 3, "processes[0].id", "duplicate process id \"test cement\""},
      {"two processes with the same product",
       ReplaceLine(Y, 35, "    name: Test cement", "    product: test coal\n    name: Test cement"), bad, Y, 35,
       "processes[2].product", "product \"test coal\" already has a producer: each product has exactly one"},
      {"a process id equal to another process's product", ReplaceLine(Y, 34, "  - id: test cement", "  - id: test coal"),
       bad, Y, 34, "processes[2].product", "product \"test coal\" already has a producer: each product has exactly one"},
      {"a process using its own product",
       ReplaceLine(Y, 31, "      - {product: test electricity, amount: \"{MINI-MINE-EL}\", unit: kWh}",
                   "      - {product: test coal, amount: \"{MINI-MINE-EL}\", unit: kg}"),
       bad, Y, 31, "processes[1].inputs[0].product", "a process cannot use its own reference product"},

      // --- data/*.yaml: the file ---------------------------------------------------------------------------
      {"malformed YAML (bad indentation)", ReplaceLine(Y, 22, "    unit: kg", "  unit: kg"), bad, Y, 22, "",
       "malformed YAML: …"},
      // yaml-cpp notices the unclosed map two lines later, where a block sequence starts inside it.
      {"malformed YAML (unclosed flow map)",
       ReplaceLine(Y, 15, "      - {product: test coal, amount: \"{MINI-COAL-PER-KWH}\", unit: kg}",
                   "      - {product: test coal, amount: \"{MINI-COAL-PER-KWH}\", unit: kg"),
       bad, Y, 17, "", "malformed YAML: …"},
      {"missing pcf-data", DeleteLine(Y, 1, "pcf-data: 1"), bad, Y, 1, "", "missing \"pcf-data\""},
      {"pcf-data: 2", ReplaceLine(Y, 1, "pcf-data: 1", "pcf-data: 2"), ErrorKind::kUnsupported, Y, 1, "pcf-data",
       "unsupported format version: expected \"pcf-data: 1\""},
      {"a YAML file that is a list", NewFile("data/list.yaml", "- pcf-data: 1\n"), bad, "data/list.yaml", 1, "",
       "expected a mapping with \"pcf-data: 1\""},
      {"processes not a list", NewFile("data/zz-more.yaml", "pcf-data: 1\nprocesses: {id: x}\n"), bad,
       "data/zz-more.yaml", 2, "processes", "expected a list"},

      // --- factors/*.csv ------------------------------------------------------------------------------------
      {"factor CSV with a wrong header",
       ReplaceLine("factors/mini.csv", 1, kFactorHeader,
                   "id,category,name_en,name_zh,value,unit,basis,boundary,region,data_year,source,confidance,note"),
       bad, "factors/mini.csv", 1, "header", "expected the header \"" + kFactorHeader + "\""},
      {"factor CSV without header", DeleteLine("factors/mini.csv", 1, kFactorHeader), bad, "factors/mini.csv", 1,
       "header", "expected the header \"" + kFactorHeader + "\""},
      {"empty factor CSV", NewFile("factors/empty.csv", ""), bad, "factors/empty.csv", 1, "header",
       "expected the header \"" + kFactorHeader + "\""},
      {"factor row with a missing field",
       ReplaceLine("factors/mini.csv", 4, kMiniCsvLine4,
                   "MINI-MINE-EL,process-data,electricity per kg of coal mined,采煤单位耗电,0.02,kWh/kg,other,"
                   "gate-to-gate,CN,2023,test fixture (hand-made numbers),secondary"),
       bad, "factors/mini.csv", 4, "", "expected 13 fields, found 12"},
      {"duplicate factor id in the same file",
       AppendLine("factors/mini.csv",
                  "MINI-CEM-EL,process-data,again,再次,0.2,kWh/kg,other,gate-to-gate,CN-HB,2023,a source,secondary,"),
       bad, "factors/mini.csv", 8, "id", "duplicate factor id \"MINI-CEM-EL\" (first defined in {DIR}/factors/mini.csv:6)"},
      {"duplicate factor id in another file",
       NewFile("factors/zz-more.csv",
               kFactorHeader + "\nMINI-OTHER,process-data,other,其他,1,kg,other,gate-to-gate,CN,2023,a source,official,\n" +
                   "MINI-MINE-CH4,process-data,again,再次,0.2,kg/kg,other,gate-to-gate,CN,2023,a source,secondary,\n"),
       bad, "factors/zz-more.csv", 3, "id",
       "duplicate factor id \"MINI-MINE-CH4\" (first defined in {DIR}/factors/mini.csv:5)"},
      {"empty factor id",
       ReplaceLine("factors/mini.csv", 6, kMiniCsvLine6,
                   ",process-data,electricity per kg of test cement,测试水泥单位耗电,0.1,kWh/kg,other,gate-to-gate,CN-HB,"
                   "2023,test fixture (hand-made numbers),secondary,for tests only"),
       bad, "factors/mini.csv", 6, "", "empty id"},
      {"bad confidence value",
       ReplaceLine("factors/mini.csv", 2, kMiniCsvLine2,
                   "MINI-COAL-PER-KWH,process-data,coal burned per kWh of test electricity,测试电力单位耗煤,0.4,kg/kWh,"
                   "other,gate-to-gate,CN,2023,test fixture (hand-made numbers),unverified,for tests only"),
       bad, "factors/mini.csv", 2, "confidence",
       "confidence \"unverified\" must be official, secondary, derived or unconfirmed"},
      {"empty source",
       ReplaceLine("factors/mini.csv", 3, kMiniCsvLine3,
                   "MINI-COAL-EF,fuel,CO2 per kg of test coal,测试煤二氧化碳排放因子,2.0,kgCO2/kg,CO2,combustion,CN,2023,"
                   ",derived,for tests only"),
       bad, "factors/mini.csv", 3, "source", "every factor needs a source"},
      {"NaN value",
       ReplaceLine("factors/mini.csv", 4, kMiniCsvLine4,
                   "MINI-MINE-EL,process-data,electricity per kg of coal mined,采煤单位耗电,NaN,kWh/kg,other,"
                   "gate-to-gate,CN,2023,test fixture (hand-made numbers),secondary,for tests only"),
       bad, "factors/mini.csv", 4, "value", "value \"NaN\" is not finite (NaN and Inf are not allowed)"},
      {"empty value",
       ReplaceLine("factors/mini.csv", 4, kMiniCsvLine4,
                   "MINI-MINE-EL,process-data,electricity per kg of coal mined,采煤单位耗电,,kWh/kg,other,"
                   "gate-to-gate,CN,2023,test fixture (hand-made numbers),secondary,for tests only"),
       bad, "factors/mini.csv", 4, "value", "expected a number, got an empty field"},
      {"non-numeric data_year",
       ReplaceLine("factors/mini.csv", 5, kMiniCsvLine5,
                   "MINI-MINE-CH4,process-data,\"methane per kg of coal mined, fossil\",采煤甲烷逸散,0.001,kg/kg,other,"
                   "gate-to-gate,CN,2023a,test fixture (hand-made numbers),secondary,for tests only"),
       bad, "factors/mini.csv", 5, "data_year", "expected a non-negative whole number, got \"2023a\""},
      {"unterminated quote in a factor CSV",
       ReplaceLine("factors/mini.csv", 5, kMiniCsvLine5,
                   "MINI-MINE-CH4,process-data,\"methane per kg of coal mined, fossil,采煤甲烷逸散,0.001,kg/kg,other,"
                   "gate-to-gate,CN,2023,test fixture (hand-made numbers),secondary,for tests only"),
       bad, "factors/mini.csv", 5, "", "unterminated quoted field"},

      // --- factors/flows.csv and factors/gwp.csv ----------------------------------------------------------
      {"flows.csv duplicate id", AppendLine("factors/flows.csv", "N2O,Nitrous oxide again,氧化亚氮,kg,air,N2O,0"), bad,
       "factors/flows.csv", 17, "id", "duplicate flow id \"N2O\""},
      {"flows.csv ets not 0 or 1", AppendLine("factors/flows.csv", "CO2 x,CO2 x,二氧化碳,kg,air,CO2,yes"), bad,
       "factors/flows.csv", 17, "ets", "ets must be 0 or 1"},
      {"flows.csv wrong header",
       ReplaceLine("factors/flows.csv", 1, "id,name,name_zh,unit,compartment,gas,ets",
                   "id,name,name_zh,unit,compartment,gas"),
       bad, "factors/flows.csv", 1, "header", "expected the header \"id,name,name_zh,unit,compartment,gas,ets\""},
      {"flows.csv missing", RemoveAll("factors/flows.csv"), missing, "factors/flows.csv", 0, "", "file not found"},
      {"gwp.csv missing a gas used by a flow",
       DeleteLine("factors/gwp.csv", 6,
                  "N2O,N2O,298,265,273,openclimatedata/globalwarmingpotentials:globalwarmingpotentials.csv@fc4e6f4 "
                  "(AR4/AR5 via GHG Protocol GWP table 2016; AR5 ccf = AR5 WG1 Table 8.7/8.SM.16; AR6 = AR6 WG1 Table "
                  "7.SM.7),nitrous oxide; CSV key N2O"),
       missing, "factors/flows.csv", 10, "gas", "gas \"N2O\" of flow \"N2O\" is not in {DIR}/factors/gwp.csv"},
      {"gwp.csv without the generic CH4 that AR4 falls back to",
       DeleteLine("factors/gwp.csv", 3,
                  "CH4,CH4,25,28,27.9,openclimatedata/globalwarmingpotentials:globalwarmingpotentials.csv@fc4e6f4 "
                  "(AR4/AR5 via GHG Protocol GWP table 2016; AR5 ccf = AR5 WG1 Table 8.7/8.SM.16; AR6 = AR6 WG1 Table "
                  "7.SM.7),methane (generic); AR6 7.SM.7 value; for fossil vs non-fossil split use the two CH4 rows "
                  "below; CSV key CH4"),
       missing, "factors/flows.csv", 8, "gas", "{DIR}/factors/gwp.csv has no AR4_GWP100 value for gas \"CH4-fossil\""},
      {"gwp.csv non-numeric value",
       ReplaceLine("factors/gwp.csv", 2, "CO2,CO2,1,1,1,definition (reference gas),",
                   "CO2,CO2,1,one,1,definition (reference gas),"),
       bad, "factors/gwp.csv", 2, "AR5_GWP100", "expected a number, got \"one\""},

      // --- plausibility ranges --------------------------------------------------------------------------------
      {"plausibility with an unknown product",
       ReplaceLine(Y, 51, kPlausibility,
                   "  - {product: test cemnt, indicator: GWP100-AR6, min: 0.5, max: 0.7, source: [MINI-CEM-CO2], "
                   "comment: test range}"),
       missing, Y, 51, "plausibility[0].product", "no process produces \"test cemnt\" (did you mean \"test cement\"?)"},
      {"plausibility with an unknown indicator",
       ReplaceLine(Y, 51, kPlausibility,
                   "  - {product: test cement, indicator: GWP100-AR7, min: 0.5, max: 0.7, source: [MINI-CEM-CO2], "
                   "comment: test range}"),
       missing, Y, 51, "plausibility[0].indicator", "unknown indicator \"GWP100-AR7\""},
      {"plausibility with min = max",
       ReplaceLine(Y, 51, kPlausibility,
                   "  - {product: test cement, indicator: GWP100-AR6, min: 0.7, max: 0.7, source: [MINI-CEM-CO2], "
                   "comment: test range}"),
       bad, Y, 51, "plausibility[0]", "min must be below max"},
      {"plausibility with min > max",
       ReplaceLine(Y, 51, kPlausibility,
                   "  - {product: test cement, indicator: GWP100-AR6, min: 0.7, max: 0.5, source: [MINI-CEM-CO2], "
                   "comment: test range}"),
       bad, Y, 51, "plausibility[0]", "min must be below max"},
      {"plausibility with a non-numeric max",
       ReplaceLine(Y, 51, kPlausibility,
                   "  - {product: test cement, indicator: GWP100-AR6, min: 0.5, max: high, source: [MINI-CEM-CO2], "
                   "comment: test range}"),
       bad, Y, 51, "plausibility[0].max", "expected a number, got \"high\""},
      {"plausibility without source",
       ReplaceLine(Y, 51, kPlausibility,
                   "  - {product: test cement, indicator: GWP100-AR6, min: 0.5, max: 0.7, comment: test range}"),
       bad, Y, 51, "plausibility[0]", "a range needs \"source\": a list of factor ids"},
      {"plausibility with an unknown source factor",
       ReplaceLine(Y, 51, kPlausibility,
                   "  - {product: test cement, indicator: GWP100-AR6, min: 0.5, max: 0.7, source: [MINI-CEM-CO3], "
                   "comment: test range}"),
       missing, Y, 51, "plausibility[0].source", "unknown factor \"MINI-CEM-CO3\" (did you mean \"MINI-CEM-CO2\"?)"},

      // --- folders ------------------------------------------------------------------------------------------
      {"data folder does not exist", RemoveAll("data"), missing, "data", 0, "", "folder not found"},
      {"factors folder does not exist", RemoveAll("factors"), missing, "factors", 0, "", "folder not found"},
  };
}

std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

}  // namespace

TEST_CASE("BuildBackground refuses bad input with the error kind, file, line, field and message") {
  const std::vector<BadCase> cases = BadCases();
  CHECK(cases.size() >= 25);
  for (const BadCase& c : cases) {
    SUBCASE(c.name.c_str()) {
      TempDir scratch;
      const fs::path dir = scratch / "mini";
      CopyFixture(dir);
      c.mutate(dir);
      const std::optional<pcf::Error> e = BuildFailure(dir);
      REQUIRE_MESSAGE(e.has_value(), "the build succeeded");
      INFO("error: " << std::string(e->what()));
      CHECK(e->kind() == c.kind);
      CHECK(e->where().file == (c.file.empty() ? std::string() : (dir / c.file).string()));
      CHECK(e->where().line == c.line);
      CHECK(e->where().field == c.field);
      const std::string expected = ReplaceAll(c.message, "{DIR}", dir.string());
      const std::string ellipsis = "…";
      if (expected.size() >= ellipsis.size() &&
          expected.compare(expected.size() - ellipsis.size(), ellipsis.size(), ellipsis) == 0) {
        const std::string prefix = expected.substr(0, expected.size() - ellipsis.size());
        CHECK(e->message().rfind(prefix, 0) == 0);
        CHECK(e->message().size() > prefix.size());
      } else {
        CHECK(e->message() == expected);
      }
      // The rendered text leads with file:line when both are known.
      if (!c.file.empty() && c.line > 0)
        CHECK(std::string(e->what()).rfind((dir / c.file).string() + ":" + std::to_string(c.line) + ":", 0) == 0);
    }
  }
}

TEST_CASE("a loop without net output builds, but the technosphere cannot be factorized") {
  TempDir scratch;
  const fs::path dir = scratch / "loop";
  CopyFixture(dir);
  // Two more processes, each needing exactly 1 unit of the other's product per unit of its own
  // ({MINI-COAL-EF} / 2 = 1): A has the block [[1, −1], [−1, 1]], which is singular.
  WriteText(dir / "data" / "loop.yaml", R"(pcf-data: 1
processes:
  - id: loop a
    name: Loop A
    name_zh: 循环甲
    unit: kg
    category: test
    region: CN
    year: 2023
    technology: test
    representativeness: {technology: test, geography: test, time: test}
    quality: {reliability: 5, completeness: 5, temporal: 5, geographical: 5, technological: 5}
    version: "test"
    inputs:
      - {product: loop b, amount: "{MINI-COAL-EF} / 2", unit: kg}
  - id: loop b
    name: Loop B
    name_zh: 循环乙
    unit: kg
    category: test
    region: CN
    year: 2023
    technology: test
    representativeness: {technology: test, geography: test, time: test}
    quality: {reliability: 5, completeness: 5, temporal: 5, geographical: 5, technological: 5}
    version: "test"
    inputs:
      - {product: loop a, amount: "{MINI-COAL-EF} / 2", unit: kg}
    emissions:
      - {flow: "CO2, fossil", amount: "{MINI-COAL-EF}", unit: kg}
)");
  const pcf::BackgroundModel built = Build(dir);
  REQUIRE(built.model.processes.Size() == 5);
  // loop.yaml sorts before mini.yaml: its processes come first.
  CHECK(built.model.processes.At(0).id == "loop a");
  CHECK(built.model.technosphere.coeff(1, 0) == -1.0);
  CHECK(built.model.technosphere.coeff(0, 1) == -1.0);
  try {
    pcf::FactorizeTechnosphere(built.model);
    FAIL("FactorizeTechnosphere accepted a singular loop");
  } catch (const pcf::Error& e) {
    INFO(e.what());
    CHECK(e.kind() == ErrorKind::kNumerical);
    const std::string message = e.message();
    CHECK(message.find("\"loop a\"") != std::string::npos);
    CHECK(message.find("\"loop b\"") != std::string::npos);
    // The rest of the network is not blamed.
    CHECK(message.find("test cement") == std::string::npos);
  }
}

TEST_CASE("ClosestId: the nearest id within a third of the length, else nothing") {
  const std::vector<std::string> ids = {"test electricity", "test coal", "test cement"};
  CHECK(pcf::ClosestId("test coals", ids) == "test coal");
  CHECK(pcf::ClosestId("test cemnt", ids) == "test cement");
  CHECK(pcf::ClosestId("Test Electricity", ids) == "test electricity");
  CHECK(pcf::ClosestId("crude oil", ids).empty());
  CHECK(pcf::ClosestId("x", {}).empty());
}
