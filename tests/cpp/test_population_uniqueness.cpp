// SPDX-License-Identifier: MIT
// Population uniqueness (Zayatz, Pitman, SNB, Dankar). Independent checks: hand-computed
// hypergeometric probabilities, the census and all-unique limits, the Pitman log-likelihood
// maximum against a brute-force grid (with the likelihood re-implemented here by plain loops),
// the SNB moment equations against series summed here, and recovery of known population
// uniques on populations simulated from the Pitman and SNB models with a fixed seed.
#include <doctest/doctest.h>

#include <sdc/core/factorize.hpp>
#include <sdc/risk/population_uniqueness.hpp>

#include <cmath>
#include <cstdint>
#include <map>
#include <random>
#include <vector>

namespace {

// Uniform integer in [0, bound) by rejection (std::uniform_int_distribution is
// implementation-defined; this keeps the simulated data identical on every platform).
std::uint64_t draw_below(std::mt19937_64& rng, std::uint64_t bound) {
  const std::uint64_t limit = (0 - bound) % bound;
  for (;;) {
    const std::uint64_t r = rng();
    if (r >= limit) return r % bound;
  }
}

double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

sdc::class_size_spectrum spectrum_of_sizes(const std::vector<std::int64_t>& sizes) {
  std::map<std::int64_t, std::int64_t> counts;
  for (const auto size : sizes) {
    if (size > 0) ++counts[size];
  }
  sdc::class_size_spectrum spectrum;
  for (const auto& [size, classes] : counts) spectrum.push_back({size, classes});
  return spectrum;
}

// Chinese restaurant process with parameters (theta, alpha): class sizes of n records.
std::vector<std::int64_t> pitman_partition(std::int64_t n, double theta, double alpha,
                                           std::mt19937_64& rng,
                                           std::vector<std::int32_t>* labels = nullptr) {
  std::vector<std::int64_t> sizes;
  std::vector<std::int32_t> table_of;  // table of each record so far
  for (std::int64_t i = 0; i < n; ++i) {
    const double k = static_cast<double>(sizes.size());
    const double p_new = i == 0 ? 1.0 : (theta + k * alpha) / (theta + static_cast<double>(i));
    std::int32_t table;
    if (uniform01(rng) < p_new) {
      table = static_cast<std::int32_t>(sizes.size());
      sizes.push_back(0);
    } else {
      // P(table j) proportional to n_j - alpha: pick a record uniformly (prob n_j / i) and
      // accept with probability (n_j - alpha) / n_j.
      for (;;) {
        const auto record = draw_below(rng, static_cast<std::uint64_t>(i));
        table = table_of[record];
        const double nj = static_cast<double>(sizes[static_cast<std::size_t>(table)]);
        if (uniform01(rng) < (nj - alpha) / nj) break;
      }
    }
    ++sizes[static_cast<std::size_t>(table)];
    table_of.push_back(table);
  }
  if (labels != nullptr) *labels = table_of;
  return sizes;
}

// Pitman log-likelihood by plain loops (independent of the library's special-function path),
// split into its theta-only, alpha-only and joint parts so that grids can reuse the first two.
struct naive_pitman {
  std::int64_t n = 0, u = 0;
  sdc::class_size_spectrum spectrum;
  explicit naive_pitman(const sdc::class_size_spectrum& s) : spectrum(s) {
    for (const auto& e : s) {
      n += e.size * e.classes;
      u += e.classes;
    }
  }
  double theta_part(double theta) const {
    double value = 0.0;
    for (std::int64_t i = 1; i < n; ++i) value -= std::log(theta + static_cast<double>(i));
    return value;
  }
  double alpha_part(double alpha) const {
    double value = 0.0;
    for (const auto& e : spectrum) {
      for (std::int64_t i = 1; i < e.size; ++i) {
        value += static_cast<double>(e.classes) * std::log(static_cast<double>(i) - alpha);
      }
    }
    return value;
  }
  double joint_part(double theta, double alpha) const {
    double value = 0.0;
    for (std::int64_t i = 1; i < u; ++i) value += std::log(theta + static_cast<double>(i) * alpha);
    return value;
  }
  double operator()(double theta, double alpha) const {
    return theta_part(theta) + alpha_part(alpha) + joint_part(theta, alpha);
  }
};

double naive_pitman_ll(const sdc::class_size_spectrum& spectrum, double theta, double alpha) {
  return naive_pitman(spectrum)(theta, alpha);
}

double log_choose(double a, double b) {
  return std::lgamma(a + 1.0) - std::lgamma(b + 1.0) - std::lgamma(a - b + 1.0);
}

sdc::population_options with_fraction(double pi) {
  sdc::population_options options;
  options.sampling_fraction = pi;
  return options;
}

sdc::population_options with_population(double N) {
  sdc::population_options options;
  options.population_size = N;
  return options;
}

}  // namespace

