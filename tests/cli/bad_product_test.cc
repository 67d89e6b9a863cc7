// `pcf calc PRODUCT.yaml` on broken product files (issue 5, "errors people will make"), against the shipped
// Hubei database: each case is one mutation of a good product file — a frozen copy of
// examples/cement/po425-cement.yaml, or a small file written here — and must be refused with the right
// exit code (cli/exit_codes.h), the exact message `pcf: error: <path>:<line>:<column>: <field>: <message>`
// with its hint, nothing on standard output, and no output file (nor a temporary one) left behind.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "cli/cli_harness.h"

namespace fs = std::filesystem;
using pcf::test::JoinLines;
using pcf::test::Lines;
using pcf::test::Mutation;
using pcf::test::ReadText;
using pcf::test::RunPcf;
using pcf::test::RunResult;
using pcf::test::TempDir;
using pcf::test::WriteText;

namespace {

using pcf::test::kExitBadInput;
using pcf::test::kExitNotFound;
using pcf::test::kExitNumerical;
using pcf::test::kExitOk;
using pcf::test::kExitUnsupported;

// A frozen copy of examples/cement/po425-cement.yaml (as of issue 5), so that later edits of the example
// do not move the lines these cases point at. Line numbers below are 1-based, as in the messages.
const char* const kCement = R"yaml(# P·O 42.5 ordinary Portland cement from a new-dry-process (NSP) kiln line in Hubei — an example of a
# manufacturer's product file. Every number is either sourced (factor id of factors/ in brackets, or a
# standard) or marked ASSUMPTION; replace the assumptions with the plant's own annual data.
pcf: 1
product:
  id: cement P·O 42.5, bulk
  name: P·O 42.5 ordinary Portland cement, bulk, ex works
  name_zh: P·O 42.5 普通硅酸盐水泥（散装，出厂）
  company: Example Hubei Cement Co., Ltd. (fictitious)
  site: Huangshi, Hubei
  geography: CN-HB
  declared_unit: {amount: 1, unit: t}
  reference_period: "2024"
  system_boundary: cradle-to-gate
  pcr: GB/T 24067-2024 with EN 16908 (cement PCR) as guidance
method: GWP100-AR6
parameters:
  # Raw meal per t clinker: 1.52 t/t, the guideline default (CE-RAWMEAL-RATIO, NDRC 2013 cement guideline).
  raw_meal_per_clinker: 1.52
  # Raw meal recipe (mass shares) — ASSUMPTION: typical Hubei limestone/clay/sandstone/iron mix.
  share_limestone: 0.80
  share_clay: 0.12
  share_sandstone: 0.05
  share_iron: 0.03
  # Clinker chemistry: CaO 65.5 %, MgO 2.2 % — ASSUMPTION (plant lab values go here); no non-carbonate CaO/MgO.
  cao: 0.655
  mgo: 0.022
  cao_non_carbonate: 0
  mgo_non_carbonate: 0
  # Organic carbon of raw meal 0.2 % (CE-RAWMEAL-TOC, guideline default).
  toc_raw_meal: 0.002
  # Calcination CO2 per t clinker, Chinese cement guideline formula (GB/T 32151.8 / NDRC 2013):
  # (CaO − CaO_nc) × 44/56 + (MgO − MgO_nc) × 44/40, plus raw-meal TOC × 44/12; in kg.
  calcination_co2_kg: "1000 * ((cao - cao_non_carbonate) * 44/56 + (mgo - mgo_non_carbonate) * 44/40 + raw_meal_per_clinker * toc_raw_meal * 44/12)"
  # Kiln heat 3.10 GJ/t clinker — ASSUMPTION within GB 16780-2021 limits for ≥ 4000 t/d lines.
  kiln_heat_gj: 3.10
  # Alternative fuel (refuse-derived) share of kiln heat — ASSUMPTION: 10 %.
  alt_fuel_share: 0.10
  # Kiln-line electricity 52 kWh/t clinker — ASSUMPTION.
  kiln_kwh: 52
  # Clinker ratio of P·O 42.5: 0.825, mid of 0.80–0.85 (CE-PO-CLK-MIN/MAX, GB 175).
  clinker_ratio: 0.825
  # Phosphogypsum set retarder 5 % — ASSUMPTION; the rest is slag.
  gypsum_ratio: 0.05
  slag_ratio: "1 - clinker_ratio - gypsum_ratio"
  # Cement grinding electricity 32 kWh/t — ASSUMPTION (roller press + ball mill).
  grinding_kwh: 32
  # Road haul of raw materials 15 km and of phosphogypsum and slag 80 km — ASSUMPTION.
  quarry_km: 15
  additive_km: 80
processes:
  - id: raw materials
    name: Raw meal components, quarried and delivered
    stage: A1
    outputs:
      - {product: raw meal components, amount: 1, unit: t}
    inputs:
      - {background: "limestone, crushed, at quarry, CN-HB", amount: share_limestone, unit: t}
      - {background: "clay, at pit, CN-HB", amount: share_clay, unit: t}
      - {background: "sandstone, crushed, CN-HB", amount: share_sandstone, unit: t}
      - {background: "iron ore correction material, CN", amount: share_iron, unit: t}
  - id: raw material transport
    name: Haul of raw meal components to the plant
    stage: A2
    outputs:
      - {product: raw meal components at plant, amount: 1, unit: t}
    inputs:
      - {product: raw meal components, amount: 1, unit: t}
    transport:
      - {mass: "1 t", distance: "quarry_km km", mode: "transport, lorry 30t, diesel, CN"}
  - id: clinker kiln
    name: Clinker burning, NSP kiln
    stage: A3
    outputs:
      - {product: clinker, amount: 1, unit: t}
    inputs:
      - {product: raw meal components at plant, amount: raw_meal_per_clinker, unit: t}
      - {background: "heat, bituminous coal, industrial furnace, NDRC-2013", amount: "kiln_heat_gj * (1 - alt_fuel_share)", unit: GJ}
      - {background: "heat, alternative fuel, cement kiln, CN", amount: "kiln_heat_gj * alt_fuel_share", unit: GJ}
      - {background: "electricity, life cycle, medium voltage, CN-HB", amount: kiln_kwh, unit: kWh}
    emissions:
      - {flow: "CO2, fossil, process", amount: calcination_co2_kg, unit: kg}
  - id: cement grinding
    name: Cement grinding and bulk loading
    stage: A3
    outputs:
      - {product: "cement P·O 42.5, bulk", amount: 1, unit: t}
    inputs:
      - {product: clinker, amount: clinker_ratio, unit: t}
      - {background: "phosphogypsum, residue, cut-off, CN-HB", amount: gypsum_ratio, unit: t}
      - {background: "granulated blast furnace slag, CN", amount: slag_ratio, unit: t}
      - {background: "electricity, life cycle, medium voltage, CN-HB", amount: grinding_kwh, unit: kWh}
    transport:
      - {mass: "gypsum_ratio + slag_ratio t", distance: "additive_km km", mode: "transport, lorry 30t, diesel, CN"}
)yaml";

