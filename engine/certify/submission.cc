// Verifying a submission (issue 7): locate and hash its inputs, check the database, recompute with the
// same pipeline as `pcf calc` (read → link → solve → analyse → render) and compare every figure of the
// submission with the recomputed document. Rules: docs/certification.md, "Verifying submissions".
#include "engine/certify/submission.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "engine/calc/analysis.h"
#include "engine/calc/footprint.h"
#include "engine/calc/gates.h"
#include "engine/calc/link.h"
#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/core/numbers.h"
#include "engine/core/sha256.h"
#include "engine/model/product.h"
#include "engine/report/calc_report.h"
#include "engine/report/footprint_report.h"
#include "engine/report/render.h"

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

// Compares a claimed document with the recomputed one, leaf by leaf. Numbers: equal within
// |c − r| ≤ max(rtol · max(|c|, |r|), floor); other leaves (texts, booleans) must be equal.
class Comparer {
 public:
  Comparer(double rtol, double floor) : rtol_(rtol), floor_(floor) {}

  void Walk(const std::string& path, const json& claimed, const json& recomputed) {
    if (claimed.is_number()) {
      if (recomputed.is_number()) Figure(path, claimed.get<double>(), recomputed.get<double>());
      else Absent(path, claimed, recomputed);
    } else if (claimed.is_object()) {
      if (!recomputed.is_object()) return Absent(path, claimed, recomputed);
      // Keys the submission does not have are not claims (a later version may add keys): not compared.
      for (const auto& [key, value] : claimed.items()) {
        const std::string at = path.empty() ? key : path + "." + key;
        if (const auto it = recomputed.find(key); it != recomputed.end()) Walk(at, value, *it);
        else Only(at, value, true);
      }
    } else if (claimed.is_array()) {
      if (!recomputed.is_array()) return Absent(path, claimed, recomputed);
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
    } else if (claimed != recomputed) {
      texts_.push_back(fmt::format("{}: {} vs recomputed {}", path, Text(claimed), Text(recomputed)));
    }
  }

  // One figure. Exactly equal (the normal case: same inputs and database give bit-identical numbers)
  // or within the tolerance.
  void Figure(const std::string& figure, double claimed, double recomputed) {
    ++compared_;
    const double difference = std::fabs(claimed - recomputed);
    if (claimed == recomputed) return;
    if (std::isfinite(difference) && difference <= std::max(rtol_ * std::max(std::fabs(claimed), std::fabs(recomputed)), floor_)) return;
    differences_.push_back({figure, claimed, recomputed});
  }

  bool Clean() const { return differences_.empty() && texts_.empty(); }
  std::size_t compared() const { return compared_; }
  std::vector<FigureDifference>& differences() { return differences_; }

  // "3 of 1234 figures differ: method.total (claimed 1, recomputed 2); …"
  std::string Detail() const {
    std::string out;
    if (!differences_.empty()) {
      out = fmt::format("{} of {} figures differ:", differences_.size(), compared_);
      for (std::size_t k = 0; k < differences_.size() && k < kListedInDetail; ++k)
        out += fmt::format("{} {} (claimed {}, recomputed {})", k ? ";" : "", differences_[k].figure,
                           Number(differences_[k].claimed), Number(differences_[k].recomputed));
      if (differences_.size() > kListedInDetail) out += fmt::format("; and {} more", differences_.size() - kListedInDetail);
    }
    if (!texts_.empty()) {
      out += fmt::format("{}{} other entr{}:", out.empty() ? "" : "; ", texts_.size(), texts_.size() == 1 ? "y differs" : "ies differ");
      for (std::size_t k = 0; k < texts_.size() && k < kListedInDetail; ++k) out += fmt::format("{} {}", k ? ";" : "", texts_[k]);
      if (texts_.size() > kListedInDetail) out += fmt::format("; and {} more", texts_.size() - kListedInDetail);
    }
    return out;
  }

 private:
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

  // A figure or entry on one side only: every number in it is a difference against "absent".
  void Only(const std::string& path, const json& value, bool in_submission) {
    if (value.is_number()) {
      ++compared_;
      const double v = value.get<double>();
      differences_.push_back({path, in_submission ? v : kAbsent, in_submission ? kAbsent : v});
    } else if (value.is_object()) {
      for (const auto& [key, member] : value.items()) Only(path + "." + key, member, in_submission);
    } else if (value.is_array()) {
      const std::vector<std::string> labels = Labels(value);
      for (std::size_t k = 0; k < value.size(); ++k) Only(path + "[" + labels[k] + "]", value[k], in_submission);
    } else {
      texts_.push_back(fmt::format("{}: {} {}", path, Text(value),
                                   in_submission ? "is not in the recomputed result" : "is missing from the submission"));
    }
  }

  // Different kinds of value at the same place (a number replaced by a text, an object by an array).
  void Absent(const std::string& path, const json& claimed, const json& recomputed) {
    if (claimed.is_number()) {
      ++compared_;
      differences_.push_back({path, claimed.get<double>(), kAbsent});
    }
    texts_.push_back(fmt::format("{}: {} vs recomputed {}", path, Text(claimed), Text(recomputed)));
  }

