// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <sdc/core/factorize.hpp>
#include <sdc/risk/l_diversity.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "risk_example.hpp"

namespace {

sdc::categorical_view raw_view(const std::string& name, const std::vector<std::int32_t>& codes,
                               std::int32_t k) {
  sdc::categorical_view v;
  v.name = name;
  v.codes = codes.data();
  v.size = codes.size();
  v.n_categories = k;
  return v;
}

}  // namespace

TEST_CASE("l_diversity: SDC Practice Guide example, distinct l-diversity of Health") {
  const sdc_test::practice_guide_example example;
  const auto health =
      sdc::factorize("Health", {"yes", "yes", "yes", "yes", "yes", "no", "no", "yes", "no", "yes"});
  const auto result = sdc::l_diversity(example.views(), {health.view()});
  CHECK(result.distinct("Health").to_vector() ==
        std::vector<std::int64_t>{1, 1, 1, 2, 1, 2, 1, 1, 2, 2});
  CHECK(result.min_distinct().to_vector() == result.distinct("Health").to_vector());
  // Classes of sizes 2 (yes, yes), 1, 2 (yes, no), 1, 1, 1, 2 (no, yes).
  CHECK(result.distinct_summary.minimum == 1);
  CHECK(result.distinct_summary.classes_below == 5);
  CHECK(result.distinct_summary.records_below == 6);
  // A class with one value of each: entropy l = exp(log 2) = 2; recursive (2,2): 1 < 2 * 1.
  CHECK(result.entropy("Health")[3] == doctest::Approx(2.0));
  CHECK(result.recursive("Health")[3] == 2);
  CHECK(result.entropy("Health")[0] == doctest::Approx(1.0));
  CHECK(result.recursive("Health")[0] == 1);
}

TEST_CASE("l_diversity: entropy and recursive (c,l) on small classes, by hand") {
  // One class; sensitive counts 3, 2, 1 (values a a a b b c).
  const std::vector<std::int32_t> key(6, 0);
  const std::vector<std::int32_t> s{0, 0, 0, 1, 1, 2};
  const auto keys = std::vector<sdc::categorical_view>{raw_view("k", key, 1)};
  const auto sensitive = std::vector<sdc::categorical_view>{raw_view("s", s, 3)};

  // sdcMicro 5.8.2 ldiversity() gives the same: distinct 3, entropy 2.749459, recursive 2
  // (c = 2), 1 (c = 1), 3 (c = 4).
  const auto result = sdc::l_diversity(keys, sensitive);
  const double h = -(0.5 * std::log(0.5) + (1.0 / 3) * std::log(1.0 / 3) + (1.0 / 6) * std::log(1.0 / 6));
  CHECK(result.variables[0].class_distinct[0] == 3);
  CHECK(result.variables[0].class_entropy[0] == doctest::Approx(std::exp(h)).epsilon(1e-12));
  CHECK(result.variables[0].class_entropy[0] == doctest::Approx(2.7495).epsilon(1e-4));
  // c = 2: l = 3 needs 3 < 2 * 1 (no); l = 2: 3 < 2 * (2 + 1) (yes).
  CHECK(result.variables[0].class_recursive[0] == 2);

  sdc::l_diversity_options options;
  options.recursive_c = 1;  // l = 1: 3 < 6 (yes); l = 2: 3 < 3 (no)
  CHECK(sdc::l_diversity(keys, sensitive, options).variables[0].class_recursive[0] == 1);
  options.recursive_c = 0.4;  // l = 1: 3 < 2.4 (no): not even (0.4, 1)-diverse
  CHECK(sdc::l_diversity(keys, sensitive, options).variables[0].class_recursive[0] == 0);
  options.recursive_c = 4;  // l = 3: 3 < 4 (yes)
  CHECK(sdc::l_diversity(keys, sensitive, options).variables[0].class_recursive[0] == 3);

  // Counts 3 and 1: entropy exp(-(0.75 log 0.75 + 0.25 log 0.25)) = 1.7548.
  const std::vector<std::int32_t> s2{0, 0, 0, 1, 0, 0};
  const std::vector<std::int32_t> key2{0, 0, 0, 0, 1, 1};
  const auto r2 = sdc::l_diversity({raw_view("k", key2, 2)}, {raw_view("s", s2, 2)});
  CHECK(r2.variables[0].class_entropy[0] == doctest::Approx(1.7548).epsilon(1e-4));
  CHECK(r2.variables[0].class_recursive[0] == 1);  // 3 < 2 * 1 fails at l = 2
  CHECK(r2.variables[0].class_entropy[1] == doctest::Approx(1.0));
}

