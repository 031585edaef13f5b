// SPDX-License-Identifier: MIT
// Trajectory unicity: hand-made panels with known unicity 0 and 1, a small case computed by
// hand, the exact mode against a brute-force count over all persons and p-subsets, the sample
// mode against the exact value, determinism of the seeded draws (a pinned value guards the
// cross-platform stream), and the option checks.
#include <doctest/doctest.h>

#include <sdc/core/factorize.hpp>
#include <sdc/risk/trajectory_unicity.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace {

struct panel {
  std::vector<std::int32_t> person, period;
  std::vector<std::vector<std::int32_t>> values;  // per variable
  std::int32_t n_persons = 0, n_periods = 0;
  std::vector<std::int32_t> n_values;

  void add(std::int32_t who, std::int32_t when, std::vector<std::int32_t> what) {
    person.push_back(who);
    period.push_back(when);
    values.resize(what.size());
    for (std::size_t v = 0; v < what.size(); ++v) values[v].push_back(what[v]);
  }
  static sdc::categorical_view view(const char* name, const std::vector<std::int32_t>& codes,
                                    std::int32_t k) {
    sdc::categorical_view v;
    v.name = name;
    v.codes = codes.data();
    v.size = codes.size();
    v.n_categories = k;
    return v;
  }
  sdc::categorical_view person_view() const { return view("person", person, n_persons); }
  sdc::categorical_view period_view() const { return view("period", period, n_periods); }
  std::vector<sdc::categorical_view> variable_views() const {
    std::vector<sdc::categorical_view> result;
    for (std::size_t v = 0; v < values.size(); ++v) {
      result.push_back(view("value", values[v], n_values[v]));
    }
    return result;
  }
  sdc::trajectory_unicity_report run(const sdc::trajectory_unicity_options& options) const {
    return sdc::estimate_trajectory_unicity(person_view(), period_view(), variable_views(), options);
  }
};

sdc::trajectory_unicity_options exact(int p) {
  sdc::trajectory_unicity_options options;
  options.points = p;
  options.mode = sdc::unicity_mode::exact;
  return options;
}

// Random panel: persons x periods, each person present in a random subset of periods, with a
// skewed value; duplicated rows included.
panel random_panel(std::int32_t persons, std::int32_t periods, std::int32_t values,
                   std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  panel data;
  data.n_persons = persons;
  data.n_periods = periods;
  data.n_values = {values};
  for (std::int32_t who = 0; who < persons; ++who) {
    for (std::int32_t when = 0; when < periods; ++when) {
      if (rng() % 3 == 0) continue;
      const double u = static_cast<double>(rng() >> 11) * 0x1.0p-53;
      data.add(who, when, {static_cast<std::int32_t>(values * u * u)});
      if (rng() % 10 == 0) data.add(who, when, {data.values[0].back()});  // duplicate row
    }
  }
  return data;
}

// Brute force: trajectories as sets of (period, value); for each person with >= p points (or all
// persons), every p-subset, unique if no other trajectory includes it.
double brute_force_exact(const panel& data, std::size_t p, bool all_points, std::size_t& eligible) {
  std::vector<std::set<std::pair<std::int32_t, std::int32_t>>> trajectories(
      static_cast<std::size_t>(data.n_persons));
  for (std::size_t i = 0; i < data.person.size(); ++i) {
    trajectories[static_cast<std::size_t>(data.person[i])].insert({data.period[i], data.values[0][i]});
  }
  double sum = 0.0;
  eligible = 0;
  for (std::size_t who = 0; who < trajectories.size(); ++who) {
    const std::vector<std::pair<std::int32_t, std::int32_t>> points(trajectories[who].begin(),
                                                                    trajectories[who].end());
    if (points.empty() || (points.size() < p && !all_points)) continue;
    ++eligible;
    const std::size_t k = std::min(p, points.size());
    std::vector<bool> mask(points.size(), false);
    std::fill(mask.begin(), mask.begin() + static_cast<std::ptrdiff_t>(k), true);
    std::size_t subsets = 0, unique = 0;
    do {
      ++subsets;
      bool found = false;
      for (std::size_t other = 0; other < trajectories.size() && !found; ++other) {
        if (other == who) continue;
        bool all = true;
        for (std::size_t j = 0; j < points.size() && all; ++j) {
          if (mask[j]) all = trajectories[other].count(points[j]) > 0;
        }
        found = all;
      }
      unique += !found;
    } while (std::prev_permutation(mask.begin(), mask.end()));
    sum += static_cast<double>(unique) / static_cast<double>(subsets);
  }
  return sum / static_cast<double>(eligible);
}

}  // namespace

