#include "engine/run/batch.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <optional>
#include <mutex>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/core/atomic_file.h"
#include "engine/core/output_guard.h"
#include "engine/core/csv.h"
#include "engine/core/error.h"
#include "engine/core/folder_files.h"
#include "engine/core/numbers.h"
#include "engine/core/sha256.h"
#include "engine/core/utf8.h"

namespace pcf {

namespace fs = std::filesystem;

namespace {

bool IsProductFile(const fs::path& p) { return p.extension() == ".yaml" || p.extension() == ".yml"; }

constexpr const char* kSummaryHeader =
    "file,product,total,status,error,unit,output,declared_unit_amount,declared_unit,method,error_code,input_sha256,"
    "resumed,interrupted,mc_draws,mc_seed,mc_mean,mc_sd,mc_median,mc_p2_5,mc_p97_5";

// The rows of an earlier summary by input file: column name → value.
using SummaryRows = std::map<std::string, std::map<std::string, std::string>>;

SummaryRows ReadSummaryRows(const std::string& text) {
  SummaryRows rows;
  if (text.empty()) return rows;
  std::vector<CsvRecord> records;
  try {
    records = ParseCsv(text, "summary.csv");
  } catch (const Error&) {
    return rows;  // an unreadable summary resumes nothing
  }
  if (records.empty()) return rows;
  const std::vector<std::string>& header = records.front().fields;
  for (std::size_t r = 1; r < records.size(); ++r) {
    std::map<std::string, std::string> row;
    for (std::size_t c = 0; c < header.size() && c < records[r].fields.size(); ++c) row[header[c]] = records[r].fields[c];
    rows[row["file"]] = std::move(row);
  }
  return rows;
}

double NumberOr(const std::string& text, double fallback) {
  try {
    std::size_t used = 0;
    const double value = std::stod(text, &used);
    return used == text.size() ? value : fallback;
  } catch (const std::exception&) {
    return fallback;
  }
}

// --resume: the outcome of an earlier run of `input` whose result `target` is present and was made from
// the same product file, or nothing (then the input is calculated again).
std::optional<BatchOutcome> Resumed(const std::string& input, const fs::path& target, const SummaryRows& previous,
                                    const Limits& limits) {
  std::error_code ec;
  if (!fs::is_regular_file(target, ec)) return std::nullopt;
  std::string hash;
  try {
    hash = Sha256Hex(ReadWholeFile(input, {limits.product_file_size, "product_file_size"}));
  } catch (const Error&) {
    return std::nullopt;  // the calculation reports it
  }
  BatchOutcome out;
  out.input = input;
  out.output = target.string();
  out.ok = out.ran = out.resumed = true;
  out.input_sha256 = hash;
  if (target.extension() == ".json") {  // a pcf result: its manifest names the product file's hash
    try {
      const nlohmann::json result = nlohmann::json::parse(ReadWholeFile(target));
      const nlohmann::json& manifest = result.at("manifest");
      if (manifest.at("inputs").at(0).at("sha256").get<std::string>() != hash) return std::nullopt;
      // The supplier footprints too, where the result records them relative to itself.
      for (const nlohmann::json& entry : manifest.at("inputs")) {
        if (!entry.contains("from_result")) continue;
        const fs::path file = target.parent_path() / entry.at("from_result").get<std::string>();
        if (!fs::is_regular_file(file, ec) || Sha256Hex(ReadWholeFile(file)) != entry.at("sha256").get<std::string>())
          return std::nullopt;
      }
      out.product_id = result.at("product").at("id").get<std::string>();
      out.declared_unit_amount = result.at("product").at("declared_unit").at("amount").get<double>();
      out.declared_unit = result.at("product").at("declared_unit").at("unit").get<std::string>();
      out.method = result.at("method").at("indicator").get<std::string>();
      out.total = result.at("method").at("total").get<double>();
      out.unit = result.at("method").at("unit").get<std::string>();
      return out;
    } catch (const std::exception&) {
      // not a pcf result (a PACT file): fall back to the summary row
    }
  }
  const auto row = previous.find(input);
  if (row == previous.end()) return std::nullopt;
  const auto field = [&](const char* name) {
    const auto it = row->second.find(name);
    return it == row->second.end() ? std::string() : it->second;
  };
  if (field("status") != "ok" || field("input_sha256") != hash || fs::path(field("output")) != target) return std::nullopt;
  out.product_id = field("product");
  out.total = NumberOr(field("total"), 0);
  out.unit = field("unit");
  out.declared_unit_amount = NumberOr(field("declared_unit_amount"), 0);
  out.declared_unit = field("declared_unit");
  out.method = field("method");
  return out;
}

}  // namespace

std::vector<std::string> BatchOutputNames(const std::vector<std::string>& inputs, const std::string& extension) {
  std::map<std::string, int> seen;
  std::vector<std::string> names;
  for (const std::string& input : inputs) {
    const std::string stem = fs::path(input).stem().string();
    const int n = ++seen[stem];
    names.push_back(n == 1 ? stem + extension : fmt::format("{}-{}{}", stem, n, extension));
  }
  return names;
}

std::vector<std::string> CollectBatchInputs(const std::vector<std::string>& arguments, const Limits& limits) {
  std::set<std::string> files;
  for (const std::string& argument : arguments) {
    const fs::path path(argument);
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      for (const fs::path& file : FilesInFolder(path, true, IsProductFile)) files.insert(file.lexically_normal().string());
    } else if (fs::is_regular_file(path, ec)) {
      if (IsProductFile(path)) {
        files.insert(path.lexically_normal().string());
        continue;
      }
      // A list file.
      const auto records = ReadTextFileUtf8(path, {limits.list_file_size, "list_file_size"});  // UTF-8 only, a BOM skipped
      std::size_t start = 0;
      int line_number = 0;
      while (start < records.size()) {
        std::size_t end = records.find('\n', start);
        if (end == std::string::npos) end = records.size();
        std::string line(Trim(std::string_view(records).substr(start, end - start)));
        start = end + 1;
        ++line_number;
        if (line.empty() || line[0] == '#') continue;
        fs::path item(line);
        if (item.is_relative()) item = path.parent_path() / item;
        if (!fs::is_regular_file(item, ec))
          throw Error(ErrorKind::kNotFound, fmt::format("listed file not found: {}", item.string()),
                      {path.string(), line_number, 0, ""});
        files.insert(item.lexically_normal().string());
      }
    } else if (fs::exists(path, ec)) {  // a FIFO, device or socket: reading it could block forever
      throw Error(ErrorKind::kBadInput, "is not a regular file or folder (a FIFO, device or socket)", {argument, 0, 0, ""});
    } else {
      throw Error(ErrorKind::kNotFound, "no such file or folder", {argument, 0, 0, ""});
    }
  }
  return {files.begin(), files.end()};
}

