// gen_model: seeded generator of synthetic, ecoinvent-like LCA matrix models.
//
// Usage: gen_model --seed N [--processes 26000] [--flows 4400]
//                  [--indicators 1] --out DIR [--stats]
//                  [--loop-share 0.1..0.35] [--markets N] [--market-zipf S] [--inputs K]
//
// Family switches (bench/run.sh --family): --loop-share sets the share of processes that are markets or
// market producers using markets (the cyclic core; by default about 0.18), --markets the number of
// markets (default 1,500 per 26,000 processes), --market-zipf the popularity exponent with which sector
// processes pick markets (default 1.0; loop producers use 0.4 times it), --inputs the mean number of
// technosphere inputs of a sector process (default 10.4; loop producers scale with it).  Without them
// the output is the same as before they existed.
//
// Writes the matrix-model folder layout (products/processes/flows/indicators
// CSVs, A.mtx, B.mtx, C.mtx, demands/one.csv).  Output is a pure function of
// the arguments: one std::mt19937_64, consumed in a fixed order.
//
// Why the structure matters: a sparse LU of a real LCA technosphere is cheap
// because the matrix is almost triangular.  Most processes sit in acyclic
// supply chains; cycles exist only through a few thousand "market" processes
// and the producers that supply them.  A randomly wired matrix of the same
// size is one huge strongly connected block and fills in catastrophically,
// which would make any benchmark meaningless.  So processes come in four
// roles:
//   market            heavily used (Zipf popularity); inputs = its producers'
//                     products, sometimes plus a transport-like market;
//   loop producer     supplies a market and uses other markets  -> the cycles;
//   primary producer  supplies a market, no technosphere inputs (extraction);
//   sector process    belongs to a sector with processing stages; uses
//                     earlier stages of its own sector (acyclic) and markets.
//
// Numerics: every product p gets a scale s_p (log-uniform 1e-3..1e3) and every
// process j a reference output c_j.  An input coefficient is
//     a_ij = -n_ij * s_i / s_j * c_j
// where n_ij >= 0 is a dimensionless share.  A = (S (I - N) S^-1) diag(c), so
// A is non-singular whenever rho(N) < 1, and the conditioning of the
// underlying I - N does not depend on the spread of magnitudes.  We bound
// rho(N) with a weighted column-sum norm (weight 1 for markets and sector
// processes, PRODUCER_W for market producers):
//   market column:        PRODUCER_W * (shares = 1) + transport <= 0.8
//   loop producer column: budget <= 0.5, divided by PRODUCER_W  -> <= 0.72
//   sector column:        budget <= 0.8
// so rho(N) <= 0.8.  --stats estimates rho(N) by power iteration to confirm.
//
// Waste treatment uses the sign-inverted convention: the whole row of a waste
// product is negated (negative reference output, positive entries for the
// processes that generate the waste).  Negating rows keeps A non-singular.

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr double PRODUCER_W = 0.7;  // see the rho(N) bound above
constexpr double A_MIN = 1e-6;      // magnitude window for off-diagonal A
constexpr double A_MAX = 1e7;

// Shape of the cyclic core (markets + loop producers).  These set the size
// and density of the strongly connected block, hence the LU fill; they were
// tuned so that UMFPACK's nnz(L+U) / nnz(A) lands around 10 at 26,000
// processes (flatter popularity and more inputs -> more fill).
constexpr double kLoopFraction = 0.9;    // share of market producers that use markets
constexpr double kLoopInputs = 20.0;     // mean number of market inputs of a loop producer
constexpr double kLoopZipf = 0.4;        // popularity exponent seen by loop producers
constexpr double kMultiProducer = 0.8;   // P(market has more than one producer)
constexpr int kTransportMax = 5;         // market columns take 0..this many other-market inputs
constexpr int kTransportPool = 200;      // ... from this many most popular markets
// Acyclic part.
constexpr double kSectorInputs = 10.4;   // mean number of inputs of a sector process
constexpr double kSectorFromMarket = 0.64;  // P(an input of a sector process is a market)

struct Options {
  std::uint64_t seed = 1;
  int processes = 26000;
  int flows = 4400;
  int indicators = 1;
  std::string out;
  bool stats = false;
  double loop_share = 0;    // 0: the default producer mix
  int markets = 0;          // 0: 1,500 per 26,000 processes
  double market_zipf = 1.0;
  double inputs = 10.4;
};

