// Many product files against one database (issue 7): inputs from files, folders and list files, a
// deterministic order and sharding, parallel workers that share the loaded database, one result file per
// good input and a summary. A bad input is recorded and skipped; it never stops the batch.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/core/limits.h"
#include "engine/run/product_run.h"

namespace pcf {

// Expands arguments into product files: a folder gives every *.yaml / *.yml below it; a .yaml / .yml file
// is itself; any other file is a list file (one path per line, relative to the list file's folder; blank
// lines and lines starting with # skipped). The result is sorted and without duplicates. Throws
// Error(kNotFound) for a path that does not exist, Error(kIo) for a folder below that cannot be listed,
// Error(kBadInput) for a list file larger than limits.list_file_size (checked before reading it).
std::vector<std::string> CollectBatchInputs(const std::vector<std::string>& arguments, const Limits& limits = Limits());

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
  // issue 12: summary columns, interrupts and --resume
  bool ran = false;              // false: never started (the batch was cancelled first)
  bool resumed = false;          // --resume: the result of an earlier run was kept (same input hash)
  double declared_unit_amount = 0;
  std::string declared_unit;     // unit of the declared unit, e.g. "t"
  std::string method;            // indicator id
  std::string input_sha256;      // SHA-256 of the product file (ok rows)
  std::optional<ErrorKind> error_kind;  // when not ok: the kind of the pcf::Error (none: an internal error)
  int error_code = 0;            // exit code of the error (filled by the caller, which maps kinds to codes)
  // --mc N: the Monte Carlo statistics of the total (docs/uncertainty.md); none without --mc.
  std::optional<DistributionSummary> mc_total;
};

struct BatchOptions {
  ProductRunOptions run;
  int jobs = 1;                 // worker threads
  std::string output_dir;
  std::string extension = ".result.json";
  // Checked before each input is started: once it is true, workers take no new input (those inputs come
  // back with ran = false). Set by the caller, e.g. from a SIGINT handler; the engine only reads it.
  const std::atomic<bool>* cancel = nullptr;
  // --resume: an input whose result file is present and was made from the same product file (SHA-256 of
  // the product file in the result's manifest for json, else in the `previous_summary` row) is not
  // calculated again; its outcome comes from the result (json) or that row.
  bool resume = false;
  std::string previous_summary;  // text of the summary of the earlier run ("" when there is none)
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

// summary.csv, one row per input in order: file,product,total,status,error,unit,output (issue 7) then
// declared_unit_amount,declared_unit,method,error_code,input_sha256,resumed,interrupted (issue 12), then
// mc_draws,mc_seed,mc_mean,mc_sd,mc_median,mc_p2_5,mc_p97_5 (issue 14; empty without --mc and on failed rows).
// status: ok, error, or not_run (never started: the batch was interrupted); interrupted: yes on every row
// when `interrupted`, else no.
// `monte_carlo`: the run's --mc draws and seed, written on the rows that have Monte Carlo statistics.
std::string FormatBatchSummary(const std::vector<BatchOutcome>& outcomes, bool interrupted = false,
                               const MonteCarloOptions& monte_carlo = {});

}  // namespace pcf