// A small product made from one background input, for cases the cement file has no room for.
const std::string kMini = std::string(pcf::test::kBoardProductHeader) + R"yaml(processes:
  - id: pressing
    stage: A3
    outputs:
      - {product: board, amount: 1, unit: t}
    inputs:
      - {background: "limestone, crushed, at quarry, CN-HB", amount: 1, unit: t}
)yaml";

// One edit of a line of the cement file: the line must hold `old` (so a change of the fixture cannot
// silently turn a case into a different one); it becomes `replacement` (which may hold several lines),
// or goes away when `remove`.
struct LineEdit {
  int line;
  std::string old;
  std::string replacement;
  bool remove = false;
};

// Each case is a Mutation that writes the files of the case into the directory; the product file is always
// product.yaml.
Mutation Cement(std::vector<LineEdit> edits) {
  return [=](const fs::path& dir) {
    std::vector<std::string> lines = Lines(kCement);
    // From the bottom up, so that the line numbers of the other edits stay valid.
    std::vector<LineEdit> sorted = edits;
    std::sort(sorted.begin(), sorted.end(), [](const LineEdit& a, const LineEdit& b) { return a.line > b.line; });
    for (const LineEdit& e : sorted) {
      REQUIRE(static_cast<int>(lines.size()) >= e.line);
      REQUIRE(lines[static_cast<std::size_t>(e.line - 1)] == e.old);
      if (e.remove) lines.erase(lines.begin() + (e.line - 1));
      else lines[static_cast<std::size_t>(e.line - 1)] = e.replacement;
    }
    WriteText(dir / "product.yaml", JoinLines(lines));
  };
}

Mutation CementLine(int line, std::string old, std::string replacement) {
  return Cement({{line, std::move(old), std::move(replacement)}});
}

Mutation CementWithout(int line, std::string old) { return Cement({{line, std::move(old), "", true}}); }

// The small file with `old` (which must occur exactly once) replaced, and `append` added at the end.
Mutation Mini(std::string old, std::string replacement, std::string append = "") {
  return [=](const fs::path& dir) {
    std::string text = kMini;
    if (!old.empty()) {
      const std::size_t at = text.find(old);
      REQUIRE(at != std::string::npos);
      REQUIRE(text.find(old, at + 1) == std::string::npos);
      text.replace(at, old.size(), replacement);
    }
    WriteText(dir / "product.yaml", text + append);
  };
}

Mutation MiniAppend(std::string append) { return Mini("", "", std::move(append)); }

Mutation Text(std::string text) {
  return [=](const fs::path& dir) { WriteText(dir / "product.yaml", text); };
}

// `mutation`, plus one more file (relative to the directory).
Mutation WithFile(Mutation mutation, std::string name, std::string content) {
  return [=](const fs::path& dir) {
    mutation(dir);
    fs::create_directories((dir / name).parent_path());
    WriteText(dir / name, content);
  };
}

// The small file with the input replaced by a supplier footprint.
const char* const kSupplierInput = "      - {supplier_pcf: suppliers/gypsum.json, amount: 50, unit: kg}\n";

Mutation Supplier(std::string json, std::string input = kSupplierInput) {
  return WithFile(MiniAppend(std::move(input)), "suppliers/gypsum.json", std::move(json));
}

// Two processes that each take exactly one unit of the other's product per unit of their own.
const char* const kLoopTail = R"yaml(  - id: binder making
    stage: A1
    outputs:
      - {product: binder, amount: 1, unit: t}
    inputs:
      - {product: board, amount: 1, unit: t}
)yaml";

const char* const kLimestoneInput = "      - {background: \"limestone, crushed, at quarry, CN-HB\", amount: 1, unit: t}\n";

// The small file with a second output (0.1 t of offcuts) and `allocation` (none when empty).
Mutation TwoOutputs(std::string allocation, std::string board_extra = "", std::string offcut_extra = "",
                    std::string offcut_unit = "unit: t") {
  return Mini("    stage: A3\n    outputs:\n      - {product: board, amount: 1, unit: t}\n",
              "    stage: A3\n" + (allocation.empty() ? "" : "    allocation: " + allocation + "\n") +
                  "    outputs:\n      - {product: board, amount: 1, unit: t" + board_extra +
                  "}\n      - {product: offcuts, amount: 0.1, " + offcut_unit + offcut_extra + "}\n");
}

struct BadProduct {
  std::string name;
  Mutation mutate;
  int exit_code;
  // Standard error after "pcf: error: ", with {file} for the product file's path and {dir} for its folder.
  // A message ending in "…" is checked up to there (the rest lists what the database holds, or quotes a
  // library's own words).
  std::string message;
};

std::string Expand(std::string text, const fs::path& dir) {
  for (const auto& [key, value] : {std::pair<std::string, std::string>{"{file}", (dir / "product.yaml").string()},
                                   std::pair<std::string, std::string>{"{dir}", dir.string()}})
    for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
      text.replace(at, key.size(), value);
  return text;
}

std::set<std::string> FileNames(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    names.insert(fs::relative(entry.path(), dir).string());
  return names;
}

