// SPDX-License-Identifier: MIT
// Random small tables for the property tests of secondary suppression and audit.
#pragma once

#include <Eigen/Dense>
#include <Eigen/SparseCore>

#include <cstddef>
#include <random>
#include <vector>

#include <sdc/tables/gauss_suppression.hpp>
#include <sdc/tables/linear_relations.hpp>

namespace sdc_test {

struct random_table {
  std::vector<std::size_t> categories;
  std::vector<double> values;       // count table: values are frequencies
  std::vector<double> inner_values; // per inner cell
};

/// A count table of 2-4 dimensions with 2-`max_k` categories each; inner counts drawn from
/// {0 (with probability zero_share), 1, 2, ..., max_count}.
inline random_table make_random_table(std::mt19937& rng, std::size_t min_dims = 2, std::size_t max_dims = 4,
                                      std::size_t max_k = 4, double zero_share = 0.2, int max_count = 8) {
  random_table t;
  std::uniform_int_distribution<std::size_t> dims(min_dims, max_dims);
  const std::size_t n_dims = dims(rng);
  // Keep 4-D tables small.
  std::uniform_int_distribution<std::size_t> k(2, n_dims == 4 ? std::min<std::size_t>(max_k, 3) : max_k);
  for (std::size_t d = 0; d < n_dims; ++d) t.categories.push_back(k(rng));
  const Eigen::SparseMatrix<double> x = sdc::model_matrix_of(t.categories);
  std::bernoulli_distribution zero(zero_share);
  std::uniform_int_distribution<int> count(1, max_count);
  Eigen::VectorXd inner(x.rows());
  for (Eigen::Index i = 0; i < inner.size(); ++i) inner[i] = zero(rng) ? 0.0 : count(rng);
  const Eigen::VectorXd cells = x.transpose() * inner;
  t.values.assign(cells.data(), cells.data() + cells.size());
  t.inner_values.assign(inner.data(), inner.data() + inner.size());
  return t;
}

/// A count table (margins added) with Poisson(`lambda`) inner counts from `seed`; the primary
/// cells are the counts 1 and 2 (sdcTable's freq rule with maxN = 2). Used by the scale tests
/// and by bench/bench_protect.cpp and bench/bench_optimal.cpp.
inline sdc::protection_problem poisson_count_table(const std::vector<std::size_t>& categories, double lambda = 6.0,
                                                   unsigned seed = 20240611) {
  std::mt19937 rng(seed);
  std::poisson_distribution<int> count(lambda);
  const Eigen::SparseMatrix<double> x = sdc::model_matrix_of(categories);
  Eigen::VectorXd inner(x.rows());
  for (Eigen::Index i = 0; i < inner.size(); ++i) inner[i] = count(rng);
  const Eigen::VectorXd cells = x.transpose() * inner;
  sdc::protection_problem problem;
  problem.categories = categories;
  problem.values.assign(cells.data(), cells.data() + cells.size());
  problem.primary.resize(problem.values.size());
  for (std::size_t i = 0; i < problem.values.size(); ++i) {
    problem.primary[i] = problem.values[i] > 0 && problem.values[i] <= 2;
  }
  return problem;
}

/// Primary cells by the frequency rule 0 < n < min_count (zeros never primary).
inline std::vector<bool> frequency_primaries(const random_table& t, double min_count) {
  std::vector<bool> primary(t.values.size());
  for (std::size_t i = 0; i < t.values.size(); ++i) primary[i] = t.values[i] > 0 && t.values[i] < min_count;
  return primary;
}

/// Whether column `target` of the dense model matrix lies in the span of the columns
/// `published` (least squares residual ~ 0), optionally together with one extra column.
class span_checker {
 public:
  span_checker(const Eigen::MatrixXd& x, const std::vector<std::size_t>& published) : x_(x) {
    Eigen::MatrixXd p(x.rows(), static_cast<Eigen::Index>(published.size()));
    for (std::size_t j = 0; j < published.size(); ++j) p.col(static_cast<Eigen::Index>(j)) = x.col(static_cast<Eigen::Index>(published[j]));
    basis_ = orthonormal(p);
  }

  bool derivable(std::size_t target) const { return residual(basis_, x_.col(static_cast<Eigen::Index>(target))) < 1e-8; }

  /// Derivable from the published columns plus column `extra`.
  bool derivable_with(std::size_t target, std::size_t extra) const {
    Eigen::MatrixXd p(x_.rows(), basis_.cols() + 1);
    p << basis_, x_.col(static_cast<Eigen::Index>(extra));
    return residual(orthonormal(p), x_.col(static_cast<Eigen::Index>(target))) < 1e-8;
  }

 private:
  static Eigen::MatrixXd orthonormal(const Eigen::MatrixXd& p) {
    if (p.cols() == 0) return Eigen::MatrixXd(p.rows(), 0);
    Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(p);
    qr.setThreshold(1e-10);
    const Eigen::Index rank = qr.rank();
    Eigen::MatrixXd q = qr.householderQ();
    return q.leftCols(rank);
  }
  static double residual(const Eigen::MatrixXd& q, const Eigen::VectorXd& v) {
    if (q.cols() == 0) return v.norm();
    return (v - q * (q.transpose() * v)).norm();
  }
  const Eigen::MatrixXd& x_;
  Eigen::MatrixXd basis_;
};

}  // namespace sdc_test