  double rtol_, floor_;
  std::size_t compared_ = 0;
  std::vector<FigureDifference> differences_;
  std::vector<std::string> texts_;
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
// pact-v2, pact-v3), with the same manifest. Also returns the supplier files' hashes it read.
struct Recomputation {
  std::string document;
  std::vector<std::pair<std::string, std::string>> suppliers;  // file read, sha256
};

Recomputation Recompute(const fs::path& product_path, const std::string& product_sha256, const StoredModel& database,
                        double cutoff_percent, const std::string& format, const RenderOptions& render) {
  const ProductFile product = ReadProductFile(product_path.string());
  const LinkedSystem system = LinkProduct(product, database);
  const Footprint footprint = CalculateFootprint(system);
  CalcManifest manifest;
  manifest.db_sha256 = database.content_sha256;
  manifest.method = system.model.indicators.At(system.method_row).id;
  manifest.db_name = database.info.name;
  manifest.db_version = database.info.version;
  manifest.input_file = product_path.string();
  manifest.input_sha256 = product_sha256;
  manifest.inputs.push_back({manifest.input_file, product_sha256});
  for (const SupplierRecord& s : system.suppliers) manifest.inputs.push_back({s.file, s.sha256});
  manifest.solver = footprint.solver;
  manifest.residual = footprint.lci.residual;
  manifest.cutoff_percent = cutoff_percent;
  const Analysis analysis = Analyze(system, footprint, cutoff_percent / 100, 10);
  // The warnings are part of the result (supplier gates, plausibility): recomputed as `pcf calc` does, or
  // every result with a warning would be a mismatch. (Found by the calc_pipeline fuzz target; issue 11
  // asks for one pipeline shared with engine/run/product_run.cc.)
  const FootprintReport report{product, system, footprint, analysis, manifest, &database.info,
                               CheckGates(product, system, footprint, &database.info)};
  Recomputation out;
  out.document = format == "json" ? FormatFootprintJson(report) : RenderFootprint(report, format, render);
  out.suppliers.assign(manifest.inputs.begin() + 1, manifest.inputs.end());
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

// A `pcf calc PRODUCT.yaml` JSON result.
SubmissionCheck VerifyResult(SubmissionCheck check, const json& claimed, const fs::path& submission_dir,
                             const std::string& product_yaml, const StoredModel& database, double rtol) {
  const json& manifest = claimed["manifest"];
  const auto inputs = manifest.find("inputs");
  if (inputs == manifest.end() || !inputs->is_array() || inputs->empty())
    return Outcome(std::move(check), SubmissionStatus::kCannotRecompute,
                   "the manifest lists no input files (manifest.inputs): only results of `pcf calc PRODUCT.yaml` can be recomputed");
  std::vector<std::pair<std::string, std::string>> listed;  // file, sha256 as the manifest says
  for (const json& input : *inputs) {
    if (!input.is_object() || !input.contains("file") || !input["file"].is_string() || !input.contains("sha256") ||
        !input["sha256"].is_string())
      return Outcome(std::move(check), SubmissionStatus::kCannotRecompute, "manifest.inputs: an entry without file and sha256");
    listed.emplace_back(input["file"].get<std::string>(), input["sha256"].get<std::string>());
  }

  // The product file (the first input; `product_yaml` is where to look when it is not where the manifest
  // or the submission's folder say), then the supplier footprints,
  // which the product file names relative to itself: looked for where the product file now is first.
  std::vector<std::string> missing, changed;
  std::error_code ec;
  std::optional<fs::path> product_path = Locate(listed[0].first, submission_dir);
  if (!product_path && !product_yaml.empty() && fs::is_regular_file(product_yaml, ec)) product_path = product_yaml;
  if (!product_path)
    return Outcome(std::move(check), SubmissionStatus::kCannotRecompute, fmt::format("input file {} not found", listed[0].first));
  const std::string product_text = ReadWholeFile(*product_path);
  const std::string product_sha = Sha256Hex(product_text);
  if (product_sha != listed[0].second)
    changed.push_back(fmt::format("{} (sha256 {}, manifest {})", product_path->string(), Short(product_sha), Short(listed[0].second)));
  const fs::path original_dir = fs::path(listed[0].first).parent_path();
  for (std::size_t k = 1; k < listed.size(); ++k) {
    const fs::path file = listed[k].first;
    std::optional<fs::path> found;
    if (const fs::path relative = file.lexically_relative(original_dir); !relative.empty())
      if (const fs::path beside = product_path->parent_path() / relative; fs::is_regular_file(beside, ec)) found = beside;
    if (!found) found = Locate(file, submission_dir);
    if (!found) {
      missing.push_back(file.string());
      continue;
    }
    const std::string sha = Sha256Hex(ReadWholeFile(*found));
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

  double cutoff = 0.5;
  if (const auto it = manifest.find("cutoff_percent"); it != manifest.end() && it->is_number()) cutoff = it->get<double>();
  const Recomputation again = Recompute(*product_path, product_sha, database, cutoff, "json", {});
  // The files the recomputation read must be the ones the manifest hashed.
  std::vector<std::string> read_hashes, listed_hashes;
  for (const auto& [file, sha] : again.suppliers) read_hashes.push_back(sha);
  for (std::size_t k = 1; k < listed.size(); ++k) listed_hashes.push_back(listed[k].second);
  if (read_hashes != listed_hashes)
    return Outcome(std::move(check), SubmissionStatus::kInputsChanged,
                   fmt::format("the product file now reads {} supplier footprint(s) that differ from the {} in the manifest",
                               read_hashes.size(), listed_hashes.size()));

  json recomputed = json::parse(again.document);
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
                   fmt::format("{} figures recomputed and equal (rtol {})", comparer.compared(), FormatDouble(rtol)));
  }
  std::string detail = comparer.Detail();
  check.differences = std::move(comparer.differences());
  if (const std::string version = manifest.value("engine_version", std::string()); !version.empty() && version != PCF_VERSION)
    detail += fmt::format(" (calculated by pcf {}, recomputed by pcf {})", version, PCF_VERSION);
  return Outcome(std::move(check), SubmissionStatus::kMismatch, detail);
}

// A PACT ProductFootprint (v2.3 or v3.0) with its product file.
SubmissionCheck VerifyPact(SubmissionCheck check, const json& claimed, const std::string& product_yaml,
                           const StoredModel& database, double rtol) {
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
  const std::string product_sha = Sha256Hex(ReadWholeFile(product_yaml));
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
  const Recomputation again = Recompute(product_yaml, product_sha, database, 0.5, major == 3 ? "pact-v3" : "pact-v2", render);
  const json recomputed = json::parse(again.document);
  // The footprint id hashes the database, the product file and every supplier file: with the first two
  // checked, a different id means different supplier footprints.
  if (claimed.contains("id") && claimed["id"] != recomputed.at("id"))
    return Outcome(std::move(check), SubmissionStatus::kInputsChanged,
                   fmt::format("the footprint id {} is not the recomputed {}: the supplier footprints (or the id) changed",
                               Text(claimed["id"]), Text(recomputed.at("id"))));

  // Every numeric member of "pcf": numbers, and decimals written as strings (PACT's convention).
  auto decimal = [](const json& value) -> std::optional<double> {
    if (value.is_number()) return value.get<double>();
    if (!value.is_string()) return std::nullopt;
    try {
      return ParseFiniteDouble(value.get<std::string>(), {});
    } catch (const Error&) {
      return std::nullopt;
    }
  };
  const json& again_pcf = recomputed.at("pcf");
  const double excluding = decimal(again_pcf.value(major == 3 ? "pcfExcludingBiogenicUptake" : "pCfExcludingBiogenic", json("0"))).value_or(0);
  Comparer comparer(rtol, rtol * std::fabs(excluding) * 1e-6);
  for (const auto& [key, value] : pcf.items()) {
    const std::optional<double> c = decimal(value);
    if (!c) continue;
    const auto it = again_pcf.find(key);
    const std::optional<double> r = it == again_pcf.end() ? std::nullopt : decimal(*it);
    comparer.Figure("pcf." + key, *c, r ? *r : kAbsent);
  }
  check.figures_compared = comparer.compared();
  if (comparer.Clean())
    return Outcome(std::move(check), SubmissionStatus::kVerified,
                   fmt::format("{} PACT figures recomputed and equal (rtol {})", comparer.compared(), FormatDouble(rtol)));
  std::string detail = comparer.Detail();
  check.differences = std::move(comparer.differences());
  return Outcome(std::move(check), SubmissionStatus::kMismatch, std::move(detail));
}

}  // namespace

