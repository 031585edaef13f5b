// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <sdc/risk/grouping.hpp>
#include <vector>

namespace {
sdc::categorical_view view(const char* name, const std::vector<std::int32_t>& codes, int k) {
  sdc::categorical_view v;
  v.name = name;
  v.codes = codes.data();
  v.size = codes.size();
  v.n_categories = k;
  return v;
}
}  // namespace

TEST_CASE("group_by_keys: classes in order of first appearance, missing as its own value") {
  // Records: (a,x) (b,x) (a,x) (a,NA) (a,NA) (b,y)  -> classes 0 1 0 2 2 3, sizes 2 1 2 1
  const std::vector<std::int32_t> first{0, 1, 0, 0, 0, 1};
  const std::vector<std::int32_t> second{0, 0, 0, -1, -1, 1};
  const auto grouping = sdc::group_by_keys({view("first", first, 2), view("second", second, 2)});
  CHECK(grouping.group_of_record == std::vector<std::int32_t>{0, 1, 0, 2, 2, 3});
  CHECK(grouping.group_size == std::vector<std::int64_t>{2, 1, 2, 1});
  CHECK(grouping.first_record == std::vector<std::size_t>{0, 1, 3, 5});
}

TEST_CASE("group_by_keys: R factor codes (1-based, NA_integer_) give the same classes") {
  const std::vector<std::int32_t> codes{1, 2, sdc::r_na_integer, 2};
  auto v = view("f", codes, 2);
  v.first_code = 1;
  v.missing_code = sdc::r_na_integer;
  const auto grouping = sdc::group_by_keys({v});
  CHECK(grouping.group_of_record == std::vector<std::int32_t>{0, 1, 2, 1});
}

TEST_CASE("group_by_keys: many keys with large cardinalities use the sparse path") {
  // 5 keys of 100,000 categories: the dense table would need 1e25 slots.
  const std::size_t n = 1000;
  std::vector<std::vector<std::int32_t>> columns(5, std::vector<std::int32_t>(n));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < 5; ++k) columns[k][i] = static_cast<std::int32_t>((i % 10) * 9973 + k);
  }
  std::vector<sdc::categorical_view> keys;
  for (auto& c : columns) keys.push_back(view("k", c, 100000));
  const auto grouping = sdc::group_by_keys(keys);
  CHECK(grouping.n_groups() == 10);  // records i and j share a key iff i % 10 == j % 10
  for (auto size : grouping.group_size) CHECK(size == 100);
}

TEST_CASE("group_by_keys: bad input") {
  const std::vector<std::int32_t> a{0, 1}, b{0};
  CHECK_THROWS_AS(sdc::group_by_keys({}), sdc::invalid_input);
  CHECK_THROWS_AS(sdc::group_by_keys({view("a", a, 2), view("b", b, 1)}), sdc::invalid_input);
  const std::vector<std::int32_t> out_of_range{0, 5};
  CHECK_THROWS_AS(sdc::group_by_keys({view("a", out_of_range, 2)}), sdc::invalid_input);
}
