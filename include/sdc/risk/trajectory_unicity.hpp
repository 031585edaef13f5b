// SPDX-License-Identifier: MIT
/// @file trajectory_unicity.hpp
/// @brief Unicity of trajectories in panel data (de Montjoye et al. 2013): the share of persons
/// singled out by p points of their trajectory (methods.md 3.7, docs/population.md).
///
/// Panel data has one row per person and period, with one or more variables. A *point* is a
/// (period, values of the variables) pair; a person's *trajectory* is the set of its points.
/// For a person and p of its points, the points are *unique* when no other person's trajectory
/// contains all of them. Unicity is the share of (person, p points) draws that are unique:
/// * sample mode: draw persons (without replacement) and, for each, p distinct points of its
///   trajectory uniformly at random, with a core-owned engine (std::mt19937_64 seeded from the
///   options, and a bounded draw written here: std::uniform_int_distribution is
///   implementation-defined), so results are identical on every platform and in every binding;
/// * exact mode: every p-subset of every eligible person's trajectory; unicity is the mean over
///   persons of the share of their p-subsets that are unique (the expectation of the sample
///   estimate when every person is drawn).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "sdc/core/column_view.hpp"
#include "sdc/core/error.hpp"
#include "sdc/risk/grouping.hpp"

namespace sdc {

/// @brief How unicity is computed.
enum class unicity_mode {
  sample,  ///< random persons and random p points of each (seeded)
  exact    ///< every p-subset of every eligible person's trajectory
};

/// @brief Stable name: "sample" or "exact".
inline constexpr std::string_view to_string(unicity_mode value) noexcept {
  return value == unicity_mode::exact ? "exact" : "sample";
}

/// @brief Parses "sample" or "exact".
/// @throws invalid_input (errc::invalid_argument) for any other name.
inline unicity_mode unicity_mode_from_string(std::string_view name) {
  if (name == "sample") return unicity_mode::sample;
  if (name == "exact") return unicity_mode::exact;
  throw invalid_input(errc::invalid_argument,
                      "unknown unicity mode '" + std::string(name) + "'; expected sample or exact");
}

/// @brief Persons whose trajectory has fewer than p points.
enum class short_trajectory_policy {
  exclude,    ///< not assessed (reported as excluded)
  all_points  ///< assessed with all their points
};

/// @brief Stable name: "exclude" or "all_points".
inline constexpr std::string_view to_string(short_trajectory_policy value) noexcept {
  return value == short_trajectory_policy::all_points ? "all_points" : "exclude";
}

/// @brief Parses "exclude" or "all_points".
/// @throws invalid_input (errc::invalid_argument) for any other name.
inline short_trajectory_policy short_trajectory_policy_from_string(std::string_view name) {
  if (name == "exclude") return short_trajectory_policy::exclude;
  if (name == "all_points") return short_trajectory_policy::all_points;
  throw invalid_input(errc::invalid_argument, "unknown short-trajectory policy '" +
                                                  std::string(name) +
                                                  "'; expected exclude or all_points");
}

/// @brief Options of estimate_trajectory_unicity.
struct trajectory_unicity_options {
  /// p: number of points of a trajectory known to the attacker (at least 1).
  int points = 4;
  /// Sample (random draws) or exact (all p-subsets).
  unicity_mode mode = unicity_mode::sample;
  /// Seed of the std::mt19937_64 engine (sample mode). The same seed gives the same result on
  /// every platform.
  std::uint64_t seed = 0;
  /// Sample mode: persons drawn without replacement; 0 (or more than are eligible) = every
  /// eligible person.
  std::size_t persons = 1000;
  /// Sample mode: independent draws of p points per person drawn.
  std::size_t draws_per_person = 1;
  /// Persons with fewer than p points: excluded, or assessed with all their points.
  short_trajectory_policy short_trajectories = short_trajectory_policy::exclude;
  /// Exact mode: refuse more p-subsets than this (their number grows as L^p).
  std::uint64_t max_exact_subsets = 10000000;

