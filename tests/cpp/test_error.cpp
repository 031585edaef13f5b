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

TEST_CASE("error codes read back from their stable names") {
  for (auto code : {sdc::errc::invalid_argument, sdc::errc::type_mismatch, sdc::errc::empty_input,
                    sdc::errc::not_evaluable, sdc::errc::internal}) {
    CHECK(sdc::errc_from_string(sdc::to_string(code)) == code);
  }
  CHECK_THROWS_AS(sdc::errc_from_string("no_such_code"), sdc::invalid_input);
}
