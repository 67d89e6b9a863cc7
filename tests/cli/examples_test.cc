// Every example product file in examples/ (issue 5): `pcf calc FILE -o OUT.json` through the binary on the
// shipped Hubei database, and for each
//  (a) method.total (and every stage, and the foreground part) equals a value derived here by hand from the
//      example's own numbers — the parameter arithmetic is written out again in C++ — and the cradle-to-gate
//      score of one unit of each background product, read from `pcf scores`; relative tolerance 1e-9;
//  (b) the result lies in the published range of its product, taken from the factor rows the example cites
//      (read from factors/*.csv by id, never pasted here);
//  (c) the stages and the foreground/background/supplier split add up to the total;
//  (d) for the phosphogypsum board pair, the economic variant lists its allocation factors and the totals differ.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_harness.h"
#include "engine/core/csv.h"
#include "engine/core/numbers.h"

namespace fs = std::filesystem;
using pcf::test::SourceDir;
using nlohmann::json;
using pcf::test::RunPcf;

namespace {

constexpr double kRelTol = 1e-9;

bool Near(double a, double b) { return std::fabs(a - b) <= kRelTol * std::max({std::fabs(a), std::fabs(b), 1e-12}); }

// A row of factors/*.csv by id: value (column 4), unit (5), note (last column).
struct FactorRow {
  double value = 0;
  std::string unit;
  std::string note;
};

FactorRow Factor(const std::string& id) {
  for (const auto& entry : fs::directory_iterator(SourceDir() / "factors")) {
    if (entry.path().extension() != ".csv" || entry.path().filename() == "gwp.csv" ||
        entry.path().filename() == "flows.csv")
      continue;
    const auto records = pcf::ParseCsv(pcf::test::ReadText(entry.path()), entry.path().string());
    for (const auto& r : records)
      if (!r.fields.empty() && r.fields[0] == id)
        return {pcf::ParseFiniteDouble(r.fields[4], {}), r.fields[5], r.fields.back()};
  }
  FAIL("factor not found: " << id);
  return {};
}

// GWP100 (AR6) of a gas of factors/gwp.csv ("CH4-fossil", "N2O").
double GwpAr6(const std::string& gas) {
  const fs::path path = SourceDir() / "factors" / "gwp.csv";
  const auto records = pcf::ParseCsv(pcf::test::ReadText(path), path.string());
  std::size_t column = 0;
  for (std::size_t c = 0; c < records.at(0).fields.size(); ++c)
    if (records[0].fields[c] == "AR6_GWP100") column = c;
  REQUIRE(column > 0);
  for (const auto& r : records)
    if (r.fields[0] == gas) return pcf::ParseFiniteDouble(r.fields[column], {});
  FAIL("gas not found: " << gas);
  return 0;
}

// A published footprint in kg CO2e per t (rows are given per t or per kg).
double PerTonne(const std::string& id) {
  const FactorRow row = Factor(id);
  if (row.unit == "kgCO2e/t" || row.unit == "tCO2e/kt") return row.value;
  if (row.unit == "kgCO2e/kg" || row.unit == "tCO2e/t") return row.value * 1000;
  FAIL("unexpected unit " << row.unit << " of " << id);
  return 0;
}

// GWP100-AR6 score of one unit of a background product, from `pcf scores` (run once).
double S(const std::string& product) {
  static const std::map<std::string, double> scores = [] {
    const auto run = RunPcf({"scores"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    const auto records = pcf::ParseCsv(run.out, "scores.csv");
    std::size_t column = 0;
    for (std::size_t c = 0; c < records.at(0).fields.size(); ++c)
      if (records[0].fields[c] == "GWP100-AR6") column = c;
    REQUIRE(column > 0);
    std::map<std::string, double> m;
    for (std::size_t k = 1; k < records.size(); ++k)
      m[records[k].fields[0]] = pcf::ParseFiniteDouble(records[k].fields[column], {});
    return m;
  }();
  auto it = scores.find(product);
  REQUIRE_MESSAGE(it != scores.end(), "no score for " << product);
  return it->second;
}

json Calc(const std::string& example) {
  pcf::test::TempDir dir;
  const fs::path out = dir / "result.json";
  const auto run = RunPcf({"calc", (SourceDir() / "examples" / example).string(), "-o", out.string()});
  REQUIRE_MESSAGE(run.exit_code == 0, example << ": " << run.err);
  return json::parse(pcf::test::ReadText(out));
}

struct Expected {
  std::map<std::string, double> stages;  // EN 15804 module → kg CO2e
  double foreground = 0;                 // the foreground processes' own emissions
  double Total() const {
    double t = 0;
    for (const auto& [stage, value] : stages) t += value;
    return t;
  }
};

// (a) and (c): total, stages and foreground against the hand derivation; stages and split add up.
double CheckResult(const std::string& example, const json& r, const Expected& e) {
  INFO(example);
  CHECK(r.at("method").at("indicator") == "GWP100-AR6");
  const double total = r.at("method").at("total").get<double>();
  CHECK_MESSAGE(Near(total, e.Total()), "total " << total << " expected " << e.Total());
  double stage_sum = 0;
  std::map<std::string, double> stages;
  for (const json& s : r.at("stages")) {
    stages[s.at("stage").get<std::string>()] = s.at("total").get<double>();
    stage_sum += s.at("total").get<double>();
  }
  for (const auto& [stage, value] : e.stages) {
    REQUIRE_MESSAGE(stages.count(stage), "stage " << stage << " missing");
    CHECK_MESSAGE(Near(stages[stage], value), stage << " " << stages[stage] << " expected " << value);
  }
  CHECK(stages.size() == e.stages.size());
  CHECK(Near(stage_sum, total));
  const json& split = r.at("split");
  const double fg = split.at("foreground").at("total").get<double>();
  const double bg = split.at("background").at("total").get<double>();
  const double sup = split.at("supplier").at("total").get<double>();
  CHECK_MESSAGE(Near(fg, e.foreground), "foreground " << fg << " expected " << e.foreground);
  CHECK(sup == 0);
  CHECK(Near(fg + bg + sup, total));
  return total;
}

// ---- the examples' own numbers, and their parameter arithmetic ----------------------------------------

const std::string kElHB = "electricity, life cycle, medium voltage, CN-HB";
const std::string kLorry30 = "transport, lorry 30t, diesel, CN";

// examples/cement/po425-cement.yaml, per t cement.
Expected CementBulk() {
  const double raw_meal_per_clinker = 1.52, share_limestone = 0.80, share_clay = 0.12, share_sandstone = 0.05,
               share_iron = 0.03, cao = 0.655, mgo = 0.022, toc = 0.002, kiln_heat_gj = 3.10, alt_fuel_share = 0.10,
               kiln_kwh = 52, clinker_ratio = 0.825, gypsum_ratio = 0.05, grinding_kwh = 32, quarry_km = 15,
               additive_km = 80;
  const double slag_ratio = 1 - clinker_ratio - gypsum_ratio;
  const double calcination_co2_kg = 1000 * (cao * 44.0 / 56 + mgo * 44.0 / 40 + raw_meal_per_clinker * toc * 44.0 / 12);
  const double raw_t = clinker_ratio * raw_meal_per_clinker;  // t raw meal components per t cement
  Expected e;
  e.stages["A1"] = raw_t * 1000 *
                   (share_limestone * S("limestone, crushed, at quarry, CN-HB") + share_clay * S("clay, at pit, CN-HB") +
                    share_sandstone * S("sandstone, crushed, CN-HB") + share_iron * S("iron ore correction material, CN"));
  e.stages["A2"] = raw_t * quarry_km * S(kLorry30);
  const double kiln = kiln_heat_gj * 1000 * (1 - alt_fuel_share) * S("heat, bituminous coal, industrial furnace, NDRC-2013") +
                      kiln_heat_gj * 1000 * alt_fuel_share * S("heat, alternative fuel, cement kiln, CN") +
                      kiln_kwh * S(kElHB) + calcination_co2_kg;
  const double grinding = gypsum_ratio * 1000 * S("phosphogypsum, residue, cut-off, CN-HB") +
                          slag_ratio * 1000 * S("granulated blast furnace slag, CN") + grinding_kwh * S(kElHB) +
                          (gypsum_ratio + slag_ratio) * additive_km * S(kLorry30);
  e.stages["A3"] = clinker_ratio * kiln + grinding;
  e.foreground = clinker_ratio * calcination_co2_kg;
  return e;
}

// examples/glass/float-glass.yaml (natural gas) and float-glass-petcoke.yaml, per t glass.
Expected FloatGlass(bool petcoke) {
  const double soda = 0.19, dolo = 0.16, lime = 0.05, sand = 0.70, feld = 0.04, salt_cake = 0.012, carbon = 0.0005,
               carbon_content = 0.85, cullet = 0.05, ef_na2co3 = 0.41523, ef_dolo = 0.47732, ef_caco3 = 0.43971,
               ef_c = 3.66419, fuel_gj = (6.5 + 8.0) / 2, kwh = 80 + 8, batch_km = 200;
  const double batch_mass = soda + dolo + lime + sand + feld + salt_cake + carbon;
  // GB/T 32151.7: Σ M_i × EF_i (F = 1) + Q_C × C × 44/12, scaled by the virgin-batch share.
  const double process_co2_kg =
      1000 * (1 - cullet) * (soda * ef_na2co3 + dolo * ef_dolo + lime * ef_caco3 + carbon * carbon_content * ef_c);
  Expected e;
  e.stages["A1"] = (1 - cullet) * 1000 *
                   (sand * S("silica sand, at plant, CN") + soda * S("soda ash, dense, CN") + dolo * S("dolomite, crushed, CN") +
                    lime * S("limestone, crushed, at quarry, CN-HB") + feld * S("feldspar, at plant, CN") +
                    salt_cake * S("sodium sulfate, anhydrous, CN-HB") + carbon * S("coke, at coking plant, CN"));
  e.stages["A2"] = (1 - cullet) * (batch_mass - soda) * batch_km * S(kLorry30);
  double a3 = cullet * 1000 * S("cullet, external, sorted, CN") + kwh * S(kElHB) + process_co2_kg;
  e.foreground = process_co2_kg;
  if (petcoke) {
    const double ncv = 32.5, cc = 27.5, of = 0.98;
    const double coke_t = fuel_gj / ncv;
    const double co2 = coke_t * ncv * cc * of * 44.0 / 12;  // t × GJ/t × t C/TJ (= kg C/GJ) → kg CO2
    const double ghg = fuel_gj / 1000 * 3 * GwpAr6("CH4-fossil") + fuel_gj / 1000 * 0.6 * GwpAr6("N2O");
    a3 += coke_t * 1000 * S("petroleum coke, at refinery, CN") + co2 + ghg;
    e.foreground += co2 + ghg;
  } else {
    a3 += fuel_gj * 1000 * S("heat, natural gas, industrial furnace, CN");
  }
  e.stages["A3"] = a3;
  return e;
}

// examples/gypsum/pg-plasterboard-{cutoff,economic}.yaml, per m2 of 9.5 mm board.
struct Board {
  double board_kg = 6.8;
  double pg_price = 10, acid_price = 7000, pg_per_p2o5 = 4.8;
  double AllocationPg() const { return pg_per_p2o5 * pg_price / (pg_per_p2o5 * pg_price + acid_price); }
};

Expected Plasterboard(bool economic) {
  const Board b;
  const double stucco_per_kg = 0.79, paper_per_kg = 0.056, starch_per_kg = 0.004, ws = 0.75, bound = 0.186,
               dry_gj_per_t = 3.2, board_kwh_per_t = 30, hh_ratio = 0.843, purity = 0.90, free_water = (0.20 + 0.30) / 2,
               calc_gj_per_t = (0.6 + 1.2) / 2, stucco_kwh_per_t = 20, wash_kg_per_t = 500, lime_t_per_t = 0.01,
               pre_kwh_per_t = 8, pg_km = 30, paper_km = 200;
  const double stucco_kg = b.board_kg * stucco_per_kg;
  const double pg_per_stucco = 1 / (1 - purity * (1 - hh_ratio));  // GY-HH-RATIO: 1 t dihydrate → 0.843 t
  const double pg_t = stucco_kg / 1000 * pg_per_stucco;            // t dry PG per m2
  const double ng = S("heat, natural gas, industrial furnace, CN"), water = S("tap water, CN");
  Expected e;
  if (!economic) {
    e.stages["A1"] = pg_t * 1000 * S("phosphogypsum, residue, cut-off, CN-HB");
  } else {
    const double rock_t = 1 / (0.29 * 0.955), h2so4_t = 2.7, acid_kwh = 150, acid_water_kg = 5000, rock_co2 = 0.02;
    const double acid_co2_kg = rock_t * rock_co2 * 1000;
    const double acid_plant = rock_t * 1000 * S("phosphate rock, beneficiated, CN-HB") +
                              h2so4_t * 1000 * S("sulfuric acid, sulfur burning, CN-HB") + acid_kwh * S(kElHB) +
                              acid_water_kg * water + acid_co2_kg;  // per t P2O5, before allocation
    const double per_t_pg = b.AllocationPg() / b.pg_per_p2o5;        // share of one acid-plant run per t PG
    e.stages["A1"] = pg_t * (per_t_pg * acid_plant + 5 * S("diesel, burned in building machine, CN"));
    e.foreground = pg_t * per_t_pg * acid_co2_kg;
  }
  e.stages["A2"] = pg_t / (1 - free_water) * pg_km * S(kLorry30);
  const double pretreatment = pg_t * (wash_kg_per_t * water + lime_t_per_t * 1000 * S("quicklime, CN") + pre_kwh_per_t * S(kElHB));
  const double calcination =
      stucco_kg / 1000 *
      ((calc_gj_per_t + pg_per_stucco * free_water / (1 - free_water) * dry_gj_per_t) * 1000 * ng + stucco_kwh_per_t * S(kElHB));
  const double board = b.board_kg * paper_per_kg * S("plasterboard facing paper, CN") +
                       b.board_kg * starch_per_kg * S("starch, modified, CN") + stucco_kg * ws * water +
                       stucco_kg * (ws - bound) * dry_gj_per_t * ng + board_kwh_per_t * b.board_kg / 1000 * S(kElHB) +
                       b.board_kg * (paper_per_kg + starch_per_kg) / 1000 * paper_km * S(kLorry30);
  e.stages["A3"] = pretreatment + calcination + board;
  return e;
}

// examples/concrete/c30-ready-mixed.yaml, per m3.
Expected ConcreteC30() {
  const double cement = 290, fly_ash = 70, ggbs = 50, sand = 780, gravel = 1050, water = 165, admixture = 6,
               mixing_kwh = 2.5, aggregate_km = 50, cement_km = 60, delivery_km = 20;
  const double mix_kg = cement + fly_ash + ggbs + sand + gravel + water + admixture;
  Expected e;
  e.stages["A1"] = cement * S("cement, P·O 42.5, CN-HB") + fly_ash * S("fly ash, CN") +
                   ggbs * S("ground granulated blast furnace slag, S95, CN-HB") + sand * S("sand, manufactured, CN-HB") +
                   gravel * S("gravel, crushed, CN-HB") + admixture * S("concrete superplasticizer, polycarboxylate, CN");
  e.stages["A2"] = (sand + gravel) / 1000 * aggregate_km * S(kLorry30) +
                   cement / 1000 * cement_km * S("transport, lorry, bulk cement tanker 30t, diesel, CN");
  e.stages["A3"] = water * S("tap water, CN") + mixing_kwh * S(kElHB);
  e.stages["A4"] = mix_kg / 1000 * delivery_km * S("transport, lorry 18t, diesel, CN");
  return e;
}

// examples/masonry/aac-block.yaml, per m3.
Expected AacBlock() {
  const double cement = 55, lime = 90, fly_ash = 420, gypsum = 15, water = 350, steam_mj = 600, kwh = 15, km = 60;
  Expected e;
  e.stages["A1"] = cement * S("cement, P·O 42.5, CN-HB") + lime * S("quicklime, CN") + fly_ash * S("fly ash, CN") +
                   gypsum * S("natural gypsum, crushed, CN-HB");
  e.stages["A2"] = (cement + lime + gypsum) / 1000 * km * S(kLorry30);
  e.stages["A3"] = water * S("tap water, CN") + steam_mj * S("heat, bituminous coal, industrial furnace, NDRC-2013") + kwh * S(kElHB);
  return e;
}

// Published ranges.
struct Range {
  double min, max;
};

Range CementPo425Range() {  // kg CO2e/t: lowest and highest of the CPCD P·O 42.5 rows (data/plausibility.yaml)
  return {PerTonne("PF-CEM-37440X0202021B"), PerTonne("PF-CEM-37330X1162022B")};
}

Range FloatGlassRange() {  // kg CO2e/t: CPCD 2014 study, GB/T 51366 Annex D, CPCD 2022 float-glass study
  const std::vector<double> v = {PerTonne("PF-GL-37117X0022014A"), PerTonne("PF-GL-37112X0012018C"),
                                 PerTonne("PF-GL-37113X0012022B")};
  return {*std::min_element(v.begin(), v.end()), *std::max_element(v.begin(), v.end())};
}

Range GypsumBoardRangePerKg() {  // kg CO2e/kg: CPCD board per t, EU 12.5 mm boards per m2 at the board masses of the row note
  const FactorRow eu_min = Factor("GY-BOARD-EU-MIN"), eu_max = Factor("GY-BOARD-EU-MAX");
  REQUIRE(eu_min.unit == "kgCO2e/m2");
  // The note says "… board mass LO-HI kg/m2 …" (plain parsing: std::regex draws a false GCC 12 warning).
  const std::string marker = "board mass ";
  const std::size_t at = eu_min.note.find(marker);
  REQUIRE_MESSAGE(at != std::string::npos, eu_min.note);
  std::size_t used = 0;
  const std::string masses = eu_min.note.substr(at + marker.size());
  const double mass_lo = std::stod(masses, &used);
  REQUIRE(masses.at(used) == '-');
  const double mass_hi = std::stod(masses.substr(used + 1));
  const std::vector<double> v = {PerTonne("GY-37410X0022021A") / 1000, eu_min.value / mass_hi, eu_min.value / mass_lo,
                                 eu_max.value / mass_hi, eu_max.value / mass_lo};
  return {*std::min_element(v.begin(), v.end()), *std::max_element(v.begin(), v.end())};
}

Range ReadyMixedRange() {  // kg CO2e/m3: 36 CPCD ready-mixed concrete rows
  const FactorRow lo = Factor("PF-RMC-MIN"), hi = Factor("PF-RMC-MAX");
  REQUIRE(lo.unit == "kgCO2e/m3");
  REQUIRE(hi.unit == "kgCO2e/m3");
  return {lo.value, hi.value};
}

}  // namespace

TEST_CASE("examples: P·O 42.5 cement, bulk and bagged") {
  const json bulk = Calc("cement/po425-cement.yaml");
  const double t_bulk = CheckResult("po425-cement.yaml", bulk, CementBulk());
  Expected bagged = CementBulk();
  bagged.stages["A3"] += 1000.0 / 50 * S("kraft paper bag, cement, CN") + 1.5 * S(kElHB);  // 20 bags, packer power
  const json bag = Calc("cement/po425-cement-bagged.yaml");
  const double t_bag = CheckResult("po425-cement-bagged.yaml", bag, bagged);
  const Range r = CementPo425Range();
  CHECK(r.min == doctest::Approx(611.0));  // the rows exist and say what data/plausibility.yaml says
  for (double t : {t_bulk, t_bag}) {
    CHECK(t >= r.min);
    CHECK(t <= r.max);
  }
  CHECK(t_bag > t_bulk);
  CHECK(bulk.at("allocation").empty());
  MESSAGE("P·O 42.5 bulk " << t_bulk << " / bagged " << t_bag << " kg CO2e/t; published " << r.min << "–" << r.max);
}

TEST_CASE("examples: float glass, natural gas (below the published range) and petroleum coke (inside it)") {
  const json gas = Calc("glass/float-glass.yaml");
  const double t_gas = CheckResult("float-glass.yaml", gas, FloatGlass(false));
  const json coke = Calc("glass/float-glass-petcoke.yaml");
  const double t_coke = CheckResult("float-glass-petcoke.yaml", coke, FloatGlass(true));
  const Range r = FloatGlassRange();
  // The published Chinese studies describe coke/coal-gas/oil-fired lines: the petroleum-coke line lies in
  // their range; the natural-gas line lies below it, as its file states (no published gas-line value at hand).
  CHECK(t_coke >= r.min);
  CHECK(t_coke <= r.max);
  CHECK(t_gas < r.min);
  // The carbonate CO2 shows in the parameters as written by the guideline formula.
  CHECK(Near(gas.at("parameters").at("carbonate_co2_kg").get<double>(),
             1000 * 0.95 * (0.19 * 0.41523 + 0.16 * 0.47732 + 0.05 * 0.43971)));
  MESSAGE("float glass, natural gas " << t_gas << ", petroleum coke " << t_coke << " kg CO2e/t; published " << r.min << "–"
                                      << r.max);
}

TEST_CASE("examples: phosphogypsum plasterboard, cut-off vs economic allocation") {
  const json cut = Calc("gypsum/pg-plasterboard-cutoff.yaml");
  const double t_cut = CheckResult("pg-plasterboard-cutoff.yaml", cut, Plasterboard(false));
  const json eco = Calc("gypsum/pg-plasterboard-economic.yaml");
  const double t_eco = CheckResult("pg-plasterboard-economic.yaml", eco, Plasterboard(true));
  const Board b;
  const Range r = GypsumBoardRangePerKg();
  for (double per_m2 : {t_cut, t_eco}) {
    CHECK(per_m2 / b.board_kg >= r.min);
    CHECK(per_m2 / b.board_kg <= r.max);
  }
  // (d) the allocation choice shows: economic factors listed, cut-off lists none, totals differ.
  CHECK(cut.at("allocation").empty());
  REQUIRE(eco.at("allocation").size() == 1);
  const json& a = eco.at("allocation").at(0);
  CHECK(a.at("process") == "phosphoric acid plant");
  CHECK(a.at("method") == "economic");
  // prices and yield as the database's economic PG process uses them (factor rows, not pasted)
  const double pg_price = Factor("PM-PG-PRICE").value, acid_price = Factor("PM-PA-PRICE").value,
               pg_per_p2o5 = Factor("PM-PG-PER-P2O5").value;
  CHECK(pg_price == b.pg_price);
  CHECK(acid_price == b.acid_price);
  CHECK(pg_per_p2o5 == b.pg_per_p2o5);
  const double share_pg = pg_per_p2o5 * pg_price / (pg_per_p2o5 * pg_price + acid_price);
  CHECK(Near(a.at("factors").at("phosphogypsum, at filter, dry").get<double>(), share_pg));
  CHECK(Near(a.at("factors").at("phosphoric acid, wet process, as P2O5").get<double>(), 1 - share_pg));
  CHECK(t_eco > t_cut);
  CHECK(!Near(t_eco, t_cut));
  MESSAGE("PG board cut-off " << t_cut << ", economic " << t_eco << " kg CO2e/m2 (" << t_cut / b.board_kg << " / "
                              << t_eco / b.board_kg << " per kg); published " << r.min << "–" << r.max << " per kg");
}

TEST_CASE("examples: ready-mixed concrete C30, A1–A3 and with A4 delivery") {
  const json c30 = Calc("concrete/c30-ready-mixed.yaml");
  const Expected e = ConcreteC30();
  const double total = CheckResult("c30-ready-mixed.yaml", c30, e);
  const double a1_a3 = total - e.stages.at("A4");
  const Range r = ReadyMixedRange();
  CHECK(a1_a3 >= r.min);  // the published rows are cradle-to-gate
  CHECK(a1_a3 <= r.max);
  CHECK(total >= r.min);
  CHECK(total <= r.max);
  MESSAGE("C30 A1–A3 " << a1_a3 << ", with A4 " << total << " kg CO2e/m3; published " << r.min << "–" << r.max);
}

TEST_CASE("examples: AAC block B06 (no published Chinese range at hand)") {
  const json aac = Calc("masonry/aac-block.yaml");
  const double total = CheckResult("aac-block.yaml", aac, AacBlock());
  // No published value: at least the binders must dominate, as in every AAC inventory.
  CHECK(aac.at("stages").at(0).at("stage") == "A1");
  CHECK(aac.at("stages").at(0).at("total").get<double>() > 0.5 * total);
  MESSAGE("AAC B06 " << total << " kg CO2e/m3 (no published Chinese range at hand; aluminium paste left out)");
}

TEST_CASE("examples: every example file is covered") {
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(SourceDir() / "examples"))
    if (entry.path().extension() == ".yaml") files.push_back(fs::relative(entry.path(), SourceDir() / "examples").string());
  const std::vector<std::string> covered = {"cement/po425-cement.yaml",       "cement/po425-cement-bagged.yaml",
                                            "glass/float-glass.yaml",         "glass/float-glass-petcoke.yaml",
                                            "gypsum/pg-plasterboard-cutoff.yaml", "gypsum/pg-plasterboard-economic.yaml",
                                            "concrete/c30-ready-mixed.yaml",  "masonry/aac-block.yaml"};
  for (const std::string& f : files)
    CHECK_MESSAGE(std::find(covered.begin(), covered.end(), f) != covered.end(), "example without a test: " << f);
}
