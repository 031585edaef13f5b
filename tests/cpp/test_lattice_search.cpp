// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <sdc/core/factorize.hpp>
#include <sdc/risk/lattice_search.hpp>

#include <cmath>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "adult_data.hpp"

namespace {

using levels_t = std::vector<std::size_t>;

struct small_problem {
  std::vector<sdc::factorized_column> columns;
  std::vector<sdc::generalisation_hierarchy> hierarchies;
  std::vector<sdc::category_generalisation> generalisations;
  std::vector<double> weights;

  std::vector<sdc::categorical_view> views() const {
    std::vector<sdc::categorical_view> result;
    for (const auto& c : columns) result.push_back(c.view());
    return result;
  }
  void map() {
    generalisations.clear();
    for (std::size_t v = 0; v < columns.size(); ++v) {
      generalisations.push_back(
          sdc::generalise_categories(columns[v].view(), columns[v].labels, hierarchies[v]));
    }
  }
  sdc::numeric_view weight_view() const {
    sdc::numeric_view w;
    w.name = "w";
    w.values = weights.data();
    w.size = weights.size();
    return w;
  }
};

// Six records on (age, sex), the example worked by hand in the test below.
small_problem hand_example() {
  small_problem p;
  p.columns.push_back(sdc::factorize("age", {"1", "1", "2", "3", "3", "4"}));
  p.columns.push_back(sdc::factorize("sex", {"M", "M", "F", "F", "M", "M"}));
  p.hierarchies.push_back(
      sdc::hierarchy_from_text("1;1-2;*\n2;1-2;*\n3;3-4;*\n4;3-4;*\n", ';', "age"));
  p.hierarchies.push_back(sdc::hierarchy_from_text("M;*\nF;*\n", ';', "sex"));
  p.map();
  return p;
}

std::set<levels_t> levels_of(const std::vector<sdc::lattice_node>& nodes) {
  std::set<levels_t> result;
  for (const auto& node : nodes) result.insert(node.levels);
  return result;
}

// Every node of the lattice, by brute force.
std::vector<levels_t> all_nodes(const std::vector<std::size_t>& n_levels) {
  std::vector<levels_t> nodes{levels_t{}};
  for (const std::size_t h : n_levels) {
    std::vector<levels_t> next;
    for (const auto& node : nodes) {
      for (std::size_t l = 0; l < h; ++l) {
        levels_t extended = node;
        extended.push_back(l);
        next.push_back(extended);
      }
    }
    nodes = next;
  }
  return nodes;
}

bool below_or_equal(const levels_t& a, const levels_t& b) {
  for (std::size_t v = 0; v < a.size(); ++v) {
    if (a[v] > b[v]) return false;
  }
  return true;
}

// Minimal satisfying nodes by the definition: satisfying, and no other satisfying node below.
std::set<levels_t> brute_force_minimal(const small_problem& p, const sdc::numeric_view* weights,
                                       const sdc::lattice_options& options) {
  std::vector<std::size_t> n_levels;
  for (const auto& g : p.generalisations) n_levels.push_back(g.n_levels());
  std::vector<levels_t> satisfying;
  for (const auto& node : all_nodes(n_levels)) {
    if (sdc::evaluate_generalisation(p.views(), p.generalisations, weights, node, options)
            .satisfies) {
      satisfying.push_back(node);
    }
  }
  std::set<levels_t> minimal;
  for (const auto& node : satisfying) {
    bool is_minimal = true;
    for (const auto& other : satisfying) {
      if (other != node && below_or_equal(other, node)) is_minimal = false;
    }
    if (is_minimal) minimal.insert(node);
  }
  return minimal;
}

// Random data on three keys with six values each (missing values with probability `missing`),
// hierarchies value -> value / 2 -> value / 3... -> *.
small_problem random_problem(std::uint32_t seed, std::size_t n, double missing) {
  std::mt19937 rng(seed);
  small_problem p;
  const std::vector<int> values{6, 4, 5};
  for (std::size_t v = 0; v < values.size(); ++v) {
    std::vector<std::string> column;
    std::string hierarchy;
    for (int x = 0; x < values[v]; ++x) {
      hierarchy +=
          std::to_string(x) + ";" + std::to_string(x / 2) + "x;" + std::to_string(x / 4) + "y;*\n";
    }
    for (std::size_t i = 0; i < n; ++i) {
      const bool is_missing = std::uniform_real_distribution<double>(0, 1)(rng) < missing;
      // Skewed values: small values frequent.
      const int x = static_cast<int>(
          values[v] * std::pow(std::uniform_real_distribution<double>(0, 1)(rng), 2.0));
      column.push_back(is_missing ? "" : std::to_string(x));
    }
    p.columns.push_back(sdc::factorize("v" + std::to_string(v), column));
    p.hierarchies.push_back(sdc::hierarchy_from_text(hierarchy, ';', "v" + std::to_string(v)));
    for (std::size_t i = 0; i < n && v == 0; ++i) {
      p.weights.push_back(1.0 +
                          std::floor(std::uniform_real_distribution<double>(0, 1)(rng) * 50.0));
    }
  }
  p.map();
  return p;
}

}  // namespace

