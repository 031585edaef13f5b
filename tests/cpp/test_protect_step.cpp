// SPDX-License-Identifier: MIT
// The protection step of every front end (include/sdc/tables/protect.hpp): Gauss, then the
// interval check and repair, on a cell system (a sector hierarchy crossed with regions) where
// the primary cell's interval is worked out by hand before and after the repair, and on the
// hand-worked 2 x 2 table of test_interval_repair.cpp through a checked table; modes and names.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <sdc/core/column_view.hpp>
#include <sdc/core/error.hpp>
#include <sdc/tables/audit.hpp>
#include <sdc/tables/cell_system.hpp>
#include <sdc/tables/protect.hpp>

using sdc::cell_protection;

namespace {

// Firms by sector (A, B, C, D; hierarchy AB = A + B, CD = C + D) and region (N, S), turnover:
//            N              S             | Total
//   A   20 (18, 1, 1)   10 (5, 5)         |  30
//   B   10 (5, 5)        1 (0.5, 0.5)     |  11
//   AB  30              11                |  41
//   C   20 (10, 10)     20 (10, 10)       |  40
//   D   20 (10, 10)     20 (10, 10)       |  40
//   CD  40              40                |  80
//   Tot 70              51                | 121
// Rule (1, 80) only: (A, N) fails (18 / 20 = 90%), every other cell passes (at most 60%). Its
// protection level is 100/80 * 18 - 20 = 2.5 on both sides.
struct firms {
  std::vector<std::int32_t> sector, region;
  std::vector<double> turnover;
  firms() {
    auto add = [&](std::int32_t s, std::int32_t r, std::vector<double> values) {
      for (double v : values) {
        sector.push_back(s);
        region.push_back(r);
        turnover.push_back(v);
      }
    };
    add(0, 0, {18, 1, 1});
    add(0, 1, {5, 5});
    add(1, 0, {5, 5});
    add(1, 1, {0.5, 0.5});
    for (std::int32_t s : {2, 3}) {
      for (std::int32_t r : {0, 1}) add(s, r, {10, 10});
    }
  }
  sdc::cell_system_data data() const {
    sdc::cell_system_data d;
    d.variables = {sdc::categorical_view{"sector", sector.data(), sector.size(), 4},
                   sdc::categorical_view{"region", region.data(), region.size(), 2}};
    d.labels = {{"A", "B", "C", "D"}, {"N", "S"}};
    d.hierarchies = {sdc::hierarchy_from_text("A;AB;*\nB;AB;*\nC;CD;*\nD;CD;*\n", ';', "sector")};
    d.stat = sdc::statistic::sum;
    d.value = sdc::numeric_view{"turnover", turnover.data(), turnover.size()};
    d.rules.min_count = 1;
    d.rules.nk_rules = {{1, 80.0}};
    d.rules.p_percent.reset();
    d.rules.zeros = sdc::severity::ignore;
    d.rules.class_disclosure = sdc::severity::ignore;
    return d;
  }
};

std::size_t cell_of(const sdc::cell_system& system, const std::string& sector, const std::string& region) {
  for (const auto& c : system.outputs.front().cells) {
    if (c.labels == std::vector<std::string>{sector, region}) return c.cell;
  }
  FAIL("no cell (" << sector << ", " << region << ")");
  return 0;
}

std::vector<std::size_t> suppressed_cells(const sdc::protection_result& r) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < r.status.size(); ++i) {
    if (r.status[i] != cell_protection::published) out.push_back(i);
  }
  return out;
}

// The interval of one suppressed cell under a pattern (the audit's LPs, an independent solver path).
sdc::cell_interval interval_of(const sdc::cell_system& system, const sdc::protection_result& r, std::size_t cell) {
  std::vector<bool> published(system.cells.size()), suppressed(system.cells.size());
  for (std::size_t i = 0; i < system.cells.size(); ++i) {
    published[i] = r.status[i] == cell_protection::published;
    suppressed[i] = !published[i];
  }
  const sdc::system_audit_problem sub = sdc::make_audit_problem(system, published, suppressed);
  const sdc::audit_result audit = sdc::audit_suppression(sub.problem);
  for (const auto& c : audit.cells) {
    if (sub.cells[c.cell] == cell) return c;
  }
  FAIL("cell " << cell << " not suppressed");
  return {};
}

}  // namespace