TEST_CASE("population_model names round-trip") {
  for (const auto model : {sdc::population_model::zayatz, sdc::population_model::pitman,
                           sdc::population_model::snb, sdc::population_model::dankar}) {
    CHECK(sdc::population_model_from_string(sdc::to_string(model)) == model);
  }
  CHECK_THROWS_AS(sdc::population_model_from_string("argus"), sdc::invalid_input);
}

TEST_CASE("class_size_spectrum_of: spectrum of a grouping") {
  const std::vector<sdc::factorized_column> keys{
      sdc::factorize("A", {"a", "b", "b", "c", "c", "d", "e", "e", "e"})};
  std::vector<sdc::categorical_view> views{keys[0].view()};
  const auto spectrum = sdc::class_size_spectrum_of(sdc::group_by_keys(views));
  REQUIRE(spectrum.size() == 3);
  CHECK(spectrum[0].size == 1);
  CHECK(spectrum[0].classes == 2);
  CHECK(spectrum[1].size == 2);
  CHECK(spectrum[1].classes == 2);
  CHECK(spectrum[2].size == 3);
  CHECK(spectrum[2].classes == 1);
}

TEST_CASE("Zayatz: hand-computed hypergeometric case (N = 10, n = 4)") {
  // Spectrum s1 = 2, s2 = 1. P(f=1|F=1) = 4/10; P(f=1|F=2) = 2 C(8,3) / C(10,4) = 112/210.
  // uniques = s1^2 / (2 * 0.4 + 112/210) = 4 / (4/3) = 3.
  const sdc::class_size_spectrum spectrum{{1, 2}, {2, 1}};
  auto options = with_population(10);
  options.model = sdc::population_model::zayatz;
  const auto report = sdc::estimate_population_uniqueness(spectrum, options);
  CHECK(report.sample_size == 4);
  CHECK(report.sample_classes == 3);
  CHECK(report.sample_uniques == 2);
  CHECK(report.sampling_fraction == doctest::Approx(0.4));
  CHECK(report.zayatz.valid);
  CHECK(report.zayatz.uniques == doctest::Approx(3.0).epsilon(1e-12));
  CHECK(report.zayatz.share == doctest::Approx(0.3).epsilon(1e-12));
  CHECK(report.model_used == sdc::population_model::zayatz);
  CHECK(report.uniques == doctest::Approx(3.0).epsilon(1e-12));
  // P(F=1|f=1) = (2 * 0.4) / (4/3) = 0.6, uniques = 2 * 0.6 / 0.4 = 3.
}

