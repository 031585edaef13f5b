// SPDX-License-Identifier: MIT
// with_default_population_size: the population size N defaults to the sum of the sampling
// weights when neither N nor the sampling fraction is given (one rule for Python and R).
#include <doctest/doctest.h>

#include <sdc/risk/population_uniqueness.hpp>

#include <cmath>
#include <limits>
#include <vector>

TEST_CASE("population size defaults to the sum of the weights") {
  const std::vector<double> w = {2.5, 10.0, 0.0, 7.5};
  const sdc::numeric_view view{"W", w.data(), w.size()};
  // 2.5 + 10 + 0 + 7.5 = 20
  const auto options = sdc::with_default_population_size(sdc::population_options{}, &view);
  CHECK(options.population_size == 20.0);
  CHECK(options.sampling_fraction == 0.0);

  // A given N or pi wins over the weights (and the weights are not even read).
  sdc::population_options given;
  given.population_size = 1000.0;
  CHECK(sdc::with_default_population_size(given, &view).population_size == 1000.0);
  sdc::population_options fraction;
  fraction.sampling_fraction = 0.25;
  const auto kept = sdc::with_default_population_size(fraction, nullptr);
  CHECK(kept.sampling_fraction == 0.25);
  CHECK(kept.population_size == 0.0);
}

TEST_CASE("population size default: bad or absent weights are errors") {
  auto code_of = [](const sdc::numeric_view* weights) {
    try {
      (void)sdc::with_default_population_size(sdc::population_options{}, weights);
    } catch (const sdc::invalid_input& e) {
      return e.code();
    }
    return sdc::errc::internal;
  };
  CHECK(code_of(nullptr) == sdc::errc::invalid_argument);
  const std::vector<double> missing = {1.0, std::numeric_limits<double>::quiet_NaN()};
  const sdc::numeric_view missing_view{"W", missing.data(), missing.size()};
  CHECK(code_of(&missing_view) == sdc::errc::missing_value);
  const std::vector<double> negative = {1.0, -2.0};
  const sdc::numeric_view negative_view{"W", negative.data(), negative.size()};
  CHECK(code_of(&negative_view) == sdc::errc::negative_value);
}

TEST_CASE("population uniqueness with the weight default equals an explicit N") {
  // Spectrum: 3 singletons and 1 pair -> n = 5. Weights summing to 50 give pi = 5 / 50 = 0.1.
  const sdc::class_size_spectrum spectrum = {{1, 3}, {2, 1}};
  const std::vector<double> w = {10.0, 10.0, 10.0, 10.0, 10.0};
  const sdc::numeric_view view{"W", w.data(), w.size()};
  sdc::population_options options;
  options.model = sdc::population_model::zayatz;
  const auto by_weights =
      sdc::estimate_population_uniqueness(spectrum, sdc::with_default_population_size(options, &view));
  CHECK(by_weights.population_size == 50.0);
  CHECK(by_weights.sampling_fraction == doctest::Approx(0.1));
  options.population_size = 50.0;
  const auto explicit_n = sdc::estimate_population_uniqueness(spectrum, options);
  CHECK(by_weights.uniques == explicit_n.uniques);
}