TEST_CASE("l_diversity: missing sensitive values are ignored; sdcMicro counts each as a value") {
  // Class 0: a a NA NA; class 1: NA NA (all missing).
  const std::vector<std::int32_t> key{0, 0, 0, 0, 1, 1};
  const std::vector<std::int32_t> s{0, 0, -1, -1, -1, -1};
  const std::vector<sdc::categorical_view> keys{raw_view("k", key, 2)};
  const std::vector<sdc::categorical_view> sensitive{raw_view("s", s, 2)};
  const auto result = sdc::l_diversity(keys, sensitive);
  CHECK(result.variables[0].class_distinct == std::vector<std::int64_t>{1, 0});
  CHECK(result.variables[0].class_entropy[0] == doctest::Approx(1.0));
  CHECK(result.variables[0].class_entropy[1] == 0);
  CHECK(result.variables[0].class_recursive == std::vector<std::int64_t>{1, 0});

  sdc::l_diversity_options options;
  options.sdcmicro_compatible = true;
  const auto compatible = sdc::l_diversity(keys, sensitive, options);
  // Counts 2, 1, 1: three distinct values, entropy exp(-(0.5 log 0.5 + 2 * 0.25 log 0.25)).
  // sdcMicro 5.8.2 ldiversity() on the same data: distinct 3 and 2, entropy 2.828427 and 2,
  // recursive 2 and 2.
  CHECK(compatible.variables[0].class_distinct == std::vector<std::int64_t>{3, 2});
  CHECK(compatible.variables[0].class_entropy[0] == doctest::Approx(2.0 * std::sqrt(2.0)));
  CHECK(compatible.variables[0].class_entropy[1] == doctest::Approx(2.0));
  CHECK(compatible.variables[0].class_recursive == std::vector<std::int64_t>{2, 2});
}

TEST_CASE("l_diversity: sdcMicro never reports a recursive l below 1") {
  // Counts 3, 2, 1 and c = 0.4: even l = 1 fails (3 < 0.4 * 6 is false). sdcMicro 5.8.2: 1.
  const std::vector<std::int32_t> key(6, 0);
  const std::vector<std::int32_t> s{0, 0, 0, 1, 1, 2};
  sdc::l_diversity_options options;
  options.recursive_c = 0.4;
  CHECK(sdc::l_diversity({raw_view("k", key, 1)}, {raw_view("s", s, 3)}, options)
            .variables[0].class_recursive[0] == 0);
  options.sdcmicro_compatible = true;
  CHECK(sdc::l_diversity({raw_view("k", key, 1)}, {raw_view("s", s, 3)}, options)
            .variables[0].class_recursive[0] == 1);
}

TEST_CASE("l_diversity: several sensitive variables, minimum per record") {
  const std::vector<std::int32_t> key{0, 0, 0, 1, 1};
  const std::vector<std::int32_t> a{0, 1, 2, 0, 0};  // class 0: 3 values, class 1: 1
  const std::vector<std::int32_t> b{0, 0, 0, 0, 1};  // class 0: 1 value, class 1: 2
  const auto result = sdc::l_diversity({raw_view("k", key, 2)}, {raw_view("a", a, 3), raw_view("b", b, 2)});
  CHECK(result.distinct("a").to_vector() == std::vector<std::int64_t>{3, 3, 3, 1, 1});
  CHECK(result.distinct("b").to_vector() == std::vector<std::int64_t>{1, 1, 1, 2, 2});
  CHECK(result.min_distinct().to_vector() == std::vector<std::int64_t>{1, 1, 1, 1, 1});
  CHECK(result.min_entropy()[0] == doctest::Approx(1.0));
  CHECK(result.distinct_summary.classes_below == 2);
  CHECK(result.distinct_summary.records_below == 5);
  CHECK(result.variable("a").distinct_summary.records_below == 2);
}