TEST_CASE("protect step: a hierarchy whose Gauss pattern leaves the primary cell too narrow is repaired") {
  const firms f;
  const sdc::cell_system_data data = f.data();
  const sdc::cell_system system = sdc::table_system(data, {"sector", "region"});
  const std::size_t an = cell_of(system, "A", "N"), as = cell_of(system, "A", "S"), bn = cell_of(system, "B", "N"),
                    bs = cell_of(system, "B", "S"), at = cell_of(system, "A", "Total"),
                    bt = cell_of(system, "B", "Total");
  REQUIRE(system.cells[an].primary);
  for (std::size_t i = 0; i < system.cells.size(); ++i) CHECK(system.cells[i].primary == (i == an));
  CHECK(sdc::protection_levels(system, data.rules)[an] == doctest::Approx(2.5));

  sdc::gauss_options gauss;
  gauss.cost = sdc::suppression_cost::value;

  // report: Gauss's pattern is the cheapest rectangle (A, B) x (N, S). (A, N) moves down with
  // (B, S) (value 1) and up with (A, S) and (B, N) (value 10): [20 - 1, 20 + 10] = [19, 30],
  // 1 below its value where 2.5 are required.
  const sdc::protect_step_result report =
      sdc::protect_system_with_intervals(system, data.rules, gauss, sdc::interval_mode::report);
  std::vector<std::size_t> rectangle{an, as, bn, bs};
  std::sort(rectangle.begin(), rectangle.end());
  CHECK(suppressed_cells(report.protection) == rectangle);
  const sdc::cell_interval before = interval_of(system, report.protection, an);
  CHECK(before.lower == doctest::Approx(19));
  CHECK(before.upper == doctest::Approx(30));
  REQUIRE(report.intervals.has_value());
  CHECK(report.intervals->mode == sdc::interval_mode::report);
  CHECK(report.intervals->levels == "rules");
  CHECK(report.intervals->too_narrow_before == 1);
  CHECK(report.intervals->added_secondary == 0);
  CHECK(report.intervals->too_narrow == std::vector<std::size_t>{an});
  CHECK(report.protection.unprotected.empty());  // report mode lists, it does not fail the cell

  // repair: (A, N) must reach 17.5. Moving it down by 2.5 with (A, S) +a, (B, N) +b, (B, S) +c
  // (c >= -1, (B, S) = 1), published cells deviate: (A, Total) by a - 2.5 (cost 30 per unit),
  // (B, Total) by b + c (11), (AB, N) and (Total, N) by b - 2.5 (30 + 70), (AB, S) and (Total, S)
  // by a + c (11 + 51), (AB, Total) and (Total, Total) by a + b + c - 2.5 (41 + 121). The least
  // cost is a = 1, b = 2.5, c = -1: (A, Total) and (B, Total) deviate by 1.5 (45 + 16.5 = 61.5;
  // a = b = 2.5 costs at least 11 * 1.5 + 62 * 1.5 + 162 * 1.5, a = 2.5, b = 1 at least
  // 100 * 1.5, and moving C or D costs their own cells too). Both become secondary.
  const sdc::protect_step_result repaired =
      sdc::protect_system_with_intervals(system, data.rules, gauss, sdc::interval_mode::repair);
  std::vector<std::size_t> expected{an, as, bn, bs, at, bt};
  std::sort(expected.begin(), expected.end());
  CHECK(suppressed_cells(repaired.protection) == expected);
  CHECK(repaired.protection.n_secondary == 5);
  REQUIRE(repaired.intervals.has_value());
  CHECK(repaired.intervals->too_narrow_before == 1);
  CHECK(repaired.intervals->added_secondary == 2);
  CHECK(repaired.intervals->rounds == 1);
  CHECK(repaired.intervals->too_narrow.empty());
  CHECK(repaired.protection.unprotected.empty());
  // Published now: (AB, N) = 30 and (AB, S) = 11, so (A, N) + (B, N) = 30 with both >= 0:
  // (A, N) lies in [0, 30].
  const sdc::cell_interval after = interval_of(system, repaired.protection, an);
  CHECK(after.lower == doctest::Approx(0));
  CHECK(after.upper == doctest::Approx(30));

  // off: Gauss alone, no interval check.
  const sdc::protect_step_result off =
      sdc::protect_system_with_intervals(system, data.rules, gauss, sdc::interval_mode::off);
  CHECK_FALSE(off.intervals.has_value());
  CHECK(suppressed_cells(off.protection) == rectangle);

  // Counts: the rules give no level, the check does not apply.
  sdc::cell_system_data counts = data;
  counts.stat = sdc::statistic::count;
  counts.rules.min_count = 3;
  const sdc::cell_system count_system = sdc::table_system(counts, {"sector", "region"});
  CHECK_FALSE(sdc::protect_system_with_intervals(count_system, counts.rules, gauss).intervals.has_value());
}

