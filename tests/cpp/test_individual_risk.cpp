// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <sdc/risk/individual_risk.hpp>

#include <cmath>
#include <vector>

#include "risk_example.hpp"

namespace {
// Closed forms of E[1/F | f] (methods.md 3.2).
double closed_form(int f, double p) {
  const double q = 1.0 - p;
  switch (f) {
    case 1: return -p * std::log(p) / q;
    case 2: return p / (q * q) * (p * std::log(p) + q);
    case 3: return p / (2 * q * q * q) * (q * (3 * q - 2) - 2 * p * p * std::log(p));
  }
  return NAN;
}

// The defining series sum_{h>=f} (1/h) C(h-1, f-1) p^f q^(h-f), summed term by term (real f).
double series(double f, double p) {
  const double q = 1.0 - p;
  double term = std::pow(p, f);  // C(f-1, f-1) p^f q^0, for h = f
  double sum = term / f;
  for (int k = 1; k < 200000; ++k) {
    const double h = f + k;  // term_k = C(h-1, f-1) p^f q^k; ratio (h-1)/(h-f) * q
    term *= (h - 1) / k * q;
    sum += term / h;
    if (term / h < 1e-20 * sum) break;
  }
  return sum;
}
}  // namespace

TEST_CASE("risk_method: names round-trip") {
  CHECK(sdc::risk_method_from_string("exact") == sdc::risk_method::exact);
  CHECK(sdc::risk_method_from_string(sdc::to_string(sdc::risk_method::approximation)) ==
        sdc::risk_method::approximation);
  CHECK(sdc::risk_method_from_string("approx") == sdc::risk_method::approximation);
  CHECK_THROWS_AS(sdc::risk_method_from_string("series"), sdc::invalid_input);
}

TEST_CASE("individual risk: SDC Practice Guide example (methods.md 4.1)") {
  const sdc_test::practice_guide_example example;
  const auto weights = example.weight_view();
  const auto frequencies = sdc::compute_key_frequencies(example.views(), &weights);
  const std::vector<double> expected{0.0054245, 0.0054245, 0.0250964, 0.0125634, 0.0282473,
                                     0.0125634, 0.0290109, 0.0250964, 0.0074038, 0.0074038};
  for (const bool compatible : {false, true}) {
    sdc::individual_risk_options options;
    options.sdcmicro_compatible = compatible;
    const auto risk = sdc::compute_individual_risk(frequencies, options);
    REQUIRE(risk.size() == 10);
    double er = 0.0;
    for (std::size_t i = 0; i < 10; ++i) {
      INFO("record " << i + 1 << " compatible " << compatible);
      CHECK(std::fabs(risk[i] - expected[i]) < 1e-7);
      er += risk[i];
    }
    CHECK(std::fabs(er - 0.1582346) < 1e-7);
  }
  SUBCASE("without weights the risk is 1/fk") {
    const auto unweighted = sdc::compute_key_frequencies(example.views(), nullptr);
    const auto risk = sdc::compute_individual_risk(unweighted);
    for (std::size_t i = 0; i < 10; ++i) CHECK(risk[i] == 1.0 / unweighted.fk[i]);
  }
}

TEST_CASE("individual risk: Benedetti-Franconi branches by hand") {
  // fk = 1, Fk = 4: p = 1/4, r = p/(1-p) log(1/p) = (1/3) log 4
  CHECK(sdc::individual_risk(1, 4) == doctest::Approx(std::log(4.0) / 3).epsilon(1e-14));
  // fk = 2, Fk = 8: p = 1/4, r = 1/3 - (1/9) log 4
  CHECK(sdc::individual_risk(2, 8) == doctest::Approx(1.0 / 3 - std::log(4.0) / 9).epsilon(1e-14));
  // fk = 4, Fk = 16: p = 1/4, r = p / (fk - q) = 0.25 / 3.25
  CHECK(sdc::individual_risk(4, 16) == doctest::Approx(0.25 / 3.25).epsilon(1e-15));
  // fk == Fk: 1/fk
  CHECK(sdc::individual_risk(3, 3) == doctest::Approx(1.0 / 3));
  CHECK(sdc::individual_risk(1, 1) == 1.0);
  // Compatible mode gives the same numbers on these
  sdc::individual_risk_options compatible;
  compatible.sdcmicro_compatible = true;
  for (const auto& [f, F] : std::vector<std::pair<double, double>>{{1, 4}, {2, 8}, {4, 16}, {3, 3}}) {
    CHECK(sdc::individual_risk(f, F, compatible) == doctest::Approx(sdc::individual_risk(f, F)).epsilon(1e-13));
  }
}

