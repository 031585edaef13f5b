// SPDX-License-Identifier: MIT
// Cell systems from microdata: values against counts computed from the records by hand,
// hierarchy subtotals, shared cells of linked tables, and the textbook differencing case (a
// table of all employees by sector and the same table without one firm).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <Eigen/SparseCore>
#include <sdc/core/error.hpp>
#include <sdc/tables/audit.hpp>
#include <sdc/tables/cell_system.hpp>
#include <sdc/tables/gauss_suppression.hpp>

#include "test_support.hpp"

namespace {

using sdc_test::column;

sdc::table_rules count_rules(int min_count) {
  sdc::table_rules rules;
  rules.min_count = min_count;
  rules.nk_rules.clear();
  rules.p_percent.reset();
  rules.zeros = sdc::severity::ignore;
  rules.class_disclosure = sdc::severity::ignore;
  return rules;
}

// 18 records: sector x region x size (sector A and B grouped as "AB" by the hierarchy).
struct linked_data {
  std::vector<std::string> sector, region, size;
  linked_data() {
    auto add = [&](const char* s, const char* r, const char* z, int times) {
      for (int i = 0; i < times; ++i) {
        sector.push_back(s);
        region.push_back(r);
        size.push_back(z);
      }
    };
    add("A", "N", "small", 3);
    add("A", "N", "large", 1);
    add("A", "S", "small", 2);
    add("B", "N", "small", 2);
    add("B", "S", "large", 4);
    add("C", "N", "large", 3);
    add("C", "S", "small", 1);
    add("C", "S", "large", 2);
  }
};

sdc::generalisation_hierarchy sector_hierarchy() {
  return sdc::hierarchy_from_text("A;AB;*\nB;AB;*\nC;C;*\n", ';', "sector");
}

/// Records matching an output cell's labels (level 1 of sector = the hierarchy's group).
std::set<std::size_t> records_of(const linked_data& d, const std::vector<std::string>& variables,
                                 const sdc::output_cell& cell) {
  std::set<std::size_t> out;
  const std::map<std::string, std::string> group = {{"A", "AB"}, {"B", "AB"}, {"C", "C"}};
  for (std::size_t i = 0; i < d.sector.size(); ++i) {
    bool in = true;
    for (std::size_t k = 0; k < variables.size(); ++k) {
      const std::string& label = cell.labels[k];
      if (label == "Total") continue;
      const std::string& value = variables[k] == "sector" ? d.sector[i] : variables[k] == "region" ? d.region[i] : d.size[i];
      const bool coarse = variables[k] == "sector" && cell.levels[k] == 1;
      in = in && (coarse ? group.at(value) == label : value == label);
    }
    if (in) out.insert(i);
  }
  return out;
}

}  // namespace

