// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <sdc/core/error.hpp>
#include <string>

TEST_CASE("error messages carry the stable id") {
  const sdc::invalid_input e(sdc::errc::unknown_column, "no column 'x'");
  CHECK(std::string(e.what()) == "[sdc.invalid_input.unknown_column] no column 'x'");
  CHECK(e.code() == sdc::errc::unknown_column);
  const sdc::error& base = e;
  CHECK(base.code() == sdc::errc::unknown_column);
}