std::vector<std::string> ShardInputs(const std::vector<std::string>& inputs, int k, int n) {
  if (n < 1 || k < 1 || k > n)
    throw Error(ErrorKind::kBadInput, fmt::format("shard {}/{} is impossible: write K/N with 1 ≤ K ≤ N", k, n));
  std::vector<std::string> shard;
  for (std::size_t i = static_cast<std::size_t>(k - 1); i < inputs.size(); i += static_cast<std::size_t>(n))
    shard.push_back(inputs[i]);
  return shard;
}

std::vector<BatchOutcome> RunBatch(const std::vector<std::string>& inputs, const StoredModel& database,
                                   const std::string& db_path, const BatchOptions& options, const BatchProgress& progress) {
  std::error_code ec;
  fs::create_directories(options.output_dir, ec);
  if (ec) throw Error(ErrorKind::kIo, fmt::format("cannot create the output folder: {}", ec.message()), {options.output_dir, 0, 0, ""});
  const std::vector<std::string> names = BatchOutputNames(inputs, options.extension);
  std::vector<BatchOutcome> outcomes(inputs.size());
  for (std::size_t i = 0; i < inputs.size(); ++i) outcomes[i].input = inputs[i];
  const SummaryRows previous = options.resume ? ReadSummaryRows(options.previous_summary) : SummaryRows();
  std::atomic<std::size_t> next{0};
  std::size_t finished = 0;
  std::mutex progress_mutex;

  auto work = [&] {
    for (std::size_t i = next++; i < inputs.size(); i = next++) {
      if (options.cancel && options.cancel->load()) break;  // interrupted: no new input
      BatchOutcome& out = outcomes[i];
      const fs::path target = fs::path(options.output_dir) / names[i];
      if (options.resume)
        if (std::optional<BatchOutcome> kept = Resumed(inputs[i], target, previous, options.run.limits)) {
          out = std::move(*kept);
          if (progress) {
            std::lock_guard<std::mutex> lock(progress_mutex);
            progress(++finished, inputs.size());
          }
          continue;
        }
      out.ran = true;
      try {
        ProductRunOptions run_options = options.run;
        run_options.result_dir = options.output_dir;  // inputs recorded relative to the result too
        const ProductRun run = RunProductFile(inputs[i], database, db_path, run_options);
        std::vector<NamedPath> read;  // the product file and the supplier footprints it named
        for (std::size_t k = 0; k < run.inputs.size(); ++k) read.push_back({run.inputs[k], k == 0 ? "product file" : "supplier footprint"});
        CheckOutputs(read, {{target.string(), "result"}});
        WriteFileAtomically(target, run.rendered, /*durable=*/false);
        out.output = target.string();
        out.product_id = run.product_id;
        out.total = run.total;
        out.unit = run.unit;
        out.declared_unit_amount = run.declared_unit_amount;
        out.declared_unit = run.declared_unit;
        out.method = run.method;
        out.input_sha256 = run.input_sha256;
        out.mc_total = run.monte_carlo_total;
        out.ok = true;
      } catch (const Error& e) {
        out.error = e.what();
        out.error_kind = e.kind();
      } catch (const std::exception& e) {
        out.error = fmt::format("internal error: {}", e.what());
      }
      if (progress) {
        std::lock_guard<std::mutex> lock(progress_mutex);
        progress(++finished, inputs.size());
      }
    }
  };
  const int jobs = std::max(1, std::min<int>(options.jobs, static_cast<int>(inputs.size())));
  std::vector<std::thread> workers;
  for (int j = 1; j < jobs; ++j) workers.emplace_back(work);
  work();
  for (std::thread& t : workers) t.join();
  FlushFileSystem(options.output_dir);
  return outcomes;
}

