// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <random>
#include <sdc/tables/linear_relations.hpp>
#include <vector>

namespace {

// Cell values of a table with all margins from random inner values.
std::vector<double> random_table(const std::vector<std::size_t>& categories, std::mt19937& rng) {
  const Eigen::SparseMatrix<double> x = sdc::model_matrix_of(categories);
  std::uniform_int_distribution<int> value(0, 9);
  Eigen::VectorXd inner(x.rows());
  for (Eigen::Index i = 0; i < inner.size(); ++i) inner[i] = value(rng);
  const Eigen::VectorXd cells = x.transpose() * inner;
  return std::vector<double>(cells.data(), cells.data() + cells.size());
}

}  // namespace

TEST_CASE("linear relations of a 2x3 table") {
  const auto relations = sdc::linear_relations_of(std::vector<std::size_t>{2, 3});
  // 3 x 4 = 12 cells; relations: 4 columns summed over dimension 0, 3 rows over dimension 1.
  CHECK(relations.matrix.cols() == 12);
  CHECK(relations.matrix.rows() == 7);
  CHECK(relations.total_cell.size() == 7);
  // First relation: column 0 total (cell (2, 0) = 8) = cells (0, 0) + (1, 0).
  CHECK(relations.total_cell[0] == 8);
  CHECK(relations.dimension[0] == 0);
  CHECK(relations.matrix.coeff(0, 0) == 1.0);
  CHECK(relations.matrix.coeff(0, 4) == 1.0);
  CHECK(relations.matrix.coeff(0, 8) == -1.0);
  const Eigen::MatrixXd first_row = Eigen::MatrixXd(relations.matrix).row(0);
  CHECK((first_row.array() != 0.0).count() == 3);
  // Last relation: grand total (11) = (2, 0) + (2, 1) + (2, 2).
  CHECK(relations.total_cell[6] == 11);
  CHECK(relations.dimension[6] == 1);
  CHECK(relations.matrix.coeff(6, 8) == 1.0);
  CHECK(relations.matrix.coeff(6, 10) == 1.0);
  CHECK(relations.matrix.coeff(6, 11) == -1.0);
  // Rank = number of margin cells (the inner cells are free).
  const Eigen::MatrixXd dense(relations.matrix);
  CHECK(Eigen::FullPivLU<Eigen::MatrixXd>(dense).rank() == 12 - 6);
}

TEST_CASE("every table built from inner values satisfies its relations, and only those") {
  std::mt19937 rng(7);
  for (const std::vector<std::size_t>& categories :
       {std::vector<std::size_t>{4}, {2, 3}, {3, 2, 2}, {2, 2, 3, 2}}) {
    const auto relations = sdc::linear_relations_of(categories);
    const auto x = sdc::model_matrix_of(categories);
    const auto inner = sdc::inner_cells_of(categories);
    CHECK(static_cast<std::size_t>(x.rows()) == inner.size());
    CHECK(x.cols() == relations.matrix.cols());
    for (int repeat = 0; repeat < 5; ++repeat) {
      const auto values = random_table(categories, rng);
      const Eigen::Map<const Eigen::VectorXd> v(values.data(), static_cast<Eigen::Index>(values.size()));
      CHECK((relations.matrix * v).cwiseAbs().maxCoeff() == 0.0);
    }
    // A X' = 0, and the null space of A has the dimension of the inner cells.
    const Eigen::MatrixXd product = Eigen::MatrixXd(relations.matrix) * Eigen::MatrixXd(x).transpose();
    CHECK(product.cwiseAbs().maxCoeff() == 0.0);
    const Eigen::MatrixXd dense(relations.matrix);
    CHECK(static_cast<std::size_t>(dense.cols() - Eigen::FullPivLU<Eigen::MatrixXd>(dense).rank()) == inner.size());
    // Model matrix: inner cell i is in itself.
    for (std::size_t i = 0; i < inner.size(); ++i) {
      CHECK(x.coeff(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(inner[i])) == 1.0);
    }
  }
}

TEST_CASE("linear relations reject shapes that are not tables") {
  CHECK_THROWS_AS(sdc::linear_relations_of(std::vector<std::size_t>{}), sdc::invalid_input);
  CHECK_THROWS_AS(sdc::linear_relations_of(std::vector<std::size_t>{2, 2, 2, 2, 2}), sdc::invalid_input);
  CHECK_THROWS_AS(sdc::linear_relations_of(std::vector<std::size_t>{2, 0}), sdc::invalid_input);
}
