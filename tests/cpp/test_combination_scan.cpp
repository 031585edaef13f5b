// SPDX-License-Identifier: MIT
// Combination scan: a hand-worked example, and every field compared with a brute-force
// cross-tabulation (std::map per combination) on small random data, on the dense and the
// hashed grouping paths, with both missing-value treatments and R-style codes.
#include <doctest/doctest.h>

#include <sdc/core/factorize.hpp>
#include <sdc/risk/combination_scan.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "risk_example.hpp"

namespace {

struct random_keys {
  std::vector<std::vector<std::int32_t>> codes;
  std::vector<sdc::categorical_view> views;
};

// Codes first_code .. first_code + K - 1 with a share `missing` of missing codes; skewed so that
// rare cells exist.
random_keys make_keys(std::size_t n, const std::vector<std::int32_t>& cardinalities,
                      double missing, std::uint64_t seed, std::int32_t first_code = 0,
                      std::int32_t missing_code = -1) {
  std::mt19937_64 rng(seed);
  random_keys data;
  data.codes.assign(cardinalities.size(), std::vector<std::int32_t>(n));
  for (std::size_t v = 0; v < cardinalities.size(); ++v) {
    for (std::size_t i = 0; i < n; ++i) {
      const double u = static_cast<double>(rng() >> 11) * 0x1.0p-53;
      const double w = static_cast<double>(rng() >> 11) * 0x1.0p-53;
      data.codes[v][i] = first_code + static_cast<std::int32_t>(cardinalities[v] * u * u);
      if (w < missing) data.codes[v][i] = missing_code;
    }
  }
  for (std::size_t v = 0; v < cardinalities.size(); ++v) {
    sdc::categorical_view view;
    view.name = "k" + std::to_string(v);
    view.codes = data.codes[v].data();
    view.size = n;
    view.n_categories = cardinalities[v];
    view.first_code = first_code;
    view.missing_code = missing_code;
    data.views.push_back(view);
  }
  return data;
}

struct brute_cell {
  std::int64_t count = 0;
  std::size_t first = 0;
};

// Every field of the report, recomputed by brute force.
void check_against_brute_force(const std::vector<sdc::categorical_view>& keys,
                               const sdc::combination_scan_options& options) {
  sdc::combination_scan_options all = options;
  all.include_safe_combinations = true;
  all.per_record = true;
  all.max_listed_cells = 1000000;
  const auto report = sdc::scan_combinations(keys, all);
  const std::size_t p = keys.size(), n = keys.front().size;
  const std::size_t m = std::min<std::size_t>(static_cast<std::size_t>(options.max_dimension), p);
  REQUIRE(report.max_dimension == static_cast<int>(m));

  // Subsets of size 1..m in order of size, then lexicographic.
  std::vector<std::vector<std::size_t>> subsets;
  for (std::size_t d = 1; d <= m; ++d) {
    std::vector<std::size_t> c(d);
    for (std::size_t i = 0; i < d; ++i) c[i] = i;
    for (;;) {
      subsets.push_back(c);
      std::size_t i = d;
      while (i > 0 && c[i - 1] == p - d + i - 1) --i;
      if (i == 0) break;
      ++c[i - 1];
      for (std::size_t j = i; j < d; ++j) c[j] = c[j - 1] + 1;
    }
  }
  REQUIRE(report.combinations.size() == subsets.size());
  std::vector<std::int32_t> per_record(n, 0);
  std::vector<std::vector<std::size_t>> var_cells(p, std::vector<std::size_t>(m, 0));
  std::vector<std::vector<std::size_t>> var_combos(p, std::vector<std::size_t>(m, 0));
  std::vector<std::size_t> unsafe_cells(m, 0), unsafe_combos(m, 0);
  for (std::size_t s = 0; s < subsets.size(); ++s) {
    const auto& vars = subsets[s];
    const std::size_t d = vars.size();
    const std::int64_t threshold =
        options.thresholds.size() == 1 ? options.thresholds[0] : options.thresholds[d - 1];
    std::map<std::vector<std::int32_t>, brute_cell> cells;
    for (std::size_t i = 0; i < n; ++i) {
      std::vector<std::int32_t> key;
      for (const auto v : vars) key.push_back(keys[v].category(i));
      auto [it, inserted] = cells.try_emplace(key, brute_cell{0, i});
      ++it->second.count;
    }
    std::vector<std::pair<std::vector<std::int32_t>, brute_cell>> unsafe;
    for (const auto& [key, cell] : cells) {
      const bool missing = std::find(key.begin(), key.end(), sdc::missing_category) != key.end();
      if (cell.count < threshold && !(options.missing == sdc::scan_missing::ignore && missing)) {
        unsafe.emplace_back(key, cell);
      }
    }
    std::sort(unsafe.begin(), unsafe.end(), [](const auto& a, const auto& b) {
      return a.second.count != b.second.count ? a.second.count < b.second.count
                                              : a.second.first < b.second.first;
    });
    const auto& result = report.combinations[s];
    CAPTURE(s);
    REQUIRE(result.variables == vars);
    CHECK(result.threshold == threshold);
    CHECK(result.n_cells == cells.size());
    CHECK(result.n_unsafe_cells == unsafe.size());
    std::int64_t records = 0;
    for (const auto& [key, cell] : unsafe) records += cell.count;
    CHECK(result.records_in_unsafe_cells == records);
    REQUIRE(result.cells.size() == unsafe.size());
    CHECK_FALSE(result.cells_truncated);
    for (std::size_t c = 0; c < unsafe.size(); ++c) {
      CHECK(result.cells[c].categories == unsafe[c].first);
      CHECK(result.cells[c].count == unsafe[c].second.count);
      CHECK(result.cells[c].first_record == unsafe[c].second.first);
    }
    if (!unsafe.empty()) {
      ++unsafe_combos[d - 1];
      unsafe_cells[d - 1] += unsafe.size();
      for (const auto v : vars) {
        ++var_combos[v][d - 1];
        var_cells[v][d - 1] += unsafe.size();
      }
      for (std::size_t i = 0; i < n; ++i) {
        std::vector<std::int32_t> key;
        for (const auto v : vars) key.push_back(keys[v].category(i));
        for (const auto& [k, cell] : unsafe) {
          if (k == key) {
            ++per_record[i];
            break;
          }
        }
      }
    }
  }
  CHECK(report.unsafe_cells == unsafe_cells);
  CHECK(report.unsafe_combinations == unsafe_combos);
  for (std::size_t v = 0; v < p; ++v) {
    CHECK(report.variables[v].name == keys[v].name);
    CHECK(report.variables[v].unsafe_cells == var_cells[v]);
    CHECK(report.variables[v].unsafe_combinations == var_combos[v]);
  }
  CHECK(report.unsafe_combinations_per_record == per_record);
  std::size_t affected = 0;
  for (const auto c : per_record) affected += c > 0;
  CHECK(report.records_affected == affected);

  // Without include_safe_combinations: exactly the unsafe ones, same content.
  sdc::combination_scan_options only_unsafe = all;
  only_unsafe.include_safe_combinations = false;
  only_unsafe.per_record = false;
  const auto unsafe_report = sdc::scan_combinations(keys, only_unsafe);
  std::size_t expected = 0;
  for (const auto& r : report.combinations) expected += r.unsafe();
  CHECK(unsafe_report.combinations.size() == expected);
  CHECK(unsafe_report.unsafe_combinations_per_record.empty());
  CHECK(unsafe_report.records_affected == affected);
}

}  // namespace