TEST_CASE("individual risk: exact form against the closed forms for f = 1, 2, 3") {
  for (const double p : {0.9999, 0.99, 0.9, 0.75, 0.6, 0.5, 0.4, 0.25, 0.1, 0.01, 1e-3, 1e-5}) {
    for (const int f : {1, 2, 3}) {
      const double F = f / p;
      INFO("p = " << p << ", f = " << f);
      // The closed forms lose digits to cancellation as p -> 1; compare where they are good.
      const double tolerance = p > 0.95 ? 1e-6 : 1e-11;
      CHECK(sdc::exact_individual_risk(f, F) == doctest::Approx(closed_form(f, p)).epsilon(tolerance));
    }
  }
}

TEST_CASE("individual risk: exact form against the defining series, integer and fractional f") {
  for (const double p : {0.95, 0.7, 0.5, 0.3, 0.05, 0.01}) {
    for (const double f : {1.0, 1.25, 1.5, 1.999, 2.0, 2.5, 4.0, 7.3, 20.0}) {
      INFO("p = " << p << ", f = " << f);
      CHECK(sdc::exact_individual_risk(f, f / p) == doctest::Approx(series(f, p)).epsilon(1e-10));
    }
  }
  SUBCASE("limits") {
    // Fk -> fk: 1/fk; Fk just above fk stays accurate (no cancellation).
    CHECK(sdc::exact_individual_risk(2, 2) == 0.5);
    CHECK(sdc::exact_individual_risk(2, 2 * (1 + 1e-12)) == doctest::Approx(0.5).epsilon(1e-11));
    CHECK(sdc::individual_risk(2, 2 * (1 + 1e-12)) == doctest::Approx(0.5).epsilon(1e-11));
    // Large Fk: r ~ p / (f - 1) for f > 1.
    CHECK(sdc::exact_individual_risk(5, 5e6) == doctest::Approx(1e-6 / 4).epsilon(1e-5));
  }
  SUBCASE("the approximation for fk > 2 is close to, but not equal to, the exact form") {
    const double approx = sdc::individual_risk(5, 50);
    const double exact = sdc::exact_individual_risk(5, 50);
    CHECK(approx != exact);
    CHECK(approx == doctest::Approx(exact).epsilon(0.05));
    sdc::individual_risk_options options;
    options.method = sdc::risk_method::exact;
    CHECK(sdc::individual_risk(5, 50, options) == exact);
  }
}

TEST_CASE("individual risk: sdcMicro's traps, default versus compatible mode") {
  sdc::individual_risk_options compatible;
  compatible.sdcmicro_compatible = true;
  SUBCASE("fractional fk in (1, 2) from alpha < 1") {
    CHECK(sdc::individual_risk(1.5, 150, compatible) == 0.0);
    const double r = sdc::individual_risk(1.5, 150);
    CHECK(r == doctest::Approx(series(1.5, 0.01)).epsilon(1e-10));
    // Between the fk = 1 and fk = 2 risks at the same p.
    CHECK(r < sdc::individual_risk(1, 100));
    CHECK(r > sdc::individual_risk(2, 200));
  }
  SUBCASE("weights below 1: Fk < fk") {
    const double sdcmicro = sdc::individual_risk(1, 0.5, compatible);
    CHECK(sdcmicro == doctest::Approx(2.0 * std::log(2.0)));  // above 1
    CHECK(sdc::individual_risk(1, 0.5) == 1.0);
    CHECK(sdc::individual_risk(2, 1.5) == 0.5);
    CHECK(sdc::individual_risk(3, 0.0) == doctest::Approx(1.0 / 3));
  }
}