const std::string kLimestone = "      - {background: \"limestone, crushed, at quarry, CN-HB\", amount: share_limestone, unit: t}";
const std::string kClay = "      - {background: \"clay, at pit, CN-HB\", amount: share_clay, unit: t}";
const std::string kHaul = "      - {mass: \"1 t\", distance: \"quarry_km km\", mode: \"transport, lorry 30t, diesel, CN\"}";
const std::string kCalcination = "      - {flow: \"CO2, fossil, process\", amount: calcination_co2_kg, unit: kg}";
const std::string kClinkerOut = "      - {product: clinker, amount: 1, unit: t}";
const std::string kClinkerIn = "      - {product: clinker, amount: clinker_ratio, unit: t}";
const std::string kGrindingPower =
    "      - {background: \"electricity, life cycle, medium voltage, CN-HB\", amount: grinding_kwh, unit: kWh}";
const std::string kDeclaredUnit = "  declared_unit: {amount: 1, unit: t}";
const std::string kMiniDeclaredUnit = "declared_unit: {amount: 1, unit: t}";
const std::string kMiniLimestoneAmount = "CN-HB\", amount: 1, unit: t}";
const std::string kPact23 = R"({"specVersion": "2.3.0", "productNameCompany": "phosphogypsum", "pcf": {"pCfExcludingBiogenic": "0.01", "declaredUnit": "kilogram"}})";