  /// @brief The defaults, for bindings that must not re-list them.
  static trajectory_unicity_options defaults() { return trajectory_unicity_options{}; }
};

/// @brief Unicity of a panel's trajectories.
struct trajectory_unicity_report {
  /// Share of unique draws (sample), or mean over persons of their share of unique p-subsets
  /// (exact). NaN when no person is eligible.
  double unicity = std::numeric_limits<double>::quiet_NaN();
  /// Sample mode: binomial standard error sqrt(u (1 - u) / draws) (ignores the finite
  /// population and several draws per person); 0 in exact mode.
  double standard_error = std::numeric_limits<double>::quiet_NaN();
  std::size_t rows = 0;              ///< rows read
  std::size_t rows_skipped = 0;      ///< rows with a missing person or period (not used)
  std::size_t distinct_points = 0;   ///< distinct (period, values) points
  std::size_t persons = 0;           ///< persons with at least one point
  std::size_t persons_eligible = 0;  ///< persons assessable under the short-trajectory policy
  std::size_t persons_excluded = 0;  ///< persons with fewer than p points, excluded
  std::size_t persons_assessed = 0;  ///< persons drawn (sample) or assessed (exact)
  std::uint64_t draws = 0;           ///< draws (sample) or p-subsets (exact) assessed
  std::uint64_t unique_draws = 0;    ///< of which unique
  int points = 0;                    ///< p
  unicity_mode mode = unicity_mode::sample;  ///< the mode used
  std::uint64_t seed = 0;                    ///< the seed used (sample mode)
};

namespace detail {

/// Uniform integer in [0, bound) from a 64-bit engine, by rejection of the top
/// 2^64 mod bound values: exact and identical on every platform.
inline std::uint64_t unicity_uniform_below(std::mt19937_64& engine, std::uint64_t bound) {
  const std::uint64_t reject_below = (std::uint64_t{0} - bound) % bound;
  for (;;) {
    const std::uint64_t r = engine();
    if (r >= reject_below) return r % bound;
  }
}

/// Trajectories (person -> sorted distinct points) and postings (point -> sorted persons), in
/// compressed sparse row form.
struct trajectory_index {
  std::vector<std::size_t> person_offset;  // size persons + 1
  std::vector<std::int32_t> person_points;
  std::vector<std::size_t> point_offset;   // size points + 1
  std::vector<std::int32_t> point_persons;

  std::size_t n_persons() const { return person_offset.size() - 1; }
  std::size_t length(std::size_t person) const {
    return person_offset[person + 1] - person_offset[person];
  }
  const std::int32_t* points_of(std::size_t person) const {
    return person_points.data() + person_offset[person];
  }

  bool contains(std::size_t person, std::int32_t point) const {
    const std::int32_t* first = points_of(person);
    return std::binary_search(first, first + length(person), point);
  }

