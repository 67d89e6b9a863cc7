#include "engine/db/background_build.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "engine/core/atomic_file.h"
#include "engine/core/closest_id.h"
#include "engine/core/csv.h"
#include "engine/core/expression.h"
#include "engine/core/numbers.h"
#include "engine/core/utf8.h"
#include "engine/core/yaml_doc.h"

namespace pcf {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kFactorHeader = {"id",     "category", "name_en",   "name_zh", "value",
                                                "unit",   "basis",    "boundary",  "region",  "data_year",
                                                "source", "confidence", "note"};
const std::set<std::string> kConfidences = {"official", "secondary", "derived", "unconfirmed"};

// The methods: indicator id, name, and the column of gwp.csv (empty: the ETS rule).
struct Method {
  const char* id;
  const char* name;
  const char* gwp_column;
};
const Method kMethods[] = {
    {"GWP100-AR6", "Climate change, GWP100, IPCC AR6 (fossil and non-fossil CH4 separate)", "AR6_GWP100"},
    {"GWP100-AR5", "Climate change, GWP100, IPCC AR5 (without climate-carbon feedback)", "AR5_GWP100"},
    {"GWP100-AR4", "Climate change, GWP100, IPCC AR4", "AR4_GWP100"},
    {"CO2-ETS", "Fossil CO2 only, as counted by the Chinese ETS accounting guidelines", ""},
};

std::vector<fs::path> FilesWithExtension(const fs::path& dir, const std::string& extension) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw Error(ErrorKind::kNotFound, "folder not found", {dir.string(), 0, 0, ""});
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == extension) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<CsvRecord> ReadCsvWithHeader(const fs::path& path, const std::vector<std::string>& header) {
  std::vector<CsvRecord> records = ParseCsv(ReadTextFileUtf8(path), path.string());  // UTF-8 only, BOM skipped
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + v[i];
    return s;
  };
  if (records.empty() || records.front().fields != header)
    throw Error(ErrorKind::kBadInput, fmt::format("expected the header \"{}\"", join(header)), {path.string(), 1, 0, "header"});
  for (const CsvRecord& r : records)
    if (r.fields.size() != header.size())
      throw Error(ErrorKind::kBadInput, fmt::format("expected {} fields, found {}", header.size(), r.fields.size()),
                  {path.string(), r.line, 0, ""});
  records.erase(records.begin());
  return records;
}


// The text of a scalar node; anything else (a list, a mapping) is an error at the node.
std::string ScalarText(const YAML::Node& node, const SourceLocation& where) {
  if (!node.IsScalar()) throw Error(ErrorKind::kBadInput, "expected text, found a list or mapping", where);
  return node.Scalar();
}

using YamlFile = YamlDoc;

class Builder {
 public:
  void ReadFactors(const fs::path& dir);
  void ReadFlows(const fs::path& path);
  void ReadGwp(const fs::path& path);
  void ReadData(const fs::path& dir);
  BackgroundModel Finish();

 private:
  struct Exchange {
    std::size_t row;  // product row (A) or flow row (B)
    double amount;
    std::vector<std::string> sources;
  };
  struct PendingProcess {
    const YamlFile* file;
    YAML::Node node;
    std::string field;
  };

  std::optional<double> FactorValue(const std::string& id) const {
    auto it = factor_row_.find(id);
    if (it == factor_row_.end()) return std::nullopt;
    return info_.factors[it->second].value;
  }
  std::vector<std::string> FactorIds() const {
    std::vector<std::string> ids;
    for (const FactorRecord& f : info_.factors) ids.push_back(f.id);
    return ids;
  }
  // Amount (number or expression) and its sources; every exchange must have at least one source.
  std::pair<double, std::vector<std::string>> Amount(const YamlFile& file, const YAML::Node& exchange,
                                                     const std::string& field) const;
  void AddProcess(const YamlFile& file, const YAML::Node& node, const std::string& field);
  void AddExchanges(const YamlFile& file, const YAML::Node& node, const std::string& field, int column);
  void AddPlausibility(const YamlFile& file, const YAML::Node& node, const std::string& field);

