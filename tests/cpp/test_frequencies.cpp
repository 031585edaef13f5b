// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <sdc/risk/frequencies.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "risk_example.hpp"

using sdc_test::numeric;
using sdc_test::views_of;

namespace {
void check_values(const std::vector<double>& actual, const std::vector<double>& expected,
                  double tolerance = 1e-12) {
  REQUIRE(actual.size() == expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    INFO("record " << i + 1);
    CHECK(actual[i] == doctest::Approx(expected[i]).epsilon(tolerance));
  }
}
}  // namespace

TEST_CASE("missing_semantics: names round-trip, unknown names are an error") {
  for (auto m : {sdc::missing_semantics::category, sdc::missing_semantics::wildcard,
                 sdc::missing_semantics::never}) {
    CHECK(sdc::missing_semantics_from_string(sdc::to_string(m)) == m);
  }
  CHECK(sdc::to_string(sdc::missing_semantics::wildcard) == "wildcard");
  CHECK_THROWS_AS(sdc::missing_semantics_from_string("NA"), sdc::invalid_input);
}

TEST_CASE("compute_key_frequencies: SDC Practice Guide example (methods.md 4.1)") {
  const sdc_test::practice_guide_example example;
  const auto weights = example.weight_view();
  const auto result = sdc::compute_key_frequencies(example.views(), &weights);
  check_values(result.fk, {2, 2, 1, 2, 1, 2, 1, 1, 2, 2});
  check_values(result.Fk, {360, 360, 215, 152, 186, 152, 180, 215, 262, 262});
  CHECK(result.weighted);
  CHECK(result.warnings.empty());
  CHECK(result.grouping.n_groups() == 7);

  SUBCASE("without weights Fk = fk") {
    const auto unweighted = sdc::compute_key_frequencies(example.views(), nullptr);
    CHECK_FALSE(unweighted.weighted);
    check_values(unweighted.Fk, unweighted.fk);
  }
  SUBCASE("all three semantics agree when nothing is missing") {
    for (auto m : {sdc::missing_semantics::wildcard, sdc::missing_semantics::never}) {
      sdc::frequency_options options;
      options.missing = m;
      const auto other = sdc::compute_key_frequencies(example.views(), &weights, options);
      check_values(other.fk, result.fk);
      check_values(other.Fk, result.Fk);
    }
  }
}

TEST_CASE("compute_key_frequencies: NA as wildcard, Practice Guide table 4.2 gives fk = 2 2 3") {
  const std::vector<sdc::factorized_column> keys{
      sdc::factorize("Gender", {"Male", "Male", "Male"}),
      sdc::factorize("Education", {"SecComplete", "SecIncomplete", "NA"}),
      sdc::factorize("Labor", {"Employed", "Employed", "Employed"})};
  sdc::frequency_options options;
  options.missing = sdc::missing_semantics::wildcard;
  options.allow_constant_keys = true;
  const auto result = sdc::compute_key_frequencies(views_of(keys), nullptr, options);
  check_values(result.fk, {2, 2, 3});
  check_values(result.Fk, {2, 2, 3});

  options.missing = sdc::missing_semantics::category;
  check_values(sdc::compute_key_frequencies(views_of(keys), nullptr, options).fk, {1, 1, 1});
  options.missing = sdc::missing_semantics::never;
  check_values(sdc::compute_key_frequencies(views_of(keys), nullptr, options).fk, {1, 1, 1});
}

namespace {
// Seven records on keys A, B, C with every kind of contribution (worked out by hand in the
// test below): complete keys, keys missing on one variable, a key missing on every variable.
struct wildcard_case {
  std::vector<sdc::factorized_column> keys{
      sdc::factorize("A", {"a", "a", "a", "a", "NA", "NA", "b"}),
      sdc::factorize("B", {"x", "x", "y", "NA", "x", "NA", "NA"}),
      sdc::factorize("C", {"1", "1", "1", "1", "1", "NA", "2"})};
  std::vector<double> w{10, 20, 30, 40, 50, 60, 70};
};
}  // namespace

