#include "engine/matrix/krylov.h"

#include <algorithm>
#include <cmath>

namespace pcf {

KrylovReport Gmres(const LinearOperator& apply_a, const LinearOperator& apply_preconditioner, const Eigen::VectorXd& b,
                   Eigen::VectorXd* x, const KrylovOptions& options) {
  KrylovReport report;
  const Eigen::Index n = b.size();
  const double b_norm = b.norm();
  if (b_norm == 0) {
    x->setZero();
    report.converged = true;
    return report;
  }
  const int m = std::max(1, options.restart);
  Eigen::MatrixXd v(n, m + 1), z(n, m);  // Arnoldi basis, and the preconditioned basis vectors
  Eigen::MatrixXd h = Eigen::MatrixXd::Zero(m + 1, m);
  Eigen::VectorXd g(m + 1), cs(m), sn(m), w(n), r(n), in(n);
  const double target = options.tolerance * b_norm;
  auto true_residual = [&] {
    apply_a(*x, w);
    r = b - w;
    return r.norm();
  };
  double beta = true_residual();
  while (true) {
    report.relative_residual = beta / b_norm;
    if (!std::isfinite(beta)) return report;
    if (beta <= target) {
      report.converged = true;
      return report;
    }
    if (report.iterations >= options.max_iterations) return report;
    v.col(0) = r / beta;
    g.setZero();
    g[0] = beta;
    h.setZero();
    int j = 0;
    for (; j < m && report.iterations < options.max_iterations; ++j) {
      in = v.col(j);
      Eigen::VectorXd zj(n);
      apply_preconditioner(in, zj);
      z.col(j) = zj;
      apply_a(zj, w);
      ++report.iterations;
      // Modified Gram–Schmidt, twice ("twice is enough", Giraud et al. 2005): the basis stays orthogonal to
      // working precision, which the 1e-13 tolerances need.
      for (int pass = 0; pass < 2; ++pass)
        for (int i = 0; i <= j; ++i) {
          const double c = v.col(i).dot(w);
          h(i, j) += c;
          w -= c * v.col(i);
        }
      h(j + 1, j) = w.norm();
      const bool breakdown = !(h(j + 1, j) > 0);  // the Krylov space is invariant: the solution is in it
      if (!breakdown) v.col(j + 1) = w / h(j + 1, j);
      for (int i = 0; i < j; ++i) {  // the earlier rotations, then a new one zeroing h(j + 1, j)
        const double t = cs[i] * h(i, j) + sn[i] * h(i + 1, j);
        h(i + 1, j) = -sn[i] * h(i, j) + cs[i] * h(i + 1, j);
        h(i, j) = t;
      }
      const double d = std::hypot(h(j, j), h(j + 1, j));
      cs[j] = d > 0 ? h(j, j) / d : 1;
      sn[j] = d > 0 ? h(j + 1, j) / d : 0;
      h(j, j) = d;
      h(j + 1, j) = 0;
      g[j + 1] = -sn[j] * g[j];
      g[j] *= cs[j];
      if (breakdown || std::abs(g[j + 1]) <= target) {
        ++j;
        break;
      }
    }
    // x += Z y with H y = g on the first j rows (upper triangular after the rotations).
    Eigen::VectorXd y = g.head(j);
    for (int i = j - 1; i >= 0; --i) {
      for (int k = i + 1; k < j; ++k) y[i] -= h(i, k) * y[k];
      y[i] = h(i, i) != 0 ? y[i] / h(i, i) : 0;
    }
    *x += z.leftCols(j) * y;
    beta = true_residual();
  }
}

}  // namespace pcf