  // The provenance record of the CO2-ETS rule (fossil CO2 counts 1, nothing else counts).
  std::string EtsRuleFactor() {
    const std::string id = "RULE-CO2-ETS";
    if (auto it = factor_row_.find(id); it != factor_row_.end()) {
      if (info_.factors[it->second].category != "gwp")
        throw Error(ErrorKind::kBadInput, fmt::format("factor id \"{}\" is reserved", id),
                    {info_.factors[it->second].file, info_.factors[it->second].line, 0, "id"});
      return id;
    }
    factor_row_[id] = info_.factors.size();
    info_.factors.push_back({id, "gwp", "CO2-ETS rule: fossil CO2 from combustion and processes counts 1, all other gases 0",
                             "全国碳市场核算规则：仅计化石源CO2", 1.0, "kgCO2/kg", "CO2", "characterization", "CN", "",
                             "NDRC 2013 sector GHG accounting guidelines (cement, flat glass) and GB/T 32150-2015: CO2 only",
                             "secondary", "applies to the flows marked ets=1 in flows.csv", "factors/flows.csv", 0});
    return id;
  }

  Model model_;
  ModelInfo info_;
  std::map<std::string, std::size_t> factor_row_;
  std::vector<std::string> flow_gas_;
  std::vector<bool> flow_ets_;
  std::vector<SourceLocation> flow_where_;  // flows.csv line of each flow, for messages about its gas
  std::string gwp_file_;
  std::map<std::string, std::map<std::string, std::string>> gwp_;  // gas → column → value text
  std::map<std::string, std::string> gwp_source_;
  std::vector<std::unique_ptr<YamlFile>> files_;
  std::vector<PendingProcess> pending_;
  struct PendingRange {
    const YamlFile* file;
    YAML::Node node;
    std::string field;
  };
  std::vector<PendingRange> pending_ranges_;
  std::vector<Triplet> a_, b_;
  std::vector<EntrySource> sources_;
};

void Builder::ReadFactors(const fs::path& dir) {
  for (const fs::path& path : FilesWithExtension(dir, ".csv")) {
    const std::string file = path.filename().string();
    if (file == "flows.csv" || file == "gwp.csv") continue;
    for (const CsvRecord& r : ReadCsvWithHeader(path, kFactorHeader)) {
      const auto& f = r.fields;
      FactorRecord rec{f[0], f[1], f[2], f[3], 0, f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], path.string(), r.line};
      const SourceLocation at{path.string(), r.line, 0, ""};
      if (rec.id.empty()) throw Error(ErrorKind::kBadInput, "empty id", at);
      rec.value = ParseFiniteDouble(f[4], {path.string(), r.line, 0, "value"});
      if (!kConfidences.count(rec.confidence))
        throw Error(ErrorKind::kBadInput,
                    fmt::format("confidence \"{}\" must be official, secondary, derived or unconfirmed", rec.confidence),
                    {path.string(), r.line, 0, "confidence"});
      if (rec.source.empty()) throw Error(ErrorKind::kBadInput, "every factor needs a source", {path.string(), r.line, 0, "source"});
      if (!rec.data_year.empty()) ParseCount(rec.data_year, {path.string(), r.line, 0, "data_year"});
      if (auto it = factor_row_.find(rec.id); it != factor_row_.end()) {
        const FactorRecord& first = info_.factors[it->second];
        throw Error(ErrorKind::kBadInput,
                    fmt::format("duplicate factor id \"{}\" (first defined in {}:{})", rec.id, first.file, first.line),
                    {path.string(), r.line, 0, "id"});
      }
      factor_row_[rec.id] = info_.factors.size();
      info_.factors.push_back(std::move(rec));
    }
  }
}