TEST_CASE("l_diversity: missing key values as a category or never matching") {
  // Records 3 and 4 share a missing key: one class under `category`, two under `never`.
  const std::vector<std::int32_t> key{0, 0, -1, -1};
  const std::vector<std::int32_t> s{0, 1, 0, 1};
  const auto category = sdc::l_diversity({raw_view("k", key, 1)}, {raw_view("s", s, 2)});
  CHECK(category.min_distinct().to_vector() == std::vector<std::int64_t>{2, 2, 2, 2});
  sdc::l_diversity_options options;
  options.key_missing = sdc::missing_semantics::never;
  const auto never = sdc::l_diversity({raw_view("k", key, 1)}, {raw_view("s", s, 2)}, options);
  CHECK(never.min_distinct().to_vector() == std::vector<std::int64_t>{2, 2, 1, 1});
}

TEST_CASE("l_diversity: bad input") {
  const std::vector<std::int32_t> key{0, 0, 1}, s{0, 1, 0}, short_s{0, 1}, bad{0, 9, 0};
  const std::vector<sdc::categorical_view> keys{raw_view("k", key, 2)};
  CHECK_THROWS_AS(sdc::l_diversity(keys, {}), sdc::invalid_input);
  CHECK_THROWS_AS(sdc::l_diversity(std::vector<sdc::categorical_view>{}, {raw_view("s", s, 2)}),
                  sdc::invalid_input);
  try {
    (void)sdc::l_diversity(keys, {raw_view("s", short_s, 2)});
    FAIL("expected an exception");
  } catch (const sdc::invalid_input& e) {
    CHECK(e.code() == sdc::errc::length_mismatch);
  }
  CHECK_THROWS_AS(sdc::l_diversity(keys, {raw_view("s", bad, 2)}), sdc::invalid_input);
  CHECK_THROWS_AS(sdc::l_diversity(keys, {raw_view("k", s, 2)}), sdc::invalid_input);
  sdc::l_diversity_options options;
  options.recursive_c = 0;
  CHECK_THROWS_AS(sdc::l_diversity(keys, {raw_view("s", s, 2)}, options), sdc::invalid_input);
  options.recursive_c = -1;
  CHECK_THROWS_AS(sdc::l_diversity(keys, {raw_view("s", s, 2)}, options), sdc::invalid_input);
  options = sdc::l_diversity_options::defaults();
  options.key_missing = sdc::missing_semantics::wildcard;
  CHECK_THROWS_AS(sdc::l_diversity(keys, {raw_view("s", s, 2)}, options), sdc::invalid_input);
  const auto result = sdc::l_diversity(keys, {raw_view("s", s, 2)});
  try {
    (void)result.variable("nope");
    FAIL("expected an exception");
  } catch (const sdc::invalid_input& e) {
    CHECK(e.code() == sdc::errc::unknown_column);
  }
}

TEST_CASE("l_diversity: per-record values are views over the per-class values") {
  // The Practice Guide example of the first test case: per record 1 1 1 2 1 2 1 1 2 2 (hand
  // counts of the Health values within each key class).
  const sdc_test::practice_guide_example example;
  const auto health =
      sdc::factorize("Health", {"yes", "yes", "yes", "yes", "yes", "no", "no", "yes", "no", "yes"});
  const auto result = sdc::l_diversity(example.views(), {health.view()});
  const auto& v = result.variable("Health");
  const std::vector<std::int64_t> by_hand{1, 1, 1, 2, 1, 2, 1, 1, 2, 2};
  REQUIRE(result.n_records() == by_hand.size());
  REQUIRE(result.classes.group_of_record.size() == by_hand.size());
  const auto distinct = result.distinct("Health");
  const auto entropy = result.entropy("Health");
  const auto recursive = result.recursive("Health");
  CHECK(distinct.size() == by_hand.size());
  CHECK_FALSE(distinct.empty());
  for (std::size_t i = 0; i < by_hand.size(); ++i) {
    const auto g = static_cast<std::size_t>(result.classes.group_of_record[i]);
    CHECK(v.class_distinct[g] == by_hand[i]);
    CHECK(distinct[i] == by_hand[i]);
    CHECK(distinct.at(i) == by_hand[i]);
    // Two values once each: entropy l 2, recursive (2,2); one value: 1 and 1.
    CHECK(entropy[i] == doctest::Approx(static_cast<double>(by_hand[i])));
    CHECK(recursive[i] == by_hand[i]);
  }
  CHECK_THROWS_AS((void)distinct.at(by_hand.size()), std::out_of_range);
  // Iterators: a range-for and a vector built from them visit the records in input order.
  std::vector<std::int64_t> visited;
  for (const std::int64_t value : distinct) visited.push_back(value);
  CHECK(visited == by_hand);
  CHECK(std::vector<std::int64_t>(distinct.begin(), distinct.end()) == by_hand);
  CHECK(distinct.end() - distinct.begin() == static_cast<std::ptrdiff_t>(by_hand.size()));
  // The generic view over any per-class vector; one value per class is required.
  CHECK(result.per_record(v.class_recursive).to_vector() == by_hand);
  const std::vector<double> too_short(result.classes.n_groups() - 1, 0.0);
  try {
    (void)result.per_record(too_short);
    FAIL("expected an exception");
  } catch (const sdc::invalid_input& e) {
    CHECK(e.code() == sdc::errc::length_mismatch);
  }
  CHECK_THROWS_AS((void)result.distinct("nope"), sdc::invalid_input);
  CHECK(result.distinct_summary.minimum == 1);
  CHECK(result.distinct_summary.classes_below == 5);
  CHECK(result.distinct_summary.records_below == 6);
  CHECK(v.distinct_summary.records_below == 6);
}