TEST_CASE("compute_key_frequencies: wildcard with alpha = 0.5, by hand") {
  const wildcard_case data;
  const auto weights = numeric("w", data.w);
  sdc::frequency_options options;
  options.missing = sdc::missing_semantics::wildcard;
  options.alpha = 0.5;
  const auto result = sdc::compute_key_frequencies(views_of(data.keys), &weights, options);
  // r1, r2 (a,x,1): own 2 + alpha (a,NA,1) + alpha (NA,x,1)                 = 3
  // r3 (a,y,1):     own 1 + alpha (a,NA,1)                                  = 1.5
  // r4 (a,NA,1):    own 1 + complete 2 + 1 + alpha (NA,x,1) + alpha (all NA) = 5
  // r5 (NA,x,1):    own 1 + complete 2 + alpha (a,NA,1) + alpha (all NA)     = 4
  // r6 (NA,NA,NA):  n                                                       = 7
  // r7 (b,NA,2):    own 1 + alpha (all NA)                                  = 1.5
  check_values(result.fk, {3, 3, 1.5, 5, 4, 7, 1.5});
  // The same sums with each contribution multiplied by the contributing record's weight.
  check_values(result.Fk, {75, 75, 50, 155, 130, 280, 100});
  // The classes are the distinct keys, missing as a category.
  CHECK(result.grouping.n_groups() == 6);

  SUBCASE("alpha = 1") {
    options.alpha = 1.0;
    const auto full = sdc::compute_key_frequencies(views_of(data.keys), &weights, options);
    check_values(full.fk, {4, 4, 2, 6, 5, 7, 2});
    check_values(full.Fk, {120, 120, 70, 210, 180, 280, 130});
  }
  SUBCASE("alpha = 0: keys with missing values add nothing") {
    options.alpha = 0.0;
    const auto none = sdc::compute_key_frequencies(views_of(data.keys), &weights, options);
    check_values(none.fk, {2, 2, 1, 4, 3, 7, 1});
  }
  SUBCASE("without weights Fk = fk") {
    const auto unweighted = sdc::compute_key_frequencies(views_of(data.keys), nullptr, options);
    check_values(unweighted.Fk, {3, 3, 1.5, 5, 4, 7, 1.5});
  }
}

namespace {
// Pseudo-random data with many missing-value patterns; the pairwise definition is the oracle.
// Category i of key v is drawn from cardinality[v] values.
void check_wildcard_against_pairs(const std::vector<std::int32_t>& cardinality, std::size_t n) {
  const std::size_t n_keys = cardinality.size();
  std::vector<std::vector<std::int32_t>> codes(n_keys, std::vector<std::int32_t>(n));
  std::vector<double> w(n);
  std::uint32_t state = 12345;
  auto next = [&state]() {
    state = state * 1664525U + 1013904223U;
    return state >> 8;
  };
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t v = 0; v < n_keys; ++v) {
      codes[v][i] = next() % 5 == 0 ? -1 : static_cast<std::int32_t>(next() % (v + 2) * (cardinality[v] / (v + 2)));
    }
    w[i] = 1.0 + static_cast<double>(next() % 100) / 10.0;
  }
  std::vector<sdc::categorical_view> keys;
  for (std::size_t v = 0; v < n_keys; ++v) {
    sdc::categorical_view view;
    view.name = "k" + std::to_string(v);
    view.codes = codes[v].data();
    view.size = n;
    view.n_categories = cardinality[v];
    keys.push_back(view);
  }
  const auto weights = numeric("w", w);
  for (const double alpha : {1.0, 0.5, 0.1}) {
    sdc::frequency_options options;
    options.missing = sdc::missing_semantics::wildcard;
    options.alpha = alpha;
    const auto result = sdc::compute_key_frequencies(keys, &weights, options);
    for (std::size_t i = 0; i < n; ++i) {
      bool i_complete = true, i_all_missing = true;
      for (std::size_t v = 0; v < n_keys; ++v) {
        (codes[v][i] < 0 ? i_complete : i_all_missing) = false;
      }
      double fk = 0.0, Fk = 0.0;
      for (std::size_t j = 0; j < n; ++j) {
        bool compatible = true, same = true, j_complete = true, j_all_missing = true;
        for (std::size_t v = 0; v < n_keys; ++v) {
          const auto a = codes[v][i], b = codes[v][j];
          if (a >= 0 && b >= 0 && a != b) compatible = false;
          if (a != b) same = false;
          (b < 0 ? j_complete : j_all_missing) = false;
        }
        double c = 0.0;
        if (i_all_missing) c = 1.0;
        else if (!compatible) c = 0.0;
        else if (same) c = 1.0;
        else if (i_complete) c = j_all_missing ? 0.0 : alpha;
        else c = j_complete ? 1.0 : alpha;
        fk += c;
        Fk += c * w[j];
      }
      INFO("alpha " << alpha << " record " << i);
      REQUIRE(result.fk[i] == doctest::Approx(fk).epsilon(1e-12));
      REQUIRE(result.Fk[i] == doctest::Approx(Fk).epsilon(1e-12));
    }
  }
}
}  // namespace