SubmissionCheck VerifySubmission(const std::string& submission_path, const std::string& product_yaml,
                                 const StoredModel& database, double rtol) {
  SubmissionCheck check;
  check.submission = submission_path;
  try {
    json claimed;
    try {
      claimed = json::parse(ReadWholeFile(submission_path));
    } catch (const json::exception& e) {
      return Outcome(std::move(check), SubmissionStatus::kCannotRecompute, fmt::format("not JSON: {}", e.what()));
    }
    if (claimed.is_object() && claimed.contains("pcf") && claimed.contains("specVersion"))
      return VerifyPact(std::move(check), claimed, product_yaml, database, rtol);
    if (claimed.is_object() && claimed.contains("manifest") && claimed["manifest"].is_object() && claimed.contains("impacts"))
      return VerifyResult(std::move(check), claimed, fs::path(submission_path).parent_path(), product_yaml, database, rtol);
    return Outcome(std::move(check), SubmissionStatus::kCannotRecompute,
                   "neither a pcf result (impacts and manifest) nor a PACT footprint (pcf and specVersion)");
  } catch (const Error& e) {
    return Outcome(std::move(check), SubmissionStatus::kCannotRecompute, e.ToString());
  } catch (const std::exception& e) {
    return Outcome(std::move(check), SubmissionStatus::kCannotRecompute, e.what());
  }
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