TEST_CASE("Zayatz: agrees with hypergeometric probabilities from binomial coefficients") {
  std::mt19937_64 rng(7);
  const auto spectrum = spectrum_of_sizes(pitman_partition(3000, 300.0, 0.3, rng));
  const double N = 61234;
  std::int64_t n = 0, s1 = 0;
  for (const auto& e : spectrum) {
    n += e.size * e.classes;
    if (e.size == 1) s1 = e.classes;
  }
  double denominator = 0.0;
  for (const auto& e : spectrum) {
    const double j = static_cast<double>(e.size);
    const double logp = std::log(j) + log_choose(N - j, static_cast<double>(n) - 1.0) -
                        log_choose(N, static_cast<double>(n));
    denominator += static_cast<double>(e.classes) * std::exp(logp);
  }
  const double pi = static_cast<double>(n) / N;
  const double conditional = static_cast<double>(s1) * pi / denominator;  // P(F=1|f=1)
  const double expected = static_cast<double>(s1) * conditional / pi;
  auto options = with_population(N);
  const auto report = sdc::estimate_population_uniqueness(spectrum, options);
  CHECK(report.zayatz.uniques == doctest::Approx(expected).epsilon(1e-9));
}

TEST_CASE("census (pi = 1): Zayatz and SNB give the sample uniques") {
  const sdc::class_size_spectrum spectrum{{1, 5}, {2, 3}, {3, 1}, {5, 2}};
  const auto report = sdc::estimate_population_uniqueness(spectrum, with_fraction(1.0));
  CHECK(report.population_size == doctest::Approx(24.0));
  CHECK(report.zayatz.uniques == doctest::Approx(5.0).epsilon(1e-12));
  CHECK(report.zayatz.share == doctest::Approx(5.0 / 24.0).epsilon(1e-12));
  REQUIRE(report.snb_parameters.converged);
  CHECK(report.snb_parameters.population_classes == doctest::Approx(11.0));
  CHECK(report.snb.uniques == doctest::Approx(5.0).epsilon(1e-8));
  // Dankar: pi > 0.1 -> min(Zayatz, SNB); equal here (up to rounding), either gives 5.
  CHECK(report.requested == sdc::population_model::dankar);
  CHECK(report.converged);
  CHECK(report.uniques == doctest::Approx(5.0).epsilon(1e-8));
}

TEST_CASE("every sample class of size 1: Zayatz gives N, Pitman and SNB do not converge") {
  const sdc::class_size_spectrum spectrum{{1, 500}};
  const auto report = sdc::estimate_population_uniqueness(spectrum, with_fraction(0.05));
  CHECK(report.population_size == doctest::Approx(10000.0));
  CHECK(report.zayatz.uniques == doctest::Approx(10000.0).epsilon(1e-9));
  CHECK(report.zayatz.share == doctest::Approx(1.0).epsilon(1e-9));
  CHECK_FALSE(report.pitman_parameters.converged);
  CHECK_FALSE(report.pitman.valid);
  CHECK(std::isnan(report.pitman.uniques));
  CHECK_FALSE(report.snb.valid);
  // Dankar (pi <= 0.1): Pitman did not converge, so Zayatz.
  CHECK(report.model_used == sdc::population_model::zayatz);
  CHECK(report.converged);
  CHECK(report.share == doctest::Approx(1.0).epsilon(1e-9));
}

TEST_CASE("a single sample class: no Pitman maximum") {
  const auto fit = sdc::fit_pitman({{40, 1}});
  CHECK_FALSE(fit.converged);
}

TEST_CASE("no sample uniques: every estimate is 0 (ARX convention)") {
  const sdc::class_size_spectrum spectrum{{2, 10}, {3, 4}};
  const auto report = sdc::estimate_population_uniqueness(spectrum, with_fraction(0.01));
  CHECK(report.zayatz.uniques == 0.0);
  CHECK(report.pitman.uniques == 0.0);
  CHECK(report.snb.uniques == 0.0);
  CHECK(report.uniques == 0.0);
  CHECK(report.converged);
  CHECK_FALSE(report.notes.empty());
}

