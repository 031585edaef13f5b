// SPDX-License-Identifier: MIT
/// @file individual_risk.hpp
/// @brief Individual re-identification risk: the Benedetti-Franconi approximation (as in sdcMicro
/// `indivRisk`/`measure_risk` and mu-ARGUS) and the exact form E[1/Fk | fk].
///
/// With pk = fk / Fk and qk = 1 - pk, the population frequency Fk given the sample frequency fk
/// is modelled as fk + NegBin(fk, pk), and the risk of a record is r = E[1/Fk | fk] =
/// sum_{h >= fk} (1/h) C(h-1, fk-1) pk^fk qk^(h-fk) = pk * integral_0^1 s^(fk-1) / (pk + qk s) ds.
/// The Benedetti-Franconi formulas are this value for fk = 1 and fk = 2 and the approximation
/// pk / (fk - qk) for fk > 2. Without weights (or when Fk == fk) the risk is 1/fk.
///
/// Where sdcMicro goes wrong, the default does this instead (docs/risk.md):
/// * A fractional fk between 1 and 2 (wildcard semantics with alpha < 1) gets no branch in
///   sdcMicro and silently risk 0. Here any fk < 2 uses the exact form, which is defined for
///   every real fk > 0 and runs continuously from the fk = 1 to the fk = 2 value.
/// * Weights below 1 can make Fk < fk, so pk > 1 and sdcMicro's risks exceed 1 (or are NaN).
///   Here Fk is taken as max(Fk, fk) (a population class is never smaller than the sample
///   class), so 0 < r <= 1/fk always.
/// * sdcMicro tests fk == Fk with exact float equality; here Fk <= fk gives 1/fk and values of
///   Fk just above fk are evaluated without cancellation (series in qk), which tends to 1/fk.
/// individual_risk_options::sdcmicro_compatible reproduces sdcMicro's approximation exactly.
#pragma once

#include <boost/math/quadrature/tanh_sinh.hpp>

#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sdc/core/error.hpp"
#include "sdc/risk/frequencies.hpp"

namespace sdc {

/// @brief Which formula gives the individual risk.
enum class risk_method {
  approximation,  ///< Benedetti-Franconi: exact for fk <= 2, pk / (fk - qk) for fk > 2
  exact           ///< E[1/Fk | fk] for every fk
};

/// @brief Stable name of a risk method: "approximation" or "exact".
inline constexpr std::string_view to_string(risk_method value) noexcept {
  return value == risk_method::exact ? "exact" : "approximation";
}

/// @brief Parses "approximation" (also "approx") or "exact".
/// @throws invalid_input (errc::invalid_argument) for any other name.
inline risk_method risk_method_from_string(std::string_view name) {
  if (name == "approximation" || name == "approx") return risk_method::approximation;
  if (name == "exact") return risk_method::exact;
  throw invalid_input(errc::invalid_argument, "unknown risk method '" + std::string(name) +
                                                  "'; expected approximation or exact");
}

/// @brief Options of the individual risk.
struct individual_risk_options {
  /// Formula: the Benedetti-Franconi approximation (sdcMicro's default) or the exact form.
  risk_method method = risk_method::approximation;
  /// Reproduce sdcMicro's approximation bit for bit, traps included: risk 1/fk only when
  /// fk == Fk exactly, risk 0 for a fractional fk in (1, 2), no correction of Fk < fk (risks
  /// above 1). Applies to risk_method::approximation only.
  bool sdcmicro_compatible = false;