void Builder::ReadFlows(const fs::path& path) {
  for (const CsvRecord& r : ReadCsvWithHeader(path, {"id", "name", "name_zh", "unit", "compartment", "gas", "ets"})) {
    const auto& f = r.fields;
    if (f[0].empty()) throw Error(ErrorKind::kBadInput, "empty id", {path.string(), r.line, 0, "id"});
    flow_where_.push_back({path.string(), r.line, 0, "gas"});
    if (!model_.flows.Add({f[0], f[1], f[3], f[4]}))
      throw Error(ErrorKind::kBadInput, fmt::format("duplicate flow id \"{}\"", f[0]), {path.string(), r.line, 0, "id"});
    info_.flow_names_zh.push_back(f[2]);
    flow_gas_.push_back(f[5]);
    if (f[6] != "0" && f[6] != "1")
      throw Error(ErrorKind::kBadInput, "ets must be 0 or 1", {path.string(), r.line, 0, "ets"});
    flow_ets_.push_back(f[6] == "1");
  }
}

void Builder::ReadGwp(const fs::path& path) {
  const std::vector<std::string> header = {"gas", "formula", "AR4_GWP100", "AR5_GWP100", "AR6_GWP100", "source", "note"};
  gwp_file_ = path.string();
  for (const CsvRecord& r : ReadCsvWithHeader(path, header)) {
    if (r.fields[0].empty()) throw Error(ErrorKind::kBadInput, "empty gas", {path.string(), r.line, 0, "gas"});
    if (gwp_source_.count(r.fields[0]))
      throw Error(ErrorKind::kBadInput, fmt::format("duplicate gas \"{}\"", r.fields[0]), {path.string(), r.line, 0, "gas"});
    if (r.fields[5].empty())
      throw Error(ErrorKind::kBadInput, "every GWP value needs a source", {path.string(), r.line, 0, "source"});
    for (int c = 2; c <= 4; ++c) {
      if (r.fields[c].empty()) continue;
      ParseFiniteDouble(r.fields[c], {path.string(), r.line, 0, header[c]});
      gwp_[r.fields[0]][header[c]] = r.fields[c];
    }
    gwp_source_[r.fields[0]] = r.fields[5];
  }
}

std::pair<double, std::vector<std::string>> Builder::Amount(const YamlFile& file, const YAML::Node& exchange,
                                                            const std::string& field) const {
  const YAML::Node amount = exchange["amount"];
  if (!amount || !amount.IsScalar())
    throw Error(ErrorKind::kBadInput, "missing \"amount\" (a number or an expression)", file.At(exchange, field));
  const NameLookup lookup = [this](const std::string& id) { return FactorValue(id); };
  ExpressionValue value;
  try {
    value = EvaluateExpression(amount.Scalar(), lookup, file.At(amount, field + ".amount"));
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::kNotFound) throw;
    // Name the closest factor id.
    const std::string text = amount.Scalar();
    std::string missing;
    for (std::size_t i = text.find('{'); i != std::string::npos; i = text.find('{', i + 1)) {
      const std::string id = text.substr(i + 1, text.find('}', i) - i - 1);
      if (!FactorValue(id)) { missing = id; break; }
    }
    throw Error(ErrorKind::kNotFound, fmt::format("unknown factor {{{}}}{}", missing, DidYouMean(missing, FactorIds())),
                file.At(amount, field + ".amount"));
  }
  std::vector<std::string> sources = value.names;
  if (const YAML::Node source = exchange["source"]) {
    std::vector<YAML::Node> items;
    if (source.IsSequence()) for (const auto& item : source) items.push_back(item);
    else items.push_back(source);
    for (const YAML::Node& item : items) {
      const std::string id = ScalarText(item, file.At(item, field + ".source"));
      if (!FactorValue(id))
        throw Error(ErrorKind::kNotFound, fmt::format("unknown factor \"{}\"{}", id, DidYouMean(id, FactorIds())),
                    file.At(item, field + ".source"));
      if (std::find(sources.begin(), sources.end(), id) == sources.end()) sources.push_back(id);
    }
  }
  if (sources.empty())
    throw Error(ErrorKind::kBadInput,
                "this exchange has no source: name the factors it comes from in the amount ({ID}) or in \"source\"",
                file.At(exchange, field));
  return {value.value, sources};
}