std::vector<BadProduct> BadProducts() {
  const int bad = kExitBadInput, missing = kExitNotFound;
  return {
      // --- The file as a whole ---------------------------------------------------------------------------
      {"malformed YAML: unclosed flow mapping", CementLine(12, kDeclaredUnit, "  declared_unit: {amount: 1, unit: t"), bad,
       "{file}:13:19: malformed YAML: end of map flow not found"},
      {"malformed YAML: unclosed quote (YAML closes it at the next quote, 21 lines down)",
       CementLine(13, "  reference_period: \"2024\"", "  reference_period: \"2024"), bad,
       "{file}:34:24: malformed YAML: end of map not found"},
      {"empty file", Text(""), bad, "{file}:1:1: the file is empty: a product file starts with \"pcf: 1\""},
      {"a list at the top", Text("- pcf: 1\n"), bad, "{file}:1:1: expected a mapping that starts with \"pcf: 1\""},
      {"missing pcf", CementWithout(4, "pcf: 1"), bad, "{file}:4:1: missing \"pcf\""},
      {"pcf: 2", CementLine(4, "pcf: 1", "pcf: 2"), kExitUnsupported,
       "{file}:4:6: pcf: format version \"2\" is not supported: this pcf reads \"pcf: 1\""},
      {"pcf: 1.0", Mini("pcf: 1", "pcf: 1.0"), kExitUnsupported,
       "{file}:1:6: pcf: format version \"1.0\" is not supported: this pcf reads \"pcf: 1\""},
      {"unknown top-level key", CementLine(16, "method: GWP100-AR6", "methods: GWP100-AR6"), bad,
       "{file}:16:1: methods: unknown key \"methods\" (did you mean \"method\"?)"},
      {"no processes", Mini("processes:\n  - id: pressing\n    stage: A3\n    outputs:\n      - {product: board, amount: 1, unit: t}\n"
                            "    inputs:\n" + std::string(kLimestoneInput), ""),
       bad, "{file}:1:1: missing \"processes\": at least the process that makes the product"},
      {"processes is a mapping",
       Mini("processes:\n  - id: pressing\n    stage: A3\n    outputs:\n      - {product: board, amount: 1, unit: t}\n"
            "    inputs:\n" + std::string(kLimestoneInput),
            "processes:\n  id: pressing\n"),
       bad, "{file}:11:3: processes: expected a list"},

      // --- Unknown keys, each with a did-you-mean --------------------------------------------------------
      {"unknown key in product", CementLine(10, "  site: Huangshi, Hubei", "  sites: Huangshi, Hubei"), bad,
       "{file}:10:3: product.sites: unknown key \"sites\" (did you mean \"site\"?)"},
      {"unknown key in declared_unit", Mini(kMiniDeclaredUnit, "declared_unit: {amount: 1, units: t}"), bad,
       "{file}:7:30: product.declared_unit.units: unknown key \"units\" (did you mean \"unit\"?)"},
      {"unknown key in a process", CementLine(54, "    stage: A1", "    stag: A1"), bad,
       "{file}:54:5: processes[0].stag: unknown key \"stag\" (did you mean \"stage\"?)"},
      {"unknown key in an input",
       CementLine(59, kClay, "      - {backgroud: \"clay, at pit, CN-HB\", amount: share_clay, unit: t}"), bad,
       "{file}:59:10: processes[0].inputs[1].backgroud: unknown key \"backgroud\" (did you mean \"background\"?)"},
      {"unknown key in an output",
       CementLine(56, "      - {product: raw meal components, amount: 1, unit: t}",
                  "      - {product: raw meal components, amount: 1, unit: t, prise: 3}"),
       bad, "{file}:56:60: processes[0].outputs[0].prise: unknown key \"prise\" (did you mean \"price\"?)"},
      {"unknown key in an emission",
       CementLine(82, kCalcination, "      - {flows: \"CO2, fossil, process\", amount: calcination_co2_kg, unit: kg}"), bad,
       "{file}:82:10: processes[2].emissions[0].flows: unknown key \"flows\" (did you mean \"flow\"?)"},
      {"unknown key in a transport leg",
       CementLine(70, kHaul, "      - {mass: \"1 t\", distance: \"quarry_km km\", mod: \"transport, lorry 30t, diesel, CN\"}"), bad,
       "{file}:70:49: processes[1].transport[0].mod: unknown key \"mod\" (did you mean \"mode\"?)"},
      {"unknown key in a waste output",
       MiniAppend("    waste:\n      - {treatment: \"waste, inert, to landfill, CN\", amount: 2, unt: kg}\n"), bad,
       "{file}:18:65: processes[0].waste[0].unt: unknown key \"unt\" (did you mean \"unit\"?)"},
      {"foreground product under avoided", MiniAppend("    avoided:\n      - {product: board, amount: 2, unit: kg}\n"), bad,
       "{file}:18:19: processes[0].avoided[0].product: an avoided product is a database product: write \"background:\" "
       "(foreground products cannot be avoided)"},

      // --- Keys given twice (YAML would silently keep one of them) ----------------------------------------
      {"key given twice in a process",
       CementLine(53, "    name: Raw meal components, quarried and delivered",
                  "    name: Raw meal components, quarried and delivered\n    name: Raw meal, delivered"),
       bad, "{file}:54:5: processes[0].name: key \"name\" is given twice"},
      {"key given twice in an input", Mini(kMiniLimestoneAmount, "CN-HB\", amount: 1, unit: t, amount: 2}"), bad,
       "{file}:16:82: processes[0].inputs[0].amount: key \"amount\" is given twice"},
      {"key given twice in product", Mini("  geography: CN-HB\n", "  geography: CN-HB\n  geography: CN-HN\n"), bad,
       "{file}:7:3: product.geography: key \"geography\" is given twice"},

      // --- Required fields of the product ----------------------------------------------------------------
      {"missing product.id", CementWithout(6, "  id: cement P·O 42.5, bulk"), bad, "{file}:6:3: product: missing \"id\""},
      {"missing product.name", CementWithout(7, "  name: P·O 42.5 ordinary Portland cement, bulk, ex works"), bad,
       "{file}:6:3: product: missing \"name\""},
      {"missing product.company", CementWithout(9, "  company: Example Hubei Cement Co., Ltd. (fictitious)"), bad,
       "{file}:6:3: product: missing \"company\""},
      {"missing product.geography", CementWithout(11, "  geography: CN-HB"), bad, "{file}:6:3: product: missing \"geography\""},
      {"missing product.declared_unit", CementWithout(12, kDeclaredUnit), bad,
       "{file}:6:3: product: missing \"declared_unit\" (amount and unit)"},
      {"missing product.reference_period", CementWithout(13, "  reference_period: \"2024\""), bad,
       "{file}:6:3: product: missing \"reference_period\""},
      {"missing product.system_boundary", CementWithout(14, "  system_boundary: cradle-to-gate"), bad,
       "{file}:6:3: product: missing \"system_boundary\""},
      {"product.name is a list", Mini("  name: Test board", "  name: [a, b]"), bad, "{file}:4:9: product.name: expected text"},
      {"bad system_boundary",
       CementLine(14, "  system_boundary: cradle-to-gate", "  system_boundary: cradle-to-grate"), bad,
       "{file}:14:20: product.system_boundary: system_boundary \"cradle-to-grate\" must be cradle-to-gate, cradle-to-grave "
       "or gate-to-gate (did you mean \"cradle-to-gate\"?)"},
      {"declared unit of amount 0", CementLine(12, kDeclaredUnit, "  declared_unit: {amount: 0, unit: t}"), bad,
       "{file}:12:27: product.declared_unit.amount: the declared unit must be a positive amount"},
      {"declared unit of negative amount", CementLine(12, kDeclaredUnit, "  declared_unit: {amount: -1, unit: t}"), bad,
       "{file}:12:27: product.declared_unit.amount: negative amount -1: the declared unit must be a positive amount"},
      {"declared unit without amount", Mini(kMiniDeclaredUnit, "declared_unit: {unit: t}"), bad,
       "{file}:7:18: product.declared_unit: missing \"amount\""},

      // --- Units -----------------------------------------------------------------------------------------
      {"unknown unit", CementLine(59, kClay, "      - {background: \"clay, at pit, CN-HB\", amount: share_clay, unit: tonn}"),
       bad,
       "{file}:59:71: processes[0].inputs[1].unit: unknown unit \"tonn\" (did you mean \"t\"?); units: kg, g, t, kt, MJ, kJ, "
       "GJ, TJ, kWh, MWh, GWh, m3, L, m2, m, km, t*km, kg*km, piece, h"},
      {"unknown unit of the declared unit", Mini(kMiniDeclaredUnit, "declared_unit: {amount: 1, unit: tonnes!}"), bad,
       "{file}:7:36: product.declared_unit.unit: unknown unit \"tonnes!\"; units: kg, g, t, kt, MJ, kJ, GJ, TJ, kWh, MWh, "
       "GWh, m3, L, m2, m, km, t*km, kg*km, piece, h"},
      {"input without unit", Mini(kMiniLimestoneAmount, "CN-HB\", amount: 1}"), bad,
       "{file}:16:9: processes[0].inputs[0]: missing \"unit\""},
      {"energy unit for a background product in kg",
       CementLine(58, kLimestone,
                  "      - {background: \"limestone, crushed, at quarry, CN-HB\", amount: share_limestone, unit: kWh}"),
       bad,
       "{file}:58:93: processes[0].inputs[0].unit: unit \"kWh\" measures energy, but \"limestone, crushed, at quarry, "
       "CN-HB\" is measured in \"kg\" (mass)"},
      {"t*km for a background product in kg", Mini(kMiniLimestoneAmount, "CN-HB\", amount: 1, unit: t*km}"), bad,
       "{file}:16:79: processes[0].inputs[0].unit: unit \"t*km\" measures mass × distance, but \"limestone, crushed, at "
       "quarry, CN-HB\" is measured in \"kg\" (mass)"},
      {"volume unit for a flow in kg",
       CementLine(82, kCalcination, "      - {flow: \"CO2, fossil, process\", amount: calcination_co2_kg, unit: m3}"), bad,
       "{file}:82:74: processes[2].emissions[0].unit: unit \"m3\" measures volume, but flow \"CO2, fossil, process\" is "
       "measured in \"kg\" (mass)"},
      {"declared unit in energy, product in t", CementLine(12, kDeclaredUnit, "  declared_unit: {amount: 1, unit: kWh}"), bad,
       "{file}:12:36: product.declared_unit.unit: unit \"kWh\" measures energy, but the declared product \"cement P·O "
       "42.5, bulk\" is measured in \"t\" (mass)"},
      {"declared unit in pieces, product in t", Mini(kMiniDeclaredUnit, "declared_unit: {amount: 1, unit: pcs}"), bad,
       "{file}:7:36: product.declared_unit.unit: unit \"piece\" measures count, but the declared product \"board\" is "
       "measured in \"t\" (mass)"},
      {"foreground input in energy, its maker's output in t",
       Mini(kLimestoneInput, "      - {product: binder, amount: 1, unit: kWh}\n",
            "  - id: binder making\n    stage: A1\n    outputs:\n      - {product: binder, amount: 1, unit: t}\n"),
       bad,
       "{file}:16:44: processes[0].inputs[0].unit: unit \"kWh\" measures energy, but \"binder\" is measured in \"t\" "
       "(mass)"},

      // --- Transport ---------------------------------------------------------------------------------------
      {"transport mass in km",
       CementLine(70, kHaul, "      - {mass: \"1 km\", distance: \"quarry_km km\", mode: \"transport, lorry 30t, diesel, CN\"}"),
       bad, "{file}:70:16: processes[1].transport[0].mass: \"km\" is a length, expected a mass"},
      {"transport distance in t",
       CementLine(70, kHaul, "      - {mass: \"1 t\", distance: \"quarry_km t\", mode: \"transport, lorry 30t, diesel, CN\"}"),
       bad, "{file}:70:33: processes[1].transport[0].distance: \"t\" is a mass, expected a length"},
      {"transport distance without unit",
       CementLine(70, kHaul, "      - {mass: \"1 t\", distance: \"quarry_km\", mode: \"transport, lorry 30t, diesel, CN\"}"),
       bad,
       "{file}:70:33: processes[1].transport[0].distance: expected an amount and a unit, e.g. \"50 km\", got \"quarry_km\""},
      {"transport without mass",
       MiniAppend("    transport:\n      - {distance: \"5 km\", mode: \"transport, lorry 30t, diesel, CN\"}\n"), bad,
       "{file}:18:9: processes[0].transport[0]: missing \"mass\", e.g. \"1.52 t\""},
      {"transport negative distance",
       MiniAppend("    transport:\n      - {mass: \"1 t\", distance: \"-5 km\", mode: \"transport, lorry 30t, diesel, CN\"}\n"),
       bad, "{file}:18:33: processes[0].transport[0].distance: must not be negative"},
      {"transport mode that is not a t*km service",
       CementLine(70, kHaul,
                  "      - {mass: \"1 t\", distance: \"quarry_km km\", mode: \"diesel, burned in lorry engine, CN\"}"),
       bad,
       "{file}:70:55: processes[1].transport[0].mode: \"diesel, burned in lorry engine, CN\" is not a transport service (its "
       "unit is \"kg\", not t*km)"},
      {"unknown transport mode",
       MiniAppend("    transport:\n      - {mass: \"1 t\", distance: \"5 km\", mode: \"transport, lorry 30 t, diesel, CN\"}\n"),
       missing,
       "{file}:18:47: processes[0].transport[0].mode: \"transport, lorry 30 t, diesel, CN\" is not a product or process of "
       "the database (closest: \"transport, lorry 30t, diesel, CN\", \"transport, lorry 18t, diesel, CN\", \"transport, "
       "lorry 46t, diesel, CN\"); `pcf db search WORDS` lists them"},

      // --- Ids of the database and of the foreground --------------------------------------------------------
      {"unknown background product",
       CementLine(59, kClay, "      - {background: \"clay, at pit, CN-HN\", amount: share_clay, unit: t}"), missing,
       "{file}:59:22: processes[0].inputs[1].background: \"clay, at pit, CN-HN\" is not a product or process of the "
       "database (closest: \"clay, at pit, CN-HB\"); `pcf db search WORDS` lists them"},
      {"unknown background product, nothing close",
       CementLine(59, kClay, "      - {background: \"unobtainium\", amount: share_clay, unit: t}"), missing,
       "{file}:59:22: processes[0].inputs[1].background: \"unobtainium\" is not a product or process of the database; "
       "`pcf db search WORDS` lists them"},
      {"unknown waste treatment",
       MiniAppend("    waste:\n      - {treatment: \"waste, inert, to landfil, CN\", amount: 2, unit: kg}\n"), missing,
       "{file}:18:21: processes[0].waste[0].treatment: \"waste, inert, to landfil, CN\" is not a product or process of the "
       "database (closest: \"waste, inert, to landfill, CN\"); `pcf db search WORDS` lists them"},
      {"unknown flow",
       CementLine(82, kCalcination, "      - {flow: \"CO2, fossil, proces\", amount: calcination_co2_kg, unit: kg}"), missing,
       "{file}:82:16: processes[2].emissions[0].flow: unknown flow \"CO2, fossil, proces\" (did you mean \"CO2, fossil, "
       "process\"?); flows of the database: CO2, fossil; CO2, fossil, process; …"},
      {"unknown foreground product", CementLine(89, kClinkerIn, "      - {product: clinkers, amount: clinker_ratio, unit: t}"),
       missing,
       "{file}:89:19: processes[3].inputs[0].product: no foreground process makes \"clinkers\" (did you mean \"clinker\"?); "
       "to use a database product write \"background:\""},
      {"input naming both product and background",
       CementLine(89, kClinkerIn,
                  "      - {product: clinker, background: \"clay, at pit, CN-HB\", amount: clinker_ratio, unit: t}"),
       bad,
       "{file}:89:9: processes[3].inputs[0]: \"product\" and \"background\" both given: name exactly one of \"product\" "
       "(a foreground product), \"background\" (a database product) or \"supplier_pcf\" (a PACT file)"},
      {"input naming none of product, background, supplier_pcf",
       CementLine(89, kClinkerIn, "      - {amount: clinker_ratio, unit: t}"), bad,
       "{file}:89:9: processes[3].inputs[0]: say what is used: one of \"product\" (a foreground product), \"background\" "
       "(a database product) or \"supplier_pcf\" (a PACT file)"},
      {"foreground product id equal to a database id",
       Cement({{75, kClinkerOut, "      - {product: \"clinker, Portland, market, CN-HB\", amount: 1, unit: t}"},
               {89, kClinkerIn, "      - {product: \"clinker, Portland, market, CN-HB\", amount: clinker_ratio, unit: t}"}}),
       bad,
       "{file}:75:19: processes[2].outputs[0].product: \"clinker, Portland, market, CN-HB\" is also an id in the database; "
       "give the foreground product its own id"},
      {"process id equal to a database process id",
       Mini("  - id: pressing", "  - id: \"clinker, Portland, market, CN-HB\""), bad,
       "{file}:11:9: processes[0].id: process id \"clinker, Portland, market, CN-HB\" is also a process of the database"},
      {"unknown method", CementLine(16, "method: GWP100-AR6", "method: GWP100-AR7"), missing,
       "{file}:16:9: method: unknown method \"GWP100-AR7\" (did you mean \"GWP100-AR6\"?)"},
      {"database that does not exist", Mini("processes:", "database: nowhere.sqlite\nprocesses:"), missing,
       "{dir}/nowhere.sqlite: database file not found"},

      // --- Parameters -------------------------------------------------------------------------------------
      {"undefined parameter in an amount",
       CementLine(89, kClinkerIn, "      - {product: clinker, amount: clinker_ration, unit: t}"), bad,
       "{file}:89:36: processes[3].inputs[0].amount: undefined parameter \"clinker_ration\" (did you mean "
       "\"clinker_ratio\"?)"},
      {"undefined parameter in a parameter", CementLine(50, "  additive_km: 80", "  additive_km: \"quarry_kms * 5\""), bad,
       "{file}:50:16: parameters.additive_km: undefined parameter \"quarry_kms\" (did you mean \"quarry_km\"?)"},
      {"a word where a number belongs", Mini(kMiniLimestoneAmount, "CN-HB\", amount: one, unit: t}"), bad,
       "{file}:16:70: processes[0].inputs[0].amount: undefined parameter \"one\""},
      {"parameter cycle over three parameters",
       Cement({{44, "  gypsum_ratio: 0.05", "  gypsum_ratio: \"additive_km / 1600\""},
               {50, "  additive_km: 80", "  additive_km: \"slag_ratio * 100\""}}),
       bad,
       "{file}:44:17: parameters.gypsum_ratio: parameters depend on each other in a cycle: gypsum_ratio → additive_km → "
       "slag_ratio → gypsum_ratio"},
      {"parameter that uses itself", Mini("processes:", "parameters:\n  a: a + 1\nprocesses:"), bad,
       "{file}:11:6: parameters.a: parameters depend on each other in a cycle: a → a"},
      {"invalid parameter name", CementLine(50, "  additive_km: 80", "  2additive_km: 80"), bad,
       "{file}:50:17: parameters.2additive_km: \"2additive_km\" is not a valid parameter name (letters, digits and _, not "
       "starting with a digit)"},
      {"parameter defined twice", Mini("processes:", "parameters:\n  a: 1\n  a: 2\nprocesses:"), bad,
       "{file}:12:6: parameters.a: parameter \"a\" is defined twice"},
      {"parameter that is a list", Mini("processes:", "parameters:\n  a: [1, 2]\nprocesses:"), bad,
       "{file}:11:6: parameters.a: expected text, found a list or mapping"},
      {"formula syntax error", CementLine(50, "  additive_km: 80", "  additive_km: \"80 * (quarry_km\""), bad,
       "{file}:50:16: parameters.additive_km: cannot evaluate \"80 * (quarry_km\": Missing parenthesis"},
      {"formula with an unknown function", Mini("processes:", "parameters:\n  a: foo(2)\nprocesses:"), bad,
       "{file}:11:6: parameters.a: cannot evaluate \"foo(2)\": unknown function \"foo\" (functions: sqrt, exp, ln, log10, "
       "min, max, abs, …)"},
      {"formula giving Inf", CementLine(50, "  additive_km: 80", "  additive_km: \"quarry_km / 0\""), bad,
       "{file}:50:16: parameters.additive_km: \"quarry_km / 0\" evaluates to infinity (e.g. a division by zero or an overflow): a result must be a finite number"},

      // --- Negative and zero amounts ---------------------------------------------------------------------
      {"negative input",
       CementLine(92, kGrindingPower,
                  "      - {background: \"electricity, life cycle, medium voltage, CN-HB\", amount: -grinding_kwh, unit: kWh}"),
       bad,
       "{file}:92:80: processes[3].inputs[3].amount: negative amount -32: inputs are positive (list a credit under "
       "\"avoided\")"},
      {"negative emission", CementLine(82, kCalcination, "      - {flow: \"CO2, fossil, process\", amount: -1, unit: kg}"), bad,
       "{file}:82:48: processes[2].emissions[0].amount: negative amount -1: emissions are positive (an uptake from air is "
       "its own flow)"},
      {"negative avoided product",
       MiniAppend("    avoided:\n      - {background: \"FGD gypsum, CN\", amount: -2, unit: kg}\n"), bad,
       "{file}:18:48: processes[0].avoided[0].amount: negative amount -2: write the avoided amount as a positive number: "
       "it is credited"},
      {"output of amount 0",
       CementLine(87, "      - {product: \"cement P·O 42.5, bulk\", amount: 1, unit: t}",
                  "      - {product: \"cement P·O 42.5, bulk\", amount: 0, unit: t}"),
       bad, "{file}:87:53: processes[3].outputs[0].amount: an output must be a positive amount"},

      // --- Processes and the products they make ---------------------------------------------------------------
      {"declared product that nothing produces", CementLine(6, "  id: cement P·O 42.5, bulk", "  id: cement P·O 42.5, bagged"),
       bad,
       "{file}:6:7: product.id: no process has the declared product \"cement P·O 42.5, bagged\" (product.id) among its "
       "outputs (did you mean \"cement P·O 42.5, bulk\"?)"},
      {"process without outputs (no reference product)",
       Cement({{86, "    outputs:", "", true}, {87, "      - {product: \"cement P·O 42.5, bulk\", amount: 1, unit: t}", "", true}}),
       bad, "{file}:83:5: processes[3]: missing \"outputs\": a process needs its reference product"},
      {"two processes making the same product",
       CementLine(75, kClinkerOut, "      - {product: raw meal components, amount: 1, unit: t}"), bad,
       "{file}:75:19: processes[2].outputs[0].product: \"raw meal components\" is already an output of process \"raw "
       "materials\": each foreground product has one maker"},
      {"duplicate process id", CementLine(71, "  - id: clinker kiln", "  - id: raw materials"), bad,
       "{file}:71:9: processes[2].id: duplicate process id \"raw materials\""},
      {"process without id", Mini("  - id: pressing\n    stage: A3\n", "  - stage: A3\n"), bad,
       "{file}:11:5: processes[0]: missing \"id\""},
      {"process without stage", Mini("    stage: A3\n", ""), bad, "{file}:11:5: processes[0]: missing \"stage\""},
      {"process that is not a mapping", Mini("  - id: pressing\n", "  - pressing\n  - id: pressing\n"), bad,
       "{file}:11:5: processes[0]: expected a mapping (key: value)"},
      {"bad stage", CementLine(73, "    stage: A3", "    stage: a3"), bad,
       "{file}:73:12: processes[2].stage: stage \"a3\" is not an EN 15804 module (A1–A5, B1–B7, C1–C4, D) (did you mean "
       "\"A3\"?)"},
      // Module D holds only the credits of avoided products (issue 10); lines may carry their own stage.
      {"process staged D", Mini("    stage: A3\n", "    stage: D\n"), bad,
       "{file}:12:12: processes[0].stage: module D (benefits beyond the system boundary) holds only the credits of "
       "\"avoided\" products, reported apart from the PCF: stage this in A1–C4 and list a credit under \"avoided\""},
      {"input staged D",
       Mini(kLimestoneInput, "      - {background: \"limestone, crushed, at quarry, CN-HB\", amount: 1, unit: t, stage: D}\n"), bad,
       "{file}:16:89: processes[0].inputs[0].stage: module D (benefits beyond the system boundary) holds only the credits "
       "of \"avoided\" products, reported apart from the PCF: stage this in A1–C4 and list a credit under \"avoided\""},
      {"avoided product staged A3",
       MiniAppend("    avoided:\n      - {background: \"FGD gypsum, CN\", amount: 2, unit: kg, stage: A3}\n"), bad,
       "{file}:18:68: processes[0].avoided[0].stage: an avoided product is credited in module D, reported apart from the "
       "PCF: write \"stage: D\" or leave \"stage\" out"},
      {"bad stage on a transport leg",
       MiniAppend("    transport:\n      - {mass: \"1 t\", distance: \"5 km\", mode: \"transport, lorry 30t, diesel, CN\", "
                  "stage: a2}\n"),
       bad,
       "{file}:18:90: processes[0].transport[0].stage: stage \"a2\" is not an EN 15804 module (A1–A5, B1–B7, C1–C4, D) "
       "(did you mean \"A2\"?)"},
      {"supplier primaryDataShare above 100",
       Supplier(R"({"specVersion": "3.0.0", "pcf": {"pcfExcludingBiogenicUptake": "0.01", "declaredUnitOfMeasurement": "kilogram", "declaredUnitAmount": "1",
                    "primaryDataShare": "140"}})"),
       bad,
       "{file}:17:24: processes[0].inputs[1].supplier_pcf: supplier footprint {dir}/suppliers/gypsum.json: "
       "pcf.primaryDataShare must lie in 0–100 (%)"},
      {"foreground loop without net output (singular)",
       Mini(kLimestoneInput, "      - {product: binder, amount: 1, unit: t}\n", kLoopTail), kExitNumerical,
       "{file}:11:9: processes[0].id: the technosphere matrix is numerically singular: a loop of 2 processes has no unique solution (the processes "
       "supply each other with no net output). Processes in the loop: \"pressing\", \"binder making\". Products: "
       "\"board\", \"binder\""},

      // --- Allocation -------------------------------------------------------------------------------------
      {"multi-output process without allocation", TwoOutputs(""), bad,
       "{file}:11:5: processes[0]: a process with several outputs needs \"allocation\": mass, economic, physical or "
       "factors"},
      {"unknown allocation method", TwoOutputs("masss"), bad,
       "{file}:13:17: processes[0].allocation: allocation \"masss\" must be mass, economic, physical or factors (did you "
       "mean \"mass\"?)"},
      {"allocation factors not adding up to 1", TwoOutputs("factors", ", factor: 0.9", ", factor: 0.2"), bad,
       "{file}:11:5: processes[0]: allocation factors add up to 1.1, not 1"},
      {"economic allocation without prices", TwoOutputs("economic"), bad,
       "{file}:11:5: processes[0]: economic allocation needs a positive price on at least one output"},
      {"physical allocation without properties", TwoOutputs("physical"), bad,
       "{file}:11:5: processes[0]: physical allocation needs a positive property on at least one output"},
      {"economic allocation with a negative price", TwoOutputs("economic", ", price: 100", ", price: -5"), bad,
       "{file}:16:57: processes[0].outputs[1].price: allocation keys must not be negative"},
      {"mass allocation with an output in pieces", TwoOutputs("mass", "", "", "unit: piece"), bad,
       "{file}:16:36: processes[0].outputs[1].amount: mass allocation needs every output in a mass unit"},

      // --- Supplier footprints (PACT) ------------------------------------------------------------------------
      {"supplier_pcf file missing", MiniAppend(kSupplierInput), missing,
       "{file}:17:24: processes[0].inputs[1].supplier_pcf: supplier footprint {dir}/suppliers/gypsum.json: file not found"},
      {"supplier_pcf that is a folder", WithFile(MiniAppend("      - {supplier_pcf: suppliers, amount: 50, unit: kg}\n"),
                                                  "suppliers/readme.txt", "x\n"),
       bad, "{file}:17:24: processes[0].inputs[1].supplier_pcf: supplier footprint {dir}/suppliers: is a directory, expected a file"},
      {"supplier_pcf file that is not JSON", Supplier("phosphogypsum, 12 kg CO2e per t\n"), bad,
       "{file}:17:24: processes[0].inputs[1].supplier_pcf: supplier footprint {dir}/suppliers/gypsum.json is not JSON: "
       "[json.exception.parse_error.101] …"},
      {"supplier_pcf JSON without pcf", Supplier(R"({"specVersion": "2.3.0", "productNameCompany": "phosphogypsum"})"), bad,
       "{file}:17:24: processes[0].inputs[1].supplier_pcf: supplier footprint {dir}/suppliers/gypsum.json is not a PACT "
       "ProductFootprint (v2.3 or v3.0): no \"pcf\" object"},
      {"supplier_pcf with a number where PACT has a decimal string",
       Supplier(R"({"specVersion": "2.3.0", "pcf": {"pCfExcludingBiogenic": 0.01, "declaredUnit": "kilogram"}})"), bad,
       "{file}:17:24: processes[0].inputs[1].supplier_pcf: supplier footprint {dir}/suppliers/gypsum.json: "
       "pcf.pCfExcludingBiogenic (v2.3) or pcf.pcfExcludingBiogenicUptake (v3.0) must be a decimal written as a string, "
       "e.g. \"0.42\""},
      {"supplier_pcf with an unknown declared unit",
       Supplier(R"({"specVersion": "2.3.0", "pcf": {"pCfExcludingBiogenic": "10", "declaredUnit": "ton"}})"), bad,
       "{file}:17:24: processes[0].inputs[1].supplier_pcf: supplier footprint {dir}/suppliers/gypsum.json: unknown declared "
       "unit \"ton\""},
      {"supplier input in energy, footprint per kg",
       Supplier(kPact23, "      - {supplier_pcf: suppliers/gypsum.json, amount: 50, unit: kWh}\n"), bad,
       "{file}:17:65: processes[0].inputs[1].unit: unit \"kWh\" measures energy, but the supplier footprint "
       "{dir}/suppliers/gypsum.json (declared per \"kg\") is measured in \"kg\" (mass)"},
      {"supplier_pcf v3.0 with a number where PACT has a decimal string",
       Supplier(R"({"specVersion": "3.0.0", "pcf": {"pcfExcludingBiogenicUptake": 0.01, "declaredUnitOfMeasurement": "kilogram"}})"),
       bad,
       "{file}:17:24: processes[0].inputs[1].supplier_pcf: supplier footprint {dir}/suppliers/gypsum.json: "
       "pcf.pcfExcludingBiogenicUptake must be a decimal written as a string, e.g. \"0.42\""},
      {"supplier_pcf v2.3 without pCfExcludingBiogenic",
       Supplier(R"({"specVersion": "2.3.0", "pcf": {"declaredUnit": "kilogram"}})"), bad,
       "{file}:17:24: processes[0].inputs[1].supplier_pcf: supplier footprint {dir}/suppliers/gypsum.json: missing "
       "pcf.pCfExcludingBiogenic (v2.3) or pcf.pcfExcludingBiogenicUptake (v3.0)"},
      {"supplier_pcf v3.0 with a negative pcfExcludingBiogenicUptake that no removal explains",
       Supplier(R"({"specVersion": "3.0.0", "pcf": {"pcfExcludingBiogenicUptake": "-0.2", "declaredUnitOfMeasurement": "kilogram", "declaredUnitAmount": "1"}})"),
       bad,
       "{file}:17:24: processes[0].inputs[1].supplier_pcf: supplier footprint {dir}/suppliers/gypsum.json: "
       "pcf.pcfExcludingBiogenicUptake is -0.2, but none of the parts is given (sum 0): PACT v3 adds these into "
       "pcf.pcfExcludingBiogenicUptake, so it cannot be smaller"},
      {"supplier_pcf v2.3 with a negative pCfExcludingBiogenic",
       Supplier(R"({"specVersion": "2.3.0", "pcf": {"pCfExcludingBiogenic": "-0.01", "declaredUnit": "kilogram"}})"), bad,
       "{file}:17:24: processes[0].inputs[1].supplier_pcf: supplier footprint {dir}/suppliers/gypsum.json: "
       "pcf.pCfExcludingBiogenic is -0.01, but PACT v2 requires ≥ 0"},
  };
}

}  // namespace

