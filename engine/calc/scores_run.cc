#include "engine/calc/scores_run.h"

#include <chrono>
#include <optional>

namespace pcf {

ScoresRun ScoreDatabase(const std::filesystem::path& path, std::optional<SolveMethod> chosen) {
  using Clock = std::chrono::steady_clock;
  const auto seconds_since = [](Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); };
  auto t = Clock::now();
  ModelLoad load(path);
  const SolveMethod method = chosen ? *chosen : ScoresSolveMethod(load.matrices());
  double load_s = seconds_since(t), factor_s = 0, solve_s = 0;
  std::optional<Factorization> factorization;
  Eigen::MatrixXd scores;
  SolveReport report;
  try {
    t = Clock::now();
    factorization.emplace(Factorization::Compute(load.matrices().technosphere, method));
    factor_s = seconds_since(t);
    t = Clock::now();
    scores = ProductScores(load.matrices(), *factorization, &report);
    solve_s = seconds_since(t);
  } catch (const SingularSystemError&) {
    // The file first (a damaged file is what to report), then the error with product and process ids.
    const StoredModel stored = load.Finish();
    (void)FactorizeTechnosphere(stored.model, method);
    throw;
  } catch (...) {
    (void)load.Finish();
    throw;
  }
  t = Clock::now();
  StoredModel stored = load.Finish();
  load_s += seconds_since(t);
  return {std::move(stored), std::move(*factorization), std::move(scores), report, load_s, factor_s, solve_s};
}

}  // namespace pcf
