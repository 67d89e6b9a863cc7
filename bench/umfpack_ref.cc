// umfpack_ref: reference LCA solver built on UMFPACK, for benchmarking only.
// Built a second time with -DPCF_BENCH_KLU as klu_ref: the same program on KLU (SuiteSparse's
// block-triangular form + AMD + left-looking LU with threshold pivoting, LGPL), no refinement of its own.
//
// UMFPACK is GPL-licensed: this program lives in bench/ and must never be
// linked into pcf itself.
//
// Usage:
//   umfpack_ref DIR [--indicators-out FILE.csv] [--no-refine]
//       Scores mode: M = C*B, factorize A once, then for every indicator k
//       solve A^T x = M(k,:)^T.  x(i) is the score of one unit of product i.
//   umfpack_ref DIR --demand FILE.csv [--no-refine]
//       Demand mode: factorize A, solve A s = f, then g = B s and h = C g
//       (what `pcf calc` does); h is printed to stderr.
//
// Timings and fill go to stderr as one key=value line, e.g.
//   load_s=… cb_s=… analyze_s=… numeric_s=… factor_s=… solve_s=… nnz_A=… nnz_LU=…
// nnz_LU = nnz(L) + nnz(U) - n: the unit diagonal of L is not counted twice.
// UMFPACK runs with its defaults (automatic strategy, AMD/COLAMD ordering,
// up to 2 steps of iterative refinement; --no-refine sets IRSTEP to 0).

#include <Eigen/Sparse>
#ifdef PCF_BENCH_KLU
#include <klu.h>
#else
#include <Eigen/UmfPackSupport>
#endif
#include <fmt/core.h>
#include <fmt/format.h>

#include <chrono>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace {

using SpMat = Eigen::SparseMatrix<double, Eigen::ColMajor, int>;  // int -> umfpack_di_*
namespace fs = std::filesystem;

#ifdef PCF_BENCH_KLU
// KLU through its C API, with the same few calls the program needs.
class KluLU {
 public:
  KluLU() { klu_defaults(&common_); }
  ~KluLU() {
    if (numeric_) klu_free_numeric(&numeric_, &common_);
    if (symbolic_) klu_free_symbolic(&symbolic_, &common_);
  }
  void analyzePattern(const SpMat& a) {
    a_ = &a;
    symbolic_ = klu_analyze(static_cast<int>(a.rows()), const_cast<int*>(a.outerIndexPtr()),
                            const_cast<int*>(a.innerIndexPtr()), &common_);
  }
  void factorize(const SpMat& a) {
    factorized_ = true;
    if (symbolic_)
      numeric_ = klu_factor(const_cast<int*>(a.outerIndexPtr()), const_cast<int*>(a.innerIndexPtr()),
                            const_cast<double*>(a.valuePtr()), symbolic_, &common_);
  }
  Eigen::ComputationInfo info() const {
    return symbolic_ && (numeric_ || !factorized_) ? Eigen::Success : Eigen::NumericalIssue;
  }
  void printUmfpackStatus() const { std::fprintf(stderr, "klu status %d\n", common_.status); }
  bool solve_sys(int transposed, const double* b, double* x) {
    const int n = static_cast<int>(a_->rows());
    std::copy(b, b + n, x);
    return transposed ? klu_tsolve(symbolic_, numeric_, n, 1, x, &common_) : klu_solve(symbolic_, numeric_, n, 1, x, &common_);
  }
  void lunz(long& lnz, long& unz) const {
    lnz = numeric_->lnz;
    unz = numeric_->unz + numeric_->nzoff;  // off-diagonal blocks are kept as A's entries
  }
  std::string diagnostics() {
    klu_rcond(symbolic_, numeric_, &common_);
    return fmt::format("strategy=klu rcond={:.2e} blocks={} largest_block={} offdiag_pivots={} ir_steps=0", common_.rcond,
                       symbolic_->nblocks, symbolic_->maxblock, common_.noffdiag);
  }
  int* umfpackControl() { return &dummy_; }

 private:
  const SpMat* a_ = nullptr;
  klu_common common_{};
  klu_symbolic* symbolic_ = nullptr;
  klu_numeric* numeric_ = nullptr;
  int dummy_ = 0;
  bool factorized_ = false;
};
constexpr int UMFPACK_A = 0, UMFPACK_At = 1, UMFPACK_IRSTEP = 0;
using RefLU = KluLU;