[[noreturn]] void usage(const char* msg) {
  std::fprintf(stderr,
               "error: %s\nusage: gen_model --seed N [--processes 26000] [--flows 4400] "
               "[--indicators 1] --out DIR [--stats]\n",
               msg);
  std::exit(2);
}

Options parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto next = [&]() -> const char* {
      if (i + 1 >= argc) usage("missing value after option");
      return argv[++i];
    };
    if (a == "--seed") o.seed = std::strtoull(next(), nullptr, 10);
    else if (a == "--processes") o.processes = std::atoi(next());
    else if (a == "--flows") o.flows = std::atoi(next());
    else if (a == "--indicators") o.indicators = std::atoi(next());
    else if (a == "--out") o.out = next();
    else if (a == "--stats") o.stats = true;
    else if (a == "--loop-share") o.loop_share = std::atof(next());
    else if (a == "--markets") o.markets = std::atoi(next());
    else if (a == "--market-zipf") o.market_zipf = std::atof(next());
    else if (a == "--inputs") o.inputs = std::atof(next());
    else usage("unknown option");
  }
  if (o.out.empty()) usage("--out is required");
  if (o.processes < 100) usage("--processes must be >= 100");
  if (o.flows < 10) usage("--flows must be >= 10");
  if (o.indicators < 1) usage("--indicators must be >= 1");
  if (o.loop_share != 0 && (o.loop_share < 0.02 || o.loop_share > 0.6)) usage("--loop-share must be in 0.02..0.6");
  if (o.market_zipf <= 0 || o.inputs < 1) usage("--market-zipf must be > 0 and --inputs >= 1");
  return o;
}

using Rng = std::mt19937_64;

double uniform(Rng& rng, double lo, double hi) {
  return std::uniform_real_distribution<double>(lo, hi)(rng);
}
double log_uniform(Rng& rng, double lo, double hi) {
  return std::exp(uniform(rng, std::log(lo), std::log(hi)));
}
int uniform_int(Rng& rng, int lo, int hi) {  // inclusive
  return std::uniform_int_distribution<int>(lo, hi)(rng);
}
bool bernoulli(Rng& rng, double p) { return uniform(rng, 0.0, 1.0) < p; }

// Heavy-tailed count with the given mean (lognormal, sigma 0.7), >= lo.
int count_lognormal(Rng& rng, double mean, int lo, int hi) {
  const double sigma = 0.7;
  const double mu = std::log(mean) - sigma * sigma / 2;
  const double v = std::exp(std::normal_distribution<double>(mu, sigma)(rng));
  return std::clamp(static_cast<int>(std::lround(v)), lo, hi);
}

// Zipf-like popularity over ranks 0..n-1: P(r) ~ 1 / (r + 1)^s.
class Zipf {
 public:
  Zipf(int n, double s) : cdf_(n) {
    double acc = 0;
    for (int r = 0; r < n; ++r) cdf_[r] = acc += 1.0 / std::pow(r + 1.0, s);
    for (double& v : cdf_) v /= acc;
  }
  int operator()(Rng& rng) const {
    const double u = uniform(rng, 0.0, 1.0);
    auto it = std::lower_bound(cdf_.begin(), cdf_.end(), u);
    return std::min<int>(static_cast<int>(it - cdf_.begin()), static_cast<int>(cdf_.size()) - 1);
  }

 private:
  std::vector<double> cdf_;
};

std::string uuid(Rng& rng) {
  const std::uint64_t hi = rng(), lo = rng();
  return fmt::format("{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xffff,
                     hi & 0xfff, 0x8000 | ((lo >> 48) & 0x3fff), lo & 0xffffffffffffULL);
}

// RFC 4180: quote when the field holds a separator, quote or line break.
void csv_field(fmt::memory_buffer& buf, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    buf.append(s);
    return;
  }
  buf.push_back('"');
  for (char ch : s) {
    if (ch == '"') buf.push_back('"');
    buf.push_back(ch);
  }
  buf.push_back('"');
}

