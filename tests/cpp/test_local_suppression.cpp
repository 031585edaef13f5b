// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <sdc/core/factorize.hpp>
#include <sdc/risk/frequencies.hpp>
#include <sdc/risk/local_suppression.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace {

std::vector<sdc::categorical_view> views_of(const std::vector<sdc::factorized_column>& columns) {
  std::vector<sdc::categorical_view> result;
  for (const auto& c : columns) result.push_back(c.view());
  return result;
}

// Wildcard fk of every record, straight from the definition (pairs of records, alpha = 1):
// an independent check of the end state.
std::vector<double> pairwise_wildcard_fk(const std::vector<sdc::categorical_view>& keys) {
  const std::size_t n = keys.front().size;
  std::vector<double> fk(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    bool i_all_missing = true, i_complete = true;
    for (const auto& key : keys) {
      const bool missing = key.category(i) == sdc::missing_category;
      i_all_missing = i_all_missing && missing;
      i_complete = i_complete && !missing;
    }
    if (i_all_missing) {
      fk[i] = static_cast<double>(n);
      continue;
    }
    for (std::size_t j = 0; j < n; ++j) {
      bool compatible = true, j_all_missing = true;
      for (const auto& key : keys) {
        const std::int32_t a = key.category(i), b = key.category(j);
        j_all_missing = j_all_missing && b == sdc::missing_category;
        if (a != sdc::missing_category && b != sdc::missing_category && a != b) compatible = false;
      }
      if (j_all_missing && i_complete) compatible = false;
      if (compatible) fk[i] += 1.0;
    }
  }
  return fk;
}

// Fewest suppressions that give record i fk >= k on the ORIGINAL data (every subset of its
// observed variables tried): an upper bound, per record, on what a greedy class-by-class
// algorithm needs, since suppressions elsewhere only add compatible records.
std::size_t fewest_suppressions(const std::vector<sdc::categorical_view>& keys, std::size_t i,
                                int k) {
  const std::size_t m = keys.size();
  std::size_t best = m;
  for (std::uint32_t subset = 0; subset < (1U << m); ++subset) {
    bool valid = true;
    for (std::size_t v = 0; v < m; ++v) {
      if ((subset >> v & 1U) && keys[v].category(i) == sdc::missing_category) valid = false;
    }
    if (!valid) continue;
    const auto size = static_cast<std::size_t>(__builtin_popcount(subset));
    if (size >= best) continue;
    // Copy the keys with record i's subset suppressed.
    std::vector<std::vector<std::int32_t>> codes(m);
    std::vector<sdc::categorical_view> modified = keys;
    for (std::size_t v = 0; v < m; ++v) {
      codes[v].assign(keys[v].codes, keys[v].codes + keys[v].size);
      if (subset >> v & 1U) codes[v][i] = keys[v].missing_code;
      modified[v].codes = codes[v].data();
    }
    if (pairwise_wildcard_fk(modified)[i] >= k) best = size;
  }
  return best;
}

std::vector<sdc::factorized_column> random_keys(std::uint32_t seed, std::size_t n,
                                                const std::vector<int>& cardinality,
                                                double missing) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<sdc::factorized_column> columns;
  for (std::size_t v = 0; v < cardinality.size(); ++v) {
    std::vector<std::string> values;
    for (std::size_t i = 0; i < n; ++i) {
      const double x = u(rng);
      const bool is_missing = u(rng) < missing;
      values.push_back(is_missing ? "" : std::to_string(static_cast<int>(cardinality[v] * x * x)));
    }
    columns.push_back(sdc::factorize("v" + std::to_string(v), values));
  }
  return columns;
}