TEST_CASE("Pitman: the fitted maximum beats a brute-force grid of the log-likelihood") {
  std::mt19937_64 rng(2024);
  const auto spectrum = spectrum_of_sizes(pitman_partition(2000, 25.0, 0.45, rng));
  const auto fit = sdc::fit_pitman(spectrum);
  REQUIRE(fit.converged);
  CHECK(fit.alpha > 0.0);
  // The library's likelihood equals the plain-loop one.
  CHECK(fit.log_likelihood ==
        doctest::Approx(naive_pitman_ll(spectrum, fit.theta, fit.alpha)).epsilon(1e-12));
  CHECK(sdc::pitman_log_likelihood(spectrum, fit.theta, fit.alpha) ==
        doctest::Approx(fit.log_likelihood).epsilon(1e-12));
  // Grid: alpha in [0, 0.995] by 0.005, log10(theta) in [-1, 3] by 0.01.
  const naive_pitman ll(spectrum);
  std::vector<double> alpha_parts(200);
  for (int ia = 0; ia < 200; ++ia) alpha_parts[static_cast<std::size_t>(ia)] = ll.alpha_part(0.005 * ia);
  double best = -1e300, best_theta = 0, best_alpha = 0;
  for (int it = 0; it <= 400; ++it) {
    const double theta = std::pow(10.0, -1.0 + 0.01 * it);
    const double theta_part = ll.theta_part(theta);
    for (int ia = 0; ia < 200; ++ia) {
      const double alpha = 0.005 * ia;
      const double value =
          theta_part + alpha_parts[static_cast<std::size_t>(ia)] + ll.joint_part(theta, alpha);
      if (value > best) {
        best = value;
        best_theta = theta;
        best_alpha = alpha;
      }
    }
  }
  CHECK(fit.log_likelihood >= best - 1e-9);
  CHECK(fit.log_likelihood - best < 0.05);  // the grid is fine enough to come close
  CHECK(fit.alpha == doctest::Approx(best_alpha).epsilon(0.05));
  CHECK(fit.theta == doctest::Approx(best_theta).epsilon(0.1));
  // Stationary: central differences of the plain-loop likelihood vanish.
  const double h = 1e-5;
  const double d_theta = (naive_pitman_ll(spectrum, fit.theta + h, fit.alpha) -
                          naive_pitman_ll(spectrum, fit.theta - h, fit.alpha)) / (2 * h);
  const double d_alpha = (naive_pitman_ll(spectrum, fit.theta, fit.alpha + h) -
                          naive_pitman_ll(spectrum, fit.theta, fit.alpha - h)) / (2 * h);
  CHECK(std::fabs(d_theta) < 1e-4);
  CHECK(std::fabs(d_alpha) < 1e-3);
}

TEST_CASE("Pitman: Ewens data give a maximum at or near alpha = 0 (boundary maxima included)") {
  // With alpha = 0 the maximum is often on the boundary alpha = 0 (dL/dalpha < 0 there), where
  // the Pitman formula is Ewens'. Either way nothing on a grid near alpha = 0 is better.
  int boundary = 0;
  for (const std::uint64_t seed : {1, 2, 3, 4, 5, 6}) {
    std::mt19937_64 rng(seed);
    const auto spectrum = spectrum_of_sizes(pitman_partition(3000, 40.0, 0.0, rng));
    const auto fit = sdc::fit_pitman(spectrum);
    REQUIRE(fit.converged);
    CHECK(fit.alpha < 0.2);
    boundary += fit.alpha == 0.0;
    const naive_pitman ll(spectrum);
    double best = -1e300;
    for (int it = 0; it <= 100; ++it) {
      const double theta = std::pow(10.0, 1.0 + 0.01 * it);
      const double theta_part = ll.theta_part(theta);
      for (int ia = 0; ia <= 20; ++ia) {
        const double alpha = 0.0025 * ia;
        best = std::max(best, theta_part + ll.alpha_part(alpha) + ll.joint_part(theta, alpha));
      }
    }
    CHECK(fit.log_likelihood >= best - 1e-9);
    CHECK(fit.log_likelihood == doctest::Approx(ll(fit.theta, fit.alpha)).epsilon(1e-12));
  }
  CHECK(boundary > 0);
}