TEST_CASE("trajectory unicity: identical trajectories give 0, distinct values give 1") {
  panel same;
  same.n_persons = 3;
  same.n_periods = 4;
  same.n_values = {2};
  for (std::int32_t who = 0; who < 3; ++who) {
    for (std::int32_t when = 0; when < 4; ++when) same.add(who, when, {when % 2});
  }
  for (const int p : {1, 2, 4}) {
    CHECK(same.run(exact(p)).unicity == 0.0);
    sdc::trajectory_unicity_options options;
    options.points = p;
    options.seed = 5;
    CHECK(same.run(options).unicity == 0.0);
  }
  panel distinct;
  distinct.n_persons = 5;
  distinct.n_periods = 3;
  distinct.n_values = {5};
  for (std::int32_t who = 0; who < 5; ++who) {
    for (std::int32_t when = 0; when < 3; ++when) distinct.add(who, when, {who});
  }
  const auto report = distinct.run(exact(1));
  CHECK(report.unicity == 1.0);
  CHECK(report.persons == 5);
  CHECK(report.draws == 15);  // 3 one-point subsets per person
  CHECK(report.unique_draws == 15);
  CHECK(report.distinct_points == 15);
  sdc::trajectory_unicity_options options;
  options.points = 2;
  options.persons = 0;
  options.draws_per_person = 10;
  const auto sampled = distinct.run(options);
  CHECK(sampled.unicity == 1.0);
  CHECK(sampled.standard_error == 0.0);
  CHECK(sampled.draws == 50);
}

TEST_CASE("trajectory unicity: small panel computed by hand") {
  // A: (1,x) (2,y); B: (1,x) (2,z); C: (1,w) (2,y).
  // p = 1: A's points are both shared (0), B's (2,z) is unique (1/2), C's (1,w) is (1/2):
  // unicity (0 + 1/2 + 1/2) / 3 = 1/3. p = 2: every full trajectory is unique: 1.
  const std::vector<sdc::factorized_column> columns{
      sdc::factorize("person", {"A", "A", "B", "B", "C", "C"}),
      sdc::factorize("period", {"1", "2", "1", "2", "1", "2"}),
      sdc::factorize("value", {"x", "y", "x", "z", "w", "y"})};
  const auto run = [&](const sdc::trajectory_unicity_options& options) {
    return sdc::estimate_trajectory_unicity(columns[0].view(), columns[1].view(),
                                            {columns[2].view()}, options);
  };
  const auto p1 = run(exact(1));
  CHECK(p1.unicity == doctest::Approx(1.0 / 3.0));
  CHECK(p1.draws == 6);
  CHECK(p1.unique_draws == 2);
  CHECK(p1.standard_error == 0.0);
  CHECK(run(exact(2)).unicity == 1.0);
  // p = 3 exceeds every trajectory: excluded by default, all points otherwise.
  const auto p3 = run(exact(3));
  CHECK(p3.persons_eligible == 0);
  CHECK(p3.persons_excluded == 3);
  CHECK(std::isnan(p3.unicity));
  auto all = exact(3);
  all.short_trajectories = sdc::short_trajectory_policy::all_points;
  CHECK(run(all).unicity == 1.0);
  // Without variables, a point is a period: everyone was present in periods 1 and 2.
  CHECK(sdc::estimate_trajectory_unicity(columns[0].view(), columns[1].view(), {}, exact(1))
            .unicity == 0.0);
}