void Builder::AddProcess(const YamlFile& file, const YAML::Node& node, const std::string& field) {
  file.CheckKeys(node, {"id", "product", "name", "name_zh", "unit", "category", "region", "year", "technology",
                        "representativeness", "quality", "version", "treatment", "comment", "inputs", "emissions"},
                 field);
  const std::string id = file.Text(node, "id", field, true);
  std::string product = file.Text(node, "product", field, false);
  if (product.empty()) product = id;
  const std::string name = file.Text(node, "name", field, true);
  const std::string unit = file.Text(node, "unit", field, true);
  if (!model_.processes.Add({id, name, unit, ""}))
    throw Error(ErrorKind::kBadInput, fmt::format("duplicate process id \"{}\"", id), file.At(node["id"], field + ".id"));
  if (!model_.products.Add({product, name, unit, ""}))
    throw Error(ErrorKind::kBadInput, fmt::format("product \"{}\" already has a producer: each product has exactly one", product),
                file.At(node["product"] ? node["product"] : node["id"], field + ".product"));
  ProcessInfo p;
  p.name_zh = file.Text(node, "name_zh", field, true);
  p.category = file.Text(node, "category", field, true);
  p.region = file.Text(node, "region", field, true);
  p.year = file.Integer(node, "year", field, 1990, 2100);
  p.technology = file.Text(node, "technology", field, true);
  p.version = file.Text(node, "version", field, true);
  p.comment = file.Text(node, "comment", field, false);
  p.file = file.name();
  p.line = node.Mark().line + 1;
  if (const YAML::Node r = node["representativeness"]) {
    file.CheckKeys(r, {"technology", "geography", "time"}, field + ".representativeness");
    p.represent_technology = file.Text(r, "technology", field + ".representativeness", true);
    p.represent_geography = file.Text(r, "geography", field + ".representativeness", true);
    p.represent_time = file.Text(r, "time", field + ".representativeness", true);
  } else {
    throw Error(ErrorKind::kBadInput, "missing \"representativeness\" (technology, geography, time)", file.At(node, field));
  }
  if (const YAML::Node q = node["quality"]) {
    static const char* kKeys[] = {"reliability", "completeness", "temporal", "geographical", "technological"};
    file.CheckKeys(q, {kKeys, kKeys + 5}, field + ".quality");
    for (int k = 0; k < 5; ++k) p.quality[k] = file.Integer(q, kKeys[k], field + ".quality", 1, 5);
  } else {
    throw Error(ErrorKind::kBadInput, "missing \"quality\" (pedigree scores 1–5)", file.At(node, field));
  }
  if (const YAML::Node t = node["treatment"]) {
    if (!t.IsScalar() || (t.Scalar() != "true" && t.Scalar() != "false"))
      throw Error(ErrorKind::kBadInput, "expected true or false", file.At(t, field + ".treatment"));
    p.treatment = t.Scalar() == "true";
  }
  info_.processes.push_back(std::move(p));
  info_.product_names_zh.push_back(info_.processes.back().name_zh);
}