TEST_CASE("Pitman: recovers the population uniques of a simulated Pitman population") {
  // Population of 100,000 from the Pitman process (theta = 200, alpha = 0.5); a simple random
  // sample of 5% (a sub-sample of an exchangeable Pitman partition is again Pitman).
  std::mt19937_64 rng(42);
  std::vector<std::int32_t> labels;
  const std::int64_t N = 100000;
  const auto population = pitman_partition(N, 200.0, 0.5, rng, &labels);
  std::int64_t true_uniques = 0;
  for (const auto size : population) true_uniques += size == 1;
  // Partial Fisher-Yates: the first n of a random permutation.
  std::vector<std::int32_t> order(static_cast<std::size_t>(N));
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::int32_t>(i);
  const std::int64_t n = 5000;
  std::vector<std::int64_t> sample_sizes(population.size(), 0);
  for (std::int64_t i = 0; i < n; ++i) {
    const auto j = static_cast<std::size_t>(i) +
                   draw_below(rng, static_cast<std::uint64_t>(N - i));
    std::swap(order[static_cast<std::size_t>(i)], order[j]);
    ++sample_sizes[static_cast<std::size_t>(labels[static_cast<std::size_t>(order[static_cast<std::size_t>(i)])])];
  }
  const auto spectrum = spectrum_of_sizes(sample_sizes);
  auto options = with_population(static_cast<double>(N));
  options.model = sdc::population_model::pitman;
  const auto report = sdc::estimate_population_uniqueness(spectrum, options);
  REQUIRE(report.converged);
  CHECK(report.pitman_parameters.alpha == doctest::Approx(0.5).epsilon(0.15));
  const double truth = static_cast<double>(true_uniques);
  CHECK(report.uniques == doctest::Approx(truth).epsilon(0.25));
  // Dankar at pi = 0.05 uses the converged Pitman estimate.
  options.model = sdc::population_model::dankar;
  const auto dankar = sdc::estimate_population_uniqueness(spectrum, options);
  CHECK(dankar.model_used == sdc::population_model::pitman);
  CHECK(dankar.uniques == report.uniques);
}

TEST_CASE("SNB: the fitted parameters solve the moment equations (series summed here)") {
  std::mt19937_64 rng(5);
  const auto spectrum = spectrum_of_sizes(pitman_partition(4000, 500.0, 0.3, rng));
  const double f = 0.3;
  const auto fit = sdc::fit_snb(spectrum, f);
  REQUIRE(fit.converged);
  std::int64_t s1 = 0, s2 = 0;
  for (const auto& e : spectrum) {
    if (e.size == 1) s1 = e.classes;
    if (e.size == 2) s2 = e.classes;
  }
  // P(f = m) = sum_j P(F = j) C(j, m) f^m (1-f)^(j-m), P(F = j) = C(j-2+a, j-1) b^a (1-b)^(j-1).
  const double a = fit.alpha, b = fit.beta;
  double p1 = 0.0, p2 = 0.0;
  for (int j = 1; j < 20000; ++j) {
    const double dj = j;
    const double log_pf = std::lgamma(dj - 1.0 + a) - std::lgamma(dj) - std::lgamma(a) +
                          a * std::log(b) + (dj - 1.0) * std::log1p(-b);
    const double pf = std::exp(log_pf);
    p1 += pf * dj * f * std::pow(1.0 - f, dj - 1.0);
    if (j >= 2) p2 += pf * dj * (dj - 1.0) / 2.0 * f * f * std::pow(1.0 - f, dj - 2.0);
  }
  CHECK(fit.population_classes * p1 == doctest::Approx(static_cast<double>(s1)).epsilon(1e-8));
  CHECK(fit.population_classes * p2 == doctest::Approx(static_cast<double>(s2)).epsilon(1e-8));
}

