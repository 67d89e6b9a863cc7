#include "engine/run/batch.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "engine/core/atomic_file.h"
#include "engine/core/output_guard.h"
#include "engine/core/csv.h"
#include "engine/core/error.h"
#include "engine/core/numbers.h"
#include "engine/core/utf8.h"

namespace pcf {

namespace fs = std::filesystem;

namespace {

bool IsProductFile(const fs::path& p) { return p.extension() == ".yaml" || p.extension() == ".yml"; }

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

std::vector<std::string> CollectBatchInputs(const std::vector<std::string>& arguments) {
  std::set<std::string> files;
  for (const std::string& argument : arguments) {
    const fs::path path(argument);
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      for (const auto& entry : fs::recursive_directory_iterator(path))
        if (entry.is_regular_file() && IsProductFile(entry.path())) files.insert(entry.path().lexically_normal().string());
    } else if (fs::is_regular_file(path, ec)) {
      if (IsProductFile(path)) {
        files.insert(path.lexically_normal().string());
        continue;
      }
      // A list file.
      const auto records = ReadTextFileUtf8(path);  // UTF-8 only, a BOM skipped
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
  std::atomic<std::size_t> next{0};
  std::size_t finished = 0;
  std::mutex progress_mutex;

  auto work = [&] {
    for (std::size_t i = next++; i < inputs.size(); i = next++) {
      BatchOutcome& out = outcomes[i];
      out.input = inputs[i];
      try {
        const ProductRun run = RunProductFile(inputs[i], database, db_path, options.run);
        const fs::path target = fs::path(options.output_dir) / names[i];
        std::vector<NamedPath> read;  // the product file and the supplier footprints it named
        for (std::size_t k = 0; k < run.inputs.size(); ++k) read.push_back({run.inputs[k], k == 0 ? "product file" : "supplier footprint"});
        CheckOutputs(read, {{target.string(), "result"}});
        WriteFileAtomically(target, run.rendered, /*durable=*/false);
        out.output = target.string();
        out.product_id = run.product_id;
        out.total = run.total;
        out.unit = run.unit;
        out.ok = true;
      } catch (const Error& e) {
        out.error = e.what();
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

std::string FormatBatchSummary(const std::vector<BatchOutcome>& outcomes) {
  std::string out = "file,product,total,status,error,unit,output\n";
  for (const BatchOutcome& o : outcomes)
    out += fmt::format("{},{},{},{},{},{},{}\n", CsvEscape(o.input), CsvEscape(o.product_id),
                       o.ok ? FormatDouble(o.total) : "", o.ok ? "ok" : "error", CsvEscape(o.error), CsvEscape(o.unit),
                       CsvEscape(o.output));
  return out;
}

}  // namespace pcf