void Builder::AddExchanges(const YamlFile& file, const YAML::Node& node, const std::string& field, int column) {
  // The reference output: +1 unit of the process's product. Waste treatment is a service here: the
  // product is "treatment of 1 kg", and producers of the waste list it as an input.
  a_.emplace_back(column, column, 1.0);
  std::vector<std::string> product_ids;
  for (const IndexEntry& e : model_.products.Entries()) product_ids.push_back(e.id);
  std::vector<std::string> flow_ids;
  for (const IndexEntry& e : model_.flows.Entries()) flow_ids.push_back(e.id);

  if (const YAML::Node inputs = node["inputs"]) {
    if (!inputs.IsSequence()) throw Error(ErrorKind::kBadInput, "expected a list", file.At(inputs, field + ".inputs"));
    for (std::size_t k = 0; k < inputs.size(); ++k) {
      const YAML::Node in = inputs[k];
      const std::string f = fmt::format("{}.inputs[{}]", field, k);
      file.CheckKeys(in, {"product", "amount", "unit", "source", "comment"}, f);
      const std::string product = file.Text(in, "product", f, true);
      const auto row = model_.products.Find(product);
      if (!row)
        throw Error(ErrorKind::kNotFound, fmt::format("no process produces \"{}\"{}", product, DidYouMean(product, product_ids)),
                    file.At(in["product"], f + ".product"));
      const std::string unit = file.Text(in, "unit", f, true);
      if (unit != model_.products.At(*row).unit)
        throw Error(ErrorKind::kBadInput,
                    fmt::format("unit \"{}\" does not match the unit of \"{}\", which is \"{}\"", unit, product,
                                model_.products.At(*row).unit),
                    file.At(in["unit"], f + ".unit"));
      if (static_cast<int>(*row) == column)
        throw Error(ErrorKind::kBadInput, "a process cannot use its own reference product", file.At(in, f + ".product"));
      const auto [amount, sources] = Amount(file, in, f);
      a_.emplace_back(static_cast<int>(*row), column, -amount);
      for (const std::string& s : sources) sources_.push_back({'A', static_cast<int>(*row), column, s});
    }
  }
  if (const YAML::Node emissions = node["emissions"]) {
    if (!emissions.IsSequence()) throw Error(ErrorKind::kBadInput, "expected a list", file.At(emissions, field + ".emissions"));
    for (std::size_t k = 0; k < emissions.size(); ++k) {
      const YAML::Node out = emissions[k];
      const std::string f = fmt::format("{}.emissions[{}]", field, k);
      file.CheckKeys(out, {"flow", "amount", "unit", "source", "comment"}, f);
      const std::string flow = file.Text(out, "flow", f, true);
      const auto row = model_.flows.Find(flow);
      if (!row)
        throw Error(ErrorKind::kNotFound, fmt::format("unknown flow \"{}\"{}", flow, DidYouMean(flow, flow_ids)),
                    file.At(out["flow"], f + ".flow"));
      const std::string unit = file.Text(out, "unit", f, true);
      if (unit != model_.flows.At(*row).unit)
        throw Error(ErrorKind::kBadInput,
                    fmt::format("unit \"{}\" does not match the unit of flow \"{}\", which is \"{}\"", unit, flow,
                                model_.flows.At(*row).unit),
                    file.At(out["unit"], f + ".unit"));
      const auto [amount, sources] = Amount(file, out, f);
      b_.emplace_back(static_cast<int>(*row), column, amount);
      for (const std::string& s : sources) sources_.push_back({'B', static_cast<int>(*row), column, s});
    }
  }
}