void write_file(const std::filesystem::path& p, const fmt::memory_buffer& buf) {
  std::FILE* f = std::fopen(p.string().c_str(), "wb");
  if (!f) throw std::runtime_error("cannot open " + p.string());
  const bool ok = std::fwrite(buf.data(), 1, buf.size(), f) == buf.size();
  if (std::fclose(f) != 0 || !ok) throw std::runtime_error("cannot write " + p.string());
}

struct Entry {
  int row;
  double value;
};
using Columns = std::vector<std::vector<Entry>>;

void write_mtx(const std::filesystem::path& p, int rows, int cols, const Columns& colv,
               const char* comment) {
  std::size_t nnz = 0;
  for (const auto& c : colv) nnz += c.size();
  fmt::memory_buffer buf;
  fmt::format_to(std::back_inserter(buf), "%%MatrixMarket matrix coordinate real general\n% {}\n{} {} {}\n",
                 comment, rows, cols, nnz);
  for (int j = 0; j < cols; ++j)
    for (const Entry& e : colv[j])
      fmt::format_to(std::back_inserter(buf), "{} {} {}\n", e.row + 1, j + 1, e.value);
  write_file(p, buf);
}

struct Table {
  std::vector<std::string> id, name, unit, extra;
};

void write_table(const std::filesystem::path& p, const char* header, const Table& t) {
  fmt::memory_buffer buf;
  buf.append(std::string_view(header));
  buf.push_back('\n');
  for (std::size_t i = 0; i < t.id.size(); ++i) {
    csv_field(buf, t.id[i]);
    buf.push_back(',');
    csv_field(buf, t.name[i]);
    buf.push_back(',');
    csv_field(buf, t.unit[i]);
    if (!t.extra.empty()) {
      buf.push_back(',');
      csv_field(buf, t.extra[i]);
    }
    buf.push_back('\n');
  }
  write_file(p, buf);
}

enum class Role : std::uint8_t { Market, LoopProducer, PrimaryProducer, Sector };

// Iterative Tarjan; returns the size of every strongly connected component.
// Edge j -> i means process j consumes product i.
std::vector<int> scc_sizes(const Columns& a, std::vector<int>& comp_of) {
  const int n = static_cast<int>(a.size());
  std::vector<int> index(n, -1), low(n, 0), stack;
  std::vector<char> on_stack(n, 0);
  std::vector<int> sizes;
  comp_of.assign(n, -1);
  int counter = 0;
  struct Frame {
    int v;
    std::size_t next;
  };
  std::vector<Frame> call;
  for (int root = 0; root < n; ++root) {
    if (index[root] >= 0) continue;
    call.push_back({root, 0});
    index[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = 1;
    while (!call.empty()) {
      Frame& f = call.back();
      const int v = f.v;
      if (f.next < a[v].size()) {
        const int w = a[v][f.next++].row;
        if (w == v) continue;
        if (index[w] < 0) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          on_stack[w] = 1;
          call.push_back({w, 0});
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      if (low[v] == index[v]) {
        int size = 0, w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = 0;
          comp_of[w] = static_cast<int>(sizes.size());
          ++size;
        } while (w != v);
        sizes.push_back(size);
      }
      call.pop_back();
      if (!call.empty()) low[call.back().v] = std::min(low[call.back().v], low[v]);
    }
  }
  return sizes;
}

}  // namespace