TEST_CASE("individual risk: bad input") {
  CHECK_THROWS_AS(sdc::individual_risk(0, 10), sdc::invalid_input);
  CHECK_THROWS_AS(sdc::individual_risk(NAN, 10), sdc::invalid_input);
  CHECK_THROWS_AS(sdc::individual_risk(1, NAN), sdc::invalid_input);
  CHECK_THROWS_AS(sdc::individual_risk(1, -1), sdc::invalid_input);
  CHECK_THROWS_AS(sdc::exact_individual_risk(1, INFINITY), sdc::invalid_input);
}

// ---- sdcMicro golden files --------------------------------------------------------------------

namespace {
struct golden_case {
  std::string data, golden;
  std::vector<std::string> keys;
  std::string weight;
};
}  // namespace

TEST_CASE("sdcMicro golden: individual risk (measure_risk and indivRisk), testdata, free1, francdat, testdata2, guide") {
  using namespace sdc_test;
  const std::vector<std::string> td_keys{"urbrur", "roof", "walls", "water", "electcon", "relat", "sex"};
  const std::vector<golden_case> cases{
      {shared_path("testdata.csv"), golden_path("testdata_risk.csv"), td_keys, "sampling_weight"},
      {shared_path("free1.csv"), golden_path("free1_risk.csv"), {"REGION", "SEX", "AGE"}, "WEIGHT"},
      {shared_path("francdat.csv"), golden_path("francdat_records.csv"), {"Key1", "Key2", "Key3", "Key4"}, "w"},
      {shared_path("testdata2.csv"), golden_path("testdata2_records.csv"), td_keys, "sampling_weight"},
      {golden_path("guide_records.csv"), golden_path("guide_records.csv"),
       {"Residence", "Gender", "Education", "Labor"}, "W"}};
  for (const auto& c : cases) {
    if (!have_files({c.data, c.golden})) continue;
    INFO(c.golden);
    const auto data = read_csv(c.data);
    const auto golden = read_csv(c.golden);
    const auto keys = factorize_columns(data, c.keys);
    const auto weights = data.numbers(c.weight);
    const auto w = numeric(c.weight.c_str(), weights);
    const auto f = sdc::compute_key_frequencies(views_of(keys), &w);
    // No trap is hit on these data: the default and the compatible mode both equal sdcMicro.
    sdc::individual_risk_options compatible;
    compatible.sdcmicro_compatible = true;
    check_close(sdc::compute_individual_risk(f), golden.numbers("risk"), "risk");
    check_close(sdc::compute_individual_risk(f, compatible), golden.numbers("risk"), "risk (compatible)");
    check_close(sdc::compute_individual_risk(f), golden.numbers("rk_approx"), "indivRisk approx");
    const auto unweighted = sdc::compute_key_frequencies(views_of(keys), nullptr);
    check_close(sdc::compute_individual_risk(unweighted), golden.numbers("risk_unweighted"),
                "risk without weights");
  }
}

TEST_CASE("sdcMicro golden: indivRisk(method = 'exact') against E[1/Fk | fk]") {
  using namespace sdc_test;
  if (!have_files({shared_path("free1.csv"), golden_path("free1_risk.csv")})) return;
  const auto data = read_csv(shared_path("free1.csv"));
  const auto golden = read_csv(golden_path("free1_risk.csv"));
  const auto keys = factorize_columns(data, {"REGION", "SEX", "AGE"});
  const auto weights = data.numbers("WEIGHT");
  const auto w = numeric("WEIGHT", weights);
  sdc::individual_risk_options exact;
  exact.method = sdc::risk_method::exact;
  const auto risk = sdc::compute_individual_risk(sdc::compute_key_frequencies(views_of(keys), &w), exact);
  const auto expected = golden.numbers("rk_exact");
  std::size_t compared = 0;
  double worst = 0.0;
  for (std::size_t i = 0; i < risk.size(); ++i) {
    if (std::isnan(expected[i])) continue;
    ++compared;
    worst = std::max(worst, std::fabs(risk[i] - expected[i]) / expected[i]);
  }
  MESSAGE("exact form vs sdcMicro's exact: " << compared << " records, worst relative difference " << worst);
  CHECK(compared > 0);
  CHECK(worst < 1e-12);
}

