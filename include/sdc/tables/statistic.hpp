// SPDX-License-Identifier: MIT
/// @file statistic.hpp
/// @brief The statistics a table cell can report, and their names.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sdc/core/error.hpp"

namespace sdc {

/// @brief What a table cell reports. Each statistic belongs to a class with its own rules
/// (methods.md 1.3): frequencies, magnitudes (sum, mean), extremes (min, max), quantiles
/// (median, percentile), mode, and dispersion (std, var).
enum class statistic { count, sum, mean, median, percentile, min, max, std, var, mode };

/// @brief The class of rules that applies to a statistic.
enum class statistic_class { frequency, magnitude, extreme, quantile, mode, dispersion };

namespace detail {
inline constexpr std::array<std::pair<statistic, std::string_view>, 10> statistic_names{{
    {statistic::count, "count"},
    {statistic::sum, "sum"},
    {statistic::mean, "mean"},
    {statistic::median, "median"},
    {statistic::percentile, "percentile"},
    {statistic::min, "min"},
    {statistic::max, "max"},
    {statistic::std, "std"},
    {statistic::var, "var"},
    {statistic::mode, "mode"},
}};
}  // namespace detail

/// @brief Stable name of a statistic ("count", "sum", ...).
inline std::string_view to_string(statistic value) noexcept {
  for (const auto& [s, name] : detail::statistic_names) {
    if (s == value) return name;
  }
  return "count";
}

/// @brief All statistic names, in declaration order (for help texts and bindings).
inline std::vector<std::string> statistic_names() {
  std::vector<std::string> names;
  for (const auto& entry : detail::statistic_names) names.emplace_back(entry.second);
  return names;
}

/// @brief Parses a statistic name; "average" is accepted for mean, "variance" for var.
/// @throws invalid_input (errc::invalid_argument) listing the valid names.
inline statistic statistic_from_string(std::string_view name) {
  for (const auto& [s, known] : detail::statistic_names) {
    if (known == name) return s;
  }
  if (name == "average") return statistic::mean;
  if (name == "variance") return statistic::var;
  if (name == "sd") return statistic::std;
  std::string message = "unknown statistic '" + std::string(name) + "'; expected one of:";
  for (const auto& entry : detail::statistic_names) {
    message += ' ';
    message += entry.second;
  }
  throw invalid_input(errc::invalid_argument, message);
}

/// @brief The rule class of a statistic.
inline constexpr statistic_class class_of(statistic value) noexcept {
  switch (value) {
    case statistic::count: return statistic_class::frequency;
    case statistic::sum:
    case statistic::mean: return statistic_class::magnitude;
    case statistic::min:
    case statistic::max: return statistic_class::extreme;
    case statistic::median:
    case statistic::percentile: return statistic_class::quantile;
    case statistic::mode: return statistic_class::mode;
    case statistic::std:
    case statistic::var: return statistic_class::dispersion;
  }
  return statistic_class::frequency;
}

/// @brief Whether a statistic needs a value (numeric) variable.
inline constexpr bool needs_value(statistic value) noexcept { return value != statistic::count; }

}  // namespace sdc