TEST_CASE("protect step: forced cells of a system are checked and kept") {
  const firms f;
  const sdc::cell_system_data data = f.data();
  const sdc::cell_system system = sdc::table_system(data, {"sector", "region"});
  const std::size_t an = cell_of(system, "A", "N"), at = cell_of(system, "A", "Total");
  std::vector<bool> publish(system.cells.size(), false);
  publish[an] = true;
  CHECK_THROWS_AS(sdc::protect_system_with_intervals(system, data.rules, {}, sdc::interval_mode::repair, publish),
                  sdc::invalid_input);
  // (A, Total) must stay published: the repair cannot use it and takes another way.
  publish[an] = false;
  publish[at] = true;
  const sdc::protect_step_result r =
      sdc::protect_system_with_intervals(system, data.rules, {}, sdc::interval_mode::repair, publish);
  CHECK(r.protection.status[at] == cell_protection::published);
  REQUIRE(r.intervals.has_value());
  CHECK(r.intervals->too_narrow.empty());
  const sdc::cell_interval after = interval_of(system, r.protection, an);
  CHECK(20 - after.lower >= 2.5 - 1e-6);
  CHECK(after.upper - 20 >= 2.5 - 1e-6);
}

TEST_CASE("protect step: interval mode names") {
  for (auto mode : {sdc::interval_mode::repair, sdc::interval_mode::report, sdc::interval_mode::off}) {
    CHECK(sdc::interval_mode_from_string(sdc::to_string(mode)) == mode);
  }
  CHECK_THROWS_AS(sdc::interval_mode_from_string("fix"), sdc::invalid_input);
}

TEST_CASE("protect step: levels of another length are refused") {
  sdc::protection_problem p;
  p.categories = {2, 2};
  p.values = {20, 1, 21, 1, 50, 51, 21, 51, 72};
  p.primary.assign(9, false);
  p.primary[0] = true;
  CHECK_THROWS_AS(sdc::protect_with_intervals(p, std::vector<double>(3, 1.0), true, {}), sdc::invalid_input);
  // Levels 4 on the primary cell of the hand-worked 2 x 2 table (test_interval_repair.cpp):
  // Gauss suppresses the rectangle, the repair adds cells until the interval reaches 16..24.
  std::vector<double> level(9, 0.0);
  level[0] = 4.0;
  sdc::gauss_options gauss;
  gauss.cost = sdc::suppression_cost::value;
  const sdc::protect_step_result r = sdc::protect_with_intervals(p, level, true, gauss);
  REQUIRE(r.intervals.has_value());
  CHECK(r.intervals->too_narrow_before == 1);
  CHECK(r.intervals->added_secondary > 0);
  CHECK(r.intervals->too_narrow.empty());
}