TEST_CASE("SNB: recovers the population uniques of a simulated SNB population") {
  // K = 20,000 population classes, F - 1 ~ NegBin(alpha = 0.6, beta = 0.15), Bernoulli sample
  // with f = 0.3. Population uniques are about K beta^alpha.
  std::mt19937_64 rng(11);
  const double alpha = 0.6, beta = 0.15, f = 0.3;
  std::int64_t true_uniques = 0;
  std::vector<std::int64_t> sample_sizes;
  for (int k = 0; k < 20000; ++k) {
    // Negative binomial by inversion of its CDF, from P(G = 0) = beta^alpha and
    // P(G = g + 1) = P(G = g) (g + alpha) / (g + 1) (1 - beta).
    const double u = uniform01(rng);
    double p = std::pow(beta, alpha), cdf = p;
    std::int64_t g = 0;
    while (u > cdf && g < 100000) {
      p *= (static_cast<double>(g) + alpha) / (static_cast<double>(g) + 1.0) * (1.0 - beta);
      ++g;
      cdf += p;
    }
    const std::int64_t F = g + 1;
    true_uniques += F == 1;
    std::int64_t sampled = 0;
    for (std::int64_t r = 0; r < F; ++r) sampled += uniform01(rng) < f;
    sample_sizes.push_back(sampled);
  }
  const auto spectrum = spectrum_of_sizes(sample_sizes);
  auto options = with_fraction(f);
  options.model = sdc::population_model::snb;
  const auto report = sdc::estimate_population_uniqueness(spectrum, options);
  REQUIRE(report.converged);
  CHECK(report.snb.uniques == doctest::Approx(static_cast<double>(true_uniques)).epsilon(0.2));
}

TEST_CASE("Dankar: pi > 0.1 takes the smaller of Zayatz and SNB") {
  std::mt19937_64 rng(3);
  const auto spectrum = spectrum_of_sizes(pitman_partition(5000, 800.0, 0.4, rng));
  const auto report = sdc::estimate_population_uniqueness(spectrum, with_fraction(0.4));
  REQUIRE(report.zayatz.valid);
  REQUIRE(report.snb.valid);
  const double smaller = std::min(report.zayatz.uniques, report.snb.uniques);
  CHECK(report.uniques == smaller);
  CHECK(report.model_used == (report.snb.uniques < report.zayatz.uniques
                                  ? sdc::population_model::snb
                                  : sdc::population_model::zayatz));
}

TEST_CASE("population options are checked") {
  const sdc::class_size_spectrum spectrum{{1, 3}, {2, 2}};
  CHECK_THROWS_AS(sdc::estimate_population_uniqueness(spectrum, {}), sdc::invalid_input);
  sdc::population_options both;
  both.population_size = 100;
  both.sampling_fraction = 0.07;
  CHECK_THROWS_AS(sdc::estimate_population_uniqueness(spectrum, both), sdc::invalid_input);
  CHECK_THROWS_AS(sdc::estimate_population_uniqueness(spectrum, with_population(5)),
                  sdc::invalid_input);  // N below n = 7
  CHECK_THROWS_AS(sdc::estimate_population_uniqueness(spectrum, with_fraction(1.5)),
                  sdc::invalid_input);
  CHECK_THROWS_AS(sdc::estimate_population_uniqueness(sdc::class_size_spectrum{{0, 3}}, with_fraction(0.5)),
                  sdc::invalid_input);
  CHECK_THROWS_AS(sdc::estimate_population_uniqueness(sdc::class_size_spectrum{{1, -3}}, with_fraction(0.5)),
                  sdc::invalid_input);
  CHECK_THROWS_AS(sdc::estimate_population_uniqueness(sdc::class_size_spectrum{}, with_fraction(0.5)),
                  sdc::invalid_input);
  CHECK_THROWS_AS(sdc::pitman_log_likelihood(spectrum, -0.5, 0.2), sdc::invalid_input);
  CHECK_THROWS_AS(sdc::fit_snb(spectrum, 0.0), sdc::invalid_input);
  const auto defaults = sdc::population_options::defaults();
  CHECK(defaults.model == sdc::population_model::dankar);
  CHECK(defaults.dankar_pitman_max_fraction == 0.1);
}