TEST_CASE("trajectory unicity: exact mode against brute force") {
  for (const std::uint64_t seed : {1, 2, 3}) {
    const panel data = random_panel(40, 6, 4, seed);
    for (const std::size_t p : {1, 2, 3}) {
      for (const bool all_points : {false, true}) {
        auto options = exact(static_cast<int>(p));
        if (all_points) options.short_trajectories = sdc::short_trajectory_policy::all_points;
        std::size_t eligible = 0;
        const double expected = brute_force_exact(data, p, all_points, eligible);
        const auto report = data.run(options);
        CAPTURE(seed);
        CAPTURE(p);
        CHECK(report.persons_eligible == eligible);
        CHECK(report.unicity == doctest::Approx(expected).epsilon(1e-12));
      }
    }
  }
}

TEST_CASE("trajectory unicity: sample mode is seeded, deterministic and close to exact") {
  const panel data = random_panel(300, 8, 6, 9);
  const double truth = data.run(exact(2)).unicity;
  sdc::trajectory_unicity_options options;
  options.points = 2;
  options.persons = 0;
  options.draws_per_person = 20;
  options.seed = 123;
  const auto a = data.run(options);
  const auto b = data.run(options);
  CHECK(a.unicity == b.unicity);
  CHECK(a.unique_draws == b.unique_draws);
  CHECK(a.draws == 300 * 20);
  CHECK(std::fabs(a.unicity - truth) < 4.0 * a.standard_error + 1e-12);
  options.seed = 124;
  const auto c = data.run(options);
  CHECK(c.unique_draws != a.unique_draws);  // another stream (equal only by a rare accident)
  // A sub-sample of persons.
  options.persons = 50;
  options.draws_per_person = 1;
  options.seed = 7;
  const auto sub = data.run(options);
  CHECK(sub.persons_assessed == 50);
  CHECK(sub.draws == 50);
  // Pinned: std::mt19937_64 is fully specified and the bounded draws are our own, so this
  // count is the same on every platform and compiler (it changes only if the algorithm does).
  CHECK(sub.unique_draws == 2);
  CHECK(a.unique_draws == 329);
  CHECK(c.unique_draws == 316);
}

TEST_CASE("trajectory unicity: missing persons or periods are skipped") {
  panel data;
  data.n_persons = 2;
  data.n_periods = 2;
  data.n_values = {2};
  data.add(0, 0, {0});
  data.add(0, 1, {1});
  data.add(1, 0, {0});
  data.add(-1, 1, {1});  // missing person
  data.add(1, -1, {1});  // missing period
  const auto report = data.run(exact(1));
  CHECK(report.rows == 5);
  CHECK(report.rows_skipped == 2);
  CHECK(report.persons == 2);
  // Person 0: (0,0) shared with person 1, (1,1) unique -> 1/2; person 1: (0,0) shared -> 0.
  CHECK(report.unicity == doctest::Approx(0.25));
}

TEST_CASE("trajectory unicity: options are checked") {
  const panel data = random_panel(20, 5, 3, 4);
  sdc::trajectory_unicity_options options;
  options.points = 0;
  CHECK_THROWS_AS(data.run(options), sdc::invalid_input);
  options.points = 2;
  options.draws_per_person = 0;
  CHECK_THROWS_AS(data.run(options), sdc::invalid_input);
  auto limited = exact(2);
  limited.max_exact_subsets = 10;
  CHECK_THROWS_AS(data.run(limited), sdc::invalid_input);
  auto short_period = data.period;
  short_period.pop_back();
  CHECK_THROWS_AS(sdc::estimate_trajectory_unicity(
                      data.person_view(), panel::view("period", short_period, 5),
                      data.variable_views(), {}),
                  sdc::invalid_input);
  CHECK(sdc::unicity_mode_from_string(sdc::to_string(sdc::unicity_mode::exact)) ==
        sdc::unicity_mode::exact);
  CHECK(sdc::short_trajectory_policy_from_string("all_points") ==
        sdc::short_trajectory_policy::all_points);
  CHECK_THROWS_AS(sdc::unicity_mode_from_string("bootstrap"), sdc::invalid_input);
  CHECK(sdc::trajectory_unicity_options::defaults().points == 4);
}
