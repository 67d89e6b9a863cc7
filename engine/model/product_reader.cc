#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "engine/core/closest_id.h"
#include "engine/core/limits.h"
#include "engine/core/numbers.h"
#include "engine/core/parameter_overrides.h"
#include "engine/core/parameters.h"
#include "engine/core/yaml_doc.h"
#include "engine/model/identifiers.h"
#include "engine/model/product.h"

namespace pcf {

namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kStages = {"A1", "A2", "A3", "A4", "A5", "B1", "B2", "B3", "B4", "B5", "B6",
                                          "B7", "C1", "C2", "C3", "C4", "D"};
const std::vector<std::string> kBoundaries = {"cradle-to-gate", "cradle-to-grave", "gate-to-gate"};
const std::vector<std::string> kAllocations = {"mass", "economic", "physical", "factors"};

class Reader {
 public:
  Reader(const YamlDoc& doc, const Limits& limits, const ParameterOverrides& overrides)
      : doc_(doc), limits_(limits), overrides_(overrides) {
    file_.path = doc.name();
    file_.sha256 = doc_.sha256();
    file_.limits = limits;
  }
  ProductFile Read();

 private:
  // A number or a formula over the parameters.
  double Number(const YAML::Node& node, const std::string& field) const {
    const std::string text = doc_.Scalar(node, field);
    CheckFormulaLength(text, doc_.At(node, field));
    return EvaluateFormula(text, file_.parameters, doc_.At(node, field));
  }
  void CheckFormulaLength(const std::string& text, const SourceLocation& where) const {
    if (text.size() > limits_.formula_length)
      throw Error(ErrorKind::kBadInput,
                  fmt::format("the formula is {} characters long, above the limit formula_length = {}; {}", text.size(),
                              limits_.formula_length, RaiseHint("formula_length")),
                  where);
  }
  // An id (of the product, a process, a product or flow it names): not empty, not only blanks, not longer
  // than the limit.
  std::string Id(const YAML::Node& map, const char* key, const std::string& field) const {
    const std::string id = doc_.Text(map, key, field, true);
    const SourceLocation where = doc_.At(map[key], YamlDoc::Join(field, key));
    if (Trim(id).empty())
      throw Error(ErrorKind::kBadInput, fmt::format("\"{}\" is empty or only blanks: write an id", key), where);
    CheckIdLength(id, where);
    return id;
  }
  void CheckIdLength(const std::string& id, const SourceLocation& where) const {
    if (id.size() > limits_.id_length)
      throw Error(ErrorKind::kBadInput,
                  fmt::format("the id is {} bytes long, above the limit id_length = {}; {}", id.size(), limits_.id_length,
                              RaiseHint("id_length")),
                  where);
  }
  // Lines of all processes so far, refused above the limit at the list that crosses it.
  void CountExchanges(const YAML::Node& list, const std::string& field) {
    exchanges_ += list.size();
    if (exchanges_ > limits_.exchanges)
      throw Error(ErrorKind::kBadInput,
                  fmt::format("the processes have {} lines (outputs, inputs, avoided, waste, emissions, transport) up to here, "
                              "above the limit exchanges = {}; {}",
                              exchanges_, limits_.exchanges, RaiseHint("exchanges")),
                  doc_.At(list, field));
  }
  // A list or mapping of `what` with more entries than `limit` (the --limits key `key`).
  void CheckCount(const YAML::Node& node, const std::string& field, const char* what, std::uint64_t limit,
                  const char* key) const {
    if (node.size() > limit)
      throw Error(ErrorKind::kBadInput,
                  fmt::format("{} {}, above the limit {} = {}; {}", node.size(), what, key, limit, RaiseHint(key)),
                  doc_.At(node, field));
  }
  UnitInfo Unit(const YAML::Node& map, const std::string& field) const {
    const std::string text = doc_.Text(map, "unit", field, true);
    auto unit = FindUnit(text);
    if (!unit)
      throw Error(ErrorKind::kBadInput,
                  fmt::format("unknown unit \"{}\"{}; units: {}", text, DidYouMean(text, UnitNames()), JoinUnits()),
                  doc_.At(map["unit"], YamlDoc::Join(field, "unit")));
    return *unit;
  }
  // amount + unit of an exchange; negative amounts are refused (credits go under "avoided").
  // `negative_hint` says what to do instead of a negative amount; empty: negatives are fine.
  Quantity AmountAndUnit(const YAML::Node& map, const std::string& field, const char* negative_hint) const {
    if (!map["amount"]) throw Error(ErrorKind::kBadInput, "missing \"amount\"", doc_.At(map, field));
    Quantity q;
    q.where = doc_.At(map["amount"], YamlDoc::Join(field, "amount"));
    q.formula = doc_.Scalar(map["amount"], YamlDoc::Join(field, "amount"));
    q.amount = Number(map["amount"], YamlDoc::Join(field, "amount"));
    q.unit = Unit(map, field);
    q.unit_where = doc_.At(map["unit"], YamlDoc::Join(field, "unit"));
    if (q.amount < 0 && negative_hint)
      throw Error(ErrorKind::kBadInput, fmt::format("negative amount {}: {}", FormatDouble(q.amount), negative_hint), q.where);
    ReadLineUncertainty(map, field, &q);
    return q;
  }
  // "50 km", "clinker_t * 1.52 t": a formula, a space, a unit.
  Quantity QuantityText(const YAML::Node& node, const std::string& field, Dimension dimension) const {
    const std::string text = doc_.Scalar(node, field);
    const std::size_t space = text.find_last_of(' ');
    const SourceLocation where = doc_.At(node, field);
    if (space == std::string::npos)
      throw Error(ErrorKind::kBadInput, fmt::format("expected an amount and a unit, e.g. \"50 km\", got \"{}\"", text), where);
    Quantity q;
    q.where = where;
    const std::string unit_text = text.substr(space + 1);
    auto unit = FindUnit(unit_text);
    if (!unit)
      throw Error(ErrorKind::kBadInput, fmt::format("unknown unit \"{}\"{}", unit_text, DidYouMean(unit_text, UnitNames())), where);
    if (unit->dimension != dimension)
      throw Error(ErrorKind::kBadInput,
                  fmt::format("\"{}\" is a {}, expected a {}", unit_text, DimensionName(unit->dimension), DimensionName(dimension)),
                  where);
    q.unit = *unit;
    q.unit_where = where;
    CheckFormulaLength(text, where);
    q.formula = text.substr(0, space);
    q.amount = EvaluateFormula(q.formula, file_.parameters, where);
    if (q.amount < 0) throw Error(ErrorKind::kBadInput, "must not be negative", where);
    return q;
  }
  // The EN 15804 module of a process (required) or of one of its lines ("" = the process's). Module D
  // holds only the credits of `avoided:` lines, reported apart from the PCF: nothing else is staged D.
  std::string Stage(const YAML::Node& map, const std::string& field, bool required) const {
    const std::string stage = doc_.Text(map, "stage", field, required);
    if (stage.empty() && !required) return stage;
    const SourceLocation where = doc_.At(map["stage"], YamlDoc::Join(field, "stage"));
    if (std::find(kStages.begin(), kStages.end(), stage) == kStages.end())
      throw Error(ErrorKind::kBadInput,
                  fmt::format("stage \"{}\" is not an EN 15804 module (A1–A5, B1–B7, C1–C4, D){}", stage,
                              DidYouMean(stage, kStages)),
                  where);
    if (stage == "D")
      throw Error(ErrorKind::kBadInput,
                  "module D (benefits beyond the system boundary) holds only the credits of \"avoided\" products, "
                  "reported apart from the PCF: stage this in A1–C4 and list a credit under \"avoided\"",
                  where);
    return stage;
  }
  // `primary:` of a process or a line: true (activity data measured at the company's site) or false
  // (estimated, a default or a literature value); these count as secondary data in the primary data share.
  std::optional<bool> Primary(const YAML::Node& map, const std::string& field) const {
    const YAML::Node node = map.IsMap() ? map["primary"] : YAML::Node();
    if (!node) return std::nullopt;
    const std::string text = node.IsScalar() ? node.Scalar() : "";
    if (text == "true") return true;
    if (text == "false") return false;
    throw Error(ErrorKind::kBadInput,
                "write true (activity data measured at the site) or false (estimated: counted as secondary data)",
                doc_.At(node, YamlDoc::Join(field, "primary")));
  }
  static std::string JoinUnits() {
    std::string out;
    for (const std::string& u : UnitNames()) out += (out.empty() ? "" : ", ") + u;
    return out;
  }
  YAML::Node List(const YAML::Node& map, const char* key, const std::string& field) const {
    const YAML::Node node = map[key];
    if (node && !node.IsSequence())
      throw Error(ErrorKind::kBadInput, "expected a list", doc_.At(node, YamlDoc::Join(field, key)));
    return node;
  }