TEST_CASE("sdcMicro golden: testdata with NAs, risk with alpha 1, 0.5, 0 (fractional fk trap)") {
  using namespace sdc_test;
  if (!have_files({shared_path("testdata.csv"), golden_path("testdata_na_records.csv")})) return;
  const sdcmicro_testdata td(true);
  const auto golden = read_csv(golden_path("testdata_na_records.csv"));
  const auto w = td.weight_view();
  sdc::individual_risk_options compatible;
  compatible.sdcmicro_compatible = true;
  for (const auto& [alpha, tag] : std::vector<std::pair<double, std::string>>{
           {1.0, "alpha1"}, {0.5, "alpha05"}, {0.0, "alpha0"}}) {
    sdc::frequency_options options;
    options.missing = sdc::missing_semantics::wildcard;
    options.alpha = alpha;
    const auto f = sdc::compute_key_frequencies(td.views(), &w, options);
    const auto expected = golden.numbers("rk_" + tag);
    check_close(sdc::compute_individual_risk(f, compatible), expected, ("compatible rk " + tag).c_str());
    // Default: equal to sdcMicro except for fk in (1, 2), where sdcMicro gives 0 and the default
    // the exact risk at the fractional fk.
    const auto risk = sdc::compute_individual_risk(f);
    std::size_t trapped = 0;
    for (std::size_t i = 0; i < risk.size(); ++i) {
      if (f.fk[i] > 1.0 && f.fk[i] < 2.0) {
        ++trapped;
        CHECK(expected[i] == 0.0);
        CHECK(risk[i] == doctest::Approx(sdc::exact_individual_risk(f.fk[i], f.Fk[i])).epsilon(1e-12));
        CHECK(risk[i] > 0.0);
      } else {
        REQUIRE(risk[i] == doctest::Approx(expected[i]).epsilon(1e-9));
      }
    }
    if (alpha == 0.5) CHECK(trapped == 17);  // testdata_na_summary: n_fk_between_1_and_2_alpha05
    if (alpha != 0.5) CHECK(trapped == 0);
  }
}

TEST_CASE("sdcMicro golden: francdat NA variant, risk with alpha 1, 0.5, 0.1, 0") {
  using namespace sdc_test;
  if (!have_files({golden_path("francdat_na_records.csv")})) return;
  const auto na = read_csv(golden_path("francdat_na_records.csv"));
  const auto keys = factorize_columns(na, {"Key1", "Key2", "Key3", "Key4"});
  const auto weights = na.numbers("w");
  const auto w = numeric("w", weights);
  sdc::individual_risk_options compatible;
  compatible.sdcmicro_compatible = true;
  for (const auto& [alpha, tag] : std::vector<std::pair<double, std::string>>{
           {1.0, "alpha1"}, {0.5, "alpha05"}, {0.1, "alpha01"}, {0.0, "alpha0"}}) {
    sdc::frequency_options options;
    options.missing = sdc::missing_semantics::wildcard;
    options.alpha = alpha;
    const auto f = sdc::compute_key_frequencies(views_of(keys), &w, options);
    check_close(sdc::compute_individual_risk(f, compatible), na.numbers("rk_" + tag),
                ("compatible rk " + tag).c_str());
    const auto risk = sdc::compute_individual_risk(f);
    for (std::size_t i = 0; i < risk.size(); ++i) CHECK(risk[i] > 0.0);  // never silently 0
  }
}