TEST_CASE("calc: the good fixtures calculate (the mutations below are what breaks them)") {
  for (const auto& [name, mutation] : std::vector<std::pair<std::string, Mutation>>{
           {"cement", Cement({})},
           {"small", Mini("", "")},
           {"small with a supplier footprint", Supplier(kPact23)},
           {"small with a foreground loop that has net output",
            Mini(kLimestoneInput, std::string(kLimestoneInput) + "      - {product: binder, amount: 0.5, unit: t}\n",
                 kLoopTail)}}) {
    CAPTURE(name);
    TempDir dir;
    mutation(dir.path());
    const RunResult r = RunPcf({"calc", (dir / "product.yaml").string(), "-o", (dir / "result.json").string()});
    INFO("stderr: " << r.err);
    CHECK(r.exit_code == kExitOk);
    CHECK(r.err.empty());
    CHECK(fs::is_regular_file(dir / "result.json"));
  }
}

TEST_CASE("calc: broken product files are refused with file line column field message and hint and no output") {
  const std::vector<BadProduct> cases = BadProducts();
  CHECK(cases.size() >= 35);
  std::set<std::string> names, messages;
  for (const BadProduct& c : cases) {
    CHECK_MESSAGE(names.insert(c.name).second, "duplicate case name: " << c.name);
    messages.insert(c.message);
  }
  // Distinct mistakes with distinct messages.
  CHECK(messages.size() >= 35);
  CHECK(messages.size() == cases.size());
  for (const BadProduct& c : cases) {
    CAPTURE(c.name);
    TempDir dir;
    c.mutate(dir.path());
    const std::set<std::string> before = FileNames(dir.path());
    const fs::path output = dir / "result.json";
    const RunResult r = RunPcf({"calc", (dir / "product.yaml").string(), "-o", output.string()});
    INFO("stderr: " << r.err);
    CHECK(r.exit_code == c.exit_code);
    CHECK(r.out.empty());
    const std::string expected = "pcf: error: " + Expand(c.message, dir.path());
    if (expected.size() >= 3 && expected.compare(expected.size() - 3, 3, "…") == 0) {
      const std::string prefix = expected.substr(0, expected.size() - 3);
      CHECK(r.err.substr(0, prefix.size()) == prefix);
      CHECK(r.err.find('\n') == r.err.size() - 1);  // one line
    } else {
      CHECK(r.err == expected + "\n");
    }
    // Nothing written: no result, no temporary sibling, no other new file.
    CHECK_FALSE(fs::exists(output));
    CHECK(FileNames(dir.path()) == before);
  }
}