TEST_CASE("l_diversity: a sensitive variable with many categories (classes counted by sorting)") {
  // 100,000 categories for 6 records: too many for a class x category table, so the counts
  // come from the records sorted by class. Class 0: 5 5 99999 7 (counts 2, 1, 1); class 1:
  // 3 3 (one value).
  const std::vector<std::int32_t> key{0, 0, 1, 0, 1, 0};
  const std::vector<std::int32_t> s{5, 5, 3, 99999, 3, 7};
  const auto result = sdc::l_diversity({raw_view("k", key, 2)}, {raw_view("s", s, 100000)});
  const auto& v = result.variables[0];
  CHECK(v.class_distinct == std::vector<std::int64_t>{3, 1});
  // exp(-(0.5 log 0.5 + 2 * 0.25 log 0.25)) = 2^1.5.
  CHECK(v.class_entropy[0] == doctest::Approx(2.0 * std::sqrt(2.0)).epsilon(1e-12));
  CHECK(v.class_entropy[1] == doctest::Approx(1.0));
  // c = 2: l = 3: 2 < 2 * 1 (no); l = 2: 2 < 2 * (1 + 1) (yes).
  CHECK(v.class_recursive == std::vector<std::int64_t>{2, 1});
  CHECK(result.distinct("s").to_vector() == std::vector<std::int64_t>{3, 3, 1, 3, 1, 3});
}

TEST_CASE("l_diversity: a class of 100 records with missing sensitive values, both conventions") {
  // One class: 50 x a, 30 x b, 20 missing (a class larger than the cached p log p terms).
  std::vector<std::int32_t> s(50, 0);
  s.insert(s.end(), 30, 1);
  s.insert(s.end(), 20, -1);
  const std::vector<std::int32_t> key(s.size(), 0);
  const std::vector<sdc::categorical_view> keys{raw_view("k", key, 1)};
  const std::vector<sdc::categorical_view> sensitive{raw_view("s", s, 2)};
  const auto result = sdc::l_diversity(keys, sensitive);
  const double h = -(0.625 * std::log(0.625) + 0.375 * std::log(0.375));
  CHECK(result.variables[0].class_distinct[0] == 2);
  CHECK(result.variables[0].class_entropy[0] == doctest::Approx(std::exp(h)).epsilon(1e-12));
  CHECK(result.variables[0].class_recursive[0] == 2);  // 50 < 2 * 30
  sdc::l_diversity_options options;
  options.sdcmicro_compatible = true;
  const auto compatible = sdc::l_diversity(keys, sensitive, options);
  // sdcMicro: counts 50, 30 and twenty 1s (each missing value a distinct value) of 100.
  const double h_compatible = -(0.5 * std::log(0.5) + 0.3 * std::log(0.3) + 20 * 0.01 * std::log(0.01));
  CHECK(compatible.variables[0].class_distinct[0] == 22);
  CHECK(compatible.variables[0].class_entropy[0] ==
        doctest::Approx(std::exp(h_compatible)).epsilon(1e-12));
  // l = 2: 50 < 2 * (30 + 20) (yes); l = 3: 50 < 2 * 20 (no).
  CHECK(compatible.variables[0].class_recursive[0] == 2);
}