  // `uncertainty:` of a line (the map that holds `amount`), if given: onto `q`.
  void ReadLineUncertainty(const YAML::Node& map, const std::string& field, Quantity* q) const {
    if (!map.IsMap() || !map["uncertainty"]) return;
    q->uncertainty = ReadUncertainty(map["uncertainty"], YamlDoc::Join(field, "uncertainty"), q->amount);
  }
  Uncertainty ReadUncertainty(const YAML::Node& node, const std::string& field, double point) const;
  std::optional<DqrGiven> ReadDqr(const YAML::Node& map, const std::string& field) const;

  void ReadProduct();
  void ReadIdentity(const YAML::Node& p);
  void ReadParameters();
  void ReadCbam();
  ForegroundProcess ReadProcess(const YAML::Node& node, const std::string& field);
  ProductInput ReadInput(const YAML::Node& node, const std::string& field, bool allow_foreground, const char* ref_key);

  const YamlDoc& doc_;
  Limits limits_;
  ParameterOverrides overrides_;  // --set NAME=VALUE
  ProductFile file_;
  std::uint64_t exchanges_ = 0;
};

void Reader::ReadProduct() {
  const YAML::Node& root = doc_.root();
  const YAML::Node p = root["product"];
  if (!p) throw Error(ErrorKind::kBadInput, "missing \"product\"", doc_.At(root, ""));
  doc_.CheckKeys(p, {"id", "name", "name_zh", "company", "site", "geography", "declared_unit", "reference_period",
                     "system_boundary", "pcr", "company_ids", "product_ids", "preceding_pf_ids", "product_mass",
                     "biogenic_carbon_content", "kind"},
                 "product");
  file_.id = Id(p, "id", "product");
  file_.id_where = doc_.At(p["id"], "product.id");
  file_.name = doc_.Text(p, "name", "product", true);
  file_.name_zh = doc_.Text(p, "name_zh", "product", false);
  file_.company = doc_.Text(p, "company", "product", true);
  file_.site = doc_.Text(p, "site", "product", false);
  file_.geography = doc_.Text(p, "geography", "product", true);
  file_.reference_period = doc_.Text(p, "reference_period", "product", true);
  file_.system_boundary = doc_.Text(p, "system_boundary", "product", true);
  file_.pcr = doc_.Text(p, "pcr", "product", false);
  if (std::find(kBoundaries.begin(), kBoundaries.end(), file_.system_boundary) == kBoundaries.end())
    throw Error(ErrorKind::kBadInput,
                fmt::format("system_boundary \"{}\" must be cradle-to-gate, cradle-to-grave or gate-to-gate{}",
                            file_.system_boundary, DidYouMean(file_.system_boundary, kBoundaries)),
                doc_.At(p["system_boundary"], "product.system_boundary"));
  const YAML::Node du = p["declared_unit"];
  if (!du) throw Error(ErrorKind::kBadInput, "missing \"declared_unit\" (amount and unit)", doc_.At(p, "product"));
  doc_.CheckKeys(du, {"amount", "unit"}, "product.declared_unit");
  file_.declared_unit = AmountAndUnit(du, "product.declared_unit", "the declared unit must be a positive amount");
  if (file_.declared_unit.amount <= 0)
    throw Error(ErrorKind::kBadInput, "the declared unit must be a positive amount", file_.declared_unit.where);
  ReadIdentity(p);
}

// company_ids, product_ids (URNs), preceding_pf_ids (UUIDs), product_mass, biogenic_carbon_content, kind.
void Reader::ReadIdentity(const YAML::Node& p) {
  auto ids = [&](const char* key, std::vector<std::string>* into, bool uuid) {
    const std::string field = YamlDoc::Join("product", key);
    const YAML::Node list = List(p, key, "product");
    if (!list) return;
    if (list.size() == 0) throw Error(ErrorKind::kBadInput, "give at least one id or leave the key out", doc_.At(list, field));
    for (std::size_t k = 0; k < list.size(); ++k) {
      const std::string f = fmt::format("{}[{}]", field, k);
      const std::string text = doc_.Scalar(list[k], f);
      std::string id = text;
      if (uuid) {
        if (!IsUuid(text)) throw Error(ErrorKind::kBadInput, fmt::format("\"{}\" is not a UUID (8-4-4-4-12 hexadecimal digits)", text), doc_.At(list[k], f));
      } else {
        try {
          id = NormalizeUrn(text);
        } catch (const Error& e) {
          throw Error(ErrorKind::kBadInput, e.message(), doc_.At(list[k], f));
        }
      }
      if (std::find(into->begin(), into->end(), id) != into->end())
        throw Error(ErrorKind::kBadInput, fmt::format("\"{}\" is listed twice", text), doc_.At(list[k], f));
      into->push_back(id);
    }
  };
  ids("company_ids", &file_.company_ids, false);
  ids("product_ids", &file_.product_ids, false);
  ids("preceding_pf_ids", &file_.preceding_pf_ids, true);
  if (p["product_mass"]) {
    file_.product_mass = QuantityText(p["product_mass"], "product.product_mass", Dimension::kMass);
    if (!(file_.product_mass->amount > 0))
      throw Error(ErrorKind::kBadInput, "the product mass per declared unit must be positive", file_.product_mass->where);
  }
  if (p["biogenic_carbon_content"])
    file_.biogenic_carbon_content = QuantityText(p["biogenic_carbon_content"], "product.biogenic_carbon_content", Dimension::kMass);
  file_.kind = doc_.Text(p, "kind", "product", false);
  if (p["kind"]) {
    file_.kind_where = doc_.At(p["kind"], "product.kind");
    CheckIdLength(file_.kind, file_.kind_where);
  }
}

// `cbam:` an actual electricity supply: its factor (a number or formula, t CO2/MWh) and where it comes from.
void Reader::ReadCbam() {
  const YAML::Node c = doc_.root()["cbam"];
  if (!c) return;
  if (!c.IsMap()) throw Error(ErrorKind::kBadInput, "expected a mapping (electricity_factor, electricity_source)", doc_.At(c, "cbam"));
  doc_.CheckKeys(c, {"electricity_factor", "electricity_source"}, "cbam");
  if (!c["electricity_factor"]) {
    if (c["electricity_source"])
      throw Error(ErrorKind::kBadInput, "electricity_source without electricity_factor (t CO2 per MWh)", doc_.At(c, "cbam"));
    return;
  }
  const double factor = Number(c["electricity_factor"], "cbam.electricity_factor");
  if (!(factor >= 0))
    throw Error(ErrorKind::kBadInput, "the electricity factor must be ≥ 0 t CO2 per MWh", doc_.At(c["electricity_factor"], "cbam.electricity_factor"));
  file_.cbam.electricity_source = doc_.Text(c, "electricity_source", "cbam", false);
  if (file_.cbam.electricity_source.empty())
    throw Error(ErrorKind::kBadInput,
                "an actual electricity factor needs its source (electricity_source: the direct line or power purchase "
                "agreement and the supplier's figure)",
                doc_.At(c, "cbam"));
  file_.cbam.electricity_factor = factor;
}

// `uncertainty:` (docs/uncertainty.md): a distribution around `point`, the value as written. Every spread
// must be a real one: an "uncertain" value that cannot vary would be a claim the numbers do not back.
Uncertainty Reader::ReadUncertainty(const YAML::Node& node, const std::string& field, double point) const {
  if (!node.IsMap())
    throw Error(ErrorKind::kBadInput,
                "expected a mapping, e.g. {distribution: lognormal, gsd: 1.2} or {pedigree: [2, 3, 1, 2, 3], basic: 1.05}",
                doc_.At(node, field));
  doc_.CheckKeys(node, {"distribution", "gsd", "sigma", "sd", "min", "mode", "max", "pedigree", "basic", "comment"}, field);
  auto at = [&](const char* key) { return doc_.At(node[key] ? node[key] : node, YamlDoc::Join(field, key)); };
  auto number = [&](const char* key) { return Number(node[key], YamlDoc::Join(field, key)); };
  auto only = [&](const std::vector<std::string>& allowed, const std::string& what) {
    for (const char* key : {"gsd", "sigma", "sd", "min", "mode", "max", "pedigree", "basic"})
      if (node[key] && std::find(allowed.begin(), allowed.end(), key) == allowed.end())
        throw Error(ErrorKind::kBadInput, fmt::format("\"{}\" does not belong to {}", key, what), at(key));
  };
  Uncertainty u;
  if (node["pedigree"]) {
    if (node["distribution"] && doc_.Text(node, "distribution", field, false) != "lognormal")
      throw Error(ErrorKind::kBadInput, "pedigree scores give a lognormal: leave \"distribution\" out or write lognormal",
                  at("distribution"));
    only({"pedigree", "basic"}, "pedigree scores (pedigree: [reliability, completeness, temporal, geographical, technological], basic: GSD)");
    const YAML::Node scores = node["pedigree"];
    if (!scores.IsSequence() || scores.size() != 5)
      throw Error(ErrorKind::kBadInput,
                  "expected five scores 1–5: [reliability, completeness, temporal, geographical, technological]", at("pedigree"));
    for (std::size_t i = 0; i < 5; ++i) {
      const std::string f = fmt::format("{}.pedigree[{}]", field, i);
      const std::string text = doc_.Scalar(scores[i], f);
      if (text.size() != 1 || text[0] < '1' || text[0] > '5')
        throw Error(ErrorKind::kBadInput, fmt::format("pedigree score \"{}\" must be a whole number from 1 to 5", text),
                    doc_.At(scores[i], f));
      u.pedigree[i] = text[0] - '0';
    }
    if (!node["basic"])
      throw Error(ErrorKind::kBadInput, "pedigree scores need \"basic\": the basic uncertainty as a geometric sd, e.g. 1.05",
                  doc_.At(node, field));
    u.basic = number("basic");
    if (!(u.basic >= 1))
      throw Error(ErrorKind::kBadInput, fmt::format("basic {} must be a geometric sd ≥ 1", FormatDouble(u.basic)), at("basic"));
    u.from_pedigree = true;
    u.sigma = PedigreeSigma(u.pedigree, u.basic);
    if (!(u.sigma > 0))
      throw Error(ErrorKind::kBadInput,
                  "pedigree (1, 1, 1, 1, 1) with basic 1 gives σ = 0: this value would not vary at all; give a basic "
                  "uncertainty above 1 or leave \"uncertainty\" out",
                  doc_.At(node, field));
  } else {
    const std::string d = doc_.Text(node, "distribution", field, true);
    if (d == "lognormal") {
      only({"gsd", "sigma"}, "a lognormal (gsd: geometric sd > 1, or sigma: sd of ln > 0)");
      if (!node["gsd"] == !node["sigma"])
        throw Error(ErrorKind::kBadInput, "a lognormal needs exactly one of gsd (geometric sd > 1) or sigma (sd of ln > 0)",
                    doc_.At(node, field));
      if (node["gsd"]) {
        const double gsd = number("gsd");
        if (!(gsd > 1))
          throw Error(ErrorKind::kBadInput, fmt::format("gsd {} must be above 1 (1 means no spread)", FormatDouble(gsd)), at("gsd"));
        u.sigma = std::log(gsd);
      } else {
        u.sigma = number("sigma");
        if (!(u.sigma > 0))
          throw Error(ErrorKind::kBadInput, fmt::format("sigma {} must be above 0", FormatDouble(u.sigma)), at("sigma"));
      }
    } else if (d == "normal") {
      u.distribution = Distribution::kNormal;
      only({"sd"}, "a normal (sd: standard deviation > 0)");
      if (!node["sd"]) throw Error(ErrorKind::kBadInput, "a normal needs \"sd\" (standard deviation > 0)", doc_.At(node, field));
      u.sd = number("sd");
      if (!(u.sd > 0)) throw Error(ErrorKind::kBadInput, fmt::format("sd {} must be above 0", FormatDouble(u.sd)), at("sd"));
    } else if (d == "triangular" || d == "uniform") {
      const bool triangular = d == "triangular";
      u.distribution = triangular ? Distribution::kTriangular : Distribution::kUniform;
      if (triangular) only({"min", "mode", "max"}, "a triangular (min, mode, max)");
      else only({"min", "max"}, "a uniform (min, max)");
      for (const char* key : {"min", "mode", "max"})
        if (!node[key] && (triangular || std::string(key) != "mode"))
          throw Error(ErrorKind::kBadInput, fmt::format("a {} needs \"{}\"", d, key), doc_.At(node, field));
      u.min = number("min");
      u.max = number("max");
      u.mode = triangular ? number("mode") : u.min;
      if (!(u.min < u.max))
        throw Error(ErrorKind::kBadInput,
                    fmt::format("min {} must be below max {}", FormatDouble(u.min), FormatDouble(u.max)), at("min"));
      if (triangular && !(u.mode >= u.min && u.mode <= u.max))
        throw Error(ErrorKind::kBadInput,
                    fmt::format("mode {} lies outside [min {}, max {}]", FormatDouble(u.mode), FormatDouble(u.min), FormatDouble(u.max)),
                    at("mode"));
    } else {
      const std::vector<std::string> kinds = {"lognormal", "normal", "triangular", "uniform"};
      throw Error(ErrorKind::kBadInput,
                  fmt::format("distribution \"{}\" must be lognormal, normal, triangular or uniform{}", d, DidYouMean(d, kinds)),
                  at("distribution"));
    }
  }
  if (u.distribution == Distribution::kLognormal && point == 0)
    throw Error(ErrorKind::kBadInput, "a lognormal spreads the value by a factor: a value of 0 cannot carry it", doc_.At(node, field));
  if ((u.distribution == Distribution::kTriangular || u.distribution == Distribution::kUniform) &&
      !(point >= u.min && point <= u.max))
    throw Error(ErrorKind::kBadInput,
                fmt::format("the value {} lies outside [min {}, max {}]: the range is around the value as written",
                            FormatDouble(point), FormatDouble(u.min), FormatDouble(u.max)),
                doc_.At(node, field));
  return u;
}

void Reader::ReadParameters() {
  const YAML::Node params = doc_.root()["parameters"];
  if (!params) {
    std::vector<ParameterDefinition> none;
    ApplyParameterOverrides(&none, overrides_, file_.path);  // a --set name has nothing to override
    return;
  }
  if (!params.IsMap()) throw Error(ErrorKind::kBadInput, "expected a mapping of name: value", doc_.At(params, "parameters"));
  CheckCount(params, "parameters", "parameters", limits_.parameters, "parameters");
  std::vector<ParameterDefinition> definitions;
  std::vector<std::pair<std::string, YAML::Node>> uncertain;  // name: {value: …, uncertainty: …}
  for (const auto& kv : params) {
    const std::string name = doc_.Scalar(kv.first, "parameters");
    CheckIdLength(name, doc_.At(kv.first, "parameters"));
    const std::string field = "parameters." + name;
    YAML::Node value = kv.second;
    if (value.IsMap()) {  // a parameter with an uncertainty
      doc_.CheckKeys(value, {"value", "uncertainty", "comment"}, field);
      if (!value["value"]) throw Error(ErrorKind::kBadInput, "missing \"value\" (a number or a formula)", doc_.At(value, field));
      if (value["uncertainty"]) uncertain.push_back({name, value["uncertainty"]});
      definitions.push_back({name, doc_.Scalar(value["value"], field + ".value"), doc_.At(value["value"], field + ".value")});
    } else {
      definitions.push_back({name, doc_.Scalar(value, field), doc_.At(value, field)});
    }
    CheckFormulaLength(definitions.back().text, definitions.back().where);
  }
  ApplyParameterOverrides(&definitions, overrides_, file_.path);  // before anything is evaluated
  file_.parameters = EvaluateParameters(definitions);
  file_.parameter_definitions = definitions;
  for (const auto& [name, node] : uncertain) {
    // An overridden parameter is a fixed what-if value (--set, pcf sensitivity): its uncertainty, written
    // around the value in the file, is neither checked against the new value nor drawn.
    if (overrides_.count(name)) continue;
    file_.parameter_uncertainty[name] = ReadUncertainty(node, "parameters." + name + ".uncertainty", file_.parameters.at(name));
  }
}

// `dqr:` of a process or a line (docs/data-quality.md): whole numbers 1 (best) … 5 (worst), any of the five
// keys; a key left out is derived by pcf.
std::optional<DqrGiven> Reader::ReadDqr(const YAML::Node& map, const std::string& field) const {
  if (!map.IsMap() || !map["dqr"]) return std::nullopt;
  const YAML::Node node = map["dqr"];
  const std::string f = YamlDoc::Join(field, "dqr");
  static const char* kKeys[] = {"technological", "geographical", "temporal", "reliability", "completeness"};
  if (!node.IsMap() || node.size() == 0)
    throw Error(ErrorKind::kBadInput,
                "write the data quality ratings as a mapping, e.g. {technological: 2, geographical: 1, temporal: 2}",
                doc_.At(node, f));
  doc_.CheckKeys(node, {kKeys[0], kKeys[1], kKeys[2], kKeys[3], kKeys[4], "comment"}, f);
  DqrGiven d;
  d.where = doc_.At(node, f);
  int* into[] = {&d.technological, &d.geographical, &d.temporal, &d.reliability, &d.completeness};
  for (int k = 0; k < 5; ++k) {
    if (!node[kKeys[k]]) continue;
    const std::string text = doc_.Text(node, kKeys[k], f, true);
    const std::string_view t = Trim(text);
    if (t.size() != 1 || t[0] < '1' || t[0] > '5')
      throw Error(ErrorKind::kBadInput,
                  fmt::format("a data quality rating is a whole number from 1 (best) to 5 (worst), not \"{}\"", text),
                  doc_.At(node[kKeys[k]], YamlDoc::Join(f, kKeys[k])));
    *into[k] = t[0] - '0';
  }
  return d;
}

ProductInput Reader::ReadInput(const YAML::Node& node, const std::string& field, bool allow_foreground,
                               const char* ref_key) {
  ProductInput in;
  if (ref_key) {  // waste: the treatment is named by `treatment`
    doc_.CheckKeys(node, {ref_key, "amount", "unit", "stage", "primary", "comment", "uncertainty", "dqr"}, field);
    in.kind = InputKind::kBackground;
    in.ref = Id(node, ref_key, field);
    in.where = doc_.At(node[ref_key], YamlDoc::Join(field, ref_key));
  } else {
    std::vector<std::string> keys = {"background", "supplier_pcf", "amount", "unit", "comment", "kind", "uncertainty"};
    if (allow_foreground) keys.push_back("product");
    if (allow_foreground) keys.push_back("dqr");  // avoided lines are module D, never rated
    keys.push_back("stage");
    if (allow_foreground) keys.push_back("primary");  // avoided lines are module D, never part of the share
    if (!allow_foreground && node.IsMap() && node["product"])
      throw Error(ErrorKind::kBadInput,
                  "an avoided product is a database product: write \"background:\" (foreground products cannot be avoided)",
                  doc_.At(node["product"], YamlDoc::Join(field, "product")));
    doc_.CheckKeys(node, keys, field);
    std::vector<std::string> given;
    for (const char* key : {"product", "background", "supplier_pcf"}) {
      if (!node[key]) continue;
      given.push_back(key);
      in.ref = std::string(key) == "supplier_pcf" ? doc_.Text(node, key, field, true) : Id(node, key, field);
      in.where = doc_.At(node[key], YamlDoc::Join(field, key));
      in.kind = std::string(key) == "product" ? InputKind::kForeground
                : std::string(key) == "background" ? InputKind::kBackground
                                                   : InputKind::kSupplierPcf;
    }
    if (given.size() != 1) {
      const std::string choices = allow_foreground ? "\"product\" (a foreground product), \"background\" (a database "
                                                     "product) or \"supplier_pcf\" (a PACT file)"
                                                   : "\"background\" (a database product) or \"supplier_pcf\" (a PACT file)";
      throw Error(ErrorKind::kBadInput,
                  given.empty() ? fmt::format("say what is used: one of {}", choices)
                                : fmt::format("\"{}\" and \"{}\" both given: name exactly one of {}", given[0], given[1], choices),
                  doc_.At(node, field));
    }
    if (in.kind == InputKind::kSupplierPcf) {
      const fs::path resolved = fs::path(file_.path).parent_path() / in.ref;
      in.ref = resolved.lexically_normal().string();
      file_.supplier_files.push_back(in.ref);
    }
    if (node["kind"]) {  // the plausibility range a supplier footprint is checked against
      in.kind_where = doc_.At(node["kind"], YamlDoc::Join(field, "kind"));
      if (in.kind != InputKind::kSupplierPcf)
        throw Error(ErrorKind::kBadInput, "\"kind\" names the plausibility range of a supplier_pcf input only", in.kind_where);
      in.plausibility_kind = doc_.Text(node, "kind", field, true);
      CheckIdLength(in.plausibility_kind, in.kind_where);
    }
  }
  if (!ref_key && !allow_foreground) {  // avoided: always module D, apart from the PCF
    if (node["stage"] && doc_.Text(node, "stage", field, false) != "D")
      throw Error(ErrorKind::kBadInput,
                  "an avoided product is credited in module D, reported apart from the PCF: write \"stage: D\" or "
                  "leave \"stage\" out",
                  doc_.At(node["stage"], YamlDoc::Join(field, "stage")));
  } else {
    in.stage = Stage(node, field, false);
    in.primary = Primary(node, field);
    in.dqr = ReadDqr(node, field);
  }
  in.quantity = AmountAndUnit(node, field,
                              ref_key ? "the amount of waste sent to treatment is positive"
                              : allow_foreground ? "inputs are positive (list a credit under \"avoided\")"
                                                 : "write the avoided amount as a positive number: it is credited");
  return in;
}

ForegroundProcess Reader::ReadProcess(const YAML::Node& node, const std::string& field) {
  doc_.CheckKeys(node, {"id", "name", "stage", "outputs", "allocation", "inputs", "avoided", "waste", "emissions",
                        "transport", "primary", "comment", "dqr"},
                 field);
  ForegroundProcess p;
  p.where = doc_.At(node, field);
  p.id = Id(node, "id", field);
  p.id_where = doc_.At(node["id"], field + ".id");
  p.name = doc_.Text(node, "name", field, false);
  p.stage = Stage(node, field, true);
  p.primary = Primary(node, field).value_or(true);
  p.dqr = ReadDqr(node, field);
  const YAML::Node outputs = List(node, "outputs", field);
  if (!outputs || outputs.size() == 0)
    throw Error(ErrorKind::kBadInput, "missing \"outputs\": a process needs its reference product", doc_.At(node, field));
  CountExchanges(outputs, field + ".outputs");
  for (std::size_t k = 0; k < outputs.size(); ++k) {
    const std::string f = fmt::format("{}.outputs[{}]", field, k);
    doc_.CheckKeys(outputs[k], {"product", "amount", "unit", "price", "property", "factor", "comment", "uncertainty"}, f);
    ProductOutput out;
    out.product = Id(outputs[k], "product", f);
    out.where = doc_.At(outputs[k]["product"], f + ".product");
    out.quantity = AmountAndUnit(outputs[k], f, "an output must be a positive amount");
    if (out.quantity.amount <= 0) throw Error(ErrorKind::kBadInput, "an output must be a positive amount", out.quantity.where);
    out.price_where = out.property_where = out.factor_where = out.where;
    if (outputs[k]["price"]) out.price_where = doc_.At(outputs[k]["price"], f + ".price");
    if (outputs[k]["property"]) out.property_where = doc_.At(outputs[k]["property"], f + ".property");
    if (outputs[k]["factor"]) out.factor_where = doc_.At(outputs[k]["factor"], f + ".factor");
    if (outputs[k]["price"]) out.price = Number(outputs[k]["price"], f + ".price");
    if (outputs[k]["property"]) out.property = Number(outputs[k]["property"], f + ".property");
    if (outputs[k]["factor"]) out.factor = Number(outputs[k]["factor"], f + ".factor");
    p.outputs.push_back(out);
  }
  p.allocation = doc_.Text(node, "allocation", field, false);
  if (p.outputs.size() > 1 && p.allocation.empty())
    throw Error(ErrorKind::kBadInput,
                "a process with several outputs needs \"allocation\": mass, economic, physical or factors",
                doc_.At(node, field));
  if (!p.allocation.empty() && std::find(kAllocations.begin(), kAllocations.end(), p.allocation) == kAllocations.end())
    throw Error(ErrorKind::kBadInput,
                fmt::format("allocation \"{}\" must be mass, economic, physical or factors{}", p.allocation,
                            DidYouMean(p.allocation, kAllocations)),
                doc_.At(node["allocation"], field + ".allocation"));
  auto read_list = [&](const char* key, std::vector<ProductInput>* into, bool allow_foreground, const char* ref_key) {
    if (const YAML::Node list = List(node, key, field)) {
      CountExchanges(list, YamlDoc::Join(field, key));
      for (std::size_t k = 0; k < list.size(); ++k)
        into->push_back(ReadInput(list[k], fmt::format("{}.{}[{}]", field, key, k), allow_foreground, ref_key));
    }
  };
  read_list("inputs", &p.inputs, true, nullptr);
  read_list("avoided", &p.avoided, false, nullptr);
  read_list("waste", &p.waste, false, "treatment");
  if (const YAML::Node list = List(node, "emissions", field)) {
    CountExchanges(list, field + ".emissions");
    for (std::size_t k = 0; k < list.size(); ++k) {
      const std::string f = fmt::format("{}.emissions[{}]", field, k);
      doc_.CheckKeys(list[k], {"flow", "amount", "unit", "stage", "primary", "comment", "uncertainty", "dqr"}, f);
      ProductEmission e;
      e.flow = Id(list[k], "flow", f);
      e.where = doc_.At(list[k]["flow"], f + ".flow");
      e.quantity = AmountAndUnit(list[k], f, "emissions are positive (an uptake from air is its own flow)");
      e.stage = Stage(list[k], f, false);
      e.primary = Primary(list[k], f);
      e.dqr = ReadDqr(list[k], f);
      p.emissions.push_back(e);
    }
  }
  if (const YAML::Node list = List(node, "transport", field)) {
    CountExchanges(list, field + ".transport");
    for (std::size_t k = 0; k < list.size(); ++k) {
      const std::string f = fmt::format("{}.transport[{}]", field, k);
      doc_.CheckKeys(list[k], {"mass", "distance", "mode", "stage", "primary", "comment", "uncertainty", "dqr"}, f);
      TransportLeg leg;
      leg.mode = Id(list[k], "mode", f);
      leg.where = doc_.At(list[k]["mode"], f + ".mode");
      if (!list[k]["mass"]) throw Error(ErrorKind::kBadInput, "missing \"mass\", e.g. \"1.52 t\"", doc_.At(list[k], f));
      if (!list[k]["distance"]) throw Error(ErrorKind::kBadInput, "missing \"distance\", e.g. \"50 km\"", doc_.At(list[k], f));
      leg.mass = QuantityText(list[k]["mass"], f + ".mass", Dimension::kMass);
      leg.distance = QuantityText(list[k]["distance"], f + ".distance", Dimension::kLength);
      ReadLineUncertainty(list[k], f, &leg.mass);  // of the transport work: applied to the mass
      leg.stage = Stage(list[k], f, false);
      leg.primary = Primary(list[k], f);
      leg.dqr = ReadDqr(list[k], f);
      p.transport.push_back(leg);
    }
  }
  return p;
}

ProductFile Reader::Read() {
  const YAML::Node& root = doc_.root();
  if (root.IsNull()) throw Error(ErrorKind::kBadInput, "the file is empty: a product file starts with \"pcf: 1\"", {file_.path, 1, 1, ""});
  if (!root.IsMap()) throw Error(ErrorKind::kBadInput, "expected a mapping that starts with \"pcf: 1\"", doc_.At(root, ""));
  doc_.CheckKeys(root, {"pcf", "product", "method", "database", "parameters", "processes", "cbam"}, "");
  const std::string version = doc_.Text(root, "pcf", "", true);
  if (version != "1")
    throw Error(ErrorKind::kUnsupported, fmt::format("format version \"{}\" is not supported: this pcf reads \"pcf: 1\"", version),
                doc_.At(root["pcf"], "pcf"));
  ReadParameters();  // before anything that may use them
  ReadProduct();
  file_.method = doc_.Text(root, "method", "", false);
  file_.method_where = root["method"] ? doc_.At(root["method"], "method") : SourceLocation{file_.path, 0, 0, "method"};
  file_.database = doc_.Text(root, "database", "", false);
  ReadCbam();
  const YAML::Node processes = List(root, "processes", "");
  if (!processes || processes.size() == 0)
    throw Error(ErrorKind::kBadInput, "missing \"processes\": at least the process that makes the product", doc_.At(root, ""));
  CheckCount(processes, "processes", "processes", limits_.processes, "processes");
  std::set<std::string> ids;
  for (std::size_t k = 0; k < processes.size(); ++k) {
    ForegroundProcess p = ReadProcess(processes[k], fmt::format("processes[{}]", k));
    if (!ids.insert(p.id).second)
      throw Error(ErrorKind::kBadInput, fmt::format("duplicate process id \"{}\"", p.id),
                  doc_.At(processes[k]["id"], fmt::format("processes[{}].id", k)));
    file_.processes.push_back(std::move(p));
  }
  return file_;
}

}  // namespace

ProductFile ReadProductFile(const std::string& path, const Limits& limits) { return ReadProductFile(path, limits, {}); }

ProductFile ReadProductFile(const std::string& path, const Limits& limits, const ParameterOverrides& overrides) {
  const YamlDoc doc(path, limits);
  return Reader(doc, limits, overrides).Read();
}

ProductFileSource::ProductFileSource(const std::string& path, const Limits& limits)
    : limits_(limits), doc_(std::make_shared<const YamlDoc>(path, limits)) {}

ProductFile ProductFileSource::Read(const ParameterOverrides& overrides) const {
  return Reader(*doc_, limits_, overrides).Read();
}

}  // namespace pcf
