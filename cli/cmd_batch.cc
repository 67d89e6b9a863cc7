// pcf batch INPUTS… -o DIR [--jobs N] [--format F] [--shard K/N] [--db DB] [--lang en|zh] [--cutoff P] [--resume]
// Ctrl-C / SIGTERM: no new input is started, the summary of what finished is written (interrupted = yes), exit 130.
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/default_db.h"
#include "cli/exit_codes.h"
#include "cli/interrupt.h"
#include "cli/limits_option.h"
#include "cli/output.h"
#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/core/parameter_overrides.h"
#include "engine/report/render.h"
#include "engine/run/batch.h"

namespace pcf::cli {

namespace {

struct Options {
  std::vector<std::string> inputs;
  std::string output_dir;
  std::string database;
  std::string format = "json";
  std::string language = "en";
  std::string shard;
  double cutoff_percent = 0.5;
  int jobs = 0;
  bool strict = false;
  bool no_sensitivity = false;  // --no-sensitivity: md/html study reports without their sensitivity section
  bool resume = false;
  SolveMethod solver = SolveMethod::kBlockTriangular;
  std::vector<std::string> limits;  // --limits
  std::vector<std::string> set;     // --set NAME=VALUE: the same what-if values for every input
  std::uint64_t mc = 0;             // --mc N: Monte Carlo draws for every input
  std::uint64_t seed = 0;           // --seed S
};

}  // namespace

void AddBatchCommand(CLI::App& app) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("batch", "calculate many product files in parallel, one result each, and a summary");
  cmd->add_option("INPUTS", o->inputs, "product files, folders (every *.yaml below) or list files (one path per line)")
      ->required();
  cmd->add_option("-o,--output", o->output_dir, "output folder: one result per good input, and summary.csv")->required();
  cmd->add_option("--jobs", o->jobs, "parallel workers (default: the number of cores)")->check(CLI::Range(1, 1024));
  cmd->add_option("--format", o->format, "json (default), text, md, html, csv, pact-v2, pact-v3, cbam")
      ->check(CLI::IsMember({"json", "text", "md", "html", "csv", "pact-v2", "pact-v3", "cbam"}));
  cmd->add_option("--shard", o->shard, "K/N: only the K-th of N deterministic slices (for job arrays)");
  cmd->add_option("--db", o->database, "database (default: the shipped Hubei database)");
  cmd->add_option("--lang", o->language, "report language for md, html, cbam: en or zh")->check(CLI::IsMember({"en", "zh"}));
  cmd->add_option("--cutoff", o->cutoff_percent, "contribution cut-off in percent (default 0.5)")->check(CLI::Range(0.0, 100.0));
  cmd->add_flag("--strict", o->strict, "warnings (supplier gates, plausibility ranges) make an input fail (exit 3)");
  cmd->add_flag("--no-sensitivity", o->no_sensitivity,
               "md, html: leave out the study reports' sensitivity section (one solve per input, docs/sensitivity.md)");
  cmd->add_flag("--resume", o->resume,
                "skip inputs whose result is in the output folder and was made from the same product file (SHA-256)");
  AddSolverOption(*cmd, &o->solver);
  AddLimitsOption(*cmd, &o->limits);
  cmd->add_option("--set", o->set,
                  "NAME=VALUE: replace a parameter in every input for this run (repeatable; an input without that "
                  "parameter fails; docs/sensitivity.md)")
      ->expected(1)
      ->take_all();
  AddMonteCarloOptions(*cmd, &o->mc, &o->seed,
                       "in every input; summary.csv gains the total's mean, sd, median and 95 % interval");
  cmd->callback([o] {
    const ParameterOverrides overrides = ParseParameterOverrides(o->set, "--set");
    // --resume compares product files only: a result of other --set values would pass for this run's.
    if (!overrides.empty() && o->resume) throw Error(ErrorKind::kUsage, "--set and --resume cannot be combined");
    if (o->mc > 0 && o->resume) throw Error(ErrorKind::kUsage, "--mc and --resume cannot be combined");
    if (o->mc > 0) RequireMonteCarloFormat(o->format);
    const std::atomic<bool>& interrupted = InstallInterruptHandler();  // from here on Ctrl-C only sets a flag
    const Limits limits = LimitsFrom(o->limits);
    std::vector<std::string> inputs = CollectBatchInputs(o->inputs, limits);
    std::string summary_name = "summary.csv";
    if (!o->shard.empty()) {
      int k = 0, n = 0;
      char slash = 0;
      if (std::sscanf(o->shard.c_str(), "%d%c%d", &k, &slash, &n) != 3 || slash != '/')
        throw CLI::ValidationError("--shard", "write K/N, e.g. 3/10");
      inputs = ShardInputs(inputs, k, n);
      summary_name = fmt::format("summary-{}-of-{}.csv", k, n);
    }
    const std::string db_path = ResolveDatabase(o->database);
    BatchOptions options;
    options.output_dir = o->output_dir;
    options.extension = DefaultOutputSuffix(o->format);
    {  // no result may overwrite an input, a key or another result (supplier files: checked per input)
      std::vector<NamedPath> read = {{db_path, "database"}}, written;
      for (const std::string& argument : o->inputs)
        if (!std::filesystem::is_directory(argument)) read.push_back({argument, "input"});
      for (const std::string& input : inputs) read.push_back({input, "product file"});
      for (const std::string& name : BatchOutputNames(inputs, options.extension))
        written.push_back({(std::filesystem::path(o->output_dir) / name).string(), "result"});
      written.push_back({(std::filesystem::path(o->output_dir) / summary_name).string(), "summary"});
      CheckOutputs(read, written);
    }
    const StoredModel database = LoadModel(db_path);  // once, shared by every worker
    options.jobs = o->jobs > 0 ? o->jobs : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    options.run.format = o->format;
    options.run.cutoff_percent = o->cutoff_percent;
    options.run.strict = o->strict;
    options.run.sensitivity = !o->no_sensitivity;  // the engine runs it for md and html only
    options.run.limits = limits;
    options.run.parameter_overrides = overrides;
    options.run.solver = o->solver;
    // One thread per input's draws: the workers already run inputs in parallel. Results do not depend on it.
    options.run.monte_carlo.draws = o->mc;
    options.run.monte_carlo.seed = o->seed;
    options.run.monte_carlo.jobs = 1;
    options.run.render.language = o->language == "zh" ? Language::kChinese : Language::kEnglish;
    options.run.render.created = CreationTime();
    // A progress bar only on a terminal; scripts and CI logs stay quiet.
    const bool terminal = ::isatty(STDERR_FILENO) == 1;
    BatchProgress progress;
    if (terminal)
      progress = [](std::size_t done, std::size_t total) {
        const int width = 40;
        const int filled = total ? static_cast<int>(width * done / total) : width;
        std::fprintf(stderr, "\r[%s%s] %zu/%zu", std::string(static_cast<std::size_t>(filled), '#').c_str(),
                     std::string(static_cast<std::size_t>(width - filled), ' ').c_str(), done, total);
        if (done == total) std::fputc('\n', stderr);
      };
    const std::filesystem::path summary_path = std::filesystem::path(o->output_dir) / summary_name;
    options.resume = o->resume;
    std::error_code ec;
    if (o->resume && std::filesystem::is_regular_file(summary_path, ec)) options.previous_summary = ReadWholeFile(summary_path);
    options.cancel = &interrupted;
    std::vector<BatchOutcome> outcomes = RunBatch(inputs, database, db_path, options, progress);
    for (BatchOutcome& out : outcomes)
      if (out.ran && !out.ok) out.error_code = out.error_kind ? ExitCodeFor(*out.error_kind) : kExitInternal;
    // Interrupted: some input was never started (a signal after the last one started lets the batch finish).
    const bool stopped = interrupted.load() && std::any_of(outcomes.begin(), outcomes.end(),
                                                           [](const BatchOutcome& out) { return !out.ran; });
    WriteFileAtomically(summary_path, FormatBatchSummary(outcomes, stopped, options.run.monte_carlo));
    std::size_t failed = 0, resumed = 0, not_run = 0;
    for (const BatchOutcome& out : outcomes) {
      if (out.resumed) ++resumed;
      if (!out.ran) ++not_run;
      if (out.ran && !out.ok) {
        ++failed;
        std::fprintf(stderr, "pcf: error: %s\n", out.error.c_str());
      }
    }
    std::fprintf(stderr, "%s\n", fmt::format("{} inputs: {} calculated, {} failed{}{}; summary in {}", outcomes.size(),
                                             outcomes.size() - failed - resumed - not_run, failed,
                                             resumed ? fmt::format(", {} kept from an earlier run (--resume)", resumed) : "",
                                             not_run ? fmt::format(", {} not run", not_run) : "",
                                             summary_path.string()).c_str());
    if (stopped) {
      std::fprintf(stderr, "pcf: interrupted: no new input was started; rerun with --resume to finish\n");
      throw ExitWithCode{kExitInterrupted};
    }
    if (failed > 0)
      throw Error(ErrorKind::kBadInput, fmt::format("{} of {} inputs failed (see the summary)", failed, outcomes.size()));
  });
}

}  // namespace pcf::cli