void Builder::AddPlausibility(const YamlFile& file, const YAML::Node& node, const std::string& field) {
  file.CheckKeys(node, {"product", "indicator", "min", "max", "source", "comment"}, field);
  PlausibilityRange r;
  r.product_id = file.Text(node, "product", field, true);
  if (!model_.products.Find(r.product_id)) {
    std::vector<std::string> ids;
    for (const IndexEntry& e : model_.products.Entries()) ids.push_back(e.id);
    throw Error(ErrorKind::kNotFound, fmt::format("no process produces \"{}\"{}", r.product_id, DidYouMean(r.product_id, ids)),
                file.At(node["product"], field + ".product"));
  }
  r.indicator_id = file.Text(node, "indicator", field, true);
  if (!model_.indicators.Find(r.indicator_id))
    throw Error(ErrorKind::kNotFound, fmt::format("unknown indicator \"{}\"", r.indicator_id), file.At(node["indicator"], field + ".indicator"));
  r.min = ParseFiniteDouble(file.Text(node, "min", field, true), file.At(node["min"], field + ".min"));
  r.max = ParseFiniteDouble(file.Text(node, "max", field, true), file.At(node["max"], field + ".max"));
  if (!(r.min < r.max)) throw Error(ErrorKind::kBadInput, "min must be below max", file.At(node, field));
  r.comment = file.Text(node, "comment", field, false);
  const YAML::Node source = node["source"];
  if (!source || !source.IsSequence() || source.size() == 0)
    throw Error(ErrorKind::kBadInput, "a range needs \"source\": a list of factor ids", file.At(node, field));
  for (const auto& item : source) {
    const std::string id = ScalarText(item, file.At(item, field + ".source"));
    if (!FactorValue(id))
      throw Error(ErrorKind::kNotFound, fmt::format("unknown factor \"{}\"{}", id, DidYouMean(id, FactorIds())), file.At(item, field + ".source"));
    r.sources.push_back(id);
  }
  info_.plausibility.push_back(std::move(r));
}

void Builder::ReadData(const fs::path& dir) {
  for (const fs::path& path : FilesWithExtension(dir, ".yaml")) {
    files_.push_back(std::make_unique<YamlFile>(path));
    const YamlFile& file = *files_.back();
    const YAML::Node& root = file.root();
    if (!root.IsMap()) throw Error(ErrorKind::kBadInput, "expected a mapping with \"pcf-data: 1\"", file.At(root, ""));
    file.CheckKeys(root, {"pcf-data", "processes", "plausibility"}, "");
    if (file.Text(root, "pcf-data", "", true) != "1")
      throw Error(ErrorKind::kUnsupported, "unsupported format version: expected \"pcf-data: 1\"", file.At(root["pcf-data"], "pcf-data"));
    if (const YAML::Node processes = root["processes"]) {
      if (!processes.IsSequence()) throw Error(ErrorKind::kBadInput, "expected a list", file.At(processes, "processes"));
      for (std::size_t k = 0; k < processes.size(); ++k) {
        const std::string field = fmt::format("processes[{}]", k);
        AddProcess(file, processes[k], field);
        pending_.push_back({&file, processes[k], field});
      }
    }
    if (const YAML::Node ranges = root["plausibility"]) {
      if (!ranges.IsSequence()) throw Error(ErrorKind::kBadInput, "expected a list", file.At(ranges, "plausibility"));
      for (std::size_t k = 0; k < ranges.size(); ++k)
        pending_ranges_.push_back({&file, ranges[k], fmt::format("plausibility[{}]", k)});
    }
  }
  // Exchanges after all processes are known, so files may link to each other in any order.
  for (std::size_t k = 0; k < pending_.size(); ++k)
    AddExchanges(*pending_[k].file, pending_[k].node, pending_[k].field, static_cast<int>(k));
}

