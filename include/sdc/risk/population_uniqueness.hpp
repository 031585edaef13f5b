// SPDX-License-Identifier: MIT
/// @file population_uniqueness.hpp
/// @brief Estimates of the number of population uniques from a sample's class-size spectrum:
/// Zayatz (1991), Pitman (Hoshino 2001), SNB (Chen & Keller-McNulty 1998) and the decision rule
/// of Dankar et al. (2012) as used by ARX (methods.md 3.7, docs/population.md).
///
/// Input is the *spectrum* of the sample: s_j = number of sample classes (distinct key
/// combinations) of exactly j records, for j = 1, 2, ...; n = sum j s_j records in u = sum s_j
/// classes. With a population of N records (sampling fraction pi = n / N):
/// * Zayatz: P(F = 1 | f = 1) = s_1 P(f=1|F=1) / sum_j s_j P(f=1|F=j), with the hypergeometric
///   P(f=1|F=j) = j C(N-j, n-1) / C(N, n); population uniques = s_1 P(F=1|f=1) / pi.
/// * Pitman: the maximum-likelihood (theta, alpha) of the Pitman sampling formula for the
///   spectrum; population uniques = Gamma(theta+1) / Gamma(theta+alpha) * N^alpha.
/// * SNB: population class sizes F with F - 1 negative binomial (alpha, beta), Bernoulli sampling;
///   (alpha, beta) solve E[s_1] = s_1 and E[s_2] = s_2 given an estimate K of the number of
///   non-empty population classes; population uniques = K beta^alpha.
/// * Dankar: pi <= 0.1: Pitman, or Zayatz when Pitman does not converge; otherwise the smaller of
///   Zayatz and SNB (Zayatz when SNB does not converge).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/trigamma.hpp>

#include "sdc/core/column_view.hpp"
#include "sdc/core/error.hpp"
#include "sdc/risk/grouping.hpp"

namespace sdc {

/// @brief A model of population uniqueness.
enum class population_model {
  zayatz,  ///< Zayatz (1991): hypergeometric, sample spectrum as the population's
  pitman,  ///< Pitman sampling formula fitted by maximum likelihood (Hoshino 2001)
  snb,     ///< slide negative binomial (Chen & Keller-McNulty 1998)
  dankar   ///< decision rule of Dankar et al. (2012): Pitman, Zayatz or SNB by sampling fraction
};

/// @brief Stable name of a population model: "zayatz", "pitman", "snb" or "dankar".
inline constexpr std::string_view to_string(population_model value) noexcept {
  switch (value) {
    case population_model::zayatz: return "zayatz";
    case population_model::pitman: return "pitman";
    case population_model::snb: return "snb";
    case population_model::dankar: return "dankar";
  }
  return "dankar";
}

/// @brief Parses "zayatz", "pitman", "snb" or "dankar".
/// @throws invalid_input (errc::invalid_argument) for any other name.
inline population_model population_model_from_string(std::string_view name) {
  if (name == "zayatz") return population_model::zayatz;
  if (name == "pitman") return population_model::pitman;
  if (name == "snb") return population_model::snb;
  if (name == "dankar") return population_model::dankar;
  throw invalid_input(errc::invalid_argument, "unknown population model '" + std::string(name) +
                                                  "'; expected zayatz, pitman, snb or dankar");
}

/// @brief One entry of a class-size spectrum: `classes` sample classes have `size` records.
struct spectrum_entry {
  std::int64_t size = 0;     ///< records per class (>= 1)
  std::int64_t classes = 0;  ///< number of classes of that size (>= 0)
};

/// @brief Class-size spectrum of a sample (any order; entries of equal size are added up).
using class_size_spectrum = std::vector<spectrum_entry>;

/// @brief The spectrum of a grouping: number of classes of each size, by increasing size.
inline class_size_spectrum class_size_spectrum_of(const key_grouping& grouping) {
  std::vector<std::int64_t> sizes(grouping.group_size.begin(), grouping.group_size.end());
  std::sort(sizes.begin(), sizes.end());
  class_size_spectrum spectrum;
  for (const std::int64_t size : sizes) {
    if (!spectrum.empty() && spectrum.back().size == size) {
      ++spectrum.back().classes;
    } else {
      spectrum.push_back({size, 1});
    }
  }
  return spectrum;
}

/// @brief Options of estimate_population_uniqueness and of the model fits.
///
/// Give exactly one of population_size and sampling_fraction (the other is derived from the
/// sample size n: pi = n / N). For weighted survey data, N is usually the sum of the weights.
struct population_options {
  /// Population size N (>= n), or 0 to derive it from sampling_fraction (N = n / pi).
  double population_size = 0.0;
  /// Sampling fraction pi in (0, 1], or 0 to derive it from population_size (pi = n / N).
  double sampling_fraction = 0.0;
  /// The model whose estimate is reported as the result.
  population_model model = population_model::dankar;
  /// Dankar's rule uses Pitman when pi is at most this fraction (0.1 in Dankar et al. and ARX).
  double dankar_pitman_max_fraction = 0.1;
  /// Iteration limit of each solver (Nelder-Mead, Newton).
  int max_iterations = 1000;
  /// Convergence tolerance: Newton decrement of the Pitman log-likelihood (relative to
  /// max(1, |log L|)) and largest residual of the SNB moment equations (on the log scale).
  double tolerance = 1e-10;