  /// No person other than `person` has every point of `points` (p >= 1).
  bool unique(std::size_t person, const std::int32_t* points, std::size_t p) const {
    // Candidates: the persons of the point with the shortest posting list.
    std::size_t shortest = 0;
    for (std::size_t k = 1; k < p; ++k) {
      const auto a = static_cast<std::size_t>(points[k]);
      const auto b = static_cast<std::size_t>(points[shortest]);
      if (point_offset[a + 1] - point_offset[a] < point_offset[b + 1] - point_offset[b]) {
        shortest = k;
      }
    }
    const auto s = static_cast<std::size_t>(points[shortest]);
    for (std::size_t c = point_offset[s]; c < point_offset[s + 1]; ++c) {
      const auto other = static_cast<std::size_t>(point_persons[c]);
      if (other == person) continue;
      bool all = true;
      for (std::size_t k = 0; k < p && all; ++k) {
        if (k != shortest) all = contains(other, points[k]);
      }
      if (all) return false;
    }
    return true;
  }
};

/// C(n, k), saturating at `cap` + 1.
inline std::uint64_t choose_capped(std::uint64_t n, std::uint64_t k, std::uint64_t cap) {
  if (k > n) return 0;
  k = std::min(k, n - k);
  double value = 1.0;
  for (std::uint64_t i = 1; i <= k; ++i) {
    value = value * static_cast<double>(n - k + i) / static_cast<double>(i);
    if (value > static_cast<double>(cap)) return cap + 1;
  }
  return static_cast<std::uint64_t>(std::llround(value));
}

}  // namespace detail

/// @brief Share of persons singled out by p points of their trajectory.
/// @param person person identifier of each row (categorical codes)
/// @param period period of each row (categorical codes; e.g. months)
/// @param variables the variables whose values at a period make a point (may be empty: then a
///        point is a period of presence)
/// @param options p, mode, seed, persons drawn, draws per person, short trajectories
/// @throws invalid_input errc::invalid_argument (p below 1, draws_per_person 0, a code out of
///         range, more p-subsets than max_exact_subsets in exact mode), errc::length_mismatch
inline trajectory_unicity_report estimate_trajectory_unicity(
    const categorical_view& person, const categorical_view& period,
    const std::vector<categorical_view>& variables,
    const trajectory_unicity_options& options = {}) {
  if (options.points < 1) {
    throw invalid_input(errc::invalid_argument,
                        "points must be at least 1, got " + std::to_string(options.points));
  }
  if (options.mode == unicity_mode::sample && options.draws_per_person == 0) {
    throw invalid_input(errc::invalid_argument, "draws_per_person must be at least 1");
  }
  const std::size_t n = person.size;
  validate(person);
  require_length(period, n, "period");
  validate(period);
  std::vector<categorical_view> point_keys{period};
  for (const auto& variable : variables) {
    require_length(variable, n, "variable");
    point_keys.push_back(variable);
  }
  const key_grouping points = group_by_keys(point_keys);  // validates the variables

  trajectory_unicity_report report;
  report.rows = n;
  report.points = options.points;
  report.mode = options.mode;
  report.seed = options.seed;
  const auto p = static_cast<std::size_t>(options.points);

  // Trajectories: rows by person (counting sort), then sorted distinct points per person.
  const auto n_person_codes = static_cast<std::size_t>(person.n_categories);
  std::vector<std::size_t> count(n_person_codes + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::int32_t who = person.category(i);
    if (who == missing_category || period.category(i) == missing_category) {
      ++report.rows_skipped;
      continue;
    }
    ++count[static_cast<std::size_t>(who) + 1];
  }
  for (std::size_t k = 0; k < n_person_codes; ++k) count[k + 1] += count[k];
  std::vector<std::int32_t> rows_points(count.back());
  {
    std::vector<std::size_t> at(count.begin(), count.end() - 1);
    for (std::size_t i = 0; i < n; ++i) {
      const std::int32_t who = person.category(i);
      if (who == missing_category || period.category(i) == missing_category) continue;
      rows_points[at[static_cast<std::size_t>(who)]++] = points.group_of_record[i];
    }
  }
  detail::trajectory_index index;
  index.person_offset.push_back(0);
  for (std::size_t k = 0; k < n_person_codes; ++k) {
    const auto first = rows_points.begin() + static_cast<std::ptrdiff_t>(count[k]);
    const auto last = rows_points.begin() + static_cast<std::ptrdiff_t>(count[k + 1]);
    if (first == last) continue;  // a code without rows is not a person
    std::sort(first, last);
    const auto end = std::unique(first, last);
    index.person_points.insert(index.person_points.end(), first, end);
    index.person_offset.push_back(index.person_points.size());
  }
  const std::size_t n_persons = index.n_persons();
  report.persons = n_persons;
  // Postings: persons of each point, in increasing order.
  const std::size_t n_points = points.n_groups();
  index.point_offset.assign(n_points + 1, 0);
  for (const std::int32_t pt : index.person_points) ++index.point_offset[static_cast<std::size_t>(pt) + 1];
  for (std::size_t k = 0; k < n_points; ++k) index.point_offset[k + 1] += index.point_offset[k];
  for (std::size_t k = 0; k < n_points; ++k) {
    if (index.point_offset[k + 1] > index.point_offset[k]) ++report.distinct_points;
  }
  index.point_persons.resize(index.person_points.size());
  {
    std::vector<std::size_t> at(index.point_offset.begin(), index.point_offset.end() - 1);
    for (std::size_t who = 0; who < n_persons; ++who) {
      for (std::size_t k = index.person_offset[who]; k < index.person_offset[who + 1]; ++k) {
        index.point_persons[at[static_cast<std::size_t>(index.person_points[k])]++] =
            static_cast<std::int32_t>(who);
      }
    }
  }

  std::vector<std::size_t> eligible;
  for (std::size_t who = 0; who < n_persons; ++who) {
    if (index.length(who) >= p || options.short_trajectories == short_trajectory_policy::all_points) {
      eligible.push_back(who);
    } else {
      ++report.persons_excluded;
    }
  }
  report.persons_eligible = eligible.size();
  if (eligible.empty()) return report;

  std::vector<std::int32_t> chosen(p);
  if (options.mode == unicity_mode::exact) {
    std::uint64_t total = 0;
    for (const std::size_t who : eligible) {
      const std::size_t length = index.length(who);
      total += length < p ? 1
                          : detail::choose_capped(length, p, options.max_exact_subsets);
      if (total > options.max_exact_subsets) {
        throw invalid_input(errc::invalid_argument,
                            "exact unicity would assess more than max_exact_subsets (" +
                                std::to_string(options.max_exact_subsets) +
                                ") p-subsets; use the sample mode or raise the limit");
      }
    }
    double share_sum = 0.0;
    std::vector<std::size_t> pick(p);
    for (const std::size_t who : eligible) {
      const std::int32_t* trajectory = index.points_of(who);
      const std::size_t length = index.length(who);
      const std::size_t k = std::min(p, length);
      for (std::size_t j = 0; j < k; ++j) pick[j] = j;
      std::uint64_t subsets = 0, unique = 0;
      for (;;) {  // p-subsets of the trajectory in lexicographic order
        for (std::size_t j = 0; j < k; ++j) chosen[j] = trajectory[pick[j]];
        ++subsets;
        unique += index.unique(who, chosen.data(), k);
        std::size_t j = k;
        while (j > 0 && pick[j - 1] == length - k + j - 1) --j;
        if (j == 0) break;
        ++pick[j - 1];
        for (std::size_t l = j; l < k; ++l) pick[l] = pick[l - 1] + 1;
      }
      report.draws += subsets;
      report.unique_draws += unique;
      share_sum += static_cast<double>(unique) / static_cast<double>(subsets);
    }
    report.persons_assessed = eligible.size();
    report.unicity = share_sum / static_cast<double>(eligible.size());
    report.standard_error = 0.0;
    return report;
  }

  // Sample mode: persons by a partial Fisher-Yates shuffle of the eligible list, then for each
  // draw p distinct points by a partial Fisher-Yates shuffle of a copy of the trajectory.
  std::mt19937_64 engine(options.seed);
  const std::size_t wanted = options.persons == 0 ? eligible.size()
                                                  : std::min(options.persons, eligible.size());
  std::vector<std::int32_t> scratch;
  for (std::size_t s = 0; s < wanted; ++s) {
    const std::size_t j =
        s + static_cast<std::size_t>(detail::unicity_uniform_below(engine, eligible.size() - s));
    std::swap(eligible[s], eligible[j]);
    const std::size_t who = eligible[s];
    const std::int32_t* trajectory = index.points_of(who);
    const std::size_t length = index.length(who);
    const std::size_t k = std::min(p, length);
    for (std::size_t draw = 0; draw < options.draws_per_person; ++draw) {
      scratch.assign(trajectory, trajectory + length);
      for (std::size_t t = 0; t < k; ++t) {
        const std::size_t u =
            t + static_cast<std::size_t>(detail::unicity_uniform_below(engine, length - t));
        std::swap(scratch[t], scratch[u]);
        chosen[t] = scratch[t];
      }
      ++report.draws;
      report.unique_draws += index.unique(who, chosen.data(), k);
    }
  }
  report.persons_assessed = wanted;
  const double draws = static_cast<double>(report.draws);
  report.unicity = static_cast<double>(report.unique_draws) / draws;
  report.standard_error = std::sqrt(report.unicity * (1.0 - report.unicity) / draws);
  return report;
}

}  // namespace sdc