TEST_CASE("compute_key_frequencies: wildcard matches a brute-force pairwise computation") {
  SUBCASE("small cardinalities (dense projections)") { check_wildcard_against_pairs({2, 3, 4, 5}, 400); }
  SUBCASE("large cardinalities (hashed projections)") {
    check_wildcard_against_pairs({2000, 3000, 4000, 5000}, 400);
  }
}

TEST_CASE("compute_key_frequencies: never semantics puts a record with an NA in its own class") {
  const wildcard_case data;
  const auto weights = numeric("w", data.w);
  sdc::frequency_options options;
  options.missing = sdc::missing_semantics::never;
  const auto result = sdc::compute_key_frequencies(views_of(data.keys), &weights, options);
  check_values(result.fk, {2, 2, 1, 1, 1, 1, 1});
  check_values(result.Fk, {30, 30, 30, 40, 50, 60, 70});
  CHECK(result.grouping.n_groups() == 6);
  CHECK(result.grouping.group_of_record == std::vector<std::int32_t>{0, 0, 1, 2, 3, 4, 5});

  SUBCASE("two identical keys with an NA are still two classes") {
    const std::vector<sdc::factorized_column> keys{sdc::factorize("A", {"a", "NA", "NA", "b"}),
                                                   sdc::factorize("B", {"x", "y", "y", "y"})};
    const auto never = sdc::compute_key_frequencies(views_of(keys), nullptr, options);
    check_values(never.fk, {1, 1, 1, 1});
    CHECK(never.grouping.n_groups() == 4);
    options.missing = sdc::missing_semantics::category;
    check_values(sdc::compute_key_frequencies(views_of(keys), nullptr, options).fk, {1, 2, 2, 1});
  }
}

TEST_CASE("compute_key_frequencies: weights below 1 are accepted with a warning") {
  const std::vector<sdc::factorized_column> keys{sdc::factorize("A", {"a", "a", "b"})};
  const std::vector<double> w{0.5, 0.25, 3.0};
  const auto weights = numeric("w", w);
  const auto result = sdc::compute_key_frequencies(views_of(keys), &weights);
  check_values(result.Fk, {0.75, 0.75, 3.0});
  REQUIRE(result.warnings.size() == 1);
  CHECK(result.warnings.front().find("2 record(s)") != std::string::npos);
}