TEST_CASE("scan_combinations: hand-worked example") {
  const std::vector<sdc::factorized_column> columns{
      sdc::factorize("A", {"a", "a", "b", "b", "b", "c"}),
      sdc::factorize("B", {"x", "y", "x", "x", "y", "y"})};
  const auto keys = sdc_test::views_of(columns);
  sdc::combination_scan_options options;
  options.max_dimension = 2;
  options.thresholds = {2};
  options.per_record = true;
  const auto report = sdc::scan_combinations(keys, options);
  // A: a 2, b 3, c 1 -> c unsafe. B: x 3, y 3 -> safe. A x B: (a,x) 1, (a,y) 1, (b,x) 2,
  // (b,y) 1, (c,y) 1 -> four unsafe cells.
  REQUIRE(report.combinations.size() == 2);
  const auto& a = report.combinations[0];
  CHECK(a.variables == std::vector<std::size_t>{0});
  CHECK(a.n_cells == 3);
  CHECK(a.n_unsafe_cells == 1);
  CHECK(a.records_in_unsafe_cells == 1);
  REQUIRE(a.cells.size() == 1);
  CHECK(a.cells[0].categories == std::vector<std::int32_t>{2});  // "c"
  CHECK(a.cells[0].first_record == 5);
  const auto& ab = report.combinations[1];
  CHECK(ab.variables == std::vector<std::size_t>{0, 1});
  CHECK(ab.n_cells == 5);
  CHECK(ab.n_unsafe_cells == 4);
  CHECK(ab.records_in_unsafe_cells == 4);
  REQUIRE(ab.cells.size() == 4);
  CHECK(ab.cells[0].categories == std::vector<std::int32_t>{0, 0});  // a, x
  CHECK(ab.cells[1].categories == std::vector<std::int32_t>{0, 1});  // a, y
  CHECK(ab.cells[2].categories == std::vector<std::int32_t>{1, 1});  // b, y
  CHECK(ab.cells[3].categories == std::vector<std::int32_t>{2, 1});  // c, y
  CHECK(report.combinations_scanned == std::vector<std::size_t>{2, 1});
  CHECK(report.unsafe_combinations == std::vector<std::size_t>{1, 1});
  CHECK(report.unsafe_cells == std::vector<std::size_t>{1, 4});
  CHECK(report.variables[0].unsafe_combinations == std::vector<std::size_t>{1, 1});
  CHECK(report.variables[0].unsafe_cells == std::vector<std::size_t>{1, 4});
  CHECK(report.variables[1].unsafe_combinations == std::vector<std::size_t>{0, 1});
  CHECK(report.variables[1].unsafe_cells == std::vector<std::size_t>{0, 4});
  CHECK(report.records_affected == 4);
  CHECK(report.unsafe_combinations_per_record == std::vector<std::int32_t>{1, 1, 0, 0, 1, 2});

  SUBCASE("per-dimension thresholds") {
    options.thresholds = {3, 1};
    const auto r = sdc::scan_combinations(keys, options);
    // A: a (2) and c (1) below 3; threshold 1 makes nothing unsafe in dimension 2.
    REQUIRE(r.combinations.size() == 1);
    CHECK(r.combinations[0].n_unsafe_cells == 2);
    CHECK(r.combinations[0].records_in_unsafe_cells == 3);
    CHECK(r.records_affected == 3);
    CHECK(r.thresholds == std::vector<std::int64_t>{3, 1});
  }
  SUBCASE("listing limit") {
    options.max_listed_cells = 2;
    const auto r = sdc::scan_combinations(keys, options);
    CHECK(r.combinations[1].n_unsafe_cells == 4);
    CHECK(r.combinations[1].cells.size() == 2);
    CHECK(r.combinations[1].cells_truncated);
  }
  SUBCASE("dimension capped at the number of keys") {
    options.max_dimension = 5;
    options.thresholds = {2};
    const auto r = sdc::scan_combinations(keys, options);
    CHECK(r.max_dimension == 2);
    CHECK(r.combinations_scanned == std::vector<std::size_t>{2, 1});
  }
}

