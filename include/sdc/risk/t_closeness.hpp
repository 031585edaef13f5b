// SPDX-License-Identifier: MIT
/// @file t_closeness.hpp
/// @brief t-closeness: the Earth Mover's Distance between the distribution of a sensitive
/// variable within each equivalence class and its overall distribution (Li, Li &
/// Venkatasubramanian 2007; methods.md 3.4, docs/l_diversity.md).
///
/// With the m values v_1 < ... < v_m of the sensitive variable present in the data, p_i the
/// share of value i in the class and q_i overall:
/// * ordered distance (ordinal or numeric variables): `(1/(m-1)) * sum_i |sum_{j<=i} (p_j - q_j)|`
///   (0 when m = 1);
/// * equal distance (nominal variables): `(1/2) * sum_i |p_i - q_i|`.
/// Missing sensitive values are left out of both distributions; a class whose sensitive values
/// are all missing has no distance (NaN), and is ignored by the maximum.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "sdc/core/column_view.hpp"
#include "sdc/core/error.hpp"
#include "sdc/risk/grouping.hpp"
#include "sdc/risk/l_diversity.hpp"

namespace sdc {

/// @brief Ground distance between values of the sensitive variable.
enum class t_closeness_distance {
  ordered,  ///< values are ordered (category order, or numeric order): ordered distance
  equal     ///< all values are equally far apart (nominal): half the L1 distance
};

/// @brief Stable name: "ordered" or "equal".
inline constexpr std::string_view to_string(t_closeness_distance distance) noexcept {
  switch (distance) {
    case t_closeness_distance::ordered: return "ordered";
    case t_closeness_distance::equal: return "equal";
  }
  return "ordered";
}

/// @brief Parses "ordered" or "equal".
/// @throws invalid_input (errc::invalid_argument) for any other name.
inline t_closeness_distance t_closeness_distance_from_string(std::string_view name) {
  if (name == "ordered") return t_closeness_distance::ordered;
  if (name == "equal") return t_closeness_distance::equal;
  throw invalid_input(errc::invalid_argument, "unknown t-closeness distance '" +
                                                  std::string(name) + "' (expected ordered or equal)");
}

/// @brief Options of t_closeness().
struct t_closeness_options {
  /// Ground distance; `ordered` for ordinal and numeric variables, `equal` for nominal ones.
  t_closeness_distance distance = t_closeness_distance::ordered;
  /// Missing key values: `category` or `never` (see l_diversity_options::key_missing).
  missing_semantics key_missing = missing_semantics::category;