TEST_CASE("compute_key_frequencies: bad input") {
  const std::vector<sdc::factorized_column> keys{sdc::factorize("A", {"a", "a", "b"}),
                                                 sdc::factorize("B", {"x", "y", "y"})};
  const auto views = views_of(keys);
  auto code_of = [](auto&& call) {
    try {
      call();
    } catch (const sdc::error& e) {
      return e.code();
    }
    return sdc::errc::internal;
  };
  CHECK(code_of([&] { sdc::compute_key_frequencies({}, nullptr); }) == sdc::errc::invalid_argument);

  const std::vector<double> nan_weight{1, NAN, 1};
  const auto nan_view = numeric("w", nan_weight);
  CHECK(code_of([&] { sdc::compute_key_frequencies(views, &nan_view); }) == sdc::errc::missing_value);

  const std::vector<double> negative{1, -2, 1};
  const auto negative_view = numeric("w", negative);
  CHECK(code_of([&] { sdc::compute_key_frequencies(views, &negative_view); }) ==
        sdc::errc::negative_value);

  const std::vector<double> short_weights{1, 2};
  const auto short_view = numeric("w", short_weights);
  CHECK(code_of([&] { sdc::compute_key_frequencies(views, &short_view); }) ==
        sdc::errc::length_mismatch);

  sdc::frequency_options options;
  options.alpha = 1.5;
  CHECK(code_of([&] { sdc::compute_key_frequencies(views, nullptr, options); }) ==
        sdc::errc::invalid_argument);
  options.alpha = NAN;
  CHECK(code_of([&] { sdc::compute_key_frequencies(views, nullptr, options); }) ==
        sdc::errc::invalid_argument);

  SUBCASE("a constant key is an error naming the column, unless allowed") {
    const std::vector<sdc::factorized_column> with_constant{
        sdc::factorize("A", {"a", "a", "b"}), sdc::factorize("Country", {"LU", "LU", "LU"})};
    try {
      sdc::compute_key_frequencies(views_of(with_constant), nullptr);
      FAIL("expected an error");
    } catch (const sdc::invalid_input& e) {
      CHECK(e.code() == sdc::errc::invalid_argument);
      CHECK(std::string(e.what()).find("'Country'") != std::string::npos);
    }
    const std::vector<sdc::factorized_column> all_missing{
        sdc::factorize("A", {"a", "a", "b"}), sdc::factorize("Empty", {"", "", ""})};
    CHECK_THROWS_AS(sdc::compute_key_frequencies(views_of(all_missing), nullptr), sdc::invalid_input);
    sdc::frequency_options allow;
    allow.allow_constant_keys = true;
    const auto result = sdc::compute_key_frequencies(views_of(with_constant), nullptr, allow);
    check_values(result.fk, {2, 2, 1});
  }
}

TEST_CASE("compute_key_frequencies: no records gives empty results") {
  const std::vector<std::int32_t> none;
  sdc::categorical_view view;
  view.name = "A";
  view.codes = none.data();
  view.n_categories = 2;
  const auto result = sdc::compute_key_frequencies({view}, nullptr);
  CHECK(result.size() == 0);
  CHECK(result.grouping.n_groups() == 0);
}

TEST_CASE("compute_key_frequencies: a code equal to the number of categories is out of range") {
  const std::vector<std::int32_t> a{0, 1, 2}, b{0, 1, 1};
  sdc::categorical_view va;
  va.name = "a";
  va.codes = a.data();
  va.size = 3;
  va.n_categories = 2;  // code 2 is out of range (it is not the missing code)
  sdc::categorical_view vb = va;
  vb.name = "b";
  vb.codes = b.data();
  CHECK_THROWS_AS(sdc::compute_key_frequencies({va, vb}, nullptr), sdc::invalid_input);
  CHECK_THROWS_AS(sdc::group_by_keys({va}), sdc::invalid_input);
}

// ---- sdcMicro golden files --------------------------------------------------------------------

TEST_CASE("sdcMicro golden: testdata fk and Fk, with and without weights") {
  using namespace sdc_test;
  if (!have_files({shared_path("testdata.csv"), golden_path("testdata_risk.csv")})) return;
  const sdcmicro_testdata td(false);
  const auto golden = read_csv(golden_path("testdata_risk.csv"));
  const auto w = td.weight_view();
  const auto weighted = sdc::compute_key_frequencies(td.views(), &w);
  check_close(weighted.fk, golden.numbers("fk"), "fk");
  check_close(weighted.Fk, golden.numbers("Fk"), "Fk");
  const auto unweighted = sdc::compute_key_frequencies(td.views(), nullptr);
  check_close(unweighted.Fk, golden.numbers("Fk_unweighted"), "Fk unweighted");
}

TEST_CASE("sdcMicro golden: testdata with NAs, wildcard with alpha 1, 0.5 and 0") {
  using namespace sdc_test;
  if (!have_files({shared_path("testdata.csv"), golden_path("testdata_na_records.csv")})) return;
  const sdcmicro_testdata td(true);
  const auto golden = read_csv(golden_path("testdata_na_records.csv"));
  const auto w = td.weight_view();
  for (const auto& [alpha, tag] : std::vector<std::pair<double, std::string>>{
           {1.0, "alpha1"}, {0.5, "alpha05"}, {0.0, "alpha0"}}) {
    sdc::frequency_options options;
    options.missing = sdc::missing_semantics::wildcard;
    options.alpha = alpha;
    const auto f = sdc::compute_key_frequencies(td.views(), &w, options);
    check_close(f.fk, golden.numbers("fk_" + tag), ("fk " + tag).c_str());
    check_close(f.Fk, golden.numbers("Fk_" + tag), ("Fk " + tag).c_str());
  }
}

