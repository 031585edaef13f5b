// SPDX-License-Identifier: MIT
// A checked table kept alive for R behind an external pointer: sdc_crosstab() and
// sdc_check_table() return it (element `core` of an sdc_table_result), sdc_protect() and
// sdc_audit() work on it. The pointer dies with the R session: a result restored by readRDS()
// holds a null pointer, which kept_table() refuses with a clear error.
#pragma once

#include <Rcpp.h>

#include <utility>

#include "sdc/core/error.hpp"
#include "sdc/tables/check_table.hpp"
#include "sdc/tables/rules.hpp"
#include "sdc/tables/table.hpp"

namespace sdc_r {

struct checked_table {
  sdc::table t;
  sdc::table_rules rules;
  sdc::table_check check;
};

inline Rcpp::RObject keep_table(sdc::table t, sdc::table_rules rules, sdc::table_check check) {
  Rcpp::XPtr<checked_table> pointer(
      new checked_table{std::move(t), std::move(rules), std::move(check)}, true);
  pointer.attr("class") = "sdc_core_table";
  return Rcpp::RObject(static_cast<SEXP>(pointer));
}

inline const checked_table& kept_table(SEXP core) {
  if (TYPEOF(core) != EXTPTRSXP) {
    throw sdc::invalid_input(sdc::errc::type_mismatch,
                             "the table result holds no core table; compute it with sdc_crosstab() "
                             "or sdc_check_table()");
  }
  const auto* kept = static_cast<const checked_table*>(R_ExternalPtrAddr(core));
  if (kept == nullptr) {
    throw sdc::invalid_input(sdc::errc::invalid_argument,
                             "the table result no longer holds its table (it was saved and "
                             "restored, e.g. with readRDS()); compute it again with sdc_crosstab() "
                             "or sdc_check_table()");
  }
  return *kept;
}

}  // namespace sdc_r