std::string FormatBatchSummary(const std::vector<BatchOutcome>& outcomes, bool interrupted,
                               const MonteCarloOptions& monte_carlo) {
  std::string out = std::string(kSummaryHeader) + "\n";
  for (const BatchOutcome& o : outcomes) {
    std::string mc = ",,,,,,";
    if (o.ok && o.mc_total) {
      const DistributionSummary& t = *o.mc_total;
      mc = fmt::format("{},{},{},{},{},{},{}", monte_carlo.draws, monte_carlo.seed, FormatDouble(t.mean), FormatDouble(t.sd),
                       FormatDouble(t.median), FormatDouble(t.p2_5), FormatDouble(t.p97_5));
    }
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", CsvEscape(o.input), CsvEscape(o.product_id),
                       o.ok ? FormatDouble(o.total) : "", o.ok ? "ok" : o.ran ? "error" : "not_run", CsvEscape(o.error),
                       CsvEscape(o.unit), CsvEscape(o.output), o.ok ? FormatDouble(o.declared_unit_amount) : "",
                       CsvEscape(o.declared_unit), CsvEscape(o.method), o.ok || !o.ran ? "" : std::to_string(o.error_code),
                       o.input_sha256, o.resumed ? "yes" : "no", interrupted ? "yes" : "no", mc);
  }
  return out;
}

}  // namespace pcf
