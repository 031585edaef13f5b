// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <sdc/io/dataset.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace {

using sdc::io::dataset;
using sdc::io::make_column;
using sdc::io::make_numeric_column;

template <class Function>
std::string error_message(Function&& function, sdc::errc expected) {
  try {
    function();
  } catch (const sdc::error& e) {
    CHECK(e.code() == expected);
    return e.what();
  }
  FAIL("no exception thrown");
  return {};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("make_column detects numbers and keeps the first spelling as label") {
  const auto column = make_column("age", {"10", "9", "NA", "1.0", "", "1", "9.00", "-2"});
  CHECK(column.name == "age");
  CHECK(column.numeric);
  // Numeric order, not text order: -2 < 1 < 9 < 10; "1" and "1.0" are one category, labelled as
  // first written ("1.0"), and "9.00" joins "9".
  CHECK(column.categories.labels == std::vector<std::string>{"-2", "1.0", "9", "10"});
  CHECK(column.categories.codes == std::vector<std::int32_t>{3, 2, -1, 1, -1, 1, 2, 0});
  REQUIRE(column.numbers.size() == 8);
  CHECK(column.numbers[0] == 10);
  CHECK(column.numbers[1] == 9);
  CHECK(std::isnan(column.numbers[2]));
  CHECK(column.numbers[3] == 1);
  CHECK(std::isnan(column.numbers[4]));
  CHECK(column.numbers[6] == 9);
  CHECK(column.numbers[7] == -2);
}

TEST_CASE("make_column: text columns sort labels by bytes and are not numeric") {
  const auto column = make_column("city", {"b", "a", "10", "NA", "2", "b", "\xC3\xA9"});
  CHECK_FALSE(column.numeric);
  CHECK(column.numbers.empty());
  // Byte order = code point order: digits < letters < U+00E9; "10" < "2" as text.
  CHECK(column.categories.labels == std::vector<std::string>{"10", "2", "a", "b", "\xC3\xA9"});
  CHECK(column.categories.codes == std::vector<std::int32_t>{3, 2, 0, -1, 1, 3, 4});
}

TEST_CASE("make_column: what counts as a number") {
  CHECK(make_column("x", {"+3", "1e3", ".5", "-0"}).numeric);
  CHECK_FALSE(make_column("x", {"1", " 2"}).numeric);    // no trimming
  CHECK_FALSE(make_column("x", {"1", "0x1A"}).numeric);  // no hexadecimal
  CHECK_FALSE(make_column("x", {"1", "inf"}).numeric);   // finite only
  CHECK_FALSE(make_column("x", {"1", "nan"}).numeric);
  CHECK_FALSE(make_column("x", {"1", "1,5"}).numeric);   // no decimal comma
  CHECK_FALSE(make_column("x", {"1", "1e999"}).numeric); // overflows
  CHECK_FALSE(make_column("x", {"1", "+-1"}).numeric);
  // "0" and "-0" are the same number: one category.
  CHECK(make_column("x", {"0", "-0"}).categories.labels == std::vector<std::string>{"0"});
  // A column with no values at all is numeric (every non-missing value is a number).
  const auto empty = make_column("x", {"NA", ""});
  CHECK(empty.numeric);
  CHECK(empty.categories.labels.empty());
  CHECK(std::isnan(empty.numbers[0]));
  // Custom missing codes.
  const auto coded = make_column("x", {"1", "-9", "2"}, {"-9"});
  CHECK(coded.categories.codes == std::vector<std::int32_t>{0, -1, 1});
}

TEST_CASE("make_numeric_column labels values, with value labels where given") {
  const double nan = std::nan("");
  const auto plain = make_numeric_column("wage", {2500.5, nan, 1800, 2500.5, 1e21});
  CHECK(plain.numeric);
  CHECK(plain.categories.labels == std::vector<std::string>{"1800", "2500.5", "1e+21"});
  CHECK(plain.categories.codes == std::vector<std::int32_t>{1, -1, 0, 1, 2});
  const auto labelled = make_numeric_column("sex", {2, 1, 2, 3}, {{1, "Male"}, {2, "Female"}});
  // Ordered by code, not by label text; an unlabelled value keeps its number.
  CHECK(labelled.categories.labels == std::vector<std::string>{"Male", "Female", "3"});
  CHECK(labelled.numbers == std::vector<double>{2, 1, 2, 3});
  CHECK(error_message([] { make_numeric_column("x", {1, HUGE_VAL}); },
                      sdc::errc::invalid_argument)
            .find("row 2") != std::string::npos);
}

TEST_CASE("make_column: 100,000 categories") {
  std::vector<std::string> values;
  for (int i = 99'999; i >= 0; --i) values.push_back("id" + std::to_string(i));
  values.push_back("id5");
  const auto column = make_column("id", values);
  CHECK_FALSE(column.numeric);
  REQUIRE(column.categories.labels.size() == 100'000);
  CHECK(column.categories.labels.front() == "id0");
  CHECK(column.categories.labels[1] == "id1");
  CHECK(column.categories.labels[2] == "id10");
  CHECK(column.categories.labels.back() == "id99999");
  CHECK(column.categories.labels[column.categories.codes.back()] == "id5");
  CHECK(column.categories.labels[column.categories.codes.front()] == "id99999");

  std::vector<std::string> numbers;
  for (int i = 0; i < 100'000; ++i) numbers.push_back(std::to_string((i * 7919) % 100'000));
  const auto numeric = make_column("n", numbers);
  CHECK(numeric.numeric);
  REQUIRE(numeric.categories.labels.size() == 100'000);
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    REQUIRE(numeric.categories.codes[i] == std::stoi(numbers[i]));
  }

  CHECK(contains(error_message([&] { make_column("id", values, {}, 99'999); },
                               sdc::errc::too_many_categories),
                 "more than 99999 distinct values"));
}

TEST_CASE("dataset: columns, lookups and views") {
  dataset data;
  CHECK(data.n_rows() == 0);
  data.add_column(make_column("sex", {"1", "2", "2", "NA"}));
  data.add_column(make_column("region", {"north", "south", "north", "east"}));
  CHECK(data.n_rows() == 4);
  CHECK(data.n_columns() == 2);
  CHECK(data.column_names() == std::vector<std::string>{"sex", "region"});
  CHECK(data.has_column("sex"));
  CHECK_FALSE(data.has_column("Sex"));

  const sdc::categorical_view sex = data.categorical("sex");
  CHECK(sex.name == "sex");
  CHECK(sex.size == 4);
  CHECK(sex.n_categories == 2);
  CHECK(sex.category(0) == 0);
  CHECK(sex.category(2) == 1);
  CHECK(sex.category(3) == sdc::missing_category);

  const sdc::numeric_view sex_numbers = data.numeric("sex");
  CHECK(sex_numbers.size == 4);
  CHECK(sex_numbers.values[1] == 2);
  CHECK(std::isnan(sex_numbers.values[3]));

  // Views stay valid when more columns are added.
  for (int i = 0; i < 20; ++i) {
    data.add_column(make_column("c" + std::to_string(i), {"1", "2", "3", "4"}));
  }
  CHECK(sex.codes == data.column("sex").categories.codes.data());
  CHECK(sex_numbers.values == data.column("sex").numbers.data());
  CHECK(sex.category(2) == 1);

  const auto region = data.categorical("region");
  CHECK(data.column("region").categories.labels ==
        std::vector<std::string>{"east", "north", "south"});
  CHECK(region.category(3) == 0);
}

TEST_CASE("dataset: errors") {
  dataset data;
  data.add_column(make_column("sex", {"1", "2", "2"}));
  data.add_column(make_column("region", {"north", "south", "12"}));

  const std::string unknown =
      error_message([&] { data.column("age"); }, sdc::errc::unknown_column);
  CHECK(contains(unknown, "[sdc.invalid_input.unknown_column]"));
  CHECK(contains(unknown, "'age'"));
  CHECK(contains(unknown, "available columns: sex, region"));
  error_message([&] { data.categorical("age"); }, sdc::errc::unknown_column);
  error_message([&] { data.numeric("age"); }, sdc::errc::unknown_column);

  const std::string not_numeric =
      error_message([&] { data.numeric("region"); }, sdc::errc::type_mismatch);
  CHECK(contains(not_numeric, "'region' is not numeric"));
  CHECK(contains(not_numeric, "row 1 has the value 'north'"));

  CHECK(contains(error_message([&] { data.add_column(make_column("sex", {"1", "2", "3"})); },
                               sdc::errc::invalid_argument),
                 "already has a column 'sex'"));
  CHECK(contains(error_message([&] { data.add_column(make_column("age", {"1", "2"})); },
                               sdc::errc::length_mismatch),
                 "'age' has 2 rows, the dataset has 3"));
  error_message([&] { data.add_column(make_column("", {"1", "2", "3"})); },
                sdc::errc::invalid_argument);

  sdc::io::dataset_column bad = make_column("bad", {"1", "2", "3"});
  bad.categories.codes[1] = 7;  // outside the 3 categories
  error_message([&] { data.add_column(bad); }, sdc::errc::invalid_argument);
  sdc::io::dataset_column short_numbers = make_column("short", {"1", "2", "3"});
  short_numbers.numbers.pop_back();
  error_message([&] { data.add_column(short_numbers); }, sdc::errc::length_mismatch);
  CHECK(data.n_columns() == 2);
}

TEST_CASE("dataset: unknown column message lists at most 50 names") {
  dataset data;
  for (int i = 0; i < 60; ++i) data.add_column(make_column("v" + std::to_string(i), {"1"}));
  const std::string message = error_message([&] { data.column("x"); }, sdc::errc::unknown_column);
  CHECK(contains(message, "v49, ... (10 more)"));
  CHECK_FALSE(contains(message, "v50"));
}