TEST_CASE("scan_combinations: missing values as a category or ignored") {
  const std::vector<sdc::factorized_column> columns{
      sdc::factorize("A", {"a", "a", "NA", "b", "b"}), sdc::factorize("B", {"x", "x", "x", "x", "y"})};
  REQUIRE(columns[0].codes[2] == -1);  // factorize maps "NA" to missing
  const auto keys = sdc_test::views_of(columns);
  sdc::combination_scan_options options;
  options.max_dimension = 2;
  options.thresholds = {2};
  const auto as_category = sdc::scan_combinations(keys, options);
  options.missing = sdc::scan_missing::ignore;
  const auto ignored = sdc::scan_combinations(keys, options);
  // A: the missing cell (1 record) is unsafe as a category, not when ignored.
  CHECK(as_category.unsafe_cells[0] == 2);  // NA (1) and y in B (1)
  CHECK(ignored.unsafe_cells[0] == 1);      // y only
  CHECK(as_category.unsafe_cells[1] == 3);  // (NA,x), (b,x), (b,y)
  CHECK(ignored.unsafe_cells[1] == 2);      // (b,x), (b,y)
  check_against_brute_force(keys, options);
}

TEST_CASE("scan_combinations: brute force on random data (dense path)") {
  const auto data = make_keys(400, {2, 3, 5, 4, 7, 3}, 0.05, 17);
  for (const auto missing : {sdc::scan_missing::category, sdc::scan_missing::ignore}) {
    sdc::combination_scan_options options;
    options.missing = missing;
    options.max_dimension = 3;
    options.thresholds = {10, 4, 2};
    check_against_brute_force(data.views, options);
    options.max_dimension = 4;
    options.thresholds = {3};
    check_against_brute_force(data.views, options);
  }
}

TEST_CASE("scan_combinations: brute force when records share few distinct keys (compressed)") {
  // 3 x 4 x 2 x 5 (+ missing) keys for 2000 records: far fewer distinct keys than records, so
  // the scan runs on the distinct keys weighted by their counts.
  const auto data = make_keys(2000, {3, 4, 2, 5}, 0.03, 41);
  for (const auto missing : {sdc::scan_missing::category, sdc::scan_missing::ignore}) {
    sdc::combination_scan_options options;
    options.missing = missing;
    options.max_dimension = 4;
    options.thresholds = {40, 20, 10, 5};
    check_against_brute_force(data.views, options);
  }
}

