// Verifying a submission (issue 7): locate and hash its inputs, check the database, recompute with the
// same pipeline as `pcf calc` (read → link → solve → analyse → render) and compare every figure of the
// submission with the recomputed document. Rules: docs/certification.md, "Verifying submissions".
#include "engine/certify/submission.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <filesystem>
#include <thread>
#include <limits>
#include <map>
#include <set>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/core/numbers.h"
#include "engine/core/sha256.h"
#include "engine/report/render.h"
#include "engine/run/product_run.h"

namespace pcf {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr double kAbsent = std::numeric_limits<double>::quiet_NaN();  // a figure missing on one side
constexpr std::size_t kListedInDetail = 5;  // differences named in the one-line detail (all are in `differences`)

std::string Short(const std::string& sha) { return sha.size() > 12 ? sha.substr(0, 12) + "…" : sha; }

std::string Number(double value) { return std::isfinite(value) ? FormatDouble(value) : std::string("(absent)"); }

// A JSON leaf as short text, for the detail line.
std::string Text(const json& value) {
  std::string text = value.is_string() ? "\"" + value.get<std::string>() + "\"" : value.dump();
  if (text.size() > 60) text = text.substr(0, 57) + "…";
  return text;
}

// How important a differing field is, for the order of the list (0 first): the total, then the other
// totals and stages, then what defines what the number means (product, declared unit, period, geography,
// ids, method), then the rest.
int Importance(const std::string& field) {
  static const char* const kTotals[] = {"method.total", "pcf.pcfExcludingBiogenicUptake", "pcf.pCfExcludingBiogenic"};
  for (const char* total : kTotals)
    if (field == total) return 0;
  const auto starts = [&](const char* prefix) { return field.rfind(prefix, 0) == 0; };
  const auto ends = [&](const std::string& suffix) {
    return field.size() >= suffix.size() && field.compare(field.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if ((starts("impacts[") || starts("stages[") || starts("module_d.")) && ends(".total")) return 1;
  if (starts("pcf.pcfIncluding") || starts("pcf.pCfIncluding") || starts("gas_groups.")) return 1;
  static const char* const kMeaning[] = {"product.", "method.", "pcf.declaredUnit", "pcf.unitaryProductAmount",
                                         "pcf.referencePeriod", "pcf.geography", "companyIds", "productIds",
                                         "companyName", "productNameCompany", "pcf.ipcc", "pcf.characterizationFactors",
                                         "pcf.packaging", "pcf.productMass", "specVersion", "validityPeriod"};
  for (const char* prefix : kMeaning)
    if (starts(prefix)) return 2;
  return 3;
}

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A decimal written as a string (PACT's convention), or nothing.
std::optional<double> Decimal(const json& value) {
  if (value.is_number()) return value.get<double>();
  if (!value.is_string()) return std::nullopt;
  try {
    return ParseFiniteDouble(value.get<std::string>(), {});
  } catch (const Error&) {
    return std::nullopt;
  }
}

// PACT members written as decimal strings (or numbers): compared to rtol.
bool IsPactDecimal(const std::string& field) {
  static const std::set<std::string> kDecimals = {
      "declaredUnitAmount", "unitaryProductAmount", "productMassPerDeclaredUnit", "pcfExcludingBiogenicUptake",
      "pcfIncludingBiogenicUptake", "pCfExcludingBiogenic", "pCfIncludingBiogenic", "fossilGhgEmissions",
      "fossilCarbonContent", "biogenicCarbonContent", "landUseChangeGhgEmissions", "dLucGhgEmissions",
      "biogenicCO2Uptake", "biogenicCarbonWithdrawal", "biogenicNonCO2Emissions", "otherBiogenicGhgEmissions",
      "aircraftGhgEmissions", "packagingGhgEmissions", "iLucGhgEmissions", "ccsTechnologicalCO2Capture",
      "exemptedEmissionsPercent", "primaryDataShare"};
  const std::size_t dot = field.rfind('.');
  return field.rfind("pcf.", 0) == 0 && kDecimals.count(dot == std::string::npos ? field : field.substr(dot + 1)) > 0;
}

// PACT descriptions pcf writes with figures in them: the numbers in the text are compared to rtol.
bool IsPactProse(const std::string& field) { return EndsWith(field, "Description"); }

// Compares a claimed document with the recomputed one, leaf by leaf. Numbers (and the fields named
// decimal by `decimal`): equal within |c − r| ≤ max(rtol · max(|c|, |r|), floor); texts, dates, ids,
// enumerations, booleans must be equal (in a field named by `prose`, the numbers inside the text are
// compared as numbers, the rest exactly). Every difference is listed with both values.
class Comparer {
 public:
  using FieldTest = bool (*)(const std::string& field);
  Comparer(double rtol, double floor, FieldTest decimal = nullptr, FieldTest prose = nullptr)
      : rtol_(rtol), floor_(floor), decimal_(decimal), prose_(prose) {}

  void Walk(const std::string& path, const json& claimed, const json& recomputed) {
    if (claimed.is_number()) {
      if (recomputed.is_number()) Figure(path, claimed.get<double>(), recomputed.get<double>());
      else if (const auto r = Decimal(recomputed); r && decimal_ && decimal_(path)) Figure(path, claimed.get<double>(), *r);
      else CompareText(path, claimed, recomputed);
    } else if (claimed.is_object()) {
      if (!recomputed.is_object()) return CompareText(path, claimed, recomputed);
      // Keys the submission does not have are not claims (a later version may add keys): not compared.
      for (const auto& [key, value] : claimed.items()) {
        const std::string at = path.empty() ? key : path + "." + key;
        if (const auto it = recomputed.find(key); it != recomputed.end()) Walk(at, value, *it);
        else Only(at, value, true);
      }
    } else if (claimed.is_array()) {
      if (!recomputed.is_array()) return CompareText(path, claimed, recomputed);
      const std::vector<std::string> claimed_labels = Labels(claimed), recomputed_labels = Labels(recomputed);
      std::map<std::string, std::size_t> where;
      for (std::size_t k = 0; k < recomputed_labels.size(); ++k) where.emplace(recomputed_labels[k], k);
      std::vector<bool> matched(recomputed.size(), false);
      for (std::size_t k = 0; k < claimed.size(); ++k) {
        const std::string at = path + "[" + claimed_labels[k] + "]";
        if (const auto it = where.find(claimed_labels[k]); it != where.end()) {
          matched[it->second] = true;
          Walk(at, claimed[k], recomputed[it->second]);
        } else {
          Only(at, claimed[k], true);
        }
      }
      // An entry the submission left out hides a figure: reported too.
      for (std::size_t k = 0; k < recomputed.size(); ++k)
        if (!matched[k]) Only(path + "[" + recomputed_labels[k] + "]", recomputed[k], false);
    } else if (decimal_ && decimal_(path) && Decimal(claimed) && Decimal(recomputed)) {
      Figure(path, *Decimal(claimed), *Decimal(recomputed));
    } else {
      CompareText(path, claimed, recomputed);
    }
  }

  // One figure. Exactly equal (the normal case: same inputs and database give bit-identical numbers)
  // or within the tolerance.
  void Figure(const std::string& figure, double claimed, double recomputed) {
    ++compared_;
    if (!Agree(claimed, recomputed)) differences_.push_back({figure, claimed, recomputed, false, "", ""});
  }

  bool Clean() const { return differences_.empty(); }
  std::size_t compared() const { return compared_; }
  // Every difference, the most important first (the total, then totals and stages, then what defines the
  // number's meaning), else in document order.
  std::vector<FigureDifference> differences() const {
    std::vector<FigureDifference> sorted = differences_;
    std::stable_sort(sorted.begin(), sorted.end(), [](const FigureDifference& a, const FigureDifference& b) {
      return Importance(a.figure) < Importance(b.figure);
    });
    return sorted;
  }

  // "3 of 1234 fields differ: method.total (claimed 1, recomputed 2); …"
  std::string Detail() const {
    const std::vector<FigureDifference> sorted = differences();
    std::string out = fmt::format("{} of {} fields differ:", sorted.size(), compared_);
    for (std::size_t k = 0; k < sorted.size() && k < kListedInDetail; ++k) {
      const FigureDifference& d = sorted[k];
      out += fmt::format("{} {} (claimed {}, recomputed {})", k ? ";" : "", d.figure,
                         d.is_text ? d.claimed_text : Number(d.claimed), d.is_text ? d.recomputed_text : Number(d.recomputed));
    }
    if (sorted.size() > kListedInDetail) out += fmt::format("; and {} more", sorted.size() - kListedInDetail);
    return out;
  }

 private:
  bool Agree(double claimed, double recomputed) const {
    if (claimed == recomputed) return true;
    const double difference = std::fabs(claimed - recomputed);
    return std::isfinite(difference) && difference <= std::max(rtol_ * std::max(std::fabs(claimed), std::fabs(recomputed)), floor_);
  }

  // Texts must be equal; in prose, numbers written in the text agree to the tolerance.
  void CompareText(const std::string& path, const json& claimed, const json& recomputed) {
    ++compared_;
    if (claimed == recomputed) return;
    if (prose_ && prose_(path) && claimed.is_string() && recomputed.is_string() &&
        ProseAgrees(claimed.get<std::string>(), recomputed.get<std::string>()))
      return;
    Differs(path, claimed.dump(), recomputed.dump());
  }

  void Differs(const std::string& path, std::string claimed, std::string recomputed) {
    FigureDifference d{path, kAbsent, kAbsent, true, std::move(claimed), std::move(recomputed)};
    differences_.push_back(std::move(d));
  }

  // The same words and the same numbers (to the tolerance) in the same order.
  bool ProseAgrees(const std::string& a, const std::string& b) const {
    // Splits out the numbers ([-+]?digits[.digits][(e|E)[-+]?digits]) by hand: std::regex draws a false
    // GCC 12 warning in the sanitizer build.
    const auto split = [](const std::string& text, std::vector<double>* numbers) {
      const auto digit = [&](std::size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
      std::string words;
      std::size_t last = 0;
      for (std::size_t i = 0; i < text.size();) {
        std::size_t j = i + ((text[i] == '-' || text[i] == '+') ? 1 : 0);
        if (!digit(j)) {
          ++i;
          continue;
        }
        while (digit(j)) ++j;
        if (j < text.size() && text[j] == '.' && digit(j + 1))
          for (++j; digit(j);) ++j;
        if (j < text.size() && (text[j] == 'e' || text[j] == 'E')) {
          std::size_t k = j + 1 + ((j + 1 < text.size() && (text[j + 1] == '-' || text[j + 1] == '+')) ? 1 : 0);
          if (digit(k)) {
            while (digit(k)) ++k;
            j = k;
          }
        }
        words += text.substr(last, i - last) + "#";
        numbers->push_back(std::strtod(text.substr(i, j - i).c_str(), nullptr));
        last = i = j;
      }
      return words + text.substr(last);
    };
    std::vector<double> na, nb;
    if (split(a, &na) != split(b, &nb) || na.size() != nb.size()) return false;
    for (std::size_t k = 0; k < na.size(); ++k)
      if (!Agree(na[k], nb[k])) return false;
    return true;
  }

  // Array entries are matched by what they are about, not by position: the first of these members that
  // is a text ("impacts[GWP100-AR6]", "stages[A3]", "inventory[CO2, fossil]"); else their index. A label
  // that repeats gets "#2", "#3", … in order.
  static std::vector<std::string> Labels(const json& array) {
    static const char* kIdentity[] = {"indicator", "flow", "process", "stage", "file", "product"};
    std::vector<std::string> labels;
    std::map<std::string, int> seen;
    for (std::size_t k = 0; k < array.size(); ++k) {
      std::string label = std::to_string(k);
      if (array[k].is_object())
        for (const char* key : kIdentity)
          if (const auto it = array[k].find(key); it != array[k].end() && it->is_string()) {
            label = it->get<std::string>();
            break;
          }
      if (const int n = ++seen[label]; n > 1) label += "#" + std::to_string(n);
      labels.push_back(label);
    }
    return labels;
  }

  // A field or entry on one side only: every leaf in it is a difference against "absent".
  void Only(const std::string& path, const json& value, bool in_submission) {
    if (value.is_number()) {
      ++compared_;
      const double v = value.get<double>();
      differences_.push_back({path, in_submission ? v : kAbsent, in_submission ? kAbsent : v, false, "", ""});
    } else if (value.is_object()) {
      for (const auto& [key, member] : value.items()) Only(path + "." + key, member, in_submission);
    } else if (value.is_array()) {
      const std::vector<std::string> labels = Labels(value);
      for (std::size_t k = 0; k < value.size(); ++k) Only(path + "[" + labels[k] + "]", value[k], in_submission);
    } else {
      ++compared_;
      Differs(path, in_submission ? value.dump() : "null", in_submission ? "null" : value.dump());
    }
  }

  double rtol_, floor_;
  FieldTest decimal_, prose_;
  std::size_t compared_ = 0;
  std::vector<FigureDifference> differences_;
};

SubmissionCheck Outcome(SubmissionCheck check, SubmissionStatus status, std::string detail) {
  check.status = status;
  check.detail = std::move(detail);
  return check;
}

// Where an input file named in a manifest is now: as written (relative to the working directory, as
// `pcf calc` was given it), else relative to the submission's folder, else by its bare name in the
// submission's folder. Empty when none exists.
std::optional<fs::path> Locate(const fs::path& file, const fs::path& submission_dir) {
  std::error_code ec;
  std::vector<fs::path> candidates = {file};
  if (file.is_relative()) candidates.push_back(submission_dir / file);
  candidates.push_back(submission_dir / file.filename());
  for (const fs::path& c : candidates)
    if (fs::is_regular_file(c, ec)) return c;
  return std::nullopt;
}

// The document `pcf calc` would write for this product file against `database`, in `format` (json,
// pact-v2, pact-v3): the one pipeline of `pcf calc` (engine/run/product_run.h), warnings included. Also
// returns the supplier files' hashes it read.
struct Recomputation {
  std::string document;
  std::vector<std::pair<std::string, std::string>> suppliers;  // file read, sha256
};

Recomputation Recompute(const fs::path& product_path, const StoredModel& database, double cutoff_percent,
                        const std::string& format, const RenderOptions& render, SolveMethod solver,
                        const Limits& limits, const MonteCarloOptions& monte_carlo = {},
                        const ParameterOverrides& overrides = {}) {
  ProductRunOptions options;
  options.monte_carlo = monte_carlo;
  options.parameter_overrides = overrides;
  options.cutoff_percent = cutoff_percent;
  options.solver = solver;
  options.limits = limits;
  options.format = format;
  options.render = render;
  const ProductResult result = CalculateProductFile(product_path.string(), database, "", options);
  Recomputation out;
  out.document = RenderFootprint(result.Report(), format, render);
  out.suppliers.assign(result.manifest.inputs.begin() + 1, result.manifest.inputs.end());
  return out;
}

// `manifest.overrides` ({name: number}); {} when absent, nullopt when malformed.
std::optional<ParameterOverrides> OverridesOf(const json& manifest) {
  ParameterOverrides out;
  const auto it = manifest.find("overrides");
  if (it == manifest.end()) return out;
  if (!it->is_object()) return std::nullopt;
  for (const auto& [name, value] : it->items()) {
    if (!value.is_number() || !IsParameterName(name) || !std::isfinite(value.get<double>())) return std::nullopt;
    out[name] = value.get<double>();
  }
  return out;
}

// The 64 hex digits after `marker` in `text`, or "".
std::string HashAfter(const std::string& text, const std::string& marker) {
  const std::size_t at = text.find(marker);
  if (at == std::string::npos) return "";
  const std::string hex = text.substr(at + marker.size(), 64);
  const bool ok = hex.size() == 64 && std::all_of(hex.begin(), hex.end(), [](char c) {
                    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                  });
  return ok ? hex : "";
}

std::string Replaced(std::string text, const std::vector<std::pair<std::string, std::string>>& renames) {
  for (const auto& [from, to] : renames)
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  return text;
}

// `value` with every occurrence of each `from` in its texts and keys replaced by `to`.
json Renamed(const json& value, const std::vector<std::pair<std::string, std::string>>& renames) {
  if (value.is_string()) return Replaced(value.get<std::string>(), renames);
  if (value.is_array()) {
    json out = json::array();
    for (const json& item : value) out.push_back(Renamed(item, renames));
    return out;
  }
  if (value.is_object()) {
    json out = json::object();
    for (const auto& [key, member] : value.items()) out[Replaced(key, renames)] = Renamed(member, renames);
    return out;
  }
  return value;
}

// RecomputeSolver with the solver a manifest records (a solver that is no string throws: cannot recompute).
SolveMethod ChosenSolver(std::optional<SolveMethod> asked, const json& manifest) {
  if (asked) return *asked;
  return RecomputeSolver(asked, manifest.is_object() ? manifest.value("solver", std::string()) : std::string());
}

// A `pcf calc PRODUCT.yaml` JSON result.
SubmissionCheck VerifyResult(SubmissionCheck check, const json& claimed, const fs::path& submission_dir,
                             const std::string& product_yaml, const StoredModel& database, double rtol,
                             SolveMethod solver, const Limits& limits) {
  const json& manifest = claimed["manifest"];
  const auto inputs = manifest.find("inputs");
  if (inputs == manifest.end() || !inputs->is_array() || inputs->empty())
    return Outcome(std::move(check), SubmissionStatus::kCannotRecompute,
                   "the manifest lists no input files (manifest.inputs): only results of `pcf calc PRODUCT.yaml` can be recomputed");
  std::vector<std::pair<std::string, std::string>> listed;  // file, sha256 as the manifest says
  std::vector<std::string> from_result;  // the path relative to the result's folder ("" when not recorded)
  for (const json& input : *inputs) {
    if (!input.is_object() || !input.contains("file") || !input["file"].is_string() || !input.contains("sha256") ||
        !input["sha256"].is_string())
      return Outcome(std::move(check), SubmissionStatus::kCannotRecompute, "manifest.inputs: an entry without file and sha256");
    listed.emplace_back(input["file"].get<std::string>(), input["sha256"].get<std::string>());
    from_result.push_back(input.contains("from_result") && input["from_result"].is_string() ? input["from_result"].get<std::string>() : "");
  }

  // The product file (the first input; `product_yaml` is where to look when it is not where the manifest
  // or the submission's folder say), then the supplier footprints,
  // which the product file names relative to itself: looked for where the product file now is first.
  std::vector<std::string> missing, changed;
  std::error_code ec;
  // A result that records where its inputs are relative to itself (pcf batch) finds them there first, so a
  // submission folder verifies wherever it was moved.
  const auto beside_result = [&](std::size_t k) -> std::optional<fs::path> {
    if (from_result[k].empty()) return std::nullopt;
    const fs::path candidate = (submission_dir / from_result[k]).lexically_normal();
    return fs::is_regular_file(candidate, ec) ? std::optional<fs::path>(candidate) : std::nullopt;
  };
  std::optional<fs::path> product_path = beside_result(0);
  if (!product_path) product_path = Locate(listed[0].first, submission_dir);
  if (!product_path && !product_yaml.empty() && fs::is_regular_file(product_yaml, ec)) product_path = product_yaml;
  if (!product_path)
    return Outcome(std::move(check), SubmissionStatus::kCannotRecompute, fmt::format("input file {} not found", listed[0].first));
  const std::string product_text = ReadWholeFile(*product_path, {limits.product_file_size, "product_file_size"});
  const std::string product_sha = Sha256Hex(product_text);
  if (product_sha != listed[0].second)
    changed.push_back(fmt::format("{} (sha256 {}, manifest {})", product_path->string(), Short(product_sha), Short(listed[0].second)));
  const fs::path original_dir = fs::path(listed[0].first).parent_path();
  for (std::size_t k = 1; k < listed.size(); ++k) {
    const fs::path file = listed[k].first;
    std::optional<fs::path> found = beside_result(k);
    if (!found)
      if (const fs::path relative = file.lexically_relative(original_dir); !relative.empty())
        if (const fs::path beside = product_path->parent_path() / relative; fs::is_regular_file(beside, ec)) found = beside;
    if (!found) found = Locate(file, submission_dir);
    if (!found) {
      missing.push_back(file.string());
      continue;
    }
    const std::string sha = Sha256Hex(ReadWholeFile(*found, {limits.supplier_file_size, "supplier_file_size"}));
    if (sha != listed[k].second)
      changed.push_back(fmt::format("{} (sha256 {}, manifest {})", found->string(), Short(sha), Short(listed[k].second)));
  }
  if (!missing.empty())
    return Outcome(std::move(check), SubmissionStatus::kCannotRecompute,
                   fmt::format("input file{} not found: {}", missing.size() > 1 ? "s" : "", fmt::join(missing, ", ")));

  const std::string claimed_db = manifest.value("db_sha256", std::string());
  const std::string db_note =
      claimed_db == database.content_sha256
          ? ""
          : fmt::format("database differs: the submission was calculated with sha256 {}, the database here is {} {} (sha256 {})",
                        claimed_db.empty() ? "(none given)" : claimed_db, database.info.name, database.info.version,
                        database.content_sha256);
  if (!changed.empty())
    return Outcome(std::move(check), SubmissionStatus::kInputsChanged,
                   fmt::format("input{} changed since the calculation: {}{}", changed.size() > 1 ? "s" : "",
                               fmt::join(changed, ", "), db_note.empty() ? "" : "; also " + db_note));
  if (!db_note.empty()) return Outcome(std::move(check), SubmissionStatus::kDatabaseDiffers, db_note);

  check.product_file = product_path->string();
  double cutoff = 0.5;
  if (const auto it = manifest.find("cutoff_percent"); it != manifest.end() && it->is_number()) cutoff = it->get<double>();
  // A Monte Carlo result is reproduced draw for draw from its recorded draws and seed (docs/uncertainty.md).
  MonteCarloOptions monte_carlo;
  if (const auto it = manifest.find("monte_carlo"); it != manifest.end()) {
    const bool valid = it->is_object() && it->contains("draws") && it->contains("seed") &&
                       (*it)["draws"].is_number_unsigned() && (*it)["seed"].is_number_unsigned() &&
                       (*it)["draws"].get<std::uint64_t>() >= 1 && (*it)["draws"].get<std::uint64_t>() <= 10000000;
    if (!valid)
      return Outcome(std::move(check), SubmissionStatus::kCannotRecompute,
                     "manifest.monte_carlo must hold draws (1 to 10000000) and seed (whole numbers ≥ 0)");
    monte_carlo.draws = (*it)["draws"].get<std::uint64_t>();
    monte_carlo.seed = (*it)["seed"].get<std::uint64_t>();
    monte_carlo.jobs = std::max(1u, std::thread::hardware_concurrency());
  }
  // A what-if result (`pcf calc --set`) is recomputed with the same parameter values.
  const std::optional<ParameterOverrides> overrides = OverridesOf(manifest);
  if (!overrides)
    return Outcome(std::move(check), SubmissionStatus::kCannotRecompute,
                   "manifest.overrides must be an object of parameter names to numbers");
  const Recomputation again =
      Recompute(*product_path, database, cutoff, "json", {}, solver, limits, monte_carlo, *overrides);
  // The files the recomputation read must be the ones the manifest hashed.
  std::vector<std::string> read_hashes, listed_hashes;
  for (const auto& [file, sha] : again.suppliers) read_hashes.push_back(sha);
  for (std::size_t k = 1; k < listed.size(); ++k) listed_hashes.push_back(listed[k].second);
  if (read_hashes != listed_hashes)
    return Outcome(std::move(check), SubmissionStatus::kInputsChanged,
                   fmt::format("the product file now reads {} supplier footprint(s) that differ from the {} in the manifest",
                               read_hashes.size(), listed_hashes.size()));

  json recomputed = json::parse(again.document);
  if (const json& method = recomputed["method"]; method.is_object() && method.contains("total"))
    check.recomputed_total = method["total"].get<double>();
  // Supplier files are named by their path, which also forms ids ("supplier footprint: NAME [PATH]"): where
  // the files were found elsewhere than the manifest says (a moved folder), the recomputed document names
  // them as the manifest does.
  std::vector<std::pair<std::string, std::string>> renames;
  for (std::size_t k = 0; k < again.suppliers.size(); ++k)
    if (again.suppliers[k].first != listed[k + 1].first) renames.emplace_back(again.suppliers[k].first, listed[k + 1].first);
  if (!renames.empty()) recomputed = Renamed(recomputed, renames);
  recomputed.erase("manifest");  // checked above: inputs and database; paths and residual are not figures
  json figures = claimed;
  figures.erase("manifest");
  const double method_total = recomputed["method"].value("total", 0.0);
  Comparer comparer(rtol, rtol * std::fabs(method_total) * 1e-6);
  comparer.Walk("", figures, recomputed);
  check.figures_compared = comparer.compared();
  if (comparer.Clean()) {
    return Outcome(std::move(check), SubmissionStatus::kVerified,
                   fmt::format("{} fields recomputed and equal (rtol {}, solver {})", comparer.compared(),
                               FormatDouble(rtol), SolveMethodName(solver)));
  }
  std::string detail = comparer.Detail();
  check.differences = comparer.differences();
  // A claim can carry its total twice (method.total and impacts[METHOD].total); where only one was edited,
  // the record shows the edited one, so a mismatch row never shows a claimed total equal to the recomputed.
  const std::string method_id = recomputed["method"].value("indicator", std::string());
  for (const FigureDifference& d : check.differences)
    if (!d.is_text && (d.figure == "method.total" || d.figure == "impacts[" + method_id + "].total")) {
      check.claimed_total = d.claimed;
      break;
    }
  if (const std::string version = manifest.value("engine_version", std::string()); !version.empty() && version != PCF_VERSION)
    detail += fmt::format(" (calculated by pcf {}, recomputed by pcf {})", version, PCF_VERSION);
  return Outcome(std::move(check), SubmissionStatus::kMismatch, detail);
}

// A PACT ProductFootprint (v2.3 or v3.0) with its product file.
SubmissionCheck VerifyPact(SubmissionCheck check, const json& claimed, const std::string& product_yaml,
                           const StoredModel& database, double rtol, SolveMethod solver, const Limits& limits) {
  if (product_yaml.empty())
    return Outcome(std::move(check), SubmissionStatus::kCannotRecompute, "a PACT footprint needs its product file (--product)");
  std::error_code ec;
  if (!fs::is_regular_file(product_yaml, ec))
    return Outcome(std::move(check), SubmissionStatus::kCannotRecompute, fmt::format("input file {} not found", product_yaml));
  const std::string spec = claimed["specVersion"].is_string() ? claimed["specVersion"].get<std::string>() : "";
  const int major = spec.rfind("3.", 0) == 0 ? 3 : spec.rfind("2.", 0) == 0 ? 2 : 0;
  if (major == 0)
    return Outcome(std::move(check), SubmissionStatus::kCannotRecompute,
                   fmt::format("PACT specVersion \"{}\" is not supported (2.x or 3.x)", spec));
  const json& pcf = claimed["pcf"];
  if (!pcf.is_object()) return Outcome(std::move(check), SubmissionStatus::kCannotRecompute, "the PACT \"pcf\" member is not an object");

  // pcf writes the hashes of the product file and the database into the comment; checked when present.
  const std::string product_sha = Sha256Hex(ReadWholeFile(product_yaml, {limits.product_file_size, "product_file_size"}));
  const std::string comment = claimed.value("comment", std::string());
  const std::string claimed_input = HashAfter(comment, " (sha256 "), claimed_db = HashAfter(comment, "(content sha256 ");
  if (!claimed_input.empty() && claimed_input != product_sha)
    return Outcome(std::move(check), SubmissionStatus::kInputsChanged,
                   fmt::format("input changed since the calculation: {} (sha256 {}, footprint {})", product_yaml,
                               Short(product_sha), Short(claimed_input)));
  if (!claimed_db.empty() && claimed_db != database.content_sha256)
    return Outcome(std::move(check), SubmissionStatus::kDatabaseDiffers,
                   fmt::format("database differs: the footprint was calculated with sha256 {}, the database here is {} {} (sha256 {})",
                               claimed_db, database.info.name, database.info.version, database.content_sha256));

  RenderOptions render;
  render.created = claimed.value("created", std::string("1970-01-01T00:00:00Z"));
  if (render.created.empty()) render.created = "1970-01-01T00:00:00Z";
  const Recomputation again = Recompute(product_yaml, database, 0.5, major == 3 ? "pact-v3" : "pact-v2", render,
                                        solver, limits);
  const json recomputed = json::parse(again.document);
  // The footprint id hashes the database, the product file and every supplier file: with the first two
  // checked, a different id means different supplier footprints.
  if (claimed.contains("id") && claimed["id"] != recomputed.at("id"))
    return Outcome(std::move(check), SubmissionStatus::kInputsChanged,
                   fmt::format("the footprint id {} is not the recomputed {}: the supplier footprints (or the id) changed",
                               Text(claimed["id"]), Text(recomputed.at("id"))));

  // Every member pcf derives from the product file: decimals (numbers, or strings by PACT's convention) to
  // rtol, everything else exactly. Not compared: `id` (checked above), `created` (taken from the claim) and
  // `comment` (its hashes are checked above; it names the product file as it was given).
  const json& again_pcf = recomputed.at("pcf");
  const double excluding =
      Decimal(again_pcf.value(major == 3 ? "pcfExcludingBiogenicUptake" : "pCfExcludingBiogenic", json("0"))).value_or(0);
  check.recomputed_total = excluding;
  check.unit = "kg CO2e";
  Comparer comparer(rtol, rtol * std::fabs(excluding) * 1e-6, IsPactDecimal, IsPactProse);
  json claimed_fields = claimed, recomputed_fields = recomputed;
  for (const char* key : {"id", "created", "comment"}) {
    claimed_fields.erase(key);
    recomputed_fields.erase(key);
  }
  comparer.Walk("", claimed_fields, recomputed_fields);
  check.figures_compared = comparer.compared();
  if (comparer.Clean())
    return Outcome(std::move(check), SubmissionStatus::kVerified,
                   fmt::format("{} PACT fields recomputed and equal (rtol {}, solver {})", comparer.compared(),
                               FormatDouble(rtol), SolveMethodName(solver)));
  std::string detail = comparer.Detail();
  check.differences = comparer.differences();
  return Outcome(std::move(check), SubmissionStatus::kMismatch, std::move(detail));
}

// What a submission says it is about (product, declared unit, total), for the reports.
void DescribeClaim(const json& claimed, SubmissionCheck* check) {
  if (!claimed.is_object()) return;
  const auto text = [](const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (const auto pact = claimed.find("pcf"); pact != claimed.end() && pact->is_object() && claimed.contains("specVersion")) {
    check->product = text(claimed, "productNameCompany");
    const bool v3 = pact->contains("declaredUnitAmount");
    const std::string amount = text(*pact, v3 ? "declaredUnitAmount" : "unitaryProductAmount");
    check->declared_unit = fmt::format("{} {}", amount, text(*pact, v3 ? "declaredUnitOfMeasurement" : "declaredUnit"));
    check->claimed_total = Decimal(pact->value(v3 ? "pcfExcludingBiogenicUptake" : "pCfExcludingBiogenic", json()))
                               .value_or(kAbsent);
    check->unit = "kg CO2e";
    return;
  }
  if (const auto product = claimed.find("product"); product != claimed.end() && product->is_object()) {
    check->product = text(*product, "id");
    if (const auto unit = product->find("declared_unit"); unit != product->end() && unit->is_object())
      check->declared_unit = fmt::format("{} {}", unit->contains("amount") && (*unit)["amount"].is_number()
                                                      ? FormatDouble((*unit)["amount"].get<double>())
                                                      : std::string("?"),
                                         text(*unit, "unit"));
  }
  if (const auto method = claimed.find("method"); method != claimed.end() && method->is_object()) {
    if (method->contains("total") && (*method)["total"].is_number()) check->claimed_total = (*method)["total"].get<double>();
    check->unit = text(*method, "unit");
  }
  if (const auto manifest = claimed.find("manifest"); manifest != claimed.end() && manifest->is_object())
    check->engine_version = text(*manifest, "engine_version");
}

}  // namespace

std::optional<ParameterOverrides> ManifestOverrides(const std::string& manifest_json) {
  try {
    return OverridesOf(json::parse(manifest_json));
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

SolveMethod RecomputeSolver(std::optional<SolveMethod> asked, const std::string& recorded) {
  if (asked) return *asked;
  for (SolveMethod m : {SolveMethod::kBlockTriangular, SolveMethod::kSparseLU, SolveMethod::kDenseLU, SolveMethod::kIterative})
    if (recorded == SolveMethodName(m)) return m;
  return SolveMethod::kBlockTriangular;
}

SubmissionCheck VerifySubmission(const std::string& submission_path, const std::string& product_yaml,
                                 const StoredModel& database, double rtol, std::optional<SolveMethod> solver,
                                 const Limits& limits) {
  std::string text;
  try {
    text = ReadWholeFile(submission_path);
  } catch (const Error& e) {
    SubmissionCheck check;
    check.submission = submission_path;
    return Outcome(std::move(check), SubmissionStatus::kCannotRecompute, e.ToString());
  }
  return VerifySubmissionText(submission_path, text, fs::path(submission_path).parent_path().string(), product_yaml,
                              database, rtol, solver, limits);
}

SubmissionCheck VerifySubmissionText(const std::string& name, const std::string& text, const std::string& folder,
                                     const std::string& product_yaml, const StoredModel& database, double rtol,
                                     std::optional<SolveMethod> solver, const Limits& limits) {
  SubmissionCheck check;
  check.submission = name;
  try {
    json claimed;
    try {
      claimed = json::parse(text);
    } catch (const json::exception& e) {
      return Outcome(std::move(check), SubmissionStatus::kCannotRecompute, fmt::format("not JSON: {}", e.what()));
    }
    DescribeClaim(claimed, &check);
    if (claimed.is_object() && claimed.contains("pcf") && claimed.contains("specVersion"))
      return VerifyPact(std::move(check), claimed, product_yaml, database, rtol, ChosenSolver(solver, json()), limits);
    if (claimed.is_object() && claimed.contains("manifest") && claimed["manifest"].is_object() && claimed.contains("impacts"))
      return VerifyResult(std::move(check), claimed, fs::path(folder), product_yaml, database, rtol,
                          ChosenSolver(solver, claimed["manifest"]), limits);
    return Outcome(std::move(check), SubmissionStatus::kCannotRecompute,
                   "neither a pcf result (impacts and manifest) nor a PACT footprint (pcf and specVersion)");
  } catch (const Error& e) {
    return Outcome(std::move(check), SubmissionStatus::kCannotRecompute, e.ToString());
  } catch (const std::exception& e) {
    return Outcome(std::move(check), SubmissionStatus::kCannotRecompute, e.what());
  }
}

SubmissionCheck DescribeSubmission(const std::string& text) {
  SubmissionCheck check;
  try {
    DescribeClaim(json::parse(text), &check);
  } catch (const json::exception&) {
  }
  return check;
}

const char* SubmissionStatusName(SubmissionStatus status) {
  switch (status) {
    case SubmissionStatus::kVerified: return "verified";
    case SubmissionStatus::kMismatch: return "mismatch";
    case SubmissionStatus::kInputsChanged: return "inputs_changed";
    case SubmissionStatus::kDatabaseDiffers: return "database_differs";
    case SubmissionStatus::kCannotRecompute: return "cannot_recompute";
  }
  return "?";
}

}  // namespace pcf