TEST_CASE("privacy_target: validation and description") {
  sdc::privacy_target target;
  CHECK(sdc::describe(target) == "no constraint");
  target.k = 5;
  target.max_suppressed_share = 0.01;
  CHECK(sdc::describe(target) == "k-anonymity with k = 5, at most 1% of records suppressed");
  target.max_expected_reidentifications = 12.5;
  CHECK(sdc::describe(target) ==
        "k-anonymity with k = 5 and expected re-identifications at most 12.5, at most 1% of "
        "records suppressed");
  target.k = 0;
  CHECK_THROWS_AS(sdc::validate(target), sdc::invalid_input);
  target = {};
  target.max_individual_risk = 0.0;
  CHECK_THROWS_AS(sdc::validate(target), sdc::invalid_input);
  target = {};
  target.max_suppressed_share = 1.5;
  CHECK_THROWS_AS(sdc::validate(target), sdc::invalid_input);
}

TEST_CASE("lattice_search: a lattice worked by hand") {
  // Records (age, sex): (1,M) (1,M) (2,F) (3,F) (3,M) (4,M); age 1;1-2;* and sex M;*.
  // k = 2, no suppression:
  //   (0,0): classes 2,1,1,1,1        -> 4 records at risk: fails
  //   (1,0): (1-2,M) 2, (1-2,F) 1, (3-4,F) 1, (3-4,M) 2 -> 2 at risk: fails
  //   (0,1): 1: 2, 2: 1, 3: 2, 4: 1   -> 2 at risk: fails
  //   (2,0): M 4, F 2; (1,1): 3, 3; (2,1): 6 -> satisfy. Minimal: (2,0) and (1,1).
  const auto p = hand_example();
  sdc::lattice_options options;
  options.target.k = 2;
  const auto result = sdc::lattice_search(p.views(), p.generalisations, nullptr, options);
  CHECK(result.n_nodes == 6);
  CHECK(result.n_records == 6);
  CHECK(result.variables == std::vector<std::string>{"age", "sex"});
  CHECK(result.nodes_satisfying == 3);
  REQUIRE(result.minimal.size() == 2);
  // Precision: (2,0) = (2/2 + 0/1) / 2 = 0.5; (1,1) = (1/2 + 1/1) / 2 = 0.75.
  CHECK(result.minimal[0].levels == levels_t{2, 0});
  CHECK(result.minimal[0].precision_loss == doctest::Approx(0.5));
  CHECK(result.minimal[0].discernibility == doctest::Approx(16 + 4));
  CHECK(result.minimal[0].classes == 2);
  CHECK(result.minimal[0].records_suppressed == 0);
  CHECK(result.minimal[0].expected_reidentifications == doctest::Approx(2.0));
  CHECK(result.minimal[0].max_individual_risk == doctest::Approx(0.5));
  CHECK(result.minimal[1].levels == levels_t{1, 1});
  CHECK(result.minimal[1].precision_loss == doctest::Approx(0.75));
  CHECK(result.minimal[1].discernibility == doctest::Approx(9 + 9));

  SUBCASE("with 2 of 6 records suppressible, (1,0) and (0,1) become minimal") {
    options.target.max_suppressed_share = 0.34;  // floor(0.34 * 6) = 2 records
    const auto budget = sdc::lattice_search(p.views(), p.generalisations, nullptr, options);
    REQUIRE(budget.minimal.size() == 2);
    // (1,0): 2 suppressed, generalisation 0.25: precision ((6-2) * 0.25 + 2) / 6 = 0.5;
    // (0,1): generalisation 0.5: precision (4 * 0.5 + 2) / 6 = 2/3.
    CHECK(budget.minimal[0].levels == levels_t{1, 0});
    CHECK(budget.minimal[0].records_suppressed == 2);
    CHECK(budget.minimal[0].precision_loss == doctest::Approx(0.5));
    CHECK(budget.minimal[0].discernibility == doctest::Approx(4 + 4 + 2 * 6));
    CHECK(budget.minimal[0].classes == 2);
    CHECK(budget.minimal[1].levels == levels_t{0, 1});
    CHECK(budget.minimal[1].precision_loss == doctest::Approx(2.0 / 3.0));
  }
  SUBCASE("expected re-identifications at most 3 (without weights: the number of classes)") {
    options.target = {};
    options.target.max_expected_reidentifications = 3;
    const auto er = sdc::lattice_search(p.views(), p.generalisations, nullptr, options);
    CHECK(levels_of(er.minimal) == std::set<levels_t>{{2, 0}, {1, 1}});
  }
  SUBCASE("maximum individual risk 0.5 is 2-anonymity without weights") {
    options.target = {};
    options.target.max_individual_risk = 0.5;
    const auto risk = sdc::lattice_search(p.views(), p.generalisations, nullptr, options);
    CHECK(levels_of(risk.minimal) == std::set<levels_t>{{2, 0}, {1, 1}});
  }
  SUBCASE("restricted levels: from (1,0) upwards") {
    options.min_levels = {1, 0};
    const auto restricted = sdc::lattice_search(p.views(), p.generalisations, nullptr, options);
    CHECK(restricted.n_nodes == 4);
    CHECK(levels_of(restricted.minimal) == std::set<levels_t>{{2, 0}, {1, 1}});
    options.max_levels = {1, 0};
    CHECK_FALSE(sdc::lattice_search(p.views(), p.generalisations, nullptr, options).attainable());
  }
  SUBCASE("evaluate_generalisation of one node") {
    const auto node =
        sdc::evaluate_generalisation(p.views(), p.generalisations, nullptr, {1, 0}, options);
    CHECK_FALSE(node.satisfies);
    CHECK(node.records_at_risk == 2);
    CHECK(node.classes == 2);
    CHECK(node.generalisation_loss == doctest::Approx(0.25));
  }
}

