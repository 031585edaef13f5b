// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <sdc/core/factorize.hpp>
#include <sdc/risk/hierarchy.hpp>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "adult_data.hpp"

namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const sdc::invalid_input& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const char* const small_hierarchy =
    "1;1-2;*\n"
    "2;1-2;*\n"
    "3;3-4;*\n"
    "4;3-4;*\n";

}  // namespace

TEST_CASE("hierarchy_from_text: levels of a small hierarchy") {
  const auto h = sdc::hierarchy_from_text(small_hierarchy, ';', "x");
  CHECK(h.variable == "x");
  REQUIRE(h.n_levels() == 3);
  CHECK(h.n_values() == 4);
  CHECK(h.levels[0] == std::vector<std::string>{"1", "2", "3", "4"});
  CHECK(h.levels[1] == std::vector<std::string>{"1-2", "1-2", "3-4", "3-4"});
  CHECK(h.levels[2] == std::vector<std::string>{"*", "*", "*", "*"});
  CHECK(h.level_name(1) == "level 1");

  SUBCASE("CRLF, a byte-order mark, blank lines and another delimiter") {
    const auto other = sdc::hierarchy_from_text(
        "\xEF\xBB\xBF"
        "a,A\r\n\r\nb,A\r\n",
        ',');
    CHECK(other.levels[0] == std::vector<std::string>{"a", "b"});
    CHECK(other.levels[1] == std::vector<std::string>{"A", "A"});
  }
}

TEST_CASE("hierarchy_from_text: malformed hierarchies are errors that say where") {
  CHECK(contains(error_of([] { sdc::hierarchy_from_text("1;a;*\n2;a\n", ';', "x"); }),
                 "line 2 has 2 fields"));
  CHECK(contains(error_of([] { sdc::hierarchy_from_text("1;a\n1;b\n", ';', "x"); }),
                 "lists the value '1' twice"));
  // "1-2" would become both "low" and "high": levels do not nest.
  const std::string not_nested =
      error_of([] { sdc::hierarchy_from_text("1;1-2;low\n2;1-2;high\n", ';', "x"); });
  CHECK(contains(not_nested, "do not nest"));
  CHECK(contains(not_nested, "'1-2'"));
  CHECK(contains(error_of([] { sdc::hierarchy_from_text("", ';', "x"); }), "has no values"));
  CHECK(contains(error_of([] { sdc::hierarchy_from_text("1;;*\n", ';', "x"); }), "empty value"));
}

TEST_CASE("level_from_string: numbers and level names") {
  auto h = sdc::hierarchy_from_text(small_hierarchy, ';', "x");
  CHECK(sdc::level_from_string(h, "0") == 0);
  CHECK(sdc::level_from_string(h, "2") == 2);
  CHECK_THROWS_AS(sdc::level_from_string(h, "3"), sdc::invalid_input);
  CHECK_THROWS_AS(sdc::level_from_string(h, "pairs"), sdc::invalid_input);
  h.level_names = {"value", "pairs", "suppressed"};
  CHECK(sdc::level_from_string(h, "pairs") == 1);
  CHECK(h.level_name(2) == "suppressed");
  h.level_names = {"only one"};
  CHECK_THROWS_AS(sdc::validate(h), sdc::invalid_input);
}

TEST_CASE("recode: codes at each level, missing stays missing") {
  const auto h = sdc::hierarchy_from_text(small_hierarchy, ';', "x");
  // factorize sorts labels numerically: "1" "3" "4" are categories 0 1 2.
  const auto column = sdc::factorize("x", {"4", "1", "", "3", "1"});
  REQUIRE(column.labels == std::vector<std::string>{"1", "3", "4"});

  const auto level0 = sdc::recode(column.view(), column.labels, h, 0);
  CHECK(level0.labels == column.labels);
  CHECK(level0.codes == column.codes);

  const auto level1 = sdc::recode(column.view(), column.labels, h, 1);
  CHECK(level1.name == "x");
  CHECK(level1.labels == std::vector<std::string>{"1-2", "3-4"});
  CHECK(level1.codes == std::vector<std::int32_t>{1, 0, -1, 1, 0});

  const auto level2 = sdc::recode(column.view(), column.labels, h, 2);
  CHECK(level2.labels == std::vector<std::string>{"*"});
  CHECK(level2.codes == std::vector<std::int32_t>{0, 0, -1, 0, 0});

  CHECK(contains(error_of([&] { sdc::recode(column.view(), column.labels, h, 3); }),
                 "does not exist"));
}