BackgroundModel Builder::Finish() {
  // Characterization: one indicator per method, factors from gwp.csv by each flow's gas.
  std::vector<Triplet> c;
  for (std::size_t m = 0; m < std::size(kMethods); ++m) {
    const Method& method = kMethods[m];
    if (!model_.indicators.Add({method.id, method.name, "kg CO2e", ""}))
      throw std::logic_error(std::string("duplicate method id ") + method.id);  // kMethods is a constant table
    for (std::size_t f = 0; f < model_.flows.Size(); ++f) {
      const std::string& gas = flow_gas_[f];
      if (method.gwp_column[0] == 0) {  // CO2-ETS
        if (!flow_ets_[f]) continue;
        c.emplace_back(static_cast<int>(m), static_cast<int>(f), 1.0);
        sources_.push_back({'C', static_cast<int>(m), static_cast<int>(f), EtsRuleFactor()});
        continue;
      }
      std::string value_gas = gas;
      auto it = gwp_.find(gas);
      if (it == gwp_.end())
        throw Error(ErrorKind::kNotFound,
                    fmt::format("gas \"{}\" of flow \"{}\" is not in {}", gas, model_.flows.At(f).id, gwp_file_), flow_where_[f]);
      auto value = it->second.find(method.gwp_column);
      if (value == it->second.end()) {
        // AR4 does not split CH4 into fossil and non-fossil: use its generic CH4 value.
        const std::string generic = gas.substr(0, gas.find('-'));
        auto g = gwp_.find(generic);
        if (g == gwp_.end() || !g->second.count(method.gwp_column))
          throw Error(ErrorKind::kNotFound,
                      fmt::format("{} has no {} value for gas \"{}\"", gwp_file_, method.gwp_column, gas), flow_where_[f]);
        value_gas = generic;
        value = g->second.find(method.gwp_column);
      }
      const double cf = ParseFiniteDouble(value->second, {});
      // The factor as a provenance record, so C is traceable like A and B.
      const std::string factor_id = fmt::format("GWP-{}-{}", method.id, gas);
      FactorRecord rec{factor_id, "gwp", fmt::format("{} of {}", method.id, gas), "", cf, "kgCO2e/kg", "CO2e",
                       "characterization", "global", "", gwp_source_[value_gas], "secondary",
                       value_gas == gas ? "" : fmt::format("AR4 has no separate value for {}; the generic {} value is used", gas, value_gas),
                       "factors/gwp.csv", 0};
      if (gas == "CO2-biogenic" || gas == "CO2-biogenic-uptake") rec.confidence = "derived";
      if (auto existing = factor_row_.find(factor_id); existing == factor_row_.end()) {
        factor_row_[factor_id] = info_.factors.size();
        info_.factors.push_back(rec);
      } else if (info_.factors[existing->second].category != "gwp") {
        const FactorRecord& clash = info_.factors[existing->second];
        throw Error(ErrorKind::kBadInput,
                    fmt::format("factor id \"{}\" is reserved for the characterization factors built from gwp.csv", factor_id),
                    {clash.file, clash.line, 0, "id"});
      }
      c.emplace_back(static_cast<int>(m), static_cast<int>(f), cf);
      sources_.push_back({'C', static_cast<int>(m), static_cast<int>(f), factor_id});
    }
  }
  for (const PendingRange& r : pending_ranges_) AddPlausibility(*r.file, r.node, r.field);

  const std::size_t n = model_.products.Size();
  model_.technosphere = FromTriplets(n, model_.processes.Size(), a_);
  model_.interventions = FromTriplets(model_.flows.Size(), model_.processes.Size(), b_);
  model_.characterization = FromTriplets(model_.indicators.Size(), model_.flows.Size(), c);
  std::sort(sources_.begin(), sources_.end(), [](const EntrySource& x, const EntrySource& y) {
    return std::tie(x.matrix, x.col, x.row, x.factor_id) < std::tie(y.matrix, y.col, y.row, y.factor_id);
  });
  sources_.erase(std::unique(sources_.begin(), sources_.end(),
                             [](const EntrySource& x, const EntrySource& y) {
                               return std::tie(x.matrix, x.col, x.row, x.factor_id) ==
                                      std::tie(y.matrix, y.col, y.row, y.factor_id);
                             }),
                 sources_.end());
  info_.entry_sources = std::move(sources_);
  info_.name = "pcf Hubei background database";
  info_.version = "2026.1";
  info_.default_indicator = kMethods[0].id;
  return {std::move(model_), std::move(info_)};
}

}  // namespace

BackgroundModel BuildBackground(const fs::path& factors_dir, const fs::path& data_dir) {
  Builder builder;
  builder.ReadFactors(factors_dir);
  builder.ReadFlows(factors_dir / "flows.csv");
  builder.ReadGwp(factors_dir / "gwp.csv");
  builder.ReadData(data_dir);
  return builder.Finish();
}

}  // namespace pcf