  /// @brief The defaults, for bindings that must not re-list them.
  static individual_risk_options defaults() { return individual_risk_options{}; }
};

namespace detail {

/// E[1/F | f] for p in (0, 1), q = 1 - p given separately for accuracy, f > 0 real.
inline double exact_risk_pq(double f, double p, double q) {
  if (q <= 0.5) {
    // r = p * sum_k q^k Gamma(f) k! / Gamma(f + k + 1): positive terms, ratio below q <= 1/2.
    double term = 1.0 / f;
    double sum = term;
    for (int k = 0; k < 2000; ++k) {
      term *= q * (k + 1.0) / (f + k + 1.0);
      sum += term;
      if (term <= sum * 1e-17) break;
    }
    return p * sum;
  }
  const double f_int = std::floor(f);
  if (f == f_int) {
    // Forward recurrence on I_m = integral_0^1 s^(m-1) / (p + q s) ds:
    // I_1 = -log(p) / q, I_(m+1) = (1/m - p I_m) / q. Errors shrink by p/q < 1 per step.
    double integral = -std::log(p) / q;
    for (double m = 1.0; m < f; m += 1.0) integral = (1.0 / m - p * integral) / q;
    return p * integral;
  }
  // Fractional f with p < 1/2: tanh-sinh quadrature of the integral form (smooth on [0, 1]; the
  // pole at -p/q lies outside, near the end point where tanh-sinh nodes cluster).
  boost::math::quadrature::tanh_sinh<double> integrator;
  const auto integrand = [f, p, q](double s) { return std::pow(s, f - 1.0) / (p + q * s); };
  return p * integrator.integrate(integrand, 0.0, 1.0, 1e-14);
}

/// sdcMicro's approximation, expressions as in its documentation.
inline double sdcmicro_risk(double fk, double Fk) {
  if (fk == Fk) return 1.0 / fk;
  const double pk = fk / Fk;
  if (fk == 1.0) return pk / (1.0 - pk) * std::log(1.0 / pk);
  if (fk == 2.0) {
    const double ratio = pk / (1.0 - pk);
    return ratio - ratio * ratio * std::log(1.0 / pk);
  }
  if (fk > 2.0) return pk / (fk - (1.0 - pk));
  return 0.0;
}

inline void check_frequencies(double fk, double Fk) {
  if (!(fk > 0.0) || !std::isfinite(fk) || std::isnan(Fk) || Fk < 0.0 || std::isinf(Fk)) {
    throw invalid_input(errc::invalid_argument,
                        "individual risk needs fk > 0 and a finite Fk >= 0, got fk = " +
                            std::to_string(fk) + ", Fk = " + std::to_string(Fk));
  }
}

}  // namespace detail

/// @brief Exact individual risk E[1/Fk | fk] (defined for real fk > 0).
///
/// Closed forms (p = fk/Fk, q = 1 - p): fk = 1: -p log p / q; fk = 2: p (p log p + q) / q^2;
/// fk = 3: p (q (3q - 2) - 2 p^2 log p) / (2 q^3). Fk <= fk gives 1/fk.
/// @throws invalid_input (errc::invalid_argument) if fk <= 0 or Fk is negative or not finite.
inline double exact_individual_risk(double fk, double Fk) {
  detail::check_frequencies(fk, Fk);
  if (Fk <= fk) return 1.0 / fk;
  return detail::exact_risk_pq(fk, fk / Fk, (Fk - fk) / Fk);
}

/// @brief Individual risk of a record with sample frequency fk and population frequency Fk.
///
/// Without weights pass Fk = fk (risk 1/fk). See the file comment for the default handling of
/// fractional fk and of Fk < fk, and for the sdcMicro-compatible mode.
/// @throws invalid_input (errc::invalid_argument) if fk <= 0 or Fk is negative or not finite.
inline double individual_risk(double fk, double Fk, const individual_risk_options& options = {}) {
  detail::check_frequencies(fk, Fk);
  if (options.method == risk_method::exact) return exact_individual_risk(fk, Fk);
  if (options.sdcmicro_compatible) return detail::sdcmicro_risk(fk, Fk);
  if (Fk <= fk) return 1.0 / fk;
  const double p = fk / Fk;
  const double q = (Fk - fk) / Fk;
  if (fk <= 2.0) return detail::exact_risk_pq(fk, p, q);  // Benedetti-Franconi = exact here
  return p / (fk - q);
}

/// @brief Individual risk of every record (computed once per class of the grouping).
///
/// Without weights (frequencies.weighted false) the risk is 1/fk, as in sdcMicro.
/// @return one risk per record, in input order
inline std::vector<double> compute_individual_risk(const key_frequencies& frequencies,
                                                   const individual_risk_options& options = {}) {
  const std::size_t n = frequencies.size();
  if (frequencies.Fk.size() != n || frequencies.grouping.group_of_record.size() != n) {
    throw invalid_input(errc::length_mismatch, "key frequencies: fk, Fk and classes differ in length");
  }
  const key_grouping& grouping = frequencies.grouping;
  std::vector<double> class_risk(grouping.n_groups());
  for (std::size_t g = 0; g < grouping.n_groups(); ++g) {
    const std::size_t i = grouping.first_record[g];
    const double fk = frequencies.fk[i];
    const double Fk = frequencies.weighted ? frequencies.Fk[i] : fk;
    class_risk[g] = individual_risk(fk, Fk, options);
  }
  std::vector<double> risk(n);
  for (std::size_t i = 0; i < n; ++i) {
    risk[i] = class_risk[static_cast<std::size_t>(grouping.group_of_record[i])];
  }
  return risk;
}

}  // namespace sdc
