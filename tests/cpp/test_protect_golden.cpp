// SPDX-License-Identifier: MIT
// Secondary suppression and audit against CRAN sdcTable (tests/data/sdctable_protect/, written by
// tests/data/generate_golden_protect.R): our audit gives the same intervals as sdcTable's
// attack() on sdcTable's own patterns; without singleton handling our Gauss suppression needs
// no more cells than sdcTable's GAUSS and SIMPLEHEURISTIC methods; with it (the default) it
// needs more on the 3-D table, and sdcTable's patterns there let a singleton's contributor
// recover another primary cell, ours do not.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <sdc/tables/audit.hpp>
#include <sdc/tables/gauss_suppression.hpp>
#include <string>
#include <vector>

#include "golden.hpp"
#include "protect_test_tables.hpp"

namespace {

struct golden_case {
  const char* file;
  std::vector<std::string> dims;
};

// A golden table in our cell order: categories (sorted labels, "Total" = margin), counts,
// sdcTable's status and attack interval per cell.
struct golden_table {
  std::vector<std::size_t> categories;
  std::vector<double> freq, low, up;
  std::vector<std::string> status;
};

golden_table read_golden(const golden_case& c) {
  const auto csv = sdc_test::read_csv(std::string(SDC_TEST_DATA_DIR) + "/sdctable_protect/" + c.file);
  std::vector<std::vector<std::string>> labels(c.dims.size());
  std::vector<std::vector<std::string>> text;
  for (const auto& d : c.dims) text.push_back(csv.text(d));
  for (std::size_t d = 0; d < c.dims.size(); ++d) {
    for (const auto& label : text[d]) {
      if (label != "Total" && std::find(labels[d].begin(), labels[d].end(), label) == labels[d].end()) {
        labels[d].push_back(label);
      }
    }
    std::sort(labels[d].begin(), labels[d].end());
  }
  golden_table g;
  for (const auto& l : labels) g.categories.push_back(l.size());
  std::size_t n_cells = 1;
  for (auto k : g.categories) n_cells *= k + 1;
  g.freq.assign(n_cells, 0.0);
  g.low.assign(n_cells, std::nan(""));
  g.up.assign(n_cells, std::nan(""));
  g.status.assign(n_cells, "s");
  const auto freq = csv.numbers("freq"), low = csv.numbers("low"), up = csv.numbers("up");
  const auto status = csv.text("sdcStatus");
  REQUIRE(csv.rows.size() == n_cells);
  for (std::size_t row = 0; row < csv.rows.size(); ++row) {
    std::size_t index = 0;
    for (std::size_t d = 0; d < c.dims.size(); ++d) {
      const auto& label = text[d][row];
      const std::size_t coordinate =
          label == "Total" ? g.categories[d]
                           : static_cast<std::size_t>(std::find(labels[d].begin(), labels[d].end(), label) - labels[d].begin());
      index = index * (g.categories[d] + 1) + coordinate;
    }
    g.freq[index] = freq[row];
    g.low[index] = low[row];
    g.up[index] = up[row];
    g.status[index] = status[row];
  }
  return g;
}

std::size_t count(const std::vector<std::string>& status, const char* which) {
  return static_cast<std::size_t>(std::count(status.begin(), status.end(), which));
}

const std::vector<golden_case> cases = {
    {"microdata1_freq_maxN3_GAUSS.csv", {"region", "gender"}},
    {"microdata1_freq_maxN3_SIMPLEHEURISTIC.csv", {"region", "gender"}},
    {"microdata1_nk_n2_k75_GAUSS.csv", {"region", "gender"}},
    {"microdata1_nk_n2_k75_SIMPLEHEURISTIC.csv", {"region", "gender"}},
    {"testdata_roof_water_sex_freq_maxN3_GAUSS.csv", {"roof", "water", "sex"}},
    {"testdata_roof_water_sex_freq_maxN3_SIMPLEHEURISTIC.csv", {"roof", "water", "sex"}},
};

}  // namespace

TEST_CASE("sdcTable golden: the audit reproduces attack() on sdcTable's own patterns") {
  for (const auto& c : cases) {
    INFO(std::string(c.file));
    const golden_table g = read_golden(c);
    sdc::audit_problem problem;
    problem.categories = g.categories;
    problem.values = g.freq;
    problem.suppressed.resize(g.freq.size());
    problem.primary.resize(g.freq.size());
    for (std::size_t i = 0; i < g.freq.size(); ++i) {
      problem.suppressed[i] = g.status[i] == "u" || g.status[i] == "x";
      problem.primary[i] = g.status[i] == "u";
    }
    const auto result = sdc::audit_suppression(problem);
    REQUIRE(result.cells.size() == count(g.status, "u") + count(g.status, "x"));
    for (const auto& interval : result.cells) {
      INFO("cell " << interval.cell);
      CHECK(interval.lower == doctest::Approx(g.low[interval.cell]).epsilon(1e-9));
      CHECK(interval.upper == doctest::Approx(g.up[interval.cell]).epsilon(1e-9));
    }
    CHECK(result.n_primary_exact == 0);
  }
}