int main(int argc, char** argv) try {
  const Options opt = parse_args(argc, argv);
  Rng rng(opt.seed);
  const int n = opt.processes;

  // ---- roles -------------------------------------------------------------
  // Counts scale with n, anchored at ecoinvent-like 1,500 markets for 26,000.
  const int n_markets =
      opt.markets > 0 ? opt.markets : std::max(10, static_cast<int>(std::lround(n * 1500.0 / 26000.0)));
  // --loop-share: loop producers needed = share * n - markets.  More producers per market when the
  // default mix (mean 2.3, 90 % of them loop producers) has too few, else fewer of them loop.
  double loop_fraction = kLoopFraction, extra_producers = 0;
  if (opt.loop_share > 0) {
    const double needed = std::max(0.0, opt.loop_share * n - n_markets);
    const double mean_default = 1 + kMultiProducer * 1.63;
    extra_producers = std::max(0.0, needed / kLoopFraction / n_markets - mean_default);
    loop_fraction = std::min(1.0, needed / (n_markets * (mean_default + extra_producers)));
  }

  // Producers per market: 1..4, mostly 1 or 2.
  std::vector<int> producers_per_market(n_markets);
  int n_producers = 0;
  for (int& k : producers_per_market) {
    const double u = uniform(rng, 0, 1);
    const double m = kMultiProducer;  // remaining mass split 55/27/18 over 2, 3, 4
    k = u < 1 - m ? 1 : u < 1 - 0.45 * m ? 2 : u < 1 - 0.18 * m ? 3 : 4;
    if (extra_producers > 0) k += std::poisson_distribution<int>(extra_producers)(rng);
    n_producers += k;
  }
  const int n_sector = n - n_markets - n_producers;
  if (n_sector < n / 4) usage("too few processes for the market structure");

  // Build everything in "role order", then shuffle the final order so the
  // matrix is not presented pre-sorted (ecoinvent order is UUID order).
  // Role-order layout: [markets][producers][sector processes].
  std::vector<Role> role(n);
  std::vector<int> market_of(n, -1);  // for producers: the market they supply
  std::vector<std::vector<int>> market_producers(n_markets);
  {
    int p = n_markets;
    for (int m = 0; m < n_markets; ++m) {
      role[m] = Role::Market;
      for (int k = 0; k < producers_per_market[m]; ++k, ++p) {
        // Most producers use markets themselves; these close the loops.
        role[p] = bernoulli(rng, loop_fraction) ? Role::LoopProducer : Role::PrimaryProducer;
        market_of[p] = m;
        market_producers[m].push_back(p);
      }
    }
    for (; p < n; ++p) role[p] = Role::Sector;
  }

  // Sectors with processing stages.  Sizes vary (log-uniform weights).
  const int first_sector = n_markets + n_producers;
  const int n_sectors = std::max(1, n_sector / 90);
  std::vector<double> sector_cdf(n_sectors);
  {
    double acc = 0;
    for (double& w : sector_cdf) w = acc += log_uniform(rng, 1, 10);
    for (double& w : sector_cdf) w /= acc;
  }
  std::vector<int> sector_stages(n_sectors);
  for (int& s : sector_stages) s = uniform_int(rng, 3, 8);
  std::vector<int> sector_of(n, -1), stage_of(n, -1);
  // members[sector][stage] -> processes
  std::vector<std::vector<std::vector<int>>> members(n_sectors);
  for (int s = 0; s < n_sectors; ++s) members[s].resize(sector_stages[s]);
  for (int p = first_sector; p < n; ++p) {
    const double u = uniform(rng, 0, 1);
    int s = static_cast<int>(std::lower_bound(sector_cdf.begin(), sector_cdf.end(), u) - sector_cdf.begin());
    s = std::min(s, n_sectors - 1);
    const int st = uniform_int(rng, 0, sector_stages[s] - 1);
    sector_of[p] = s;
    stage_of[p] = st;
    members[s][st].push_back(p);
  }

  // ---- scales ------------------------------------------------------------
  std::vector<double> scale(n), ref(n);
  for (int p = 0; p < n; ++p) scale[p] = log_uniform(rng, 1e-3, 1e3);
  // A producer delivers the same commodity as its market, in the same unit.
  for (int p = 0; p < n; ++p)
    if (market_of[p] >= 0) scale[p] = scale[market_of[p]];
  for (int p = 0; p < n; ++p)
    ref[p] = (role[p] == Role::Market || bernoulli(rng, 0.5)) ? 1.0 : log_uniform(rng, 1e-2, 1e2);

  // Waste: ~5% of markets (with their producers = treatment processes) and
  // ~2.5% of sector processes.
  std::vector<char> waste(n, 0);
  for (int m = 0; m < n_markets; ++m)
    if (bernoulli(rng, 0.05)) {
      waste[m] = 1;
      for (int p : market_producers[m]) waste[p] = 1;
    }
  for (int p = first_sector; p < n; ++p)
    if (bernoulli(rng, 0.025)) waste[p] = 1;

  // ---- technosphere A (role order) ---------------------------------------
  const Zipf market_pop(n_markets, opt.market_zipf);
  Columns a(n);
  std::vector<double> share_sum(n, 0.0);  // sum of n_ij per column, for stats
  std::size_t from_markets = 0, total_inputs = 0, dropped = 0;

  // Adds input i to column j with dimensionless share nij; if the resulting
  // magnitude falls under A_MIN, asks `redraw` for another source (keeps nnz
  // and the column's share budget; only the source changes).
  std::vector<char> used(n, 0);
  auto add_input = [&](int j, int i, double nij, auto&& redraw) {
    for (int attempt = 0;; ++attempt) {
      double mag = nij * scale[i] / scale[j] * ref[j];
      if (!used[i] && i != j && mag >= A_MIN) {
        double eff = nij;
        if (mag > A_MAX) {  // clamping down only shrinks n_ij: still safe
          eff *= A_MAX / mag;
          mag = A_MAX;
        }
        a[j].push_back({i, -mag});
        used[i] = 1;
        share_sum[j] += eff;
        ++total_inputs;
        if (role[i] == Role::Market) ++from_markets;
        return;
      }
      if (attempt >= 20) {
        ++dropped;
        return;
      }
      i = redraw();
    }
  };
  // Splits `budget` over k shares with log-uniform weights spanning 4 decades.
  auto shares = [&](int k, double budget) {
    std::vector<double> w(k);
    double sum = 0;
    for (double& v : w) sum += v = log_uniform(rng, 1e-4, 1.0);
    for (double& v : w) v *= budget / sum;
    return w;
  };
  auto draw_market = [&]() { return market_pop(rng); };
  const Zipf loop_pop(n_markets, kLoopZipf * opt.market_zipf);
  auto draw_loop_market = [&]() { return loop_pop(rng); };

  for (int j = 0; j < n; ++j) {
    a[j].push_back({j, ref[j]});  // reference output on the diagonal
    used[j] = 1;
    if (role[j] == Role::Market) {
      // Shares of producers sum to 1 (the market splits one unit of supply).
      const auto& prods = market_producers[j];
      auto w = shares(static_cast<int>(prods.size()), 1.0);
      for (std::size_t k = 0; k < prods.size(); ++k) {
        const int i = prods[k];
        a[j].push_back({i, -w[k] * scale[i] / scale[j] * ref[j]});
        used[i] = 1;
        share_sum[j] += w[k];
        ++total_inputs;
      }
      // Transport-, loss- and network-like inputs from popular markets.
      const int nt = uniform_int(rng, 0, kTransportMax);
      auto wt = shares(std::max(nt, 1), uniform(rng, 0.01, 0.1));
      auto draw_transport = [&]() { return uniform_int(rng, 0, std::min(kTransportPool, n_markets) - 1); };
      for (int k = 0; k < nt; ++k) add_input(j, draw_transport(), wt[k], draw_transport);
    } else if (role[j] == Role::LoopProducer) {
      const int k = count_lognormal(rng, kLoopInputs * opt.inputs / kSectorInputs, 1, 200);
      auto w = shares(k, uniform(rng, 0.1, 0.5));
      for (int q = 0; q < k; ++q) add_input(j, draw_loop_market(), w[q], draw_loop_market);
    } else if (role[j] == Role::Sector) {
      const int k = count_lognormal(rng, opt.inputs, 1, 400);
      auto w = shares(k, uniform(rng, 0.2, 0.8));
      const auto& stages = members[sector_of[j]];
      const int st = stage_of[j];
      auto draw_upstream = [&]() -> int {
        // Prefer the previous stage; fall back to any earlier non-empty one.
        for (int tries = 0; tries < 8; ++tries) {
          const int s = bernoulli(rng, 0.6) ? st - 1 : uniform_int(rng, 0, st - 1);
          if (!stages[s].empty()) return stages[s][uniform_int(rng, 0, static_cast<int>(stages[s].size()) - 1)];
        }
        return draw_market();
      };
      for (int q = 0; q < k; ++q) {
        // ~3/4 of all inputs come from markets; stage-0 processes only have markets.
        if (st == 0 || bernoulli(rng, kSectorFromMarket)) add_input(j, draw_market(), w[q], draw_market);
        else add_input(j, draw_upstream(), w[q], draw_upstream);
      }
    }
    for (const Entry& e : a[j]) used[e.row] = 0;
  }

  // Sign-inverted waste convention: negate the whole row of waste products.
  for (auto& col : a)
    for (Entry& e : col)
      if (waste[e.row]) e.value = -e.value;

  // ---- shuffle to final order ---------------------------------------------
  std::vector<int> perm(n);  // perm[role index] = final index
  std::iota(perm.begin(), perm.end(), 0);
  std::shuffle(perm.begin(), perm.end(), rng);
  std::vector<int> inv(n);
  for (int p = 0; p < n; ++p) inv[perm[p]] = p;
  Columns a_final(n);
  for (int j = 0; j < n; ++j) {
    auto& col = a_final[perm[j]];
    col = a[j];
    for (Entry& e : col) e.row = perm[e.row];
    std::sort(col.begin(), col.end(), [](const Entry& x, const Entry& y) { return x.row < y.row; });
  }

  // ---- names and ids (final order) ---------------------------------------
  static const char* const kUnits[] = {"kg", "kWh", "MJ", "t*km", "m3", "unit", "m2*a", "kg"};
  static const char* const kRegions[] = {"GLO", "RER", "CH", "DE", "CN", "US", "RoW", "BR"};
  Table products, processes;
  for (int f = 0; f < n; ++f) {
    const int p = inv[f];
    const std::string pid = uuid(rng), aid = uuid(rng);
    const char* unit = role[p] == Role::Market || market_of[p] >= 0
                           ? kUnits[(market_of[p] >= 0 ? market_of[p] : p) % 8]
                           : kUnits[uniform_int(rng, 0, 7)];
    const char* region = kRegions[uniform_int(rng, 0, 7)];
    std::string prod, act;
    switch (role[p]) {
      case Role::Market:
        prod = fmt::format("{}commodity {}", waste[p] ? "waste " : "", p);
        act = fmt::format("market for {}, {}", prod, region);
        break;
      case Role::LoopProducer:
      case Role::PrimaryProducer:
        prod = fmt::format("{}commodity {}", waste[p] ? "waste " : "", market_of[p]);
        act = fmt::format("{} {}, {}", waste[p] ? "treatment of" : "production of", prod, region);
        break;
      case Role::Sector:
        // A few names carry a double quote to exercise RFC 4180 escaping.
        prod = fmt::format("{}intermediate {}{}", waste[p] ? "waste " : "", p,
                           p % 97 == 0 ? " (1/2\" pipe)" : "");
        act = fmt::format("{} {}, sector {} stage {}", waste[p] ? "treatment of" : "production of", prod,
                          sector_of[p], stage_of[p]);
        break;
    }
    products.id.push_back(pid);
    products.name.push_back(prod);
    products.unit.push_back(unit);
    processes.id.push_back(aid);
    processes.name.push_back(act);
    processes.unit.push_back(unit);
  }

  // ---- biosphere B --------------------------------------------------------
  // Flow rank = popularity rank (rank 0 is CO2, present almost everywhere).
  const int nf = opt.flows;
  Table flows;
  std::vector<char> resource(nf, 0);
  static const char* const kNamed[] = {"Carbon dioxide, fossil", "Methane, fossil", "Dinitrogen monoxide",
                                       "Sulfur dioxide", "Nitrogen oxides", "Water, well, in ground"};
  static const char* const kEmComp[] = {"air/urban air close to ground", "air/non-urban air or from high stacks",
                                        "air/lower stratosphere + upper troposphere", "water/surface water",
                                        "water/ground-", "soil/agricultural", "soil/industrial"};
  for (int f = 0; f < nf; ++f) {
    resource[f] = f == 5 || (f > 5 && bernoulli(rng, 0.12));
    flows.id.push_back(uuid(rng));
    flows.name.push_back(f < 6 ? std::string(kNamed[f])
                               : fmt::format("{} {}", resource[f] ? "Resource" : "Substance", f));
    flows.unit.push_back(resource[f] && bernoulli(rng, 0.3) ? "m3" : "kg");
    // The named greenhouse and combustion gases go to air (compartments 0..2).
    flows.extra.push_back(resource[f] ? "natural resource/in ground"
                                      : kEmComp[uniform_int(rng, 0, f < 5 ? 2 : 6)]);
  }
  const Zipf flow_pop(nf, 1.0);
  Columns b(n);
  std::vector<char> fused(nf, 0);
  for (int j = 0; j < n; ++j) {
    const int k = count_lognormal(rng, 17.3, 1, std::min(nf, 1000));
    for (int q = 0; q < k; ++q) {
      int f = flow_pop(rng);
      for (int tries = 0; fused[f] && tries < 50; ++tries) f = flow_pop(rng);
      if (fused[f]) continue;
      fused[f] = 1;
      const double mag = log_uniform(rng, 1e-9, 1e1) * std::abs(ref[j]);
      b[j].push_back({f, resource[f] ? -mag : mag});
    }
    for (const Entry& e : b[j]) fused[e.row] = 0;
    std::sort(b[j].begin(), b[j].end(), [](const Entry& x, const Entry& y) { return x.row < y.row; });
  }
  // B columns are in role order; bring them to the final process order.
  Columns b_final(n);
  for (int j = 0; j < n; ++j) b_final[perm[j]] = std::move(b[j]);

  // ---- characterization C ----------------------------------------------
  // Each indicator characterizes a few hundred flows; signs follow the flow
  // direction (resources are negative in B) so scores are mostly positive,
  // with ~2% credits of the opposite sign.
  const int ni = opt.indicators;
  Table indicators;
  Columns c_cols(nf);  // column-major over flows
  for (int ind = 0; ind < ni; ++ind) {
    indicators.id.push_back(uuid(rng));
    if (ind == 0) {
      indicators.name.push_back("climate change, GWP 100a");
      indicators.unit.push_back("kg CO2-Eq");
    } else {
      indicators.name.push_back(fmt::format("impact category {}", ind));
      indicators.unit.push_back(fmt::format("kg X{}-Eq", ind));
    }
    std::vector<double> cf(nf, 0.0);
    if (ind == 0) {
      cf[0] = 1;
      cf[1] = 29.8;
      cf[2] = 273;
    }
    const int k = uniform_int(rng, 150, 500);
    for (int q = 0; q < k; ++q) {
      // Mix of popular flows and the long tail.
      const int f = bernoulli(rng, 0.3) ? flow_pop(rng) : uniform_int(rng, 0, nf - 1);
      if (cf[f] != 0) continue;
      double v = ind == 0 ? log_uniform(rng, 1e-2, 2.5e4) : log_uniform(rng, 1e-6, 1e3);
      if (resource[f]) v = -v;
      if (bernoulli(rng, 0.02)) v = -v;
      cf[f] = v;
    }
    for (int f = 0; f < nf; ++f)
      if (cf[f] != 0) c_cols[f].push_back({ind, cf[f]});
  }

  // ---- demand -------------------------------------------------------------
  // A non-waste product at the last stage of the largest sector: long supply chain.
  int demand = -1;
  {
    int best_sector = 0;
    std::size_t best = 0;
    for (int s = 0; s < n_sectors; ++s) {
      std::size_t sz = 0;
      for (const auto& st : members[s]) sz += st.size();
      if (sz > best) best = sz, best_sector = s;
    }
    for (int st = sector_stages[best_sector] - 1; st >= 0 && demand < 0; --st)
      for (int p : members[best_sector][st])
        if (!waste[p]) {
          demand = p;
          break;
        }
    if (demand < 0) demand = 0;
  }

  // ---- write ----------------------------------------------------------------
  namespace fs = std::filesystem;
  const fs::path out(opt.out);
  fs::create_directories(out / "demands");
  write_table(out / "products.csv", "id,name,unit", products);
  write_table(out / "processes.csv", "id,name,unit", processes);
  write_table(out / "flows.csv", "id,name,unit,compartment", flows);
  write_table(out / "indicators.csv", "id,name,unit", indicators);
  const std::string comment = fmt::format("generated by gen_model --seed {} --processes {} --flows {} --indicators {}",
                                          opt.seed, opt.processes, opt.flows, opt.indicators);
  write_mtx(out / "A.mtx", n, n, a_final, comment.c_str());
  write_mtx(out / "B.mtx", nf, n, b_final, comment.c_str());
  write_mtx(out / "C.mtx", ni, nf, c_cols, comment.c_str());
  {
    fmt::memory_buffer buf;
    buf.append(std::string_view("product_id,amount\n"));
    csv_field(buf, products.id[perm[demand]]);
    buf.append(std::string_view(",1\n"));
    write_file(out / "demands" / "one.csv", buf);
  }

  // ---- statistics -------------------------------------------------------
  if (opt.stats) {
    std::size_t nnz_a = 0, nnz_b = 0, nnz_c = 0;
    double off_min = INFINITY, off_max = 0, diag_min = INFINITY, diag_max = 0;
    int decades[16] = {};
    for (int j = 0; j < n; ++j)
      for (const Entry& e : a[j]) {
        ++nnz_a;
        const double v = std::abs(e.value);
        if (e.row == j) {
          diag_min = std::min(diag_min, v), diag_max = std::max(diag_max, v);
        } else {
          off_min = std::min(off_min, v), off_max = std::max(off_max, v);
          ++decades[std::clamp(static_cast<int>(std::floor(std::log10(v))) + 6, 0, 15)];
        }
      }
    for (const auto& c : b_final) nnz_b += c.size();
    for (const auto& c : c_cols) nnz_c += c.size();
    int n_waste = 0, n_loop = 0;
    for (int p = 0; p < n; ++p) n_waste += waste[p], n_loop += role[p] == Role::LoopProducer;
    std::vector<int> comp;
    std::vector<int> sizes = scc_sizes(a, comp);
    std::vector<int> sorted = sizes;
    std::sort(sorted.rbegin(), sorted.rend());
    int nontrivial = 0, singletons = 0;
    for (int s : sizes) (s > 1 ? nontrivial : singletons) += 1;
    const int big = static_cast<int>(std::max_element(sizes.begin(), sizes.end()) - sizes.begin());
    int big_by_role[4] = {};
    for (int p = 0; p < n; ++p)
      if (comp[p] == big) ++big_by_role[static_cast<int>(role[p])];

    // rho(N) by power iteration on N + I (the shift avoids oscillation from
    // the market <-> producer bipartite cycles; rho(N+I) = rho(N) + 1 for
    // non-negative N).  n_ij is recovered from a_ij, scale and ref.
    std::vector<double> x(n, 1.0), y(n);
    double rho = 0;
    for (int it = 0; it < 1000; ++it) {
      std::copy(x.begin(), x.end(), y.begin());
      for (int j = 0; j < n; ++j)
        for (const Entry& e : a[j])
          if (e.row != j) y[e.row] += std::abs(e.value) * scale[j] / (scale[e.row] * ref[j]) * x[j];
      double sx = 0, sy = 0;
      for (int p = 0; p < n; ++p) sx += x[p], sy += y[p];
      rho = sy / sx - 1;
      for (int p = 0; p < n; ++p) x[p] = y[p] / sy * n;
    }
    double max_share = 0;
    for (int j = 0; j < n; ++j) max_share = std::max(max_share, share_sum[j]);

    std::string hist;
    for (int d = 0; d < 16; ++d)
      if (decades[d]) hist += fmt::format(" 1e{}:{}", d - 6, decades[d]);
    fmt::print(stderr,
               "processes={} markets={} producers={} (loop {}) sector_processes={} sectors={} waste={}\n"
               "nnz_A={} ({:.2f}/col) inputs={} from_markets={:.3f} dropped_inputs={}\n"
               "offdiag_abs_min={} offdiag_abs_max={} diag_abs_min={} diag_abs_max={}\n"
               "offdiag |a| by decade:{}\n"
               "nnz_B={} ({:.2f}/col) flows={} nnz_C={} indicators={}\n"
               "scc_count={} nontrivial={} singletons={} largest={} next={}\n"
               "largest_scc_roles: markets={} loop_producers={} primary={} sector={}\n"
               "rho_N_estimate={:.4f} max_column_share_sum={:.3f}\n",
               n, n_markets, n_producers, n_loop, n_sector, n_sectors, n_waste, nnz_a,
               double(nnz_a) / n, total_inputs, double(from_markets) / double(total_inputs), dropped, off_min,
               off_max, diag_min, diag_max, hist, nnz_b, double(nnz_b) / n, nf, nnz_c, ni, sizes.size(),
               nontrivial, singletons, sorted[0], sorted.size() > 1 ? sorted[1] : 0, big_by_role[0],
               big_by_role[1], big_by_role[2], big_by_role[3], rho, max_share);
  }
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "gen_model: %s\n", e.what());
  return 1;
}
