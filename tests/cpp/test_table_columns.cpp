// SPDX-License-Identifier: MIT
// Expected values computed by hand on a 5-record table.
#include <doctest/doctest.h>

#include <cmath>
#include <sdc/core/factorize.hpp>
#include <sdc/tables/build_table.hpp>
#include <sdc/tables/check_table.hpp>
#include <sdc/tables/suppression.hpp>
#include <sdc/tables/table_columns.hpp>
#include <string>
#include <vector>

TEST_CASE("table_columns: one entry per cell, labels with the total label, reasons joined") {
  const auto region = sdc::factorize("region", {"A", "A", "B", "B", "B"});
  const std::vector<double> wage{10, 30, 5, 5, 90};
  sdc::table_request request;
  request.dimensions = {region.view()};
  request.labels = {region.labels};
  request.value = sdc::numeric_view{"wage", wage.data(), wage.size()};
  request.stat = sdc::statistic::sum;
  const auto t = sdc::build_table(request);
  sdc::table_rules rules;
  rules.min_count = 3;
  rules.nk_rules = {{1, 80.0}};
  rules.p_percent.reset();
  auto check = sdc::check_table(t, rules);
  sdc::apply_primary_suppression(t, check);
  const auto columns = sdc::to_columns(t, check, "All");
  REQUIRE(columns.size() == 3);
  CHECK(columns.dimension_names == std::vector<std::string>{"region"});
  CHECK(columns.labels[0] == std::vector<std::string>{"A", "B", "All"});
  CHECK(columns.margin == std::vector<bool>{false, false, true});
  CHECK(columns.value == std::vector<double>{40, 100, 140});
  CHECK(columns.n == std::vector<std::int64_t>{2, 3, 5});
  CHECK(columns.top1[0] == 30);
  CHECK(columns.top2[0] == 10);
  CHECK(columns.dominance_total[2] == 140);
  // A: 2 contributors < 3 -> threshold; B: 90 of 100 > 80% -> dominance; total: 90/140 ok, and
  // with both members masked it gives neither back.
  CHECK(columns.status == std::vector<std::string>{"fail", "fail", "ok"});
  CHECK(columns.reasons[0] == "threshold");
  CHECK(columns.reasons[1] == "dominance");
  CHECK(columns.suppressed == std::vector<bool>{true, true, false});

  const auto reasons = sdc::reasons_to_columns(check);
  REQUIRE(reasons.cell.size() == 2);
  CHECK(reasons.cell == std::vector<std::int64_t>{0, 1});
  CHECK(reasons.code[1] == "dominance");
  CHECK(reasons.severity[0] == "fail");
}

TEST_CASE("table_columns: count tables have unknown top contributions") {
  const auto g = sdc::factorize("g", {"x", "y"});
  sdc::table_request request;
  request.dimensions = {g.view()};
  const auto t = sdc::build_table(request);
  const auto check = sdc::check_table(t, sdc::table_rules{});
  const auto columns = sdc::to_columns(t, check);
  CHECK(columns.labels[0][2] == "Total");
  CHECK(std::isnan(columns.top1[0]));
  CHECK(std::isnan(columns.dominance_total[0]));
  sdc::table_check wrong;
  CHECK_THROWS_AS(sdc::to_columns(t, wrong), sdc::invalid_input);
}