// Pairs (singleton s, primary p) such that s's contributor can compute p from the published
// cells, p not containing the inner cell where that contributor lies.
std::size_t singleton_disclosures(const golden_table& g, const std::vector<bool>& suppressed,
                                  const std::vector<bool>& primary) {
  const Eigen::MatrixXd x(sdc::model_matrix_of(g.categories));
  const auto inner = sdc::inner_cells_of(g.categories);
  std::vector<std::size_t> published;
  for (std::size_t i = 0; i < suppressed.size(); ++i) {
    if (!suppressed[i]) published.push_back(i);
  }
  const sdc_test::span_checker span(x, published);
  std::size_t pairs = 0;
  for (std::size_t s = 0; s < g.freq.size(); ++s) {
    if (!primary[s] || g.freq[s] != 1) continue;
    for (std::size_t p = 0; p < g.freq.size(); ++p) {
      if (!primary[p] || p == s) continue;
      bool shared = false;
      for (Eigen::Index r = 0; r < x.rows(); ++r) {
        shared |= g.freq[inner[static_cast<std::size_t>(r)]] > 0 && x(r, static_cast<Eigen::Index>(s)) != 0 &&
                  x(r, static_cast<Eigen::Index>(p)) != 0;
      }
      if (!shared && span.derivable_with(p, s)) ++pairs;
    }
  }
  return pairs;
}

TEST_CASE("sdcTable golden: Gauss suppression compared with sdcTable's methods") {
  // Singleton disclosures in sdcTable's patterns (frozen files): in the 3-D table the
  // contributor of (roof 2, water 2, sex 2) = 1 gets (roof 2, water 2, sex 1) = 3 from the
  // published row total, and so on.
  const std::map<std::string, std::size_t> their_singleton_pairs = {
      {"testdata_roof_water_sex_freq_maxN3_GAUSS.csv", 2},
      {"testdata_roof_water_sex_freq_maxN3_SIMPLEHEURISTIC.csv", 4}};
  for (const auto& c : cases) {
    const std::string file = c.file;
    INFO(file);
    const golden_table g = read_golden(c);
    sdc::protection_problem problem;
    problem.categories = g.categories;
    problem.values = g.freq;
    problem.primary.resize(g.freq.size());
    std::vector<bool> theirs(g.freq.size());
    for (std::size_t i = 0; i < g.freq.size(); ++i) {
      problem.primary[i] = g.status[i] == "u";
      theirs[i] = g.status[i] == "u" || g.status[i] == "x";
    }
    sdc::gauss_options options;
    options.cost = sdc::suppression_cost::frequency;
    options.singletons = sdc::singleton_method::none;
    const auto plain = sdc::gauss_suppression(problem, options);
    options.singletons = sdc::singleton_method::coalition;
    const auto ours = sdc::gauss_suppression(problem, options);
    REQUIRE(ours.unprotected.empty());
    REQUIRE(plain.unprotected.empty());
    CHECK(ours.n_primary == count(g.status, "u"));
    MESSAGE(file << ": sdcTable " << count(g.status, "x") << " secondary suppressions; sdc " << plain.n_secondary
                 << " without singleton handling, " << ours.n_secondary << " with it");
    CHECK(plain.n_secondary <= count(g.status, "x"));
    std::vector<bool> suppressed(g.freq.size());
    for (std::size_t i = 0; i < g.freq.size(); ++i) suppressed[i] = ours.status[i] != sdc::cell_protection::published;
    CHECK(singleton_disclosures(g, suppressed, problem.primary) == 0);
    const auto known = their_singleton_pairs.find(file);
    CHECK(singleton_disclosures(g, theirs, problem.primary) == (known == their_singleton_pairs.end() ? 0 : known->second));
    if (known == their_singleton_pairs.end()) CHECK(ours.n_secondary <= count(g.status, "x"));
    // Our pattern passes the same audit.
    sdc::audit_problem audit;
    audit.categories = g.categories;
    audit.values = g.freq;
    audit.primary = problem.primary;
    audit.suppressed = suppressed;
    CHECK(sdc::audit_suppression(audit).n_primary_exact == 0);
  }
}
