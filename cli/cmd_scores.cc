// pcf scores --db MODEL.sqlite [-o FILE.csv]: cradle-to-gate scores of one unit of every product.
#include <chrono>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/default_db.h"
#include "cli/output.h"
#include "engine/calc/scores_run.h"
#include "engine/report/calc_report.h"

namespace pcf::cli {

void AddScoresCommand(CLI::App& app) {
  struct Options {
    std::string database;
    std::string output;
    bool stats = false;
    SolveMethod method = SolveMethod::kBlockTriangular;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("scores", "scores of one unit of every product, for every indicator (CSV)");
  cmd->add_option("--db", options->database, "model database (default: the shipped Hubei database)");
  cmd->add_option("-o,--output", options->output, "output CSV (default: standard output)");
  cmd->add_flag("--stats", options->stats, "print factorization statistics to standard error");
  CLI::Option* solver = AddSolverOption(*cmd, &options->method);
  cmd->callback([options, solver] {
    using Clock = std::chrono::steady_clock;
    const auto seconds_since = [](Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); };
    const std::string db_path = ResolveDatabase(options->database);
    CheckOutputs({{db_path, "database"}}, {{options->output, "-o"}});
    OutputFormat(options->output, "", ScoresExtensions(), "csv");
    // Kept to the end of the process on purpose: freeing tens of thousands of index strings and the
    // factors took 3-5 ms of an 8,000-process run, just before exit frees it all at once. (Reachable
    // from this static, so leak checkers do not report it.)
    static const ScoresRun* kept = nullptr;
    // No --solver: the engine's choice (iterative for a few indicators, docs/solver.md).
    kept = new ScoresRun(ScoreDatabase(db_path, solver->count() ? std::optional<SolveMethod>(options->method) : std::nullopt));
    const ScoresRun& run = *kept;
    const StoredModel& stored = run.stored;
    const Factorization& factorization = run.factorization;
    const SolveReport& report = run.report;
    const double load_s = run.load_s, factor_s = run.factor_s, solve_s = run.solve_s;
    const auto t = Clock::now();
    WriteOutput(options->output, FormatScoresCsv(stored.model, run.scores));
    const double write_s = seconds_since(t);
    if (options->stats) {
      const FactorizationStats& s = factorization.stats();
      std::fprintf(stderr, "%s\n",
                   fmt::format("solver={} nnz_A={} nnz_LU={} fill={:.3f} blocks={} largest_block={} load_s={:.4f} "
                               "factor_s={:.4f} solve_s={:.4f} write_s={:.4f} backward_error={:.2e} "
                               "refinement_steps={} condition_estimate={:.2e} worst_block_condition={:.2e}{}",
                               SolveMethodName(factorization.method()), s.nnz_a, s.nnz_lu,
                               s.nnz_a ? static_cast<double>(s.nnz_lu) / static_cast<double>(s.nnz_a) : 0.0,
                               s.blocks, s.largest_block, load_s, factor_s, solve_s, write_s, report.backward_error,
                               report.refinement_steps, s.condition_estimate, s.worst_block_condition,
                               // --solver iterative: GMRES products, and whether the direct path took over
                               factorization.method() == SolveMethod::kIterative
                                   ? fmt::format(" iterations={} fell_back={}", factorization.iteration().iterations,
                                                 factorization.iteration().failed ? 1 : 0)
                                   : std::string()).c_str());
    }
    if (const std::string warning = ConditionWarning(stored.model, factorization); !warning.empty()) {
      std::fprintf(stderr, "warning: %s\n", warning.c_str());
    }
  });
}

}  // namespace pcf::cli
