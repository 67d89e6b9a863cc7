// Many product files against one database (issue 7): inputs from files, folders and list files, a
// deterministic order and sharding, parallel workers that share the loaded database, one result file per
// good input and a summary. A bad input is recorded and skipped; it never stops the batch.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/run/product_run.h"

namespace pcf {

// Expands arguments into product files: a folder gives every *.yaml / *.yml below it; a .yaml / .yml file
// is itself; any other file is a list file (one path per line, relative to the list file's folder; blank
// lines and lines starting with # skipped). The result is sorted and without duplicates. Throws
// Error(kNotFound) for a path that does not exist.
std::vector<std::string> CollectBatchInputs(const std::vector<std::string>& arguments);

// The K-th of N deterministic slices (1 ≤ K ≤ N): every N-th input starting at K−1, so shards are balanced
// and their union is the whole batch. Throws Error(kBadInput) for an impossible K/N.
std::vector<std::string> ShardInputs(const std::vector<std::string>& inputs, int k, int n);

struct BatchOutcome {
  std::string input;
  std::string output;  // file written in the output folder ("" when the input failed)
  std::string product_id;
  double total = 0;
  std::string unit;
  bool ok = false;
  std::string error;   // the message when not ok
};

struct BatchOptions {
  ProductRunOptions run;
  int jobs = 1;                 // worker threads
  std::string output_dir;
  std::string extension = ".result.json";
};

// Unique output names in the output folder: each input's stem plus `extension`; a repeated stem gets -2,
// -3, … in input order.
std::vector<std::string> BatchOutputNames(const std::vector<std::string>& inputs, const std::string& extension);

// Called after each finished input with (finished, total), from the worker threads but never at once.
using BatchProgress = std::function<void(std::size_t, std::size_t)>;

// Calculates every input and writes each result atomically into options.output_dir. Outcomes come back
// in input order. Results are independent of the number of jobs (each input is solved on its own).
std::vector<BatchOutcome> RunBatch(const std::vector<std::string>& inputs, const StoredModel& database,
                                   const std::string& db_path, const BatchOptions& options, const BatchProgress& progress);

// summary.csv: header file,product,total,status,error (+ unit, output), one row per input in order.
std::string FormatBatchSummary(const std::vector<BatchOutcome>& outcomes);

}  // namespace pcf