TEST_CASE("l_diversity: a class of over 65,535 records (counts beyond 16 bits)") {
  // One class: 70,000 x a, 30,000 x b, 1,000 missing; a second class of one record. The dense
  // count table uses 16-bit counters only while every class fits in them: 70,000 would wrap
  // to 4,464 and give other values.
  std::vector<std::int32_t> s(70000, 0);
  s.insert(s.end(), 30000, 1);
  s.insert(s.end(), 1000, -1);
  std::vector<std::int32_t> key(s.size(), 0);
  s.push_back(1);
  key.push_back(1);
  const auto result = sdc::l_diversity({raw_view("k", key, 2)}, {raw_view("s", s, 2)});
  const auto& v = result.variables[0];
  CHECK(v.class_distinct == std::vector<std::int64_t>{2, 1});
  // p = 0.7, 0.3: exp(-(0.7 log 0.7 + 0.3 log 0.3)) = exp(0.24967 + 0.36119) = 1.8420.
  CHECK(v.class_entropy[0] == doctest::Approx(std::exp(-(0.7 * std::log(0.7) + 0.3 * std::log(0.3)))).epsilon(1e-12));
  CHECK(v.class_entropy[0] == doctest::Approx(1.8420).epsilon(1e-4));
  // c = 2: l = 2: 70000 < 2 * 30000 (no); l = 1: 70000 < 2 * 100000 (yes).
  CHECK(v.class_recursive == std::vector<std::int64_t>{1, 1});
  CHECK(result.distinct("s")[100999] == 2);
  CHECK(result.distinct("s")[101000] == 1);
}

// ---- sdcMicro 5.8.2 golden files (tests/data/sdcmicro, tests/data/generate_golden.R) ----

namespace {

// Per-record values (a view over the per-class values) as doubles, for check_close.
std::vector<double> as_doubles(const sdc::per_record_values<std::int64_t>& values) {
  return std::vector<double>(values.begin(), values.end());
}

}  // namespace

TEST_CASE("l_diversity: sdcMicro golden, testdata (keys with and without missing values)") {
  using namespace sdc_test;
  if (!have_files({shared_path("testdata.csv"), golden_path("testdata_ldiversity.csv"),
                   golden_path("testdata_na_records.csv")})) {
    return;
  }
  for (const bool with_na : {false, true}) {
    CAPTURE(with_na);
    const sdcmicro_testdata data(with_na);
    const auto hhcivil = sdc::factorize("hhcivil", data.data.text("hhcivil"));
    // Missing key values are a category of their own in sdcMicro's ldiversity (the default).
    const auto result = sdc::l_diversity(data.views(), {hhcivil.view()});
    if (!with_na) {
      const auto golden = read_csv(golden_path("testdata_ldiversity.csv"));
      check_close(as_doubles(result.distinct("hhcivil")), golden.numbers("distinct_l"), "distinct l");
      check_close(result.entropy("hhcivil").to_vector(), golden.numbers("entropy_l"), "entropy l");
      check_close(as_doubles(result.recursive("hhcivil")), golden.numbers("recursive_l"), "recursive l");
    } else {
      const auto golden = read_csv(golden_path("testdata_na_records.csv"));
      check_close(as_doubles(result.distinct("hhcivil")), golden.numbers("ldiv_distinct_l"), "distinct l");
    }
  }
}

TEST_CASE("l_diversity: sdcMicro golden, the Practice Guide example") {
  using namespace sdc_test;
  if (!have_files({golden_path("guide_records.csv")})) return;
  const auto golden = read_csv(golden_path("guide_records.csv"));
  const auto keys = factorize_columns(golden, {"Residence", "Gender", "Education", "Labor"});
  const auto health = sdc::factorize("Health", golden.text("Health"));
  const auto result = sdc::l_diversity(views_of(keys), {health.view()});
  check_close(as_doubles(result.min_distinct()), golden.numbers("distinct_l"), "distinct l");
  check_close(result.min_entropy().to_vector(), golden.numbers("entropy_l"), "entropy l");
  check_close(as_doubles(result.min_recursive()), golden.numbers("recursive_l"), "recursive l");
}