TEST_CASE("lattice_search: bad inputs") {
  const auto p = hand_example();
  sdc::lattice_options options;
  options.target.k = 2;
  auto generalisations = p.generalisations;
  generalisations.pop_back();
  CHECK_THROWS_AS(sdc::lattice_search(p.views(), generalisations, nullptr, options),
                  sdc::invalid_input);
  options.min_levels = {3, 0};
  CHECK_THROWS_AS(sdc::lattice_search(p.views(), p.generalisations, nullptr, options),
                  sdc::invalid_input);
  options.min_levels = {2, 1};
  options.max_levels = {1, 1};
  CHECK_THROWS_AS(sdc::lattice_search(p.views(), p.generalisations, nullptr, options),
                  sdc::invalid_input);
  options = {};
  options.max_nodes = 5;
  CHECK_THROWS_AS(sdc::lattice_search(p.views(), p.generalisations, nullptr, options),
                  sdc::invalid_input);
}

TEST_CASE("lattice_search: minimal nodes equal a brute force over every node") {
  struct scenario {
    const char* name;
    int k;
    double share;
    double max_risk;
    double max_er;
    sdc::missing_semantics missing;
    double missing_rate;
  };
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<scenario> scenarios{
      {"k=2", 2, 0.0, 1.0, inf, sdc::missing_semantics::category, 0.0},
      {"k=3, 5% suppression", 3, 0.05, 1.0, inf, sdc::missing_semantics::category, 0.0},
      {"k=5, 10% suppression", 5, 0.10, 1.0, inf, sdc::missing_semantics::category, 0.0},
      {"max risk 0.25", 1, 0.0, 0.25, inf, sdc::missing_semantics::category, 0.0},
      {"ER <= 12", 1, 0.0, 1.0, 12.0, sdc::missing_semantics::category, 0.0},
      {"k=3, missing as category", 3, 0.02, 1.0, inf, sdc::missing_semantics::category, 0.05},
      {"k=3, missing as wildcard", 3, 0.02, 1.0, inf, sdc::missing_semantics::wildcard, 0.05},
      {"k=3, missing never matches", 3, 0.1, 1.0, inf, sdc::missing_semantics::never, 0.03},
  };
  for (std::uint32_t seed = 1; seed <= 3; ++seed) {
    const auto p = random_problem(seed, 80, 0.0);
    const auto with_missing = random_problem(seed + 100, 80, 0.05);
    for (const auto& s : scenarios) {
      CAPTURE(seed);
      CAPTURE(s.name);
      const auto& problem = s.missing_rate > 0 ? with_missing : p;
      sdc::lattice_options options;
      options.target.k = s.k;
      options.target.max_suppressed_share = s.share;
      options.target.max_individual_risk = s.max_risk;
      options.target.max_expected_reidentifications = s.max_er;
      options.missing = s.missing;
      const auto expected = brute_force_minimal(problem, nullptr, options);
      const auto pruned =
          sdc::lattice_search(problem.views(), problem.generalisations, nullptr, options);
      CHECK(levels_of(pruned.minimal) == expected);
      CHECK(pruned.nodes_evaluated <= pruned.n_nodes);
      options.assume_monotone = false;
      const auto exhaustive =
          sdc::lattice_search(problem.views(), problem.generalisations, nullptr, options);
      CHECK(levels_of(exhaustive.minimal) == expected);
      CHECK(exhaustive.nodes_evaluated == exhaustive.n_nodes);
      // The ranking is by precision loss.
      for (std::size_t i = 1; i < pruned.minimal.size(); ++i) {
        CHECK(pruned.minimal[i - 1].precision_loss <= pruned.minimal[i].precision_loss);
      }
    }
  }
  SUBCASE("weighted risks, every node evaluated") {
    const auto p = random_problem(7, 120, 0.0);
    const auto w = p.weight_view();
    sdc::lattice_options options;
    options.assume_monotone = false;
    options.target.max_individual_risk = 0.05;
    options.target.max_suppressed_share = 0.05;
    const auto result = sdc::lattice_search(p.views(), p.generalisations, &w, options);
    CHECK(levels_of(result.minimal) == brute_force_minimal(p, &w, options));
    CHECK(result.attainable());
  }
}