void check_result(const std::vector<sdc::categorical_view>& keys,
                  const sdc::local_suppression_result& result, int k) {
  const std::size_t n = keys.front().size;
  const auto after = result.views(keys);
  // k-anonymous under the wildcard semantics, by the core and by the pairwise definition.
  sdc::frequency_options wildcard;
  wildcard.missing = sdc::missing_semantics::wildcard;
  wildcard.allow_constant_keys = true;
  const auto fk = sdc::compute_key_frequencies(after, nullptr, wildcard).fk;
  const auto pairwise = pairwise_wildcard_fk(after);
  for (std::size_t i = 0; i < n; ++i) {
    CHECK(fk[i] >= k);
    CHECK(pairwise[i] == fk[i]);
  }
  CHECK(result.records_below_k_after == 0);
  // Cells, counts and codes agree; only suppressions differ from the input.
  std::size_t changed = 0;
  std::vector<std::size_t> per_variable(keys.size(), 0);
  for (std::size_t v = 0; v < keys.size(); ++v) {
    for (std::size_t i = 0; i < n; ++i) {
      if (result.codes[v][i] != keys[v].codes[i]) {
        CHECK(result.codes[v][i] == keys[v].missing_code);
        ++changed;
        ++per_variable[v];
      }
    }
  }
  CHECK(changed == result.total_suppressions);
  CHECK(result.cells.size() == result.total_suppressions);
  CHECK(per_variable == result.suppressions);
  for (const auto& cell : result.cells) {
    CHECK(result.codes[cell.variable][cell.record] == keys[cell.variable].missing_code);
    CHECK(keys[cell.variable].codes[cell.record] != keys[cell.variable].missing_code);
  }
  CHECK(std::is_sorted(result.cells.begin(), result.cells.end(), [](const auto& a, const auto& b) {
    return a.record != b.record ? a.record < b.record : a.variable < b.variable;
  }));
}

}  // namespace

TEST_CASE("local_suppression: an example worked by hand") {
  // (A, B) = (a,x) (a,x) (a,y) (b,y), k = 2. Both keys have 2 categories: the later one (B) is
  // suppressed first. (a,y) has fk 1: suppressing B gives (a,NA), compatible with (a,x) twice:
  // fk 3. (b,y): (b,NA) would be alone; (NA,y) is compatible with (a,NA) now: fk 2 -> suppress A.
  const std::vector<sdc::factorized_column> columns{sdc::factorize("A", {"a", "a", "a", "b"}),
                                                    sdc::factorize("B", {"x", "x", "y", "y"})};
  const auto keys = views_of(columns);
  const auto result = sdc::local_suppression(keys, {});
  CHECK(result.k == 2);
  CHECK(result.suppression_order == std::vector<std::size_t>{1, 0});
  CHECK(result.records_below_k_before == 2);
  REQUIRE(result.cells.size() == 2);
  CHECK(result.cells[0] == sdc::suppressed_cell{2, 1});
  CHECK(result.cells[1] == sdc::suppressed_cell{3, 0});
  CHECK(result.suppressions == std::vector<std::size_t>{1, 1});
  CHECK(result.records_suppressed == 2);
  CHECK(result.codes[0] == std::vector<std::int32_t>{0, 0, 0, -1});
  CHECK(result.codes[1] == std::vector<std::int32_t>{0, 0, -1, 1});
  check_result(keys, result, 2);
  // The input is untouched.
  CHECK(columns[1].codes == std::vector<std::int32_t>{0, 0, 1, 1});

  SUBCASE("an importance order: B most important, so A is suppressed first") {
    sdc::local_suppression_options options;
    options.importance = {2, 1};
    const auto other = sdc::local_suppression(keys, options);
    CHECK(other.suppression_order == std::vector<std::size_t>{0, 1});
    // (a,y) -> (NA,y): compatible with (b,y): fk 2. Then (b,y) has fk 2 already.
    REQUIRE(other.cells.size() == 1);
    CHECK(other.cells[0] == sdc::suppressed_cell{2, 0});
    check_result(keys, other, 2);
  }
  SUBCASE("k above the number of records means k = n") {
    sdc::local_suppression_options options;
    options.k = 10;
    const auto all = sdc::local_suppression(keys, options);
    CHECK(all.k == 4);
    check_result(keys, all, 4);
  }
}

TEST_CASE("local_suppression: variables with more categories are suppressed first") {
  // C has 4 categories, D one (constant keys are accepted): the first unique record (C = 3)
  // loses its C value; (NA, u) then matches every record, so the other unique (C = 4) has fk 2
  // and keeps its value.
  const std::vector<sdc::factorized_column> columns{
      sdc::factorize("C", {"1", "2", "3", "4", "1", "2"}),
      sdc::factorize("D", {"u", "u", "u", "u", "u", "u"})};
  const auto keys = views_of(columns);
  const auto result = sdc::local_suppression(keys, {});
  CHECK(result.suppression_order == std::vector<std::size_t>{0, 1});
  CHECK(result.suppressions == std::vector<std::size_t>{1, 0});
  CHECK(result.cells == std::vector<sdc::suppressed_cell>{{2, 0}});
  check_result(keys, result, 2);
}