TEST_CASE("scan_combinations: brute force, few distinct keys in a huge key space (hashed)") {
  // 3000 categories per key but only 10 used: the full-key space is too large for a dense
  // table, yet the 2000 records have few distinct keys.
  auto data = make_keys(2000, {10, 10, 10}, 0.02, 43);
  for (std::size_t v = 0; v < data.codes.size(); ++v) {
    for (auto& code : data.codes[v]) {
      if (code >= 0) code *= 300;
    }
    data.views[v].n_categories = 3000;
  }
  sdc::combination_scan_options options;
  options.max_dimension = 3;
  options.thresholds = {30, 10, 4};
  check_against_brute_force(data.views, options);
}

TEST_CASE("scan_combinations: brute force with R-style codes (1-based, NA_integer_)") {
  const auto data = make_keys(300, {4, 6, 3, 5}, 0.1, 23, 1, sdc::r_na_integer);
  sdc::combination_scan_options options;
  options.max_dimension = 4;
  options.thresholds = {5, 3, 2, 2};
  check_against_brute_force(data.views, options);
}

TEST_CASE("scan_combinations: brute force on high-cardinality keys (hashed path)") {
  // 300 records, 5000 categories per key: prefix classes x categories exceed the dense table.
  const auto data = make_keys(300, {5000, 5000, 5000}, 0.02, 31);
  sdc::combination_scan_options options;
  options.max_dimension = 3;
  options.thresholds = {2};
  check_against_brute_force(data.views, options);
}

TEST_CASE("scan_combinations: SDC Practice Guide keys, every record in an unsafe 4-way cell") {
  const sdc_test::practice_guide_example example;
  sdc::combination_scan_options options;
  options.max_dimension = 4;
  options.thresholds = {1, 1, 1, 3};
  const auto report = sdc::scan_combinations(example.views(), options);
  // The 4-way combination is the full key: fk = 2 2 1 2 1 2 1 1 2 2, all below 3 (methods.md 4.1).
  REQUIRE(report.combinations.size() == 1);
  CHECK(report.combinations[0].n_cells == 7);
  CHECK(report.combinations[0].n_unsafe_cells == 7);
  CHECK(report.records_affected == 10);
  options.thresholds = {1, 1, 1, 2};
  const auto k2 = sdc::scan_combinations(example.views(), options);
  CHECK(k2.combinations[0].n_unsafe_cells == 4);  // the four sample uniques
  CHECK(k2.records_affected == 4);
}

TEST_CASE("scan_combinations: options and inputs are checked") {
  const auto data = make_keys(50, {3, 3, 3}, 0.0, 1);
  sdc::combination_scan_options options;
  options.max_dimension = 0;
  CHECK_THROWS_AS(sdc::scan_combinations(data.views, options), sdc::invalid_input);
  options.max_dimension = 2;
  options.thresholds = {3, 2, 1};
  CHECK_THROWS_AS(sdc::scan_combinations(data.views, options), sdc::invalid_input);
  options.thresholds = {0};
  CHECK_THROWS_AS(sdc::scan_combinations(data.views, options), sdc::invalid_input);
  options.thresholds = {2};
  options.max_combinations = 5;  // 3 + 3 = 6 combinations
  CHECK_THROWS_AS(sdc::scan_combinations(data.views, options), sdc::invalid_input);
  CHECK_THROWS_AS(sdc::scan_combinations({}, {}), sdc::invalid_input);
  auto views = data.views;
  views[1].size = 49;
  CHECK_THROWS_AS(sdc::scan_combinations(views, {}), sdc::invalid_input);
  auto bad_codes = data.codes[0];
  bad_codes[7] = 9;
  auto bad = data.views;
  bad[0].codes = bad_codes.data();
  CHECK_THROWS_AS(sdc::scan_combinations(bad, {}), sdc::invalid_input);
  CHECK(sdc::scan_missing_from_string(sdc::to_string(sdc::scan_missing::ignore)) ==
        sdc::scan_missing::ignore);
  CHECK_THROWS_AS(sdc::scan_missing_from_string("wildcard"), sdc::invalid_input);
  CHECK(sdc::combination_scan_options::defaults().max_dimension == 3);
}

TEST_CASE("scan_combinations: no records") {
  const std::vector<std::int32_t> empty;
  sdc::categorical_view view;
  view.name = "A";
  view.codes = empty.data();
  view.size = 0;
  view.n_categories = 2;
  const auto report = sdc::scan_combinations({view, view}, {});
  CHECK(report.n_records == 0);
  CHECK(report.combinations.empty());
  CHECK(report.combinations_scanned == std::vector<std::size_t>{2, 1});
  CHECK(report.records_affected == 0);
}