TEST_CASE("lattice_search: Adult, 9 keys, k = 5 (checked against pandas)") {
  // Expected values from an independent brute force in Python (pandas/numpy group-by over all
  // 12,960 nodes of the lattice, hierarchies joined from the shared files; minimal = satisfying
  // with no satisfying direct predecessor), and single nodes with
  //   d.groupby(keys).size() -> classes, sum of sizes < 5, sum of kept sizes^2 + 30162 * below.
  const auto data = sdc_test::read_adult();
  std::vector<sdc::categorical_view> keys;
  std::vector<sdc::category_generalisation> generalisations;
  for (const auto& name : sdc_test::adult_keys()) {
    keys.push_back(data.categorical(name));
    generalisations.push_back(sdc::generalise_categories(
        keys.back(), data.column(name).categories.labels, sdc_test::adult_hierarchy(name)));
  }
  sdc::lattice_options options;
  options.target.k = 5;

  SUBCASE("single nodes") {
    auto node =
        sdc::evaluate_generalisation(keys, generalisations, nullptr, levels_t(9, 0), options);
    CHECK(node.records_at_risk == 23470);  // 19,502 classes, 763 of size >= 5
    CHECK(node.classes == 763);
    CHECK(node.discernibility == doctest::Approx(707980832.0));
    node = sdc::evaluate_generalisation(keys, generalisations, nullptr, levels_t(9, 1), options);
    CHECK(node.records_at_risk == 1343);  // 1,285 classes, 529 of size >= 5
    CHECK(node.classes == 529);
    CHECK(node.discernibility == doctest::Approx(45890685.0));
  }
  SUBCASE("no suppression: 27 minimal nodes out of 87 satisfying") {
    const auto result = sdc::lattice_search(keys, generalisations, nullptr, options);
    CHECK(result.n_nodes == 12960);
    CHECK(result.nodes_satisfying == 87);
    REQUIRE(result.minimal.size() == 27);
    // Two nodes share the lowest precision loss 6/9; the discernibility breaks the tie.
    CHECK(result.minimal[0].levels == levels_t{0, 4, 1, 1, 3, 2, 2, 1, 0});
    CHECK(result.minimal[0].precision_loss == doctest::Approx(6.0 / 9.0));
    CHECK(result.minimal[0].classes == 24);
    CHECK(result.minimal[0].discernibility == doctest::Approx(70009068.0));
    CHECK(result.minimal[1].levels == levels_t{0, 4, 1, 2, 3, 2, 0, 2, 0});
    CHECK(result.minimal[1].discernibility == doctest::Approx(180946394.0));
    CHECK(result.nodes_evaluated < result.n_nodes / 4);
  }
  SUBCASE("1% suppression: 577 minimal nodes out of 1,816 satisfying") {
    options.target.max_suppressed_share = 0.01;
    const auto result = sdc::lattice_search(keys, generalisations, nullptr, options);
    CHECK(result.nodes_satisfying == 1816);
    REQUIRE(result.minimal.size() == 577);
    const auto& best = result.minimal[0];
    CHECK(best.levels == levels_t{0, 4, 0, 1, 1, 2, 1, 2, 0});
    CHECK(best.records_suppressed == 208);
    CHECK(best.classes == 181);
    CHECK(best.discernibility == doctest::Approx(49947142.0));
    // generalisation (0 + 4/4 + 0 + 1/2 + 1/3 + 2/2 + 1/2 + 2/2 + 0) / 9 = 13/27
    CHECK(best.precision_loss ==
          doctest::Approx(((30162.0 - 208.0) * (13.0 / 27.0) + 208.0) / 30162.0));
  }
  SUBCASE("5% suppression: 1,071 minimal nodes out of 5,184 satisfying") {
    options.target.max_suppressed_share = 0.05;
    const auto result = sdc::lattice_search(keys, generalisations, nullptr, options);
    CHECK(result.nodes_satisfying == 5184);
    CHECK(result.minimal.size() == 1071);
    CHECK(result.minimal[0].levels == levels_t{0, 4, 0, 0, 3, 1, 0, 1, 0});
    CHECK(result.minimal[0].records_suppressed == 1461);
  }
}