TEST_CASE("cell system: a hierarchical table and a linked table; X' y equals counts by hand; shared cells once") {
  const linked_data d;
  const column sector("sector", d.sector), region("region", d.region), size("size", d.size);
  sdc::cell_system_data data;
  data.variables = {sector.view(), region.view(), size.view()};
  data.labels = {sector.labels, region.labels, size.labels};
  data.hierarchies = {sector_hierarchy()};
  data.rules = count_rules(3);
  const sdc::cell_system system = sdc::linked_tables_system(data, {{"sector", "region"}, {"sector", "size"}});

  REQUIRE(system.outputs.size() == 2);
  // Each output: sector at level 0 (A, B, C, Total) x 3 and the subtotals AB and C at level 1
  // x 3: 12 + 6 cells listed.
  CHECK(system.outputs[0].cells.size() == 18);
  CHECK(system.outputs[1].cells.size() == 18);
  REQUIRE(system.outputs[0].levels[0].size() == 2);
  CHECK(system.outputs[0].levels[0][1].level == 1);
  CHECK(system.outputs[0].levels[0][1].name == "level 1");
  CHECK(system.outputs[0].levels[1].size() == 1);

  // Inner cells: the 8 observed sector x region x size combinations.
  CHECK(system.refinement_variables == std::vector<std::string>{"sector", "region", "size"});
  REQUIRE(system.inner.size() == 8);
  Eigen::VectorXd y(8);
  for (std::size_t r = 0; r < 8; ++r) y(static_cast<Eigen::Index>(r)) = system.inner[r].value;
  const Eigen::VectorXd x = system.model_matrix.transpose() * y;
  REQUIRE(x.size() == static_cast<Eigen::Index>(system.cells.size()));

  std::map<std::set<std::size_t>, std::size_t> cell_of_records;
  for (std::size_t o = 0; o < 2; ++o) {
    const auto& out = system.outputs[o];
    for (const auto& cell : out.cells) {
      const std::set<std::size_t> records = records_of(d, out.spec.variables, cell);
      const auto count = static_cast<double>(records.size());
      CHECK(system.cells[cell.cell].value == count);
      CHECK(x(static_cast<Eigen::Index>(cell.cell)) == count);
      CHECK_FALSE(system.cells[cell.cell].hidden);
      // Same records <=> same cell of the system (identified once, across outputs and levels).
      auto inserted = cell_of_records.emplace(records, cell.cell);
      CHECK(inserted.first->second == cell.cell);
      // Primary: fewer than 3 records (zeros ignored).
      CHECK(system.cells[cell.cell].primary == (count > 0 && count < 3));
    }
  }
  // 15 distinct cells per output (C at level 1 is C); shared: the 5 sector margins (A, B, C,
  // AB, Total) and, because B-North is all small and B-South all large, B x N = B x small and
  // B x S = B x large: 30 - 7 = 23.
  CHECK(cell_of_records.size() == 23);
  std::set<std::size_t> published_ids;
  for (const auto& entry : cell_of_records) CHECK(published_ids.insert(entry.second).second);  // and only them
  // Subtotal AB by North: A-N (4) + B-N (2).
  bool seen = false;
  for (const auto& cell : system.outputs[0].cells) {
    if (cell.labels == std::vector<std::string>{"AB", "N"}) {
      CHECK(cell.levels == std::vector<std::size_t>{1, 0});
      CHECK(system.cells[cell.cell].value == 6);
      seen = true;
    }
  }
  CHECK(seen);
  // The other columns are inner cells no output publishes: hidden, failing when < 3 records.
  std::size_t hidden = 0;
  for (std::size_t j = 0; j < system.cells.size(); ++j) {
    if (!system.cells[j].hidden) continue;
    ++hidden;
    REQUIRE(system.cells[j].inner.size() == 1);
    const auto& inner = system.inner[system.cells[j].inner[0]];
    CHECK(x(static_cast<Eigen::Index>(j)) == inner.value);
    CHECK(system.cells[j].primary == (inner.value < 3));
  }
  // Inner cells equal to a published cell: A-S-small (= A x S), A-N-large (= A x large),
  // B-N-small, B-S-large, C-N-large (= C x N), C-S-small (= C x small); A-N-small (3 records)
  // and C-S-large (2, primary) are hidden.
  CHECK(hidden == 2);
  CHECK(system.cells.size() == 25);
}

TEST_CASE("cell system: a weighted sum table equals build_table's, cell by cell, with the same verdicts") {
  const column sector("sector", {"A", "A", "B", "B", "B", "C", "A", "C"});
  const column region("region", {"N", "S", "N", "N", "S", "S", "N", "N"});
  const std::vector<double> wage = {100, 250, 80, 95, 400, 30, 55, 700};
  const std::vector<double> weight = {1.5, 2, 1, 3, 1, 2.5, 1, 1};
  sdc::cell_system_data data;
  data.variables = {sector.view(), region.view()};
  data.labels = {sector.labels, region.labels};
  data.stat = sdc::statistic::sum;
  data.value = sdc::numeric_view{"wage", wage.data(), wage.size()};
  data.weights = sdc::numeric_view{"weight", weight.data(), weight.size()};
  data.rules = sdc::table_rules{};
  data.rules.min_count = 2;
  const sdc::cell_system system = sdc::table_system(data, {"sector", "region"});

  sdc::table_request request;
  request.dimensions = {sector.view(), region.view()};
  request.labels = {sector.labels, region.labels};
  request.stat = sdc::statistic::sum;
  request.value = data.value;
  request.weights = data.weights;
  request.top_contributions = sdc::needed_top_contributions(data.rules);
  const sdc::table t = sdc::build_table(request);
  const sdc::table_check check = sdc::check_table(t, data.rules);
  REQUIRE(system.outputs[0].cells.size() == t.cells.size());
  Eigen::VectorXd y(static_cast<Eigen::Index>(system.inner.size()));
  for (std::size_t r = 0; r < system.inner.size(); ++r) y(static_cast<Eigen::Index>(r)) = system.inner[r].value;
  const Eigen::VectorXd x = system.model_matrix.transpose() * y;
  for (std::size_t i = 0; i < t.cells.size(); ++i) {
    const auto& shown = system.outputs[0].cells[i];
    const auto& cell = system.cells[shown.cell];
    CHECK(shown.labels[0] == (t.cells[i].coords[0] < 0 ? "Total" : sector.labels[t.cells[i].coords[0]]));
    CHECK(cell.value == doctest::Approx(t.cells[i].value));
    CHECK(x(static_cast<Eigen::Index>(shown.cell)) == doctest::Approx(t.cells[i].value));
    CHECK(cell.evidence.top_contributions == t.cells[i].evidence.top_contributions);
    CHECK(cell.primary == (check.cells[i].status == sdc::cell_status::fail));
  }
  // The grand total by hand: sum of weight x wage.
  double total = 0;
  for (std::size_t i = 0; i < wage.size(); ++i) total += wage[i] * weight[i];
  CHECK(system.cells[system.outputs[0].cells.back().cell].value == doctest::Approx(total));
}

