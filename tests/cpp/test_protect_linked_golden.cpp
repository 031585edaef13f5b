// SPDX-License-Identifier: MIT
// Linked tables against CRAN sdcTable's protect_linked_tables() (tests/data/sdctable_protect/
// testdata_linked_*.csv, written by tests/data/generate_golden_protect_linked.R): two count
// tables of sdcMicro's testdata sharing `roof` (roof x water, roof x sex), freq rule maxN = 3.
//   - our linked cell system has sdcTable's cell values and primary cells;
//   - the audit on the model matrix of one table reproduces attack() on sdcTable's pattern;
//   - audited jointly (both tables published together), sdcTable's linked pattern discloses no
//     primary cell exactly, and the intervals are at most as wide as within one table;
//   - our own joint Gauss protection leaves no primary cell (published or hidden) exact.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <sdc/tables/audit.hpp>
#include <sdc/tables/cell_system.hpp>
#include <sdc/tables/gauss_suppression.hpp>

#include "golden.hpp"
#include "test_support.hpp"

namespace {

using sdc_test::column;

/// sdcTable's freq rule with maxN = 3: fewer than 4 contributors fail; nothing else applies.
void set_freq_rule_max3(sdc::table_rules& rules) {
  rules.min_count = 4;
  rules.nk_rules.clear();
  rules.p_percent.reset();
  rules.zeros = sdc::severity::ignore;
  rules.class_disclosure = sdc::severity::ignore;
}

/// One golden row: the frequency, sdcTable's status and its attack() interval.
struct golden_cell {
  double freq = 0.0;
  std::string status;
  double low = std::nan(""), up = std::nan("");
};

/// Golden rows keyed by "roof|other" labels ("Total" for margins).
std::map<std::string, golden_cell> read_linked(const std::string& file, const std::string& other) {
  const auto csv = sdc_test::read_csv(std::string(SDC_TEST_DATA_DIR) + "/sdctable_protect/" + file);
  const auto roof = csv.text("roof"), second = csv.text(other), status = csv.text("sdcStatus");
  const auto freq = csv.numbers("freq"), low = csv.numbers("low"), up = csv.numbers("up");
  std::map<std::string, golden_cell> rows;
  for (std::size_t r = 0; r < csv.rows.size(); ++r) rows[roof[r] + "|" + second[r]] = {freq[r], status[r], low[r], up[r]};
  return rows;
}

bool suppressed_status(const std::string& status) { return status == "u" || status == "x"; }

struct linked_data {
  column roof, water, sex;
  sdc::cell_system_data data;
  linked_data()
      : roof("roof", {}), water("water", {}), sex("sex", {}) {
    const auto csv = sdc_test::read_csv(std::string(SDC_SHARED_DATA_DIR) + "/sdcmicro/testdata.csv");
    roof = column("roof", csv.text("roof"));
    water = column("water", csv.text("water"));
    sex = column("sex", csv.text("sex"));
    data.variables = {roof.view(), water.view(), sex.view()};
    data.labels = {roof.labels, water.labels, sex.labels};
    data.stat = sdc::statistic::count;
    set_freq_rule_max3(data.rules);
  }
};

}  // namespace

