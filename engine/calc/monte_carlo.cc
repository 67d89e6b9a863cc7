#include "engine/calc/monte_carlo.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "engine/calc/background_uncertainty.h"
#include "engine/calc/variance_contribution.h"
#include "engine/model/product_sample.h"

namespace pcf {

namespace {

double Percentile(const std::vector<double>& sorted, double p) {
  const double h = p * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted.back();
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

}  // namespace

DistributionSummary Summarize(std::vector<double> values) {
  DistributionSummary s;
  if (values.empty()) return s;
  double sum = 0;
  for (double v : values) sum += v;
  s.mean = sum / static_cast<double>(values.size());
  double squares = 0;
  for (double v : values) squares += (v - s.mean) * (v - s.mean);
  s.sd = values.size() > 1 ? std::sqrt(squares / static_cast<double>(values.size() - 1)) : 0;
  std::sort(values.begin(), values.end());
  s.median = Percentile(values, 0.5);
  s.p2_5 = Percentile(values, 0.025);
  s.p5 = Percentile(values, 0.05);
  s.p95 = Percentile(values, 0.95);
  s.p97_5 = Percentile(values, 0.975);
  return s;
}

namespace {

// Above this normwise backward error a draw's system is treated as singular: the fast path makes no
// condition estimate, and a system this far from solved has no meaningful footprint. Normwise
// (‖b − A x‖∞ / (‖A‖∞ ‖x‖∞ + ‖b‖∞)), not componentwise: a component that is zero in exact arithmetic and
// comes out as rounding noise (Eigen's SparseLU does that, --solver sparse-lu) has a componentwise error
// of 1 although the solution is as good as any.
constexpr double kDrawBackwardErrorLimit = 1e-8;

double NormwiseBackwardError(const SparseMatrix& a, const Eigen::VectorXd& x, const Eigen::VectorXd& b, bool transposed) {
  const Eigen::VectorXd residual = transposed ? Eigen::VectorXd(b - a.transpose() * x) : Eigen::VectorXd(b - a * x);
  Eigen::VectorXd sums = Eigen::VectorXd::Zero(transposed ? a.cols() : a.rows());
  for (int j = 0; j < a.outerSize(); ++j)
    for (SparseMatrix::InnerIterator it(a, j); it; ++it) sums[transposed ? j : it.row()] += std::abs(it.value());
  const double scale = (sums.size() ? sums.maxCoeff() : 0.0) * (x.size() ? x.lpNorm<Eigen::Infinity>() : 0.0) +
                       (b.size() ? b.lpNorm<Eigen::Infinity>() : 0.0);
  const double r = residual.size() ? residual.lpNorm<Eigen::Infinity>() : 0.0;
  return scale > 0 ? r / scale : r;
}

// Where a background entry's draw goes: the first `entries.size()` stored values of a linked matrix are
// the database's own entries, in the same order (the linker copies the background columns first).
void RequireBackgroundFirst(const SparseMatrix& linked, const SparseMatrix& stored, std::size_t columns) {
  const Eigen::Index nnz = stored.nonZeros();
  if (!linked.isCompressed() || linked.outerIndexPtr()[columns] != nnz ||
      !std::equal(stored.outerIndexPtr(), stored.outerIndexPtr() + columns + 1, linked.outerIndexPtr()) ||
      !std::equal(stored.innerIndexPtr(), stored.innerIndexPtr() + nnz, linked.innerIndexPtr()))
    throw std::logic_error("Monte Carlo: the linked background columns differ from the database");
}

// The drawn background values: each uncertain entry is its stored value times exp(σ z); the others keep
// the stored value (written too, so a reused matrix never keeps the previous draw).
void DrawBackgroundValues(SparseMatrix& linked, const SparseMatrix& stored, const std::vector<EntryUncertainty>& entries,
                          std::uint64_t seed, std::uint64_t k) {
  double* to = linked.valuePtr();
  const double* from = stored.valuePtr();
  for (std::size_t e = 0; e < entries.size(); ++e)
    to[e] = entries[e].sigma > 0 ? from[e] * std::exp(entries[e].sigma * StreamNormal(seed, entries[e].stream, k)) : from[e];
}

// Errors of a factorization name processes by id; point at the first foreground process named, as the
// point calculation does (CalculateFootprint).
[[noreturn]] void RethrowAtForeground(const Error& e, const LinkedSystem& system) {
  for (const ForegroundColumn& c : system.foreground)
    if (e.message().find("\"" + c.process_id + "\"") != std::string::npos) throw Error(e.kind(), e.message(), c.where);
  throw e;
}

// What one thread keeps between its draws: the linked system (its matrices overwritten with each draw's
// values) and a factorization whose structure is the point system's, refactorized per draw.
struct DrawWorkspace {
  LinkedSystem system;
  Factorization lu;
  std::size_t kept = 0;  // loops whose point LU preconditions the draws' GMRES (KeepPreconditioners)
  ProductSampler::WorkspacePtr formulas;  // the product file's formulas, compiled once for this thread
};

}  // namespace

MonteCarloResult RunMonteCarlo(const ProductFile& product, const StoredModel& background, const LinkedSystem& point,
                               const Footprint& point_footprint, SolveMethod method, const MonteCarloOptions& options) {
  if (options.draws == 0) throw Error(ErrorKind::kBadInput, "Monte Carlo needs at least one draw (--mc N, N ≥ 1)");
  const auto start = std::chrono::steady_clock::now();
  MonteCarloResult r;
  r.draws = options.draws;
  r.seed = options.seed;
  const ProductSampler sampler(product);
  const BackgroundUncertainty bg = DeriveBackgroundUncertainty(background);
  r.uncertain_foreground = sampler.UncertainValues().size();
  r.uncertain_background = bg.uncertain;
  std::map<std::string, std::size_t> stage_index;
  for (const StageImpacts& s : point_footprint.stages) {
    stage_index[s.stage] = r.stages.size();
    r.stages.push_back(s.stage);
    r.declared.push_back(s.declared);
  }
  const std::size_t n = options.draws;
  r.totals.assign(n, 0);
  r.stage_draws.assign(r.stages.size(), std::vector<double>(n, 0));
  const auto method_row = static_cast<Eigen::Index>(point.method_row);
  const std::size_t bg_columns = background.model.processes.Size();
  const SparseMatrix& stored_a = background.model.technosphere;
  const SparseMatrix& stored_b = background.model.interventions;
  RequireBackgroundFirst(point.model.technosphere, stored_a, bg_columns);
  RequireBackgroundFirst(point.model.interventions, stored_b, bg_columns);
  // Only a product file with uncertain values is drawn and relinked; otherwise every draw starts from the
  // point system's values.
  const bool relink = !sampler.UncertainValues().empty();
  // The method indicator's row of C, and each line's stage (lines come in the same order in every draw).
  const Eigen::VectorXd method_factors = Eigen::VectorXd(point.model.characterization.row(method_row).transpose());
  std::vector<int> line_stage;
  for (const ForegroundLine& line : point.lines) {
    auto it = stage_index.find(line.stage);
    line_stage.push_back(it == stage_index.end() ? -1 : static_cast<int>(it->second));
  }

  // One draw by the old road: relink, factorize from scratch, CalculateFootprint (rebuild_each_draw).
  auto rebuilt_draw = [&](std::uint64_t k) {
    LinkedSystem system = LinkProduct(sampler.Draw(options.seed, k), background);
    RequireBackgroundFirst(system.model.technosphere, stored_a, bg_columns);
    RequireBackgroundFirst(system.model.interventions, stored_b, bg_columns);
    DrawBackgroundValues(system.model.technosphere, stored_a, bg.technosphere, options.seed, k);
    DrawBackgroundValues(system.model.interventions, stored_b, bg.interventions, options.seed, k);
    const Footprint fp = CalculateFootprint(system, method);
    r.totals[k] = fp.lci.scores[method_row];
    for (const StageImpacts& s : fp.stages)
      if (auto it = stage_index.find(s.stage); it != stage_index.end()) r.stage_draws[it->second][k] = s.impacts[method_row];
  };

  std::atomic<std::uint64_t> iterative_draws{0}, fallback_draws{0}, krylov_iterations{0};
  // Loops this large are iterated (KeepPreconditioners); SIZE_MAX: none.
  const std::size_t iterate_from = options.draw_solve == MonteCarloOptions::DrawSolve::kAutomatic ? kIterativeDrawBlock
                                   : options.draw_solve == MonteCarloOptions::DrawSolve::kIterative
                                       ? std::size_t{2}
                                       : std::numeric_limits<std::size_t>::max();
  // One draw by the fast road: the values of the draw written into the thread's linked system, the
  // technosphere refactorized on the point's structure, one forward and one transposed solve for the
  // method indicator only, and the stages line by line as CalculateFootprint splits them.
  auto fast_draw = [&](DrawWorkspace& w, std::uint64_t k) {
    LinkedSystem& sys = w.system;
    if (relink) {
      sys = RelinkProduct(sampler.Draw(options.seed, k, *w.formulas), background, std::move(sys));
      RequireBackgroundFirst(sys.model.technosphere, stored_a, bg_columns);
      RequireBackgroundFirst(sys.model.interventions, stored_b, bg_columns);
      if (sys.lines.size() != line_stage.size()) throw std::logic_error("Monte Carlo: a draw links to other lines");
    } else {  // the foreground columns keep the point's values; the background is overwritten below
      const SparseMatrix& a = point.model.technosphere;
      const SparseMatrix& b = point.model.interventions;
      std::copy(a.valuePtr(), a.valuePtr() + a.nonZeros(), sys.model.technosphere.valuePtr());
      std::copy(b.valuePtr(), b.valuePtr() + b.nonZeros(), sys.model.interventions.valuePtr());
    }
    DrawBackgroundValues(sys.model.technosphere, stored_a, bg.technosphere, options.seed, k);
    DrawBackgroundValues(sys.model.interventions, stored_b, bg.interventions, options.seed, k);
    std::optional<Factorization> fresh;  // when the draw's pattern is not the point's (Refactorize says so)
    bool iterating = false;              // some loop is solved by GMRES on the point's LU
    try {
      const bool same_pattern = w.kept > 0 ? RefactorizeTechnosphereIteratively(sys.model, &w.lu)
                                           : RefactorizeTechnosphere(sys.model, &w.lu);
      if (!same_pattern) fresh = FactorizeTechnosphere(sys.model, method, false);
      iterating = !fresh && w.lu.iteration().blocks_iterated > 0;
    } catch (const Error& e) {
      RethrowAtForeground(e, sys);
    }
    const Factorization& lu = fresh ? *fresh : w.lu;
    // (c B)ᵀ for the method row c of C: the direct score of one unit of every process.
    Eigen::VectorXd direct = Eigen::VectorXd::Zero(sys.model.interventions.cols());
    const SparseMatrix& b = sys.model.interventions;
    for (Eigen::Index j = 0; j < b.outerSize(); ++j)
      for (SparseMatrix::InnerIterator it(b, static_cast<int>(j)); it; ++it) direct[j] += method_factors[it.row()] * it.value();
    SolveReport forward, transposed;
    Eigen::VectorXd supply = lu.Solve(sys.demand, &forward);
    Eigen::VectorXd per_unit = lu.SolveTransposed(direct, &transposed);
    if (iterating) {
      krylov_iterations += static_cast<std::uint64_t>(w.lu.iteration().iterations);
      // The iteration must reach what the direct path reaches; otherwise this draw takes the direct path
      // (its result then depends on the draw's values only, as any direct draw's).
      if (w.lu.iteration().failed ||
          !(std::max(forward.backward_error, transposed.backward_error) <= kIterativeDrawBackwardError)) {
        try {
          RefactorizeTechnosphere(sys.model, &w.lu);
        } catch (const Error& e) {
          RethrowAtForeground(e, sys);
        }
        supply = w.lu.Solve(sys.demand);
        per_unit = w.lu.SolveTransposed(direct);
        ++fallback_draws;
      } else if (w.lu.iteration().blocks_factorized > 0) {
        ++fallback_draws;  // another kept loop moved too far from its LU and was factorized
      } else {
        ++iterative_draws;
      }
    } else if (!fresh && w.kept > 0) {
      ++fallback_draws;  // every kept loop too far from its LU: factorized
    }
    const SparseMatrix& a = sys.model.technosphere;
    const double backward_error = std::max(NormwiseBackwardError(a, supply, sys.demand, false),
                                           NormwiseBackwardError(a, per_unit, direct, true));
    if (!(backward_error <= kDrawBackwardErrorLimit))
      throw Error(ErrorKind::kNumerical,
                  fmt::format("the technosphere matrix of this draw is numerically singular or nearly so (backward "
                              "error {:.1e} after refinement)",
                              backward_error));
    // As CalculateLci sums it (C (B s)): flow by flow, so the order of the processes does not matter.
    const Eigen::VectorXd inventory = b * supply;
    r.totals[k] = (sys.model.characterization * inventory)[method_row];
    for (std::size_t i = 0; i < sys.lines.size(); ++i) {
      const ForegroundLine& line = sys.lines[i];
      if (line_stage[i] < 0) continue;
      const double s = supply[static_cast<Eigen::Index>(line.column)];
      double impact = 0;
      if (line.kind == LineKind::kEmission) impact = method_factors[static_cast<Eigen::Index>(line.row)] * line.amount * s;
      else if (line.row < sys.foreground_product_begin) impact = -line.amount * s * per_unit[static_cast<Eigen::Index>(line.row)];
      r.stage_draws[static_cast<std::size_t>(line_stage[i])][k] += impact;
    }
  };

  // The first failing draw is reported whatever the number of threads: every thread works through its
  // draws in increasing order and stops only past the smallest failure seen so far.
  std::atomic<std::uint64_t> first_failure{std::numeric_limits<std::uint64_t>::max()};
  std::mutex failures_mutex;
  std::map<std::uint64_t, Error> failures;  // few: a thread stops at its first
  auto work = [&](unsigned thread, unsigned threads) {
    std::optional<DrawWorkspace> workspace;
    for (std::uint64_t k = thread; k < n && k < first_failure.load(); k += threads) {
      try {
        if (options.rebuild_each_draw) {
          rebuilt_draw(k);
          continue;
        }
        // Every thread analyses the point system itself: the same structure whatever the thread count.
        if (!workspace) {
          workspace.emplace(DrawWorkspace{point, FactorizeTechnosphere(point.model, method, false), 0, sampler.NewWorkspace()});
          workspace->kept = workspace->lu.KeepPreconditioners(iterate_from);
        }
        fast_draw(*workspace, k);
      } catch (const Error& e) {
        workspace.reset();  // a draw that failed half-way may leave it inconsistent
        {
          const std::lock_guard<std::mutex> lock(failures_mutex);
          failures.emplace(k, e);
        }
        std::uint64_t seen = first_failure.load();
        while (k < seen && !first_failure.compare_exchange_weak(seen, k)) {
        }
      }
    }
  };
  const unsigned threads = std::max(1u, std::min<unsigned>(options.jobs, static_cast<unsigned>(std::min<std::uint64_t>(n, 1024))));
  const auto draws_start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t, threads);
  work(0, threads);
  for (std::thread& t : pool) t.join();
  r.draw_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - draws_start).count();
  r.iterative_draws = iterative_draws.load();
  r.fallback_draws = fallback_draws.load();
  r.krylov_iterations = krylov_iterations.load();
  if (const std::uint64_t k = first_failure.load(); k < n) {
    const Error& e = failures.at(k);
    throw Error(e.kind(), fmt::format("Monte Carlo draw {} of {} (seed {}): {}", k + 1, n, options.seed, e.message()), e.where());
  }
  // What drives the variance: each input's own draws, generated again from its stream.
  const auto analysis_start = std::chrono::steady_clock::now();
  std::vector<ContributionInput> inputs;
  const std::uint64_t seed = options.seed;
  const std::vector<UncertainValue>& values = sampler.UncertainValues();
  for (std::size_t i = 0; i < values.size(); ++i)
    inputs.push_back({values[i].identity, values[i].identity.rfind("parameter|", 0) == 0 ? "parameter" : "amount",
                      [&sampler, i, seed](std::uint64_t k) { return sampler.OwnDraw(i, seed, k); }});
  for (const auto& [entries, kind] : {std::pair{&bg.technosphere, "background-exchange"}, std::pair{&bg.interventions, "background-flow"}})
    for (const EntryUncertainty& e : *entries)
      if (e.sigma > 0)
        inputs.push_back({e.identity, kind, [&e, seed](std::uint64_t k) { return std::exp(e.sigma * StreamNormal(seed, e.stream, k)); }});
  r.contributions = AnalyseContributions(inputs, r.totals, options.jobs);
  r.contribution_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - analysis_start).count();
  r.total = Summarize(r.totals);
  for (const std::vector<double>& d : r.stage_draws) r.stage_summaries.push_back(Summarize(d));
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace pcf
