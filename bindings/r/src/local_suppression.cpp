// SPDX-License-Identifier: MIT
// k-anonymity by local suppression (sdc/risk/local_suppression.hpp), as sdcMicro's kAnon and the
// Python package's local_suppression(). Conversions only. Façade: R/local_suppression.R.
#include <Rcpp.h>

#include <cmath>
#include <string>
#include <vector>

#include "convert.h"
#include "sdc/risk/local_suppression.hpp"

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_local_suppression_cpp(Rcpp::List keys, std::vector<std::string> key_names,
                                     Rcpp::Nullable<Rcpp::NumericVector> k,
                                     Rcpp::Nullable<Rcpp::IntegerVector> importance,
                                     Rcpp::Nullable<Rcpp::NumericVector> max_exhaustive) {
  sdc::local_suppression_options options = sdc::local_suppression_options::defaults();
  if (k.isNotNull()) {
    const double value = Rcpp::as<double>(k);
    if (value != std::floor(value) || std::fabs(value) > 2147483647.0) {
      throw sdc::invalid_input(sdc::errc::invalid_argument, "k must be a whole number");
    }
    options.k = static_cast<int>(value);
  }
  if (importance.isNotNull()) options.importance = Rcpp::as<std::vector<int>>(importance);
  if (max_exhaustive.isNotNull()) {
    const double value = Rcpp::as<double>(max_exhaustive);
    if (!(value >= 0) || value != std::floor(value) || value > 1e9) {
      throw sdc::invalid_input(sdc::errc::invalid_argument, "max_exhaustive must be a whole number of at least 0");
    }
    options.max_exhaustive = static_cast<std::size_t>(value);
  }
  const sdc::local_suppression_result r = sdc::local_suppression(sdc_r::factor_views(keys, key_names), options);
  // Records and variables 1-based, as R indexes.
  std::vector<double> record, variable;
  record.reserve(r.cells.size());
  variable.reserve(r.cells.size());
  for (const auto& cell : r.cells) {
    record.push_back(static_cast<double>(cell.record) + 1.0);
    variable.push_back(static_cast<double>(cell.variable) + 1.0);
  }
  return Rcpp::List::create(
      Rcpp::Named("variables") = r.variables, Rcpp::Named("k") = r.k, Rcpp::Named("cell_record") = record,
      Rcpp::Named("cell_variable") = variable,
      Rcpp::Named("suppressions") = std::vector<double>(r.suppressions.begin(), r.suppressions.end()),
      Rcpp::Named("total_suppressions") = static_cast<double>(r.total_suppressions),
      Rcpp::Named("records_suppressed") = static_cast<double>(r.records_suppressed),
      Rcpp::Named("records_below_k_before") = static_cast<double>(r.records_below_k_before),
      Rcpp::Named("records_below_k_after") = static_cast<double>(r.records_below_k_after),
      Rcpp::Named("suppression_order") =
          std::vector<double>(r.suppression_order.begin(), r.suppression_order.end()),
      Rcpp::Named("max_exhaustive") = static_cast<double>(options.max_exhaustive));
}