TEST_CASE("local_suppression: R coding (codes from 1, NA_integer_) and existing missing values") {
  const std::vector<std::int32_t> a{1, 1, 2, sdc::r_na_integer, 3, 3, 1};
  const std::vector<std::int32_t> b{1, 2, 2, 2, 1, sdc::r_na_integer, 1};
  std::vector<sdc::categorical_view> keys(2);
  const std::vector<const std::vector<std::int32_t>*> data{&a, &b};
  for (std::size_t v = 0; v < 2; ++v) {
    keys[v].name = v == 0 ? "a" : "b";
    keys[v].codes = data[v]->data();
    keys[v].size = data[v]->size();
    keys[v].n_categories = v == 0 ? 3 : 2;
    keys[v].first_code = 1;
    keys[v].missing_code = sdc::r_na_integer;
  }
  sdc::local_suppression_options options;
  options.k = 3;
  const auto result = sdc::local_suppression(keys, options);
  check_result(keys, result, 3);
  for (const auto& cell : result.cells) {
    CHECK(result.codes[cell.variable][cell.record] == sdc::r_na_integer);
  }
}

TEST_CASE("local_suppression: random data, k-anonymous end state within a brute-force bound") {
  const std::vector<std::vector<int>> shapes{{3, 4, 5}, {2, 6, 3, 4}, {5, 5}};
  for (std::uint32_t seed = 1; seed <= 4; ++seed) {
    for (const auto& shape : shapes) {
      for (const double missing : {0.0, 0.05}) {
        for (const int k : {2, 3, 5}) {
          CAPTURE(seed);
          CAPTURE(shape.size());
          CAPTURE(missing);
          CAPTURE(k);
          const auto columns = random_keys(seed, 60, shape, missing);
          const auto keys = views_of(columns);
          sdc::local_suppression_options options;
          options.k = k;
          options.max_exhaustive = shape.size();
          const auto result = sdc::local_suppression(keys, options);
          check_result(keys, result, k);
          // Upper bound: each record violating k on the original data needs at most the
          // fewest suppressions that would fix it alone; others need none.
          const auto before = pairwise_wildcard_fk(keys);
          std::size_t bound = 0, violating = 0;
          for (std::size_t i = 0; i < before.size(); ++i) {
            if (before[i] < k) {
              ++violating;
              bound += fewest_suppressions(keys, i, k);
            }
          }
          CHECK(result.records_below_k_before == violating);
          CHECK(result.total_suppressions <= bound);
          // Deterministic.
          const auto again = sdc::local_suppression(keys, options);
          CHECK(again.cells.size() == result.cells.size());
          CHECK(again.codes == result.codes);
        }
      }
    }
  }
}

TEST_CASE("local_suppression: greedy beyond the exhaustive depth still ends k-anonymous") {
  const auto columns = random_keys(11, 300, {4, 5, 6, 3, 7, 2}, 0.02);
  const auto keys = views_of(columns);
  sdc::local_suppression_options options;
  options.k = 5;
  options.max_exhaustive = 1;
  const auto result = sdc::local_suppression(keys, options);
  check_result(keys, result, 5);
  CHECK(result.records_below_k_before > 0);
}

TEST_CASE("local_suppression: bad inputs") {
  const std::vector<sdc::factorized_column> columns{sdc::factorize("A", {"a", "b"})};
  const auto keys = views_of(columns);
  sdc::local_suppression_options options;
  options.k = 0;
  CHECK_THROWS_AS(sdc::local_suppression(keys, options), sdc::invalid_input);
  options = {};
  options.importance = {1, 2};
  CHECK_THROWS_AS(sdc::local_suppression(keys, options), sdc::invalid_input);
  options.importance = {3};
  CHECK_THROWS_AS(sdc::local_suppression(keys, options), sdc::invalid_input);
  CHECK_THROWS_AS(sdc::local_suppression({}, {}), sdc::invalid_input);
  options = {};
  options.max_exhaustive = 0;
  CHECK_THROWS_AS(sdc::local_suppression(keys, options), sdc::invalid_input);
}