TEST_CASE("cell system: a value missing from the hierarchy is an error naming it") {
  const column sector("sector", {"A", "B", "D"});
  sdc::cell_system_data data;
  data.variables = {sector.view()};
  data.labels = {sector.labels};
  data.hierarchies = {sector_hierarchy()};
  data.rules = count_rules(3);
  try {
    (void)sdc::table_system(data, {"sector"});
    FAIL("expected an error");
  } catch (const sdc::invalid_input& e) {
    CHECK(std::string(e.what()).find("'D' of 'sector' is not in the hierarchy") != std::string::npos);
  }
  data.hierarchies.clear();
  sdc::output_spec spec{"x", {"sector"}, sdc::output_filter{"sector", "Z", false}};
  CHECK_THROWS_AS((void)sdc::build_cell_system(data, {spec}), sdc::invalid_input);
  CHECK_THROWS_AS((void)sdc::table_system(data, {"nope"}), sdc::invalid_input);
}

TEST_CASE("cell system: missing values stay outside the hierarchy; a one-group level is their complement") {
  const column sector("sector", {"A", "A", "B", "", "B", "A"});
  sdc::cell_system_data data;
  data.variables = {sector.view()};
  data.labels = {sector.labels};
  data.hierarchies = {sdc::hierarchy_from_text("A;AB;*\nB;AB;*\n", ';', "sector")};
  data.rules = count_rules(1);
  const sdc::cell_system system = sdc::table_system(data, {"sector"});
  // Level 0: A 3, B 2, (missing) 1, Total 6; level 1: AB 5 (the non-missing records).
  std::vector<std::pair<std::string, double>> shown;
  for (const auto& cell : system.outputs[0].cells) shown.emplace_back(cell.labels[0], system.cells[cell.cell].value);
  const std::vector<std::pair<std::string, double>> expected = {
      {"A", 3}, {"B", 2}, {"(missing)", 1}, {"Total", 6}, {"AB", 5}, {"(missing)", 1}};
  CHECK(shown == expected);
  CHECK(system.outputs[0].cells[2].cell == system.outputs[0].cells[5].cell);
  // Without missing values the one-group level is the Total and adds nothing.
  const column complete("sector", {"A", "A", "B"});
  data.variables = {complete.view()};
  data.labels = {complete.labels};
  CHECK(sdc::table_system(data, {"sector"}).outputs[0].cells.size() == 3);
}

namespace {

// Employees by sector; firm X has 1 employee in A and 4 in B.
struct employees {
  std::vector<std::string> sector, firm;
  employees() {
    auto add = [&](const char* s, const char* f, int times) {
      for (int i = 0; i < times; ++i) {
        sector.push_back(s);
        firm.push_back(f);
      }
    };
    add("A", "X", 1);
    add("A", "P", 3);
    add("A", "Q", 2);
    add("B", "X", 4);
    add("B", "P", 2);
    add("B", "Q", 3);
  }
};

std::size_t find_hidden(const sdc::cell_system& system, const std::string& description) {
  for (std::size_t j = 0; j < system.cells.size(); ++j) {
    if (system.cells[j].hidden && system.cells[j].description.find(description) != std::string::npos) return j;
  }
  FAIL("no hidden cell " << description);
  return 0;
}

}  // namespace