TEST_CASE("sdcMicro golden: francdat and its NA variant (freqCalc's example), alpha 1, 0.5, 0.1, 0") {
  using namespace sdc_test;
  if (!have_files({shared_path("francdat.csv"), golden_path("francdat_records.csv"),
                   golden_path("francdat_na_records.csv")})) {
    return;
  }
  const std::vector<std::string> names{"Key1", "Key2", "Key3", "Key4"};
  const auto data = read_csv(shared_path("francdat.csv"));
  const auto keys = factorize_columns(data, names);
  const auto weights = data.numbers("w");
  const auto w = numeric("w", weights);
  const auto golden = read_csv(golden_path("francdat_records.csv"));
  const auto f = sdc::compute_key_frequencies(views_of(keys), &w);
  check_close(f.fk, golden.numbers("fk"), "fk");
  check_close(f.Fk, golden.numbers("Fk"), "Fk");

  const auto na = read_csv(golden_path("francdat_na_records.csv"));
  const auto na_keys = factorize_columns(na, names);
  const auto na_weights = na.numbers("w");
  const auto na_w = numeric("w", na_weights);
  for (const auto& [alpha, tag] : std::vector<std::pair<double, std::string>>{
           {1.0, "alpha1"}, {0.5, "alpha05"}, {0.1, "alpha01"}, {0.0, "alpha0"}}) {
    sdc::frequency_options options;
    options.missing = sdc::missing_semantics::wildcard;
    options.alpha = alpha;
    const auto fa = sdc::compute_key_frequencies(views_of(na_keys), &na_w, options);
    check_close(fa.fk, na.numbers("fk_" + tag), ("fk " + tag).c_str());
    check_close(fa.Fk, na.numbers("Fk_" + tag), ("Fk " + tag).c_str());
  }
}

TEST_CASE("sdcMicro golden: free1 and the Practice Guide example, fk and Fk") {
  using namespace sdc_test;
  if (!have_files({shared_path("free1.csv"), golden_path("free1_risk.csv"),
                   golden_path("guide_records.csv")})) {
    return;
  }
  const auto data = read_csv(shared_path("free1.csv"));
  const auto keys = factorize_columns(data, {"REGION", "SEX", "AGE"});
  const auto weights = data.numbers("WEIGHT");
  const auto w = numeric("WEIGHT", weights);
  const auto golden = read_csv(golden_path("free1_risk.csv"));
  const auto f = sdc::compute_key_frequencies(views_of(keys), &w);
  check_close(f.fk, golden.numbers("fk"), "free1 fk");
  check_close(f.Fk, golden.numbers("Fk"), "free1 Fk");

  const auto guide = read_csv(golden_path("guide_records.csv"));
  const auto guide_keys = factorize_columns(guide, {"Residence", "Gender", "Education", "Labor"});
  const auto guide_weights = guide.numbers("W");
  const auto gw = numeric("W", guide_weights);
  const auto g = sdc::compute_key_frequencies(views_of(guide_keys), &gw);
  check_close(g.fk, guide.numbers("fk"), "guide fk");
  check_close(g.Fk, guide.numbers("Fk"), "guide Fk");
}

TEST_CASE("sdcMicro golden: the Practice Guide NA wildcard example (table 4.2), weighted") {
  using namespace sdc_test;
  if (!have_files({golden_path("guide_na_records.csv")})) return;
  const auto golden = read_csv(golden_path("guide_na_records.csv"));
  const auto keys = factorize_columns(golden, {"Gender", "Education", "Labor"});
  const auto weights = golden.numbers("W");
  const auto w = numeric("W", weights);
  sdc::frequency_options options;
  options.missing = sdc::missing_semantics::wildcard;
  options.allow_constant_keys = true;  // Gender and Labor take one value here
  const auto f = sdc::compute_key_frequencies(views_of(keys), &w, options);
  check_close(f.fk, golden.numbers("fk"), "fk");
  check_close(f.Fk, golden.numbers("Fk"), "Fk");
}