  /// @brief The defaults, for bindings that must not re-list them.
  static t_closeness_options defaults() { return t_closeness_options{}; }
};

/// @brief t-closeness of one sensitive variable.
struct t_closeness_result {
  key_grouping classes;                ///< the equivalence classes of the keys
  std::string name;                    ///< the sensitive variable
  std::size_t n_values = 0;            ///< m: distinct non-missing values in the data
  std::vector<double> class_distance;  ///< per class: EMD to the overall distribution (or NaN)
  std::vector<double> distance;        ///< per record: the distance of its class
  double max_distance = 0;             ///< the t of the data: largest class distance
};

namespace detail {

/// EMD of every class from the value counts per class (values are indices 0..m-1, all present
/// overall).
inline std::vector<double> class_emd(const class_value_counts& values, std::size_t m,
                                     t_closeness_distance distance) {
  const std::size_t n_classes = values.missing.size();
  // Overall distribution q, its cumulative Q and prefix sums of Q.
  std::vector<double> q(m, 0.0);
  double total = 0;
  for (std::size_t e = 0; e < values.value.size(); ++e) {
    q[static_cast<std::size_t>(values.value[e])] += static_cast<double>(values.count[e]);
    total += static_cast<double>(values.count[e]);
  }
  for (double& share : q) share /= total;
  std::vector<double> cumulative(m, 0.0), prefix(m + 1, 0.0);
  double running = 0;
  for (std::size_t i = 0; i < m; ++i) {
    running += q[i];
    cumulative[i] = running;
    prefix[i + 1] = prefix[i] + running;
  }
  // sum_{i in [a, b)} |level - Q_i|: Q is non-decreasing, so split where it reaches `level`.
  auto absolute_gap = [&](std::size_t a, std::size_t b, double level) {
    const auto split = static_cast<std::size_t>(
        std::lower_bound(cumulative.begin() + static_cast<std::ptrdiff_t>(a),
                         cumulative.begin() + static_cast<std::ptrdiff_t>(b), level) -
        cumulative.begin());
    return level * static_cast<double>(split - a) - (prefix[split] - prefix[a]) +
           (prefix[b] - prefix[split]) - level * static_cast<double>(b - split);
  };
  std::vector<double> result(n_classes, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t g = 0; g < n_classes; ++g) {
    const std::size_t begin = values.offset[g];
    const std::size_t end = values.offset[g + 1];
    if (begin == end) continue;  // no non-missing value in the class
    double size = 0;
    for (std::size_t e = begin; e < end; ++e) size += static_cast<double>(values.count[e]);
    double d = 0;
    if (distance == t_closeness_distance::equal) {
      // Values absent from the class contribute their q_i: sum over them = 1 - sum over present.
      double present_q = 0;
      for (std::size_t e = begin; e < end; ++e) {
        const double qi = q[static_cast<std::size_t>(values.value[e])];
        d += std::abs(static_cast<double>(values.count[e]) / size - qi);
        present_q += qi;
      }
      d = 0.5 * (d + std::max(0.0, 1.0 - present_q));
    } else if (m > 1) {
      // The class's cumulative P is constant between its values (values are sorted).
      double level = 0;
      std::size_t at = 0;
      for (std::size_t e = begin; e < end; ++e) {
        const auto index = static_cast<std::size_t>(values.value[e]);
        d += absolute_gap(at, index, level);
        level += static_cast<double>(values.count[e]) / size;
        at = index;
      }
      d += absolute_gap(at, m, level);
      d /= static_cast<double>(m - 1);
    }
    result[g] = d;
  }
  return result;
}

/// Renumbers the categories present in `variable` to 0..m-1 (keeping their order).
inline std::vector<std::int32_t> present_categories(const categorical_view& variable,
                                                    std::size_t& m) {
  std::vector<std::int32_t> index(static_cast<std::size_t>(variable.n_categories), -1);
  for (std::size_t i = 0; i < variable.size; ++i) {
    const std::int32_t c = variable.category(i);
    if (c != missing_category) index[static_cast<std::size_t>(c)] = 0;
  }
  m = 0;
  for (auto& slot : index) {
    if (slot == 0) slot = static_cast<std::int32_t>(m++);
  }
  std::vector<std::int32_t> codes(variable.size);
  for (std::size_t i = 0; i < variable.size; ++i) {
    const std::int32_t c = variable.category(i);
    codes[i] = c == missing_category ? -1 : index[static_cast<std::size_t>(c)];
  }
  return codes;
}

inline t_closeness_result t_closeness_of_codes(const key_grouping& classes, std::string name,
                                               const std::vector<std::int32_t>& codes,
                                               std::size_t m, t_closeness_distance distance) {
  categorical_view view;
  view.name = name;
  view.codes = codes.data();
  view.size = codes.size();
  view.n_categories = static_cast<std::int32_t>(m);
  const class_value_counts values = count_values_by_class(classes, view);
  t_closeness_result result;
  result.classes = classes;
  result.name = std::move(name);
  result.n_values = m;
  result.class_distance = class_emd(values, m, distance);
  result.distance.resize(codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i) {
    result.distance[i] = result.class_distance[static_cast<std::size_t>(classes.group_of_record[i])];
  }
  for (const double d : result.class_distance) {
    if (!std::isnan(d)) result.max_distance = std::max(result.max_distance, d);
  }
  return result;
}

}  // namespace detail

/// @brief t-closeness of a categorical sensitive variable within given classes.
///
/// Categories are ordered by their codes for the ordered distance; categories that never occur
/// are not part of the domain (m counts the categories present).
/// @param classes the equivalence classes (e.g. group_by_keys(keys))
/// @param sensitive the sensitive variable
/// @param options the ground distance (key_missing is unused)
/// @throws invalid_input errc::invalid_argument (a code out of range),
///         errc::length_mismatch
inline t_closeness_result t_closeness(const key_grouping& classes,
                                      const categorical_view& sensitive,
                                      const t_closeness_options& options = {}) {
  detail::check_sensitive(classes, std::vector<categorical_view>{sensitive}, {});
  validate(sensitive);
  std::size_t m = 0;
  const std::vector<std::int32_t> codes = detail::present_categories(sensitive, m);
  return detail::t_closeness_of_codes(classes, sensitive.name, codes, m, options.distance);
}

/// @brief t-closeness of a numeric sensitive variable within given classes: values are
/// ordered numerically (m = number of distinct non-missing values).
/// @throws invalid_input errc::invalid_argument (an infinite value), errc::length_mismatch
inline t_closeness_result t_closeness(const key_grouping& classes, const numeric_view& sensitive,
                                      const t_closeness_options& options = {}) {
  detail::check_sensitive(classes, std::vector<numeric_view>{sensitive}, {});
  std::vector<double> sorted;
  sorted.reserve(sensitive.size);
  for (std::size_t i = 0; i < sensitive.size; ++i) {
    const double x = sensitive.values[i];
    if (std::isinf(x)) {
      throw invalid_input(errc::invalid_argument, "sensitive column '" + sensitive.name +
                                                      "': record " + std::to_string(i + 1) +
                                                      " is infinite");
    }
    if (!std::isnan(x)) sorted.push_back(x);
  }
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::vector<std::int32_t> codes(sensitive.size);
  for (std::size_t i = 0; i < sensitive.size; ++i) {
    const double x = sensitive.values[i];
    codes[i] = std::isnan(x) ? -1
                             : static_cast<std::int32_t>(
                                   std::lower_bound(sorted.begin(), sorted.end(), x) - sorted.begin());
  }
  return detail::t_closeness_of_codes(classes, sensitive.name, codes, sorted.size(),
                                      options.distance);
}

/// @brief t-closeness of a sensitive variable within the equivalence classes of `keys`.
/// @throws invalid_input as the overloads above, and errc::invalid_argument for no keys, a
///         variable both key and sensitive, or the wildcard missing-value semantics
template <class View>
t_closeness_result t_closeness(const std::vector<categorical_view>& keys, const View& sensitive,
                               const t_closeness_options& options = {}) {
  const key_grouping classes = detail::equivalence_classes(keys, options.key_missing);
  std::vector<std::string> key_names;
  for (const auto& key : keys) key_names.push_back(key.name);
  detail::check_sensitive(classes, std::vector<View>{sensitive}, key_names);
  return t_closeness(classes, sensitive, options);
}

}  // namespace sdc
