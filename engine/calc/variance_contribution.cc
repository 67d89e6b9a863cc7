#include "engine/calc/variance_contribution.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <thread>

#include <Eigen/Dense>

namespace pcf {

namespace {

// Ranks 1…n, ties sharing their average rank.
std::vector<double> Ranks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
    const double average = (static_cast<double>(i) + static_cast<double>(j)) / 2 + 1;
    for (std::size_t t = i; t <= j; ++t) ranks[order[t]] = average;
    i = j + 1;
  }
  return ranks;
}

double Correlation(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  double mx = 0, my = 0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    mx += x[k];
    my += y[k];
  }
  mx /= n;
  my /= n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    sxy += (x[k] - mx) * (y[k] - my);
    sxx += (x[k] - mx) * (x[k] - mx);
    syy += (y[k] - my) * (y[k] - my);
  }
  return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : 0;
}

struct Screened {
  double variance_sum = 0, correlation = 0;  // over the screening draws; variance_sum: Σ (x − mean)²
};

}  // namespace

VarianceContributions AnalyseContributions(const std::vector<ContributionInput>& inputs, const std::vector<double>& totals,
                                           unsigned jobs) {
  VarianceContributions out;
  out.inputs = inputs.size();
  const std::size_t n = totals.size();
  if (n < 3 || inputs.empty()) return out;
  double y_mean = 0;
  for (double y : totals) y_mean += y;
  y_mean /= static_cast<double>(n);
  double syy = 0;
  for (double y : totals) syy += (y - y_mean) * (y - y_mean);
  if (!(syy > 0) || !std::isfinite(syy)) return out;

  // Screening: each input's correlation with the total over the first draws, in one pass (sums shifted
  // by its first draw, which keeps them small). Threads take inputs, never split one: sums stay in draw order.
  const std::size_t sample = std::min(n, kScreeningDraws);
  double sample_mean = 0, sample_syy = 0;
  for (std::size_t k = 0; k < sample; ++k) sample_mean += totals[k];
  sample_mean /= static_cast<double>(sample);
  for (std::size_t k = 0; k < sample; ++k) sample_syy += (totals[k] - sample_mean) * (totals[k] - sample_mean);
  std::vector<Screened> screened(inputs.size());
  auto screen = [&](unsigned thread, unsigned threads) {
    for (std::size_t i = thread; i < inputs.size(); i += threads) {
      const double shift = inputs[i].draw(0);
      double sx = 0, sxx = 0, sxy = 0;
      for (std::uint64_t k = 0; k < sample; ++k) {
        const double x = inputs[i].draw(k) - shift;
        sx += x;
        sxx += x * x;
        sxy += x * (totals[k] - sample_mean);
      }
      Screened& s = screened[i];
      s.variance_sum = sxx - sx * sx / static_cast<double>(sample);
      s.correlation = s.variance_sum > 0 && sample_syy > 0 ? sxy / std::sqrt(s.variance_sum * sample_syy) : 0;
    }
  };
  const unsigned threads = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(std::min<std::size_t>(inputs.size(), 64))));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(screen, t, threads);
  screen(0, threads);
  for (std::thread& t : pool) t.join();

  std::vector<std::size_t> chosen;
  for (std::size_t i = 0; i < inputs.size(); ++i)
    if (screened[i].variance_sum > 0 && std::isfinite(screened[i].correlation)) chosen.push_back(i);
  std::sort(chosen.begin(), chosen.end(), [&](std::size_t a, std::size_t b) {
    const double ca = std::abs(screened[a].correlation), cb = std::abs(screened[b].correlation);
    return ca != cb ? ca > cb : inputs[a].identity < inputs[b].identity;
  });
  chosen.resize(std::min({chosen.size(), kRegressed, n - 2}));  // n − 2: the regression keeps a degree of freedom
  const std::size_t m = chosen.size();
  out.regressed = m;
  if (m == 0) return out;

  // The regressed inputs' means over all draws (the regression centres on them).
  std::vector<double> mean(m, 0.0);
  for (std::size_t j = 0; j < m; ++j) {
    double sum = 0;
    for (std::uint64_t k = 0; k < n; ++k) sum += inputs[chosen[j]].draw(k);
    mean[j] = sum / static_cast<double>(n);
  }
  // Least squares on centred values: G β = h with G = Σ x xᵀ, h = Σ x (y − ȳ), in draw order. The first
  // kSpearmanDraws draws of each regressed input are kept for the rank correlations.
  const std::size_t kept = std::min(n, kSpearmanDraws);
  Eigen::MatrixXd g = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(m));
  Eigen::VectorXd h = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(m));
  Eigen::VectorXd x(static_cast<Eigen::Index>(m));
  std::vector<std::vector<double>> columns(m, std::vector<double>(kept));
  for (std::uint64_t k = 0; k < n; ++k) {
    for (std::size_t j = 0; j < m; ++j) {
      const double v = inputs[chosen[j]].draw(k);
      if (k < kept) columns[j][k] = v;
      x[static_cast<Eigen::Index>(j)] = v - mean[j];
    }
    g.selfadjointView<Eigen::Lower>().rankUpdate(x);
    h += x * (totals[k] - y_mean);
  }
  const Eigen::MatrixXd gram = g.selfadjointView<Eigen::Lower>();
  const Eigen::VectorXd beta = gram.completeOrthogonalDecomposition().solve(h);
  out.r_squared = std::clamp(beta.dot(h) / syy, 0.0, 1.0);
  const double y_sd = std::sqrt(syy);

  std::vector<VarianceContribution> all;
  if (out.r_squared >= kLinearEnough) {
    out.method = "src";
    for (std::size_t j = 0; j < m; ++j) {
      const auto jj = static_cast<Eigen::Index>(j);
      const double src = beta[jj] * std::sqrt(gram(jj, jj)) / y_sd;
      all.push_back({inputs[chosen[j]].identity, inputs[chosen[j]].kind, src * src, src});
    }
  } else {
    out.method = "spearman";
    const std::vector<double> y_ranks = Ranks(std::vector<double>(totals.begin(), totals.begin() + static_cast<std::ptrdiff_t>(kept)));
    double sum = 0;
    for (std::size_t j = 0; j < m; ++j) {
      const double rho = Correlation(Ranks(columns[j]), y_ranks);
      sum += rho * rho;
      all.push_back({inputs[chosen[j]].identity, inputs[chosen[j]].kind, rho * rho, rho});
    }
    for (VarianceContribution& c : all) c.share = sum > 0 ? c.share / sum : 0;
  }
  std::stable_sort(all.begin(), all.end(), [](const VarianceContribution& a, const VarianceContribution& b) {
    return a.share != b.share ? a.share > b.share : a.input < b.input;
  });
  if (all.size() > kTopContributions) all.resize(kTopContributions);
  out.top = std::move(all);
  return out;
}

}  // namespace pcf