TEST_CASE("sdcTable golden: linked tables roof x water and roof x sex (protect_linked_tables, attack)") {
  const linked_data d;
  const std::vector<std::map<std::string, golden_cell>> golden = {
      read_linked("testdata_linked_roof_water.csv", "water"), read_linked("testdata_linked_roof_sex.csv", "sex")};
  const sdc::cell_system system = sdc::linked_tables_system(d.data, {{"roof", "water"}, {"roof", "sex"}});
  REQUIRE(system.outputs.size() == 2);

  // Values and primary cells; sdcTable's joint pattern on our cells.
  const std::size_t m = system.cells.size();
  std::vector<bool> published(m, false), suppressed(m, false);
  std::vector<const golden_cell*> golden_of(m, nullptr);
  for (std::size_t o = 0; o < 2; ++o) {
    CHECK(system.outputs[o].cells.size() == golden[o].size());
    for (const auto& cell : system.outputs[o].cells) {
      const std::string key = cell.labels[0] + "|" + cell.labels[1];
      INFO("table " << o + 1 << " cell " << key);
      const auto found = golden[o].find(key);
      REQUIRE(found != golden[o].end());
      const golden_cell& g = found->second;
      CHECK(system.cells[cell.cell].value == g.freq);
      CHECK(system.cells[cell.cell].primary == (g.status == "u"));
      // A shared cell (the roof margins) has one status in both of sdcTable's tables.
      if (golden_of[cell.cell] != nullptr) CHECK(suppressed_status(golden_of[cell.cell]->status) == suppressed_status(g.status));
      golden_of[cell.cell] = &g;
      suppressed[cell.cell] = suppressed_status(g.status);
      published[cell.cell] = !suppressed[cell.cell];
    }
  }
  std::size_t n_primary = 0, n_secondary = 0;
  for (std::size_t i = 0; i < m; ++i) {
    if (golden_of[i] == nullptr) continue;
    n_primary += golden_of[i]->status == "u";
    n_secondary += golden_of[i]->status == "x";
  }
  CHECK(n_primary >= 1);  // the generator's message: 1 primary, 9 secondary in roof x water
  CHECK(n_secondary >= 1);

  SUBCASE("the audit of one table on its model matrix reproduces attack()") {
    for (std::size_t o = 0; o < 2; ++o) {
      const std::vector<std::string> variables = {"roof", o == 0 ? "water" : "sex"};
      const sdc::cell_system single = sdc::table_system(d.data, variables);
      std::vector<bool> pub(single.cells.size(), false), sup(single.cells.size(), false);
      std::vector<const golden_cell*> of(single.cells.size(), nullptr);
      for (const auto& cell : single.outputs[0].cells) {
        const golden_cell& g = golden[o].at(cell.labels[0] + "|" + cell.labels[1]);
        of[cell.cell] = &g;
        sup[cell.cell] = suppressed_status(g.status);
        pub[cell.cell] = !sup[cell.cell];
      }
      const auto sub = sdc::make_audit_problem(single, pub, sup);
      const sdc::audit_result result = sdc::audit_suppression(sub.problem);
      std::size_t checked = 0;
      for (const auto& interval : result.cells) {
        const golden_cell* g = of[sub.cells[interval.cell]];
        if (g == nullptr) continue;  // a hidden inner cell of the one-table system
        INFO("table " << o + 1 << " cell " << single.cells[sub.cells[interval.cell]].description);
        CHECK(interval.lower == doctest::Approx(g->low).epsilon(1e-9));
        CHECK(interval.upper == doctest::Approx(g->up).epsilon(1e-9));
        ++checked;
      }
      CHECK(checked == static_cast<std::size_t>(std::count_if(of.begin(), of.end(), [](const golden_cell* g) {
              return g != nullptr && suppressed_status(g->status);
            })));
    }
  }

  SUBCASE("sdcTable's linked pattern audited jointly: no primary exact, intervals within the one-table ones") {
    const auto sub = sdc::make_audit_problem(system, published, suppressed);
    const sdc::audit_result result = sdc::audit_suppression(sub.problem);
    CHECK(result.n_primary_exact == 0);
    std::size_t checked = 0;
    for (const auto& interval : result.cells) {
      const golden_cell* g = golden_of[sub.cells[interval.cell]];
      REQUIRE(g != nullptr);  // only output cells were asked for
      CHECK(interval.lower >= g->low - 1e-9);
      CHECK(interval.upper <= g->up + 1e-9);
      ++checked;
    }
    CHECK(checked == n_primary + n_secondary);
  }

  SUBCASE("our joint protection: no primary cell (published or hidden) exact") {
    sdc::gauss_options options;
    options.cost = sdc::suppression_cost::frequency;
    const sdc::protection_problem problem = sdc::make_protection_problem(system);
    const sdc::protection_result protection =
        sdc::gauss_suppression(problem, sdc::system_gauss_options(system, options));
    std::vector<bool> pub(m), sup(m);
    for (std::size_t i = 0; i < m; ++i) {
      pub[i] = protection.status[i] == sdc::cell_protection::published && !system.cells[i].hidden;
      sup[i] = !pub[i] && (system.cells[i].primary || !system.cells[i].hidden);
    }
    const auto sub = sdc::make_audit_problem(system, pub, sup);
    const sdc::audit_result result = sdc::audit_suppression(sub.problem);
    for (const auto& interval : result.cells) {
      const std::size_t cell = sub.cells[interval.cell];
      if (!interval.primary || !interval.exact) continue;
      INFO("exact primary " << system.cells[cell].description);
      CHECK(std::find(protection.unprotected.begin(), protection.unprotected.end(), cell) !=
            protection.unprotected.end());
    }
    // Every primary of the published tables is suppressed, as in sdcTable's pattern.
    for (std::size_t i = 0; i < m; ++i) {
      if (golden_of[i] != nullptr && golden_of[i]->status == "u") CHECK(!pub[i]);
    }
  }
}