TEST_CASE("differencing: all employees by sector and the same table without firm X give X's cell of 1") {
  const employees e;
  const column sector("sector", e.sector), firm("firm", e.firm);
  sdc::cell_system_data data;
  data.variables = {sector.view(), firm.view()};
  data.labels = {sector.labels, firm.labels};
  data.rules = count_rules(3);
  const std::vector<sdc::output_spec> outputs = {
      {"all", {"sector"}, std::nullopt}, {"without X", {"sector"}, sdc::output_filter{"firm", "X", false}}};
  const sdc::cell_system system = sdc::build_cell_system(data, outputs);

  // Published: A 6, B 9, Total 15; without X: A 5, B 5, Total 10. All pass (>= 3).
  auto values = [&](std::size_t o) {
    std::vector<double> v;
    for (const auto& cell : system.outputs[o].cells) v.push_back(system.cells[cell.cell].value);
    return v;
  };
  CHECK(values(0) == std::vector<double>{6, 9, 15});
  CHECK(values(1) == std::vector<double>{5, 5, 10});
  for (const auto& out : system.outputs) {
    for (const auto& cell : out.cells) CHECK_FALSE(system.cells[cell.cell].primary);
  }
  // Inner cells: sector x (firm == X): (A, no) 5, (A, yes) 1, (B, no) 5, (B, yes) 4.
  REQUIRE(system.inner.size() == 4);
  CHECK(system.filters.size() == 1);
  CHECK(system.inner[1].description == "(sector=A, firm == X)");
  CHECK(system.inner[1].value == 1);
  // Hidden: X's cells by sector (the complement of "without X") and X's total; only the cell
  // of 1 fails the threshold.
  const std::size_t x_in_a = find_hidden(system, "(sector=A)");
  const std::size_t x_in_b = find_hidden(system, "(sector=B)");
  const std::size_t x_total = find_hidden(system, "(sector=Total)");
  CHECK(system.cells.size() == 9);
  CHECK(system.cells[x_in_a].value == 1);
  CHECK(system.cells[x_in_a].primary);
  CHECK(system.cells[x_in_b].value == 4);
  CHECK_FALSE(system.cells[x_in_b].primary);
  CHECK(system.cells[x_total].value == 5);
  CHECK(system.hidden_primary() == std::vector<std::size_t>{x_in_a});

  // Published as they are, A - A(without X) = 1: recovered and disclosed.
  const sdc::differencing_report report = sdc::find_recovered_cells(system);
  std::vector<std::size_t> recovered = report.recovered;
  std::sort(recovered.begin(), recovered.end());
  std::vector<std::size_t> expected = {x_in_a, x_in_b, x_total};
  std::sort(expected.begin(), expected.end());
  CHECK(recovered == expected);
  CHECK(report.disclosed == std::vector<std::size_t>{x_in_a});

  // Protected jointly: the audit no longer recovers X's cell in A.
  const sdc::protection_problem problem = sdc::make_protection_problem(system);
  const sdc::protection_result result = sdc::gauss_suppression(problem, sdc::system_gauss_options(system));
  CHECK(result.unprotected.empty());
  std::vector<bool> published(system.cells.size());
  std::size_t suppressed_output_cells = 0;
  for (std::size_t j = 0; j < system.cells.size(); ++j) {
    published[j] = result.status[j] == sdc::cell_protection::published;
    CHECK(!(published[j] && system.cells[j].hidden));
    suppressed_output_cells += !published[j] && !system.cells[j].hidden;
  }
  // At least one cell of each output (one alone would be given back by its total).
  CHECK(suppressed_output_cells >= 2);
  const sdc::differencing_report after = sdc::find_recovered_cells(system, published);
  CHECK(after.disclosed.empty());
  bool audited = false;
  for (const auto& c : after.intervals) {
    if (c.cell != x_in_a) continue;
    audited = true;
    CHECK_FALSE(c.exact);
    CHECK(c.lower <= 1.0);
    CHECK(c.upper >= 1.0);
  }
  CHECK(audited);
}