#else
// Eigen 3.4's UmfPackLU only solves with UMFPACK_A.  Its numeric object and
// matrix reference are protected, so a thin subclass can ask UMFPACK for the
// transposed solve on the same factorization (no need to factorize A^T).
class UmfLU : public Eigen::UmfPackLU<SpMat> {
 public:
  bool solve_sys(int sys, const double* b, double* x) const {
    return umfpack_di_solve(sys, mp_matrix.outerIndexPtr(), mp_matrix.innerIndexPtr(), mp_matrix.valuePtr(), x,
                            b, m_numeric, m_control.data(), m_umfpackInfo.data()) == UMFPACK_OK;
  }
  // nnz of L and U, each including its diagonal (umfpack_di_get_lunz).
  void lunz(long& lnz, long& unz) const {
    int l = 0, u = 0, nr = 0, nc = 0, nzud = 0;
    umfpack_di_get_lunz(&l, &u, &nr, &nc, &nzud, m_numeric);
    lnz = l;
    unz = u;
  }
  // A few UMFPACK statistics (Info array) worth reporting next to timings.
  std::string diagnostics() const {
    const double strat = m_umfpackInfo[UMFPACK_STRATEGY_USED];
    return fmt::format("strategy={} rcond={:.2e} offdiag_pivots={} pattern_symmetry={:.3f} ir_steps={}",
                       strat == UMFPACK_STRATEGY_SYMMETRIC ? "symmetric" : "unsymmetric",
                       m_umfpackInfo[UMFPACK_RCOND], m_umfpackInfo[UMFPACK_NOFF_DIAG],
                       m_umfpackInfo[UMFPACK_PATTERN_SYMMETRY], m_umfpackInfo[UMFPACK_IR_TAKEN]);
  }
};

using RefLU = UmfLU;
#endif

double now_s() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::move(ss).str();
}