  /// @brief The defaults, for bindings that must not re-list them.
  static population_options defaults() { return population_options{}; }
};

/// @brief The options with the population size defaulted from sampling weights: when neither
/// population_size nor sampling_fraction is given (both 0) and weights are, N = the sum of the
/// weights (each record stands for weight population records). One rule for every front end.
/// @param options the caller's options (returned unchanged when N or pi is given)
/// @param weights sampling weights, or nullptr
/// @throws invalid_input errc::invalid_argument (neither N, pi nor weights), errc::missing_value
///         (a NaN weight), errc::negative_value (a negative or infinite weight)
inline population_options with_default_population_size(population_options options,
                                                        const numeric_view* weights) {
  if (options.population_size != 0.0 || options.sampling_fraction != 0.0) return options;
  if (weights == nullptr) {
    throw invalid_input(errc::invalid_argument,
                        "give population_size or sampling_fraction (or weights)");
  }
  double sum = 0.0;
  for (std::size_t i = 0; i < weights->size; ++i) {
    const double w = weights->values[i];
    if (std::isnan(w)) {
      throw invalid_input(errc::missing_value, "weights '" + weights->name +
                                                   "' have a missing value (record " +
                                                   std::to_string(i + 1) + ")");
    }
    if (!(w >= 0.0 && std::isfinite(w))) {
      throw invalid_input(errc::negative_value, "weights '" + weights->name +
                                                    "' must be finite and non-negative, got " +
                                                    std::to_string(w) + " (record " +
                                                    std::to_string(i + 1) + ")");
    }
    sum += w;
  }
  options.population_size = sum;
  return options;
}

/// @brief Maximum-likelihood fit of the Pitman sampling formula.
struct pitman_fit {
  double theta = std::numeric_limits<double>::quiet_NaN();  ///< theta > -alpha
  double alpha = std::numeric_limits<double>::quiet_NaN();  ///< alpha in [0, 1)
  double log_likelihood = std::numeric_limits<double>::quiet_NaN();  ///< up to a constant
  bool converged = false;  ///< a maximum was found (interior, or alpha = 0 with dL/dalpha <= 0)
  int iterations = 0;      ///< likelihood evaluations and Newton steps used
  std::string message;     ///< why not converged, or which kind of maximum
};

/// @brief Moment fit of the slide negative binomial model.
struct snb_fit {
  double alpha = std::numeric_limits<double>::quiet_NaN();  ///< negative binomial size, > 0
  double beta = std::numeric_limits<double>::quiet_NaN();   ///< success probability in (0, 1)
  /// Estimated number K of non-empty population classes (u for a census; otherwise Shlosser's
  /// estimator as used by ARX).
  double population_classes = std::numeric_limits<double>::quiet_NaN();
  bool converged = false;  ///< both moment equations are solved
  int iterations = 0;      ///< Newton steps used
  std::string message;     ///< why not converged
};

/// @brief The estimate of one model.
struct model_estimate {
  population_model model = population_model::zayatz;  ///< zayatz, pitman or snb
  /// The model converged and its estimate is finite and within [0, N].
  bool valid = false;
  double uniques = std::numeric_limits<double>::quiet_NaN();  ///< estimated population uniques
  double share = std::numeric_limits<double>::quiet_NaN();    ///< uniques / N
  std::string message;                                        ///< why not valid
};

/// @brief Population uniqueness estimated by every model, and the requested one.
struct population_uniqueness_report {
  std::int64_t sample_size = 0;     ///< n: records
  std::int64_t sample_classes = 0;  ///< u: classes (distinct keys) in the sample
  std::int64_t sample_uniques = 0;  ///< s_1: classes of one record
  double population_size = 0.0;     ///< N
  double sampling_fraction = 0.0;   ///< pi = n / N
  model_estimate zayatz;            ///< Zayatz's estimate
  model_estimate pitman;            ///< Pitman's estimate
  model_estimate snb;               ///< the SNB estimate
  pitman_fit pitman_parameters;     ///< the Pitman fit
  snb_fit snb_parameters;           ///< the SNB fit
  population_model requested = population_model::dankar;  ///< options.model
  /// The model whose estimate is reported: the requested one, or for Dankar's rule the model
  /// the rule chose (zayatz, pitman or snb).
  population_model model_used = population_model::zayatz;
  bool converged = false;  ///< the reported estimate is valid
  double uniques = std::numeric_limits<double>::quiet_NaN();  ///< reported population uniques
  double share = std::numeric_limits<double>::quiet_NaN();    ///< uniques / N
  std::vector<std::string> notes;  ///< e.g. the no-sample-uniques convention
};

namespace detail {

/// Checked and merged spectrum: sizes increasing, classes > 0.
struct spectrum_summary {
  class_size_spectrum entries;
  std::int64_t n = 0;  // records
  std::int64_t u = 0;  // classes
  std::int64_t s1 = 0;
  std::int64_t s2 = 0;
};

inline spectrum_summary summarise_spectrum(const class_size_spectrum& spectrum) {
  spectrum_summary summary;
  for (const auto& entry : spectrum) {
    if (entry.size < 1) {
      throw invalid_input(errc::invalid_argument,
                          "class-size spectrum: a class size must be at least 1, got " +
                              std::to_string(entry.size));
    }
    if (entry.classes < 0) {
      throw invalid_input(errc::negative_value,
                          "class-size spectrum: negative number of classes of size " +
                              std::to_string(entry.size));
    }
    if (entry.classes > 0) summary.entries.push_back(entry);
  }
  std::sort(summary.entries.begin(), summary.entries.end(),
            [](const spectrum_entry& a, const spectrum_entry& b) { return a.size < b.size; });
  class_size_spectrum merged;
  for (const auto& entry : summary.entries) {
    if (!merged.empty() && merged.back().size == entry.size) {
      merged.back().classes += entry.classes;
    } else {
      merged.push_back(entry);
    }
  }
  summary.entries = std::move(merged);
  for (const auto& entry : summary.entries) {
    summary.n += entry.size * entry.classes;
    summary.u += entry.classes;
    if (entry.size == 1) summary.s1 = entry.classes;
    if (entry.size == 2) summary.s2 = entry.classes;
  }
  return summary;
}

/// Sums over i = 1..m of log(x + i), 1/(x + i) and 1/(x + i)^2, for x > -1.
struct rising_sums {
  double log_sum = 0.0;
  double inverse_sum = 0.0;
  double inverse_square_sum = 0.0;
};

/// Direct summation for short ranges or when x dwarfs m (where differences of special
/// functions would cancel); log-gamma, digamma and trigamma differences otherwise.
inline rising_sums sum_rising(double x, std::int64_t m, bool derivatives) {
  rising_sums sums;
  if (m <= 0) return sums;
  const double md = static_cast<double>(m);
  if (m <= 256 || x > 100.0 * md) {
    for (std::int64_t i = 1; i <= m; ++i) {
      const double v = x + static_cast<double>(i);
      sums.log_sum += std::log(v);
      if (derivatives) {
        sums.inverse_sum += 1.0 / v;
        sums.inverse_square_sum += 1.0 / (v * v);
      }
    }
    return sums;
  }
  sums.log_sum = boost::math::lgamma(x + md + 1.0) - boost::math::lgamma(x + 1.0);
  if (derivatives) {
    sums.inverse_sum = boost::math::digamma(x + md + 1.0) - boost::math::digamma(x + 1.0);
    sums.inverse_square_sum = boost::math::trigamma(x + 1.0) - boost::math::trigamma(x + md + 1.0);
  }
  return sums;
}

/// Log-likelihood of the Pitman sampling formula (without the parameter-free constant) and its
/// gradient and Hessian in (theta, alpha).
struct pitman_evaluation {
  double value = 0.0;
  std::array<double, 2> gradient{};
  std::array<double, 3> hessian{};  // d2/dtheta2, d2/dtheta dalpha, d2/dalpha2
};

/// L(theta, alpha) = sum_{i=1}^{u-1} log(theta + i alpha) - sum_{i=1}^{n-1} log(theta + i)
///                 + sum_j s_j sum_{i=1}^{j-1} log(i - alpha)
inline pitman_evaluation pitman_evaluate(const spectrum_summary& s, double theta, double alpha,
                                         bool derivatives) {
  pitman_evaluation e;
  const std::int64_t m = s.u - 1;
  const double md = static_cast<double>(m);
  // A = sum_{i=1}^{m} log(theta + i alpha) and its derivatives.
  double a = 0.0, a_t = 0.0, a_a = 0.0, a_tt = 0.0, a_ta = 0.0, a_aa = 0.0;
  if (m > 0) {
    if (alpha == 0.0) {
      a = md * std::log(theta);
      a_t = md / theta;
      a_a = md * (md + 1.0) / (2.0 * theta);
      a_tt = -md / (theta * theta);
      a_ta = -md * (md + 1.0) / (2.0 * theta * theta);
      a_aa = -md * (md + 1.0) * (2.0 * md + 1.0) / (6.0 * theta * theta);
    } else if (m <= 256 || theta > 100.0 * md * alpha) {
      for (std::int64_t i = 1; i <= m; ++i) {
        const double di = static_cast<double>(i);
        const double v = theta + di * alpha;
        a += std::log(v);
        if (derivatives) {
          const double inv = 1.0 / v;
          const double inv2 = inv * inv;
          a_t += inv;
          a_a += di * inv;
          a_tt -= inv2;
          a_ta -= di * inv2;
          a_aa -= di * di * inv2;
        }
      }
    } else {
      // theta + i alpha = alpha (x + i) with x = theta / alpha > -1.
      const double x = theta / alpha;
      const rising_sums r = sum_rising(x, m, derivatives);
      a = md * std::log(alpha) + r.log_sum;
      if (derivatives) {
        const double a2 = alpha * alpha;
        a_t = r.inverse_sum / alpha;
        a_a = (md - x * r.inverse_sum) / alpha;
        a_tt = -r.inverse_square_sum / a2;
        a_ta = -(r.inverse_sum - x * r.inverse_square_sum) / a2;
        a_aa = -(md - 2.0 * x * r.inverse_sum + x * x * r.inverse_square_sum) / a2;
      }
    }
  }
  const rising_sums b = sum_rising(theta, s.n - 1, derivatives);
  double c = 0.0, c_a = 0.0, c_aa = 0.0;
  for (const auto& entry : s.entries) {
    if (entry.size < 2) continue;
    const rising_sums r = sum_rising(-alpha, entry.size - 1, derivatives);
    const double w = static_cast<double>(entry.classes);
    c += w * r.log_sum;
    c_a -= w * r.inverse_sum;
    c_aa -= w * r.inverse_square_sum;
  }
  e.value = a - b.log_sum + c;
  if (derivatives) {
    e.gradient = {a_t - b.inverse_sum, a_a + c_a};
    e.hessian = {a_tt + b.inverse_square_sum, a_ta, a_aa + c_aa};
  }
  return e;
}

inline bool pitman_in_domain(double theta, double alpha) {
  return std::isfinite(theta) && alpha >= 0.0 && alpha < 1.0 && theta + alpha > 0.0 &&
         theta > -1.0;
}

/// Nelder-Mead on -L in (a, t) with alpha = 1/(1+exp(-a)), theta = exp(t) - alpha: unconstrained
/// coordinates for the open domain 0 < alpha < 1, theta > -alpha.
inline std::pair<double, double> pitman_from_unconstrained(double a, double t) {
  const double alpha = 1.0 / (1.0 + std::exp(-a));
  return {std::exp(t) - alpha, alpha};
}

inline double pitman_objective(const spectrum_summary& s, double a, double t) {
  if (!(std::fabs(a) < 700.0 && std::fabs(t) < 700.0)) return std::numeric_limits<double>::infinity();
  const auto [theta, alpha] = pitman_from_unconstrained(a, t);
  if (!pitman_in_domain(theta, alpha)) return std::numeric_limits<double>::infinity();
  const double value = pitman_evaluate(s, theta, alpha, false).value;
  return std::isfinite(value) ? -value : std::numeric_limits<double>::infinity();
}

struct nelder_mead_result {
  std::array<double, 2> point{};
  double value = 0.0;
  int evaluations = 0;
};

template <class F>
nelder_mead_result nelder_mead_2d(F&& f, std::array<double, 2> start, double step,
                                  int max_evaluations) {
  std::array<std::array<double, 2>, 3> x{start, start, start};
  x[1][0] += step;
  x[2][1] += step;
  std::array<double, 3> fx{};
  int evaluations = 0;
  for (int i = 0; i < 3; ++i) {
    fx[i] = f(x[i][0], x[i][1]);
    ++evaluations;
  }
  while (evaluations < max_evaluations) {
    // Order: best, middle, worst (stable for ties: deterministic).
    std::array<int, 3> order{0, 1, 2};
    std::stable_sort(order.begin(), order.end(), [&](int i, int j) { return fx[i] < fx[j]; });
    const auto xs = x;
    const auto fs = fx;
    for (int i = 0; i < 3; ++i) {
      x[i] = xs[order[i]];
      fx[i] = fs[order[i]];
    }
    const double spread = std::fabs(fx[2] - fx[0]);
    const double size = std::max(std::fabs(x[1][0] - x[0][0]) + std::fabs(x[1][1] - x[0][1]),
                                 std::fabs(x[2][0] - x[0][0]) + std::fabs(x[2][1] - x[0][1]));
    if (std::isfinite(fx[2]) && spread <= 1e-13 * (1.0 + std::fabs(fx[0])) && size <= 1e-10) break;
    if (size <= 1e-14) break;
    const std::array<double, 2> centroid{(x[0][0] + x[1][0]) / 2.0, (x[0][1] + x[1][1]) / 2.0};
    const auto along = [&](double coefficient) {
      return std::array<double, 2>{centroid[0] + coefficient * (x[2][0] - centroid[0]),
                                   centroid[1] + coefficient * (x[2][1] - centroid[1])};
    };
    const auto reflected = along(-1.0);
    const double f_reflected = f(reflected[0], reflected[1]);
    ++evaluations;
    if (f_reflected < fx[0]) {
      const auto expanded = along(-2.0);
      const double f_expanded = f(expanded[0], expanded[1]);
      ++evaluations;
      if (f_expanded < f_reflected) {
        x[2] = expanded;
        fx[2] = f_expanded;
      } else {
        x[2] = reflected;
        fx[2] = f_reflected;
      }
      continue;
    }
    if (f_reflected < fx[1]) {
      x[2] = reflected;
      fx[2] = f_reflected;
      continue;
    }
    const bool outside = f_reflected < fx[2];
    const auto contracted = along(outside ? -0.5 : 0.5);
    const double f_contracted = f(contracted[0], contracted[1]);
    ++evaluations;
    if (f_contracted < (outside ? f_reflected : fx[2])) {
      x[2] = contracted;
      fx[2] = f_contracted;
      continue;
    }
    for (int i = 1; i < 3; ++i) {
      x[i] = {x[0][0] + 0.5 * (x[i][0] - x[0][0]), x[0][1] + 0.5 * (x[i][1] - x[0][1])};
      fx[i] = f(x[i][0], x[i][1]);
      ++evaluations;
    }
  }
  int best = 0;
  for (int i = 1; i < 3; ++i) {
    if (fx[i] < fx[best]) best = i;
  }
  return {x[best], fx[best], evaluations};
}

/// Maximum of L on the boundary alpha = 0 (the Ewens formula): the unique root of
/// (u - 1) - sum_{i=1}^{n-1} theta / (theta + i), found by bisection on log theta.
inline double ewens_theta(const spectrum_summary& s) {
  const double m = static_cast<double>(s.u - 1);
  const auto g = [&](double theta) {
    return m - theta * sum_rising(theta, s.n - 1, true).inverse_sum;
  };
  double lo = -40.0, hi = 40.0;  // log theta
  for (int i = 0; i < 200 && hi - lo > 1e-15 * std::max(1.0, std::fabs(lo)); ++i) {
    const double mid = 0.5 * (lo + hi);
    if (g(std::exp(mid)) > 0.0) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return std::exp(0.5 * (lo + hi));
}

}  // namespace detail

/// @brief Log-likelihood of the Pitman sampling formula for a class-size spectrum, without the
/// parameter-free constant: sum_{i=1}^{u-1} log(theta + i alpha) - sum_{i=1}^{n-1} log(theta + i)
/// + sum_j s_j sum_{i=1}^{j-1} log(i - alpha).
/// @throws invalid_input (errc::invalid_argument) for a bad spectrum or (theta, alpha) outside
///         0 <= alpha < 1, theta > -alpha
inline double pitman_log_likelihood(const class_size_spectrum& spectrum, double theta,
                                    double alpha) {
  if (!detail::pitman_in_domain(theta, alpha)) {
    throw invalid_input(errc::invalid_argument,
                        "Pitman parameters must satisfy 0 <= alpha < 1 and theta > -alpha");
  }
  const detail::spectrum_summary summary = detail::summarise_spectrum(spectrum);
  return detail::pitman_evaluate(summary, theta, alpha, false).value;
}

/// @brief Fits (theta, alpha) of the Pitman sampling formula to a spectrum by maximum likelihood.
///
/// A grid of starting values, Nelder-Mead on unconstrained coordinates, then Newton steps with
/// the analytic gradient and Hessian and step halving; the boundary alpha = 0 (Ewens) is solved
/// separately and kept when it is a constrained maximum (dL/dalpha <= 0 there) with a larger
/// likelihood. Not converged when the likelihood increases towards alpha -> 1, theta -> infinity
/// or theta -> -alpha (e.g. every class of size 1, or a single class), or Newton stalls away from
/// a maximum.
/// @throws invalid_input (errc::invalid_argument, errc::negative_value) for a bad spectrum
inline pitman_fit fit_pitman(const class_size_spectrum& spectrum,
                             const population_options& options = {}) {
  const detail::spectrum_summary s = detail::summarise_spectrum(spectrum);
  pitman_fit fit;
  if (s.u < 2 || s.u >= s.n) {
    fit.message = s.u < 2 ? "a single class: the likelihood has no maximum (theta -> -alpha)"
                          : "every class has one record: the likelihood increases towards "
                            "alpha -> 1 or theta -> infinity";
    return fit;
  }
  int evaluations = 0;
  const auto objective = [&](double a, double t) { return detail::pitman_objective(s, a, t); };
  // Starting point: the best of a coarse grid.
  std::array<double, 2> start{0.0, 0.0};
  double best = std::numeric_limits<double>::infinity();
  for (const double alpha : {0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99}) {
    for (int e = -2; e <= 8; ++e) {
      const double a = std::log(alpha / (1.0 - alpha));
      const double t = static_cast<double>(e) * std::log(10.0);
      const double value = objective(a, t);
      ++evaluations;
      if (value < best) {
        best = value;
        start = {a, t};
      }
    }
  }
  // Nelder-Mead, restarted once from its result (guards against a collapsed simplex).
  auto nm = detail::nelder_mead_2d(objective, start, 0.5, options.max_iterations);
  evaluations += nm.evaluations;
  nm = detail::nelder_mead_2d(objective, nm.point, 0.05, options.max_iterations);
  evaluations += nm.evaluations;
  auto [theta, alpha] = detail::pitman_from_unconstrained(nm.point[0], nm.point[1]);

  // Newton polish on (theta, alpha) with the exact derivatives.
  bool interior = false;
  double interior_value = -std::numeric_limits<double>::infinity();
  std::string interior_message;
  if (detail::pitman_in_domain(theta, alpha) && alpha > 0.0) {
    detail::pitman_evaluation e = detail::pitman_evaluate(s, theta, alpha, true);
    bool done = false;
    for (int it = 0; it < options.max_iterations && !done; ++it) {
      ++evaluations;
      const double h_tt = e.hessian[0], h_ta = e.hessian[1], h_aa = e.hessian[2];
      const double det = h_tt * h_aa - h_ta * h_ta;
      const double g_t = e.gradient[0], g_a = e.gradient[1];
      const bool negative_definite = h_tt < 0.0 && det > 0.0;
      double d_t, d_a;
      if (negative_definite) {
        d_t = -(h_aa * g_t - h_ta * g_a) / det;
        d_a = -(-h_ta * g_t + h_tt * g_a) / det;
      } else {
        // Gradient ascent scaled by the curvature magnitudes.
        d_t = g_t / std::max(std::fabs(h_tt), 1e-12);
        d_a = g_a / std::max(std::fabs(h_aa), 1e-12);
      }
      const double decrement = g_t * d_t + g_a * d_a;  // Newton decrement squared
      const double scale = std::max(1.0, std::fabs(e.value));
      if (negative_definite && decrement <= 1e-3 * options.tolerance * scale) {
        interior = true;
        done = true;
        break;
      }
      double step = 1.0;
      bool accepted = false;
      for (int halving = 0; halving < 60; ++halving, step *= 0.5) {
        const double t_new = theta + step * d_t;
        const double a_new = alpha + step * d_a;
        if (!detail::pitman_in_domain(t_new, a_new) || a_new <= 0.0) continue;
        const detail::pitman_evaluation candidate =
            detail::pitman_evaluate(s, t_new, a_new, true);
        ++evaluations;
        if (std::isfinite(candidate.value) && candidate.value > e.value) {
          theta = t_new;
          alpha = a_new;
          e = candidate;
          accepted = true;
          break;
        }
      }
      if (!accepted) {
        // No increase possible: at the rounding floor if the decrement is small.
        interior = negative_definite && decrement <= options.tolerance * scale;
        if (!interior) {
          interior_message = "Newton iteration stalled away from a maximum";
        }
        done = true;
      }
    }
    if (!done) interior_message = "iteration limit reached";
    if (interior) {
      if (alpha > 1.0 - 1e-9) {
        interior = false;
        interior_message = "the likelihood increases towards alpha -> 1";
      } else if (theta > 1e12) {
        interior = false;
        interior_message = "the likelihood increases towards theta -> infinity";
      } else if (theta + alpha < 1e-12) {
        interior = false;
        interior_message = "the likelihood increases towards theta -> -alpha";
      }
    }
    interior_value = e.value;
  } else {
    interior_message = "Nelder-Mead left the domain";
  }

  // The boundary alpha = 0: a constrained maximum when dL/dalpha <= 0 at the Ewens optimum.
  bool boundary = false;
  double boundary_theta = 0.0, boundary_value = -std::numeric_limits<double>::infinity();
  {
    boundary_theta = detail::ewens_theta(s);
    const detail::pitman_evaluation e = detail::pitman_evaluate(s, boundary_theta, 0.0, true);
    ++evaluations;
    boundary = std::isfinite(e.value) && e.gradient[1] <= 0.0 && boundary_theta < 1e12 &&
               boundary_theta > 1e-12;
    boundary_value = e.value;
  }

  fit.iterations = evaluations;
  if (interior && (!boundary || interior_value >= boundary_value)) {
    fit.theta = theta;
    fit.alpha = alpha;
    fit.log_likelihood = interior_value;
    fit.converged = true;
    fit.message = "interior maximum";
  } else if (boundary) {
    fit.theta = boundary_theta;
    fit.alpha = 0.0;
    fit.log_likelihood = boundary_value;
    fit.converged = true;
    fit.message = "maximum on the boundary alpha = 0 (Ewens sampling formula)";
  } else {
    fit.theta = theta;
    fit.alpha = alpha;
    fit.log_likelihood = interior_value;
    fit.converged = false;
    fit.message = interior_message.empty() ? "no maximum found" : interior_message;
  }
  return fit;
}

namespace detail {

/// P(f = 1 | F = j) for j = size, sampling n of N without replacement:
/// j (n / N) prod_{i=1}^{j-1} (1 - (n - 1) / (N - i)).
inline double hypergeometric_one(double N, double n, std::int64_t j) {
  double log_p = std::log(static_cast<double>(j)) + std::log(n / N);
  for (std::int64_t i = 1; i < j; ++i) {
    const double remaining = N - static_cast<double>(i);
    const double ratio = (n - 1.0) / remaining;
    if (!(ratio < 1.0)) return 0.0;  // fewer than n - 1 others: f = 1 impossible
    log_p += std::log1p(-ratio);
    if (log_p < -745.0) return 0.0;
  }
  return std::exp(log_p);
}

inline model_estimate zayatz_estimate(const spectrum_summary& s, double N) {
  model_estimate estimate;
  estimate.model = population_model::zayatz;
  const double n = static_cast<double>(s.n);
  double denominator = 0.0;
  for (const auto& entry : s.entries) {
    denominator += static_cast<double>(entry.classes) * hypergeometric_one(N, n, entry.size);
  }
  const double s1 = static_cast<double>(s.s1);
  // P(F=1|f=1) = s1 P(f=1|F=1) / sum_j s_j P(f=1|F=j) and uniques = s1 P(F=1|f=1) / pi, where
  // P(f=1|F=1) = pi: uniques = s1^2 / sum_j s_j P(f=1|F=j).
  estimate.uniques = s1 * s1 / denominator;
  estimate.valid = std::isfinite(estimate.uniques) && estimate.uniques >= 0.0;
  if (!estimate.valid) estimate.message = "the hypergeometric probabilities underflow";
  return estimate;
}

/// log P(f = 1) and log P(f = 2) of the SNB model with their derivatives in (alpha, beta).
struct snb_moments {
  double log_p1 = 0.0, log_p2 = 0.0;
  double p1_alpha = 0.0, p1_beta = 0.0, p2_alpha = 0.0, p2_beta = 0.0;
};

inline snb_moments snb_evaluate(double alpha, double beta, double f) {
  snb_moments m;
  const double q = 1.0 - f;
  const double d = q * (1.0 - beta);
  const double one_d = 1.0 - d;
  const double r1 = 1.0 - d + alpha * d;          // 1 - (1 - alpha) d
  const double r2 = 2.0 - (1.0 - alpha) * d;
  m.log_p1 = std::log(f) + alpha * std::log(beta) - alpha * std::log(one_d) + std::log(r1) -
             std::log(one_d);
  m.log_p2 = 2.0 * std::log(f) + std::log(alpha) + std::log1p(-beta) + alpha * std::log(beta) -
             (alpha + 2.0) * std::log(one_d) + std::log(r2) - std::log(2.0);
  m.p1_alpha = std::log(beta) - std::log(one_d) + d / r1;
  m.p1_beta = alpha / beta - (alpha + 1.0) * q / one_d + (1.0 - alpha) * q / r1;
  m.p2_alpha = 1.0 / alpha + std::log(beta) - std::log(one_d) + d / r2;
  m.p2_beta = -1.0 / (1.0 - beta) + alpha / beta - (alpha + 2.0) * q / one_d +
              (1.0 - alpha) * q / r2;
  return m;
}

/// Shlosser-type estimator of the number of non-empty population classes, as used by ARX
/// (citing Haas & Stokes 1998): u + s1 * [sum j f^2 (1-f^2)^(j-1) s_j /
/// sum (1-f)^j ((1+f)^j - 1) s_j] * [sum (1-f)^j s_j / sum j f (1-f)^(j-1) s_j]^2.
inline double shlosser_classes(const spectrum_summary& s, double f) {
  double num1 = 0.0, den1 = 0.0, num2 = 0.0, den2 = 0.0;
  const double f2 = f * f;
  for (const auto& entry : s.entries) {
    const double j = static_cast<double>(entry.size);
    const double w = static_cast<double>(entry.classes);
    num1 += j * f2 * std::pow(1.0 - f2, j - 1.0) * w;
    den1 += (std::pow(1.0 - f2, j) - std::pow(1.0 - f, j)) * w;  // (1-f)^j ((1+f)^j - 1)
    num2 += std::pow(1.0 - f, j) * w;
    den2 += j * f * std::pow(1.0 - f, j - 1.0) * w;
  }
  const double ratio = num2 / den2;
  return static_cast<double>(s.u) + static_cast<double>(s.s1) * (num1 / den1) * ratio * ratio;
}

}  // namespace detail

/// @brief Fits the slide negative binomial model to the numbers of sample uniques and pairs.
///
/// With K non-empty population classes whose sizes F satisfy F - 1 ~ NegBin(alpha, beta) and
/// Bernoulli sampling with fraction f, P(f=1) = f (beta/(1-d))^alpha (1 + alpha d/(1-d)) and
/// P(f=2) = f^2 alpha (1-beta) beta^alpha (2 - (1-alpha) d) / (2 (1-d)^(alpha+2)), d = (1-f)(1-beta).
/// (alpha, beta) solve K P(f=1) = s_1 and K P(f=2) = s_2 (Newton on the log equations in
/// log alpha and logit beta, from a fixed list of starting points; the first root found is kept).
/// K is u for a census (f = 1) and Shlosser's estimator otherwise.
/// @param sampling_fraction f in (0, 1]
/// @throws invalid_input for a bad spectrum or sampling fraction
inline snb_fit fit_snb(const class_size_spectrum& spectrum, double sampling_fraction,
                       const population_options& options = {}) {
  if (!(sampling_fraction > 0.0 && sampling_fraction <= 1.0)) {
    throw invalid_input(errc::invalid_argument, "sampling fraction must be in (0, 1], got " +
                                                    std::to_string(sampling_fraction));
  }
  const detail::spectrum_summary s = detail::summarise_spectrum(spectrum);
  snb_fit fit;
  if (s.s1 == 0 || s.s2 == 0) {
    fit.message = "the SNB moment equations need sample classes of size 1 and of size 2";
    return fit;
  }
  const double f = sampling_fraction;
  const double K = f >= 1.0 ? static_cast<double>(s.u) : detail::shlosser_classes(s, f);
  fit.population_classes = K;
  if (!(std::isfinite(K) && K > 0.0)) {
    fit.message = "the estimate of the number of population classes is not finite";
    return fit;
  }
  const double target1 = std::log(static_cast<double>(s.s1)) - std::log(K);
  const double target2 = std::log(static_cast<double>(s.s2)) - std::log(K);
  const auto residual = [&](double u, double v, detail::snb_moments& m) {
    const double alpha = std::exp(u);
    const double beta = 1.0 / (1.0 + std::exp(-v));
    if (!(alpha > 0.0 && std::isfinite(alpha) && beta > 0.0 && beta < 1.0)) {
      return std::array<double, 2>{std::numeric_limits<double>::quiet_NaN(),
                                   std::numeric_limits<double>::quiet_NaN()};
    }
    m = detail::snb_evaluate(alpha, beta, f);
    return std::array<double, 2>{m.log_p1 - target1, m.log_p2 - target2};
  };
  int iterations = 0;
  for (const double alpha0 : {1.0, 0.1, 10.0, 0.01, 100.0}) {
    for (const double beta0 : {0.5, 0.1, 0.9, 0.01, 0.99}) {
      double u = std::log(alpha0);
      double v = std::log(beta0 / (1.0 - beta0));
      detail::snb_moments m;
      std::array<double, 2> r = residual(u, v, m);
      for (int it = 0; it < options.max_iterations; ++it) {
        if (!(std::isfinite(r[0]) && std::isfinite(r[1]))) break;
        const double norm = std::max(std::fabs(r[0]), std::fabs(r[1]));
        if (norm <= options.tolerance) {
          fit.alpha = std::exp(u);
          fit.beta = 1.0 / (1.0 + std::exp(-v));
          fit.converged = true;
          fit.iterations = iterations;
          fit.message.clear();
          return fit;
        }
        ++iterations;
        const double alpha = std::exp(u);
        const double beta = 1.0 / (1.0 + std::exp(-v));
        // Jacobian in (u, v): d/du = alpha d/dalpha, d/dv = beta (1 - beta) d/dbeta.
        const double j11 = alpha * m.p1_alpha, j12 = beta * (1.0 - beta) * m.p1_beta;
        const double j21 = alpha * m.p2_alpha, j22 = beta * (1.0 - beta) * m.p2_beta;
        const double det = j11 * j22 - j12 * j21;
        if (!(std::fabs(det) > 0.0) || !std::isfinite(det)) break;
        const double du = -(j22 * r[0] - j12 * r[1]) / det;
        const double dv = -(-j21 * r[0] + j11 * r[1]) / det;
        double step = 1.0;
        bool accepted = false;
        for (int halving = 0; halving < 50; ++halving, step *= 0.5) {
          detail::snb_moments m_new;
          const std::array<double, 2> r_new = residual(u + step * du, v + step * dv, m_new);
          if (std::isfinite(r_new[0]) && std::isfinite(r_new[1]) &&
              std::max(std::fabs(r_new[0]), std::fabs(r_new[1])) < norm) {
            u += step * du;
            v += step * dv;
            r = r_new;
            m = m_new;
            accepted = true;
            break;
          }
        }
        if (!accepted || std::fabs(u) > 50.0 || std::fabs(v) > 50.0) break;
      }
    }
  }
  fit.iterations = iterations;
  fit.message = "the SNB moment equations have no solution from any starting point";
  return fit;
}

/// @brief Estimates the number and share of population uniques with every model and reports the
/// requested one (see the file comment for the formulas).
///
/// When the sample has no uniques (s_1 = 0) every estimate is 0 by convention (as in ARX) and no
/// model is fitted. Pitman and SNB estimates are invalid when the fit does not converge or the
/// estimate is not within [0, N]. Dankar's rule: pi <= dankar_pitman_max_fraction: Pitman, or
/// Zayatz if Pitman is invalid; otherwise the smaller of Zayatz and SNB (Zayatz on a tie or
/// when SNB is invalid).
/// @param spectrum the sample's class-size spectrum (see class_size_spectrum_of)
/// @param options population size or sampling fraction, model, solver settings
/// @throws invalid_input errc::empty_input (no records), errc::invalid_argument (neither or both
///         of population_size and sampling_fraction, pi outside (0, 1], N below n, a class size
///         below 1, a bad threshold), errc::negative_value (negative class count)
inline population_uniqueness_report estimate_population_uniqueness(
    const class_size_spectrum& spectrum, const population_options& options = {}) {
  const detail::spectrum_summary s = detail::summarise_spectrum(spectrum);
  if (s.n == 0) throw invalid_input(errc::empty_input, "the sample has no records");
  const bool has_N = options.population_size != 0.0;
  const bool has_pi = options.sampling_fraction != 0.0;
  if (has_N == has_pi) {
    throw invalid_input(errc::invalid_argument,
                        "give exactly one of population_size and sampling_fraction");
  }
  if (!(options.dankar_pitman_max_fraction >= 0.0 && options.dankar_pitman_max_fraction <= 1.0)) {
    throw invalid_input(errc::invalid_argument, "dankar_pitman_max_fraction must be in [0, 1]");
  }
  if (options.max_iterations < 1 || !(options.tolerance > 0.0)) {
    throw invalid_input(errc::invalid_argument,
                        "max_iterations must be positive and tolerance above 0");
  }
  const double n = static_cast<double>(s.n);
  population_uniqueness_report report;
  report.sample_size = s.n;
  report.sample_classes = s.u;
  report.sample_uniques = s.s1;
  report.requested = options.model;
  if (has_N) {
    if (!(std::isfinite(options.population_size) && options.population_size >= n)) {
      throw invalid_input(errc::invalid_argument,
                          "population_size must be finite and at least the sample size " +
                              std::to_string(s.n) + ", got " +
                              std::to_string(options.population_size));
    }
    report.population_size = options.population_size;
    report.sampling_fraction = n / options.population_size;
  } else {
    if (!(options.sampling_fraction > 0.0 && options.sampling_fraction <= 1.0)) {
      throw invalid_input(errc::invalid_argument, "sampling_fraction must be in (0, 1], got " +
                                                      std::to_string(options.sampling_fraction));
    }
    report.sampling_fraction = options.sampling_fraction;
    report.population_size = n / options.sampling_fraction;
  }
  const double N = report.population_size;
  const double pi = report.sampling_fraction;
  report.zayatz.model = population_model::zayatz;
  report.pitman.model = population_model::pitman;
  report.snb.model = population_model::snb;

  if (s.s1 == 0) {
    for (model_estimate* estimate : {&report.zayatz, &report.pitman, &report.snb}) {
      estimate->valid = true;
      estimate->uniques = 0.0;
      estimate->share = 0.0;
    }
    report.pitman_parameters.message = "not fitted: no sample uniques";
    report.snb_parameters.message = "not fitted: no sample uniques";
    report.notes.push_back("no sample uniques: every estimate is 0 by convention (as in ARX)");
  } else {
    report.zayatz = detail::zayatz_estimate(s, N);
    report.pitman_parameters = fit_pitman(spectrum, options);
    const pitman_fit& pf = report.pitman_parameters;
    if (pf.converged) {
      report.pitman.uniques = std::exp(boost::math::lgamma(pf.theta + 1.0) -
                                       boost::math::lgamma(pf.theta + pf.alpha) +
                                       pf.alpha * std::log(N));
      report.pitman.valid = std::isfinite(report.pitman.uniques) && report.pitman.uniques >= 0.0 &&
                            report.pitman.uniques <= N;
      if (!report.pitman.valid) report.pitman.message = "the estimate is outside [0, N]";
    } else {
      report.pitman.message = "Pitman fit did not converge: " + pf.message;
    }
    report.snb_parameters = fit_snb(spectrum, pi, options);
    const snb_fit& sf = report.snb_parameters;
    if (sf.converged) {
      report.snb.uniques = sf.population_classes * std::pow(sf.beta, sf.alpha);
      report.snb.valid = std::isfinite(report.snb.uniques) && report.snb.uniques >= 0.0 &&
                         report.snb.uniques <= N;
      if (!report.snb.valid) report.snb.message = "the estimate is outside [0, N]";
    } else {
      report.snb.message = "SNB fit did not converge: " + sf.message;
    }
    for (model_estimate* estimate : {&report.zayatz, &report.pitman, &report.snb}) {
      if (estimate->valid) {
        estimate->share = estimate->uniques / N;
      } else {
        estimate->uniques = std::numeric_limits<double>::quiet_NaN();
      }
    }
  }

  const model_estimate* chosen = &report.zayatz;
  switch (options.model) {
    case population_model::zayatz: chosen = &report.zayatz; break;
    case population_model::pitman: chosen = &report.pitman; break;
    case population_model::snb: chosen = &report.snb; break;
    case population_model::dankar:
      if (pi <= options.dankar_pitman_max_fraction) {
        chosen = report.pitman.valid ? &report.pitman : &report.zayatz;
      } else if (report.snb.valid && report.snb.uniques < report.zayatz.uniques) {
        chosen = &report.snb;
      } else {
        chosen = &report.zayatz;
      }
      break;
  }
  report.model_used = chosen->model;
  report.converged = chosen->valid;
  report.uniques = chosen->uniques;
  report.share = chosen->share;
  return report;
}

/// @brief Population uniqueness of the classes of a grouping (see the spectrum overload).
/// @throws invalid_input as the spectrum overload
inline population_uniqueness_report estimate_population_uniqueness(
    const key_grouping& grouping, const population_options& options = {}) {
  return estimate_population_uniqueness(class_size_spectrum_of(grouping), options);
}

}  // namespace sdc
