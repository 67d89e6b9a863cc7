#include "engine/calc/monte_carlo.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "engine/calc/background_uncertainty.h"
#include "engine/model/product_sample.h"

namespace pcf {

namespace {

// Multiplies the background entries of a linked system (columns before supplier_begin, stored exactly as
// in the database) by their lognormal draws.
void DrawBackground(SparseMatrix& linked, const SparseMatrix& stored, const std::vector<EntryUncertainty>& entries,
                    std::size_t columns, std::uint64_t seed, std::uint64_t k) {
  std::size_t e = 0;
  for (int j = 0; j < static_cast<int>(columns); ++j) {
    SparseMatrix::InnerIterator it(linked, j);
    for (SparseMatrix::InnerIterator s(stored, j); s; ++s, ++it, ++e) {
      if (!it || it.row() != s.row()) throw std::logic_error("DrawBackground: linked column differs from the database");
      if (entries[e].sigma > 0) it.valueRef() *= std::exp(entries[e].sigma * StreamNormal(seed, entries[e].stream, k));
    }
  }
}

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

  // The first failing draw is reported whatever the number of threads: every thread works through its
  // draws in increasing order and stops only past the smallest failure seen so far.
  std::atomic<std::uint64_t> first_failure{std::numeric_limits<std::uint64_t>::max()};
  std::mutex failures_mutex;
  std::map<std::uint64_t, Error> failures;  // few: a thread stops at its first
  auto work = [&](unsigned thread, unsigned threads) {
    for (std::uint64_t k = thread; k < n && k < first_failure.load(); k += threads) {
      try {
        const ProductFile drawn = sampler.Draw(options.seed, k);
        LinkedSystem system = LinkProduct(drawn, background);
        DrawBackground(system.model.technosphere, background.model.technosphere, bg.technosphere, bg_columns, options.seed, k);
        DrawBackground(system.model.interventions, background.model.interventions, bg.interventions, bg_columns, options.seed, k);
        const Footprint fp = CalculateFootprint(system, method);
        r.totals[k] = fp.lci.scores[method_row];
        for (const StageImpacts& s : fp.stages)
          if (auto it = stage_index.find(s.stage); it != stage_index.end()) r.stage_draws[it->second][k] = s.impacts[method_row];
      } catch (const Error& e) {
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
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t, threads);
  work(0, threads);
  for (std::thread& t : pool) t.join();
  if (const std::uint64_t k = first_failure.load(); k < n) {
    const Error& e = failures.at(k);
    throw Error(e.kind(), fmt::format("Monte Carlo draw {} of {} (seed {}): {}", k + 1, n, options.seed, e.message()), e.where());
  }
  r.total = Summarize(r.totals);
  for (const std::vector<double>& d : r.stage_draws) r.stage_summaries.push_back(Summarize(d));
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace pcf