// Minimal RFC 4180 reader: quoted fields may hold commas, doubled quotes and
// line breaks.  Returns all records including the header.
std::vector<std::vector<std::string>> read_csv(const fs::path& p) {
  const std::string s = read_all(p);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> rec;
  std::string field;
  std::size_t i = 0;
  if (s.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;  // tolerate a UTF-8 BOM
  bool any = false;
  while (i < s.size()) {
    const char ch = s[i];
    if (ch == '"' && field.empty()) {
      ++i;
      for (;;) {
        if (i >= s.size()) throw std::runtime_error(p.string() + ": unterminated quoted field");
        if (s[i] == '"') {
          if (i + 1 < s.size() && s[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field.push_back(s[i++]);
      }
      any = true;
    } else if (ch == ',') {
      rec.push_back(std::move(field));
      field.clear();
      any = true;
      ++i;
    } else if (ch == '\r' || ch == '\n') {
      if (any || !field.empty()) {
        rec.push_back(std::move(field));
        rows.push_back(std::move(rec));
      }
      field.clear();
      rec.clear();
      any = false;
      i += (ch == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ? 2 : 1;
    } else {
      field.push_back(ch);
      any = true;
      ++i;
    }
  }
  if (any || !field.empty()) {
    rec.push_back(std::move(field));
    rows.push_back(std::move(rec));
  }
  if (rows.empty()) throw std::runtime_error(p.string() + ": empty file");
  return rows;
}

// First column of every data row (the ids), checking the header.
std::vector<std::string> read_ids(const fs::path& p, std::string_view header_first) {
  auto rows = read_csv(p);
  if (rows[0].empty() || rows[0][0] != header_first)
    throw std::runtime_error(p.string() + ": unexpected header");
  std::vector<std::string> ids;
  ids.reserve(rows.size() - 1);
  for (std::size_t r = 1; r < rows.size(); ++r) ids.push_back(std::move(rows[r][0]));
  return ids;
}

// Matrix Market coordinate real general, 1-based.  Duplicates are summed.
SpMat read_mtx(const fs::path& p, long want_rows, long want_cols) {
  const std::string s = read_all(p);
  const char* c = s.data();
  const char* end = c + s.size();
  auto line_end = [&](const char* q) {
    while (q < end && *q != '\n') ++q;
    return q;
  };
  const char* e = line_end(c);
  const std::string banner(c, e);
  if (banner.rfind("%%MatrixMarket", 0) != 0 || banner.find("coordinate") == std::string::npos ||
      banner.find("real") == std::string::npos || banner.find("general") == std::string::npos)
    throw std::runtime_error(p.string() + ": expected '%%MatrixMarket matrix coordinate real general'");
  c = e;
  while (c < end && (*c == '\n' || *c == '\r' || *c == '%')) {
    if (*c == '%') c = line_end(c);
    else ++c;
  }
  auto skip_ws = [&]() {
    while (c < end && (*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r')) ++c;
  };
  auto parse_long = [&]() {
    skip_ws();
    long v = 0;
    auto r = std::from_chars(c, end, v);
    if (r.ec != std::errc()) throw std::runtime_error(p.string() + ": bad integer");
    c = r.ptr;
    return v;
  };
  auto parse_double = [&]() {
    skip_ws();
    double v = 0;
    auto r = std::from_chars(c, end, v);
    if (r.ec != std::errc()) throw std::runtime_error(p.string() + ": bad number");
    c = r.ptr;
    return v;
  };
  const long rows = parse_long(), cols = parse_long(), nnz = parse_long();
  if (rows != want_rows || cols != want_cols)
    throw std::runtime_error(fmt::format("{}: size {}x{}, expected {}x{}", p.string(), rows, cols, want_rows, want_cols));
  std::vector<Eigen::Triplet<double, int>> t;
  t.reserve(nnz);
  for (long k = 0; k < nnz; ++k) {
    const long r = parse_long(), q = parse_long();
    const double v = parse_double();
    if (r < 1 || r > rows || q < 1 || q > cols) throw std::runtime_error(p.string() + ": index out of range");
    t.emplace_back(static_cast<int>(r - 1), static_cast<int>(q - 1), v);
  }
  SpMat m(rows, cols);
  m.setFromTriplets(t.begin(), t.end());
  m.makeCompressed();
  return m;
}

void csv_field(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(s);
    return;
  }
  out.push_back('"');
  for (char ch : s) {
    if (ch == '"') out.push_back('"');
    out.push_back(ch);
  }
  out.push_back('"');
}

[[noreturn]] void usage(const char* msg) {
  std::fprintf(stderr,
               "error: %s\nusage: umfpack_ref DIR [--indicators-out FILE.csv] [--demand FILE.csv] [--no-refine]\n",
               msg);
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) try {
  std::string dir, scores_out, demand_file;
  bool refine = true;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--indicators-out" && i + 1 < argc) scores_out = argv[++i];
    else if (a == "--demand" && i + 1 < argc) demand_file = argv[++i];
    else if (a == "--no-refine") refine = false;
    else if (!a.empty() && a[0] != '-' && dir.empty()) dir = a;
    else usage("bad arguments");
  }
  if (dir.empty()) usage("DIR is required");

  const double t0 = now_s();
  const fs::path d(dir);
  const auto products = read_ids(d / "products.csv", "id");
  const auto processes = read_ids(d / "processes.csv", "id");
  const auto flows = read_ids(d / "flows.csv", "id");
  const auto indicators = read_ids(d / "indicators.csv", "id");
  const long np = static_cast<long>(products.size()), na = static_cast<long>(processes.size());
  const long nf = static_cast<long>(flows.size()), ni = static_cast<long>(indicators.size());
  if (np != na) throw std::runtime_error("A must be square: products and processes differ in count");
  const SpMat A = read_mtx(d / "A.mtx", np, na);
  const SpMat B = read_mtx(d / "B.mtx", nf, na);
  const SpMat C = read_mtx(d / "C.mtx", ni, nf);
  const double t_load = now_s();

  // M = C*B is tiny (indicators x processes) and needed by scores mode only.
  SpMat M;
  if (demand_file.empty()) {
    M = (C * B).pruned();
    M.makeCompressed();
  }
  const double t_cb = now_s();

  RefLU lu;
  if (!refine) lu.umfpackControl()[UMFPACK_IRSTEP] = 0;
  lu.analyzePattern(A);
  if (lu.info() != Eigen::Success) throw std::runtime_error("symbolic analysis failed");
  const double t_an = now_s();
  lu.factorize(A);
  if (lu.info() != Eigen::Success) {
    lu.printUmfpackStatus();
    throw std::runtime_error("numeric factorization failed (singular?)");
  }
  const double t_fac = now_s();

  long lnz = 0, unz = 0;
  lu.lunz(lnz, unz);
  const long nnz_lu = lnz + unz - np;
  long nonfinite = 0;
  double resid = 0;  // max |residual| / (|A||x| + |b|), componentwise backward error

  auto backward_error = [&](const SpMat& Mat, const Eigen::VectorXd& x, const Eigen::VectorXd& b) {
    const Eigen::VectorXd r = Mat * x - b;
    const Eigen::VectorXd s = Mat.cwiseAbs() * x.cwiseAbs() + b.cwiseAbs();
    double worst = 0;
    for (Eigen::Index k = 0; k < r.size(); ++k)
      if (s[k] > 0) worst = std::max(worst, std::abs(r[k]) / s[k]);
    return worst;
  };

  if (!demand_file.empty()) {
    // ---- demand mode: A s = f, g = B s, h = C g ----
    auto rows = read_csv(demand_file);
    std::unordered_map<std::string, long> index;
    index.reserve(np * 2);
    for (long k = 0; k < np; ++k) index.emplace(products[k], k);
    Eigen::VectorXd f = Eigen::VectorXd::Zero(np);
    for (std::size_t r = 1; r < rows.size(); ++r) {
      if (rows[r].size() < 2) throw std::runtime_error("demand: short row");
      auto it = index.find(rows[r][0]);
      if (it == index.end()) throw std::runtime_error("demand: unknown product " + rows[r][0]);
      f[it->second] += std::strtod(rows[r][1].c_str(), nullptr);
    }
    const double t_s0 = now_s();
    Eigen::VectorXd s(np);
    if (!lu.solve_sys(UMFPACK_A, f.data(), s.data())) throw std::runtime_error("UMFPACK solve failed");
    const Eigen::VectorXd g = B * s;
    const Eigen::VectorXd h = C * g;
    const double t_sol = now_s();
    for (long k = 0; k < np; ++k) nonfinite += !std::isfinite(s[k]);
    for (long k = 0; k < ni; ++k) nonfinite += !std::isfinite(h[k]);
    resid = backward_error(A, s, f);
    for (long k = 0; k < ni; ++k) fmt::print(stderr, "h[{}]={}\n", indicators[k], h[k]);
    fmt::print(stderr,
               "mode=demand load_s={:.3f} analyze_s={:.3f} numeric_s={:.3f} factor_s={:.3f} solve_s={:.4f} "
               "total_s={:.3f} nnz_A={} nnz_L={} nnz_U={} nnz_LU={} fill={:.2f} backward_err={:.2e} nonfinite={} {}\n",
               t_load - t0, t_an - t_cb, t_fac - t_an, t_fac - t_cb, t_sol - t_s0,
               t_sol - t0, A.nonZeros(), lnz, unz, nnz_lu, double(nnz_lu) / double(A.nonZeros()), resid,
               nonfinite, lu.diagnostics());
    return nonfinite ? 1 : 0;
  }

  // ---- scores mode: A^T x_k = M(k,:)^T for every indicator k ----
  const SpMat At = A.transpose();  // only for the residual check, not timed
  const double t_s0 = now_s();
  Eigen::MatrixXd X(np, ni);
  const Eigen::MatrixXd Md = Eigen::MatrixXd(M.transpose());  // processes x indicators, dense
  for (long k = 0; k < ni; ++k)
    if (!lu.solve_sys(UMFPACK_At, Md.col(k).data(), X.col(k).data()))
      throw std::runtime_error("UMFPACK transposed solve failed");
  const double t_sol = now_s();
  for (long k = 0; k < ni; ++k) {
    for (long r = 0; r < np; ++r) nonfinite += !std::isfinite(X(r, k));
    resid = std::max(resid, backward_error(At, X.col(k), Md.col(k)));
  }

  double t_write = 0;
  if (!scores_out.empty()) {
    const double tw0 = now_s();
    std::string out;
    out.reserve(static_cast<std::size_t>(np) * (40 + 24 * ni));
    out += "product_id";
    for (const auto& id : indicators) {
      out.push_back(',');
      csv_field(out, id);
    }
    out.push_back('\n');
    for (long r = 0; r < np; ++r) {
      csv_field(out, products[r]);
      for (long k = 0; k < ni; ++k) {
        out.push_back(',');
        fmt::format_to(std::back_inserter(out), "{}", X(r, k));
      }
      out.push_back('\n');
    }
    std::FILE* fo = std::fopen(scores_out.c_str(), "wb");
    if (!fo) throw std::runtime_error("cannot open " + scores_out);
    const bool ok = std::fwrite(out.data(), 1, out.size(), fo) == out.size();
    if (std::fclose(fo) != 0 || !ok) throw std::runtime_error("cannot write " + scores_out);
    t_write = now_s() - tw0;
  }

  fmt::print(stderr,
             "mode=scores indicators={} load_s={:.3f} cb_s={:.4f} analyze_s={:.3f} numeric_s={:.3f} "
             "factor_s={:.3f} solve_s={:.4f} write_s={:.3f} nnz_A={} nnz_L={} nnz_U={} nnz_LU={} fill={:.2f} "
             "backward_err={:.2e} nonfinite={} {}\n",
             ni, t_load - t0, t_cb - t_load, t_an - t_cb, t_fac - t_an, t_fac - t_cb, t_sol - t_s0, t_write,
             A.nonZeros(), lnz, unz, nnz_lu, double(nnz_lu) / double(A.nonZeros()), resid, nonfinite,
             lu.diagnostics());
  return nonfinite ? 1 : 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "umfpack_ref: %s\n", e.what());
  return 1;
}
