// SPDX-License-Identifier: MIT
// Gauss secondary suppression against CRAN sdcTable's protectTable(method = "GAUSS") on small
// random count tables (tests/data/sdctable_protect/gauss_counts/, written by
// tests/data/generate_golden_protect_gauss.R: inner counts Poisson(lambda), primary cells the
// counts 1 and 2). Like for like (no singleton handling, as sdcTable's suppression counts show
// none on these tables) we suppress no more cells than sdcTable; with singletons handled as a
// coalition (our default) our pattern leaves no primary cell exactly computable by the LP
// audit and no primary cell unprotected. The counts of sdcTable are frozen oracle output.
#include <doctest/doctest.h>

#include <Eigen/SparseCore>

#include <cstddef>
#include <sdc/tables/audit.hpp>
#include <sdc/tables/gauss_suppression.hpp>
#include <sdc/tables/linear_relations.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "golden.hpp"

namespace {

const std::string kDir = std::string(SDC_TEST_DATA_DIR) + "/sdctable_protect/gauss_counts/";

// The table of one golden case: shape "K1xK2x..." and inner cells with codes a001, b002, ...
// (expand.grid order in the file; placed here in row-major order, last dimension fastest).
sdc::protection_problem read_case(const std::string& name, const std::string& shape) {
  sdc::protection_problem problem;
  std::stringstream ss(shape);
  std::string part;
  while (std::getline(ss, part, 'x')) problem.categories.push_back(std::stoul(part));
  const auto csv = sdc_test::read_csv(kDir + name + ".csv");
  const std::size_t d = problem.categories.size();
  std::size_t n_inner = 1;
  for (auto k : problem.categories) n_inner *= k;
  REQUIRE(csv.rows.size() == n_inner);
  const auto n = csv.numbers("n");
  std::vector<std::vector<std::string>> codes;
  for (std::size_t j = 0; j < d; ++j) codes.push_back(csv.text("v" + std::to_string(j + 1)));
  Eigen::VectorXd inner = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n_inner));
  for (std::size_t row = 0; row < n_inner; ++row) {
    std::size_t index = 0;
    for (std::size_t j = 0; j < d; ++j) index = index * problem.categories[j] + (std::stoul(codes[j][row].substr(1)) - 1);
    inner[static_cast<Eigen::Index>(index)] = n[row];
  }
  const Eigen::VectorXd cells = sdc::model_matrix_of(problem.categories).transpose() * inner;
  problem.values.assign(cells.data(), cells.data() + cells.size());
  problem.primary.resize(problem.values.size());
  for (std::size_t i = 0; i < problem.values.size(); ++i) {
    problem.primary[i] = problem.values[i] > 0 && problem.values[i] <= 2;  // sdcTable freq rule, maxN = 2
  }
  return problem;
}

}  // namespace

TEST_CASE("gauss suppression: no more secondary cells than sdcTable GAUSS, audit clean") {
  const auto summary = sdc_test::read_csv(kDir + "summary.csv");
  const auto names = summary.text("name");
  const auto shapes = summary.text("shape");
  const auto primary = summary.numbers("primary");
  const auto secondary = summary.numbers("secondary");
  REQUIRE(names.size() >= 5);
  for (std::size_t k = 0; k < names.size(); ++k) {
    CAPTURE(names[k]);
    CAPTURE(shapes[k]);
    const auto problem = read_case(names[k], shapes[k]);

    sdc::gauss_options plain;
    plain.cost = sdc::suppression_cost::frequency;
    plain.singletons = sdc::singleton_method::none;
    const auto ours = sdc::gauss_suppression(problem, plain);
    CHECK(static_cast<double>(ours.n_primary) == primary[k]);
    CHECK(static_cast<double>(ours.n_secondary) <= secondary[k]);
    CHECK(ours.unprotected.empty());

    sdc::gauss_options defaults;
    defaults.cost = sdc::suppression_cost::frequency;
    for (const auto& result : {ours, sdc::gauss_suppression(problem, defaults)}) {
      CHECK(result.unprotected.empty());
      sdc::audit_problem audit;
      audit.categories = problem.categories;
      audit.values = problem.values;
      audit.primary = problem.primary;
      audit.suppressed.resize(problem.values.size());
      for (std::size_t i = 0; i < problem.values.size(); ++i) {
        audit.suppressed[i] = result.status[i] != sdc::cell_protection::published;
      }
      CHECK(sdc::audit_suppression(audit).n_primary_exact == 0);
    }
  }
}