TEST_CASE("recode: a value missing from the hierarchy is an error naming it and the variable") {
  const auto h = sdc::hierarchy_from_text(small_hierarchy, ';', "x");
  const auto column = sdc::factorize("x", {"1", "7", "2"});
  const std::string message = error_of([&] { sdc::recode(column.view(), column.labels, h, 1); });
  CHECK(contains(message, "'7'"));
  CHECK(contains(message, "'x'"));

  SUBCASE("a label that does not occur in the data may be absent from the hierarchy") {
    sdc::factorized_column with_unused = sdc::factorize("x", {"1", "2"});
    with_unused.labels.push_back("99");  // an unused category, as an R factor level may be
    const auto result = sdc::recode(with_unused.view(), with_unused.labels, h, 1);
    CHECK(result.codes == std::vector<std::int32_t>{0, 0});
  }
  SUBCASE("an R-style view (codes from 1, NA_integer_)") {
    const std::vector<std::int32_t> codes{2, sdc::r_na_integer, 1};
    sdc::categorical_view view;
    view.name = "x";
    view.codes = codes.data();
    view.size = codes.size();
    view.n_categories = 2;
    view.first_code = 1;
    view.missing_code = sdc::r_na_integer;
    const auto result = sdc::recode(view, {"1", "3"}, h, 1);
    CHECK(result.codes == std::vector<std::int32_t>{1, -1, 0});
  }
}

TEST_CASE("suppression_hierarchy: a variable without a hierarchy can still be dropped") {
  const auto h = sdc::suppression_hierarchy("sex", {"F", "M"});
  REQUIRE(h.n_levels() == 2);
  CHECK(h.levels[1] == std::vector<std::string>{"*", "*"});
  CHECK_THROWS_AS(sdc::suppression_hierarchy("sex", {"F", "F"}), sdc::invalid_input);
}

TEST_CASE("Adult hierarchies: shape, and record counts per generalised value") {
  const std::map<std::string, std::size_t> expected_levels{
      {"sex", 2},         {"age", 5},
      {"race", 2},        {"marital-status", 3},
      {"education", 4},   {"native-country", 3},
      {"workclass", 3},   {"occupation", 3},
      {"salary-class", 2}};
  const auto data = sdc_test::read_adult();
  for (const auto& name : sdc_test::adult_keys()) {
    INFO(name);
    const auto h = sdc_test::adult_hierarchy(name);
    CHECK(h.n_levels() == expected_levels.at(name));
    // Every value of the data is in the hierarchy; the top level is "*".
    const auto top = sdc::recode(data.categorical(name), data.column(name).categories.labels, h,
                                 h.n_levels() - 1);
    CHECK(top.labels == std::vector<std::string>{"*"});
  }
  // Independent counts (awk, joining adult.csv with the hierarchy file):
  //   awk -F';' 'NR==FNR{m[$1]=$3; next} FNR>1{c[m[$2]]++} END{for(k in c) print k, c[k]}'
  //       adult_hierarchy_age.csv adult.csv
  const auto age = sdc::recode(data.categorical("age"), data.column("age").categories.labels,
                               sdc_test::adult_hierarchy("age"), 2);
  std::map<std::string, std::size_t> counts;
  for (const auto code : age.codes) ++counts[age.labels[static_cast<std::size_t>(code)]];
  CHECK(counts == std::map<std::string, std::size_t>{{"10-19", 1998},
                                                     {"20-29", 7599},
                                                     {"30-39", 8163},
                                                     {"40-49", 6710},
                                                     {"50-59", 3886},
                                                     {"60-69", 1422},
                                                     {"70-79", 309},
                                                     {"80-89", 75}});
  // Labels follow the hierarchy file's order, including values absent from the data.
  CHECK(age.labels.front() == "0-9");
  // awk -F';' 'NR==FNR{m[$1]=$2; next} FNR>1{c[m[$6]]++} END{...}'
  //     adult_hierarchy_native-country.csv adult.csv
  const auto country = sdc::recode(data.categorical("native-country"),
                                   data.column("native-country").categories.labels,
                                   sdc_test::adult_hierarchy("native-country"), 1);
  counts.clear();
  for (const auto code : country.codes) ++counts[country.labels[static_cast<std::size_t>(code)]];
  CHECK(counts == std::map<std::string, std::size_t>{{"Africa", 71},
                                                     {"Asia", 634},
                                                     {"South America", 164},
                                                     {"Europe", 493},
                                                     {"North America", 28800}});
}
