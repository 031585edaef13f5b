// SPDX-License-Identifier: MIT
// Conversions between R objects and the core's views and option structs, shared by the
// export files. Views read R's memory in place: a factor's INTEGER() codes (first code 1,
// NA_integer_ missing) and a double vector's REAL() values (NA_real_ is a NaN). Anything of
// another type is refused with sdc's type_mismatch error rather than silently copied; the R
// façade does deliberate conversions (factor(), as.double()) visibly before calling here.
//
// Every function here may throw sdc::error; the exports run inside Rcpp's BEGIN_RCPP/END_RCPP,
// which catches the exception, destroys the C++ objects of the frame and only then signals the
// R condition (R/errors.R turns it into a classed sdc condition). Nothing here calls Rf_error.
#pragma once

#include <Rcpp.h>

#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sdc/core/column_view.hpp"
#include "sdc/core/error.hpp"
#include "sdc/tables/profiles.hpp"
#include "sdc/tables/protect.hpp"
#include "sdc/tables/rules.hpp"

namespace sdc_r {

// Gauss options whose progress callback lets an R interrupt (Esc, Ctrl-C) stop a long
// protection: the callback runs on R's thread, and Rcpp's interrupt exception leaves the core
// and becomes R's interrupt condition.
inline sdc::gauss_options interruptible(sdc::gauss_options options) {
  options.progress = [](const sdc::gauss_progress&) { Rcpp::checkUserInterrupt(); };
  return options;
}

// A count given as a double (R has no 64-bit integers): a whole number in [low, high]; `range`
// ends the error message ("of at least 0", "in [1, 2^32 - 1]").
inline double whole_number(double value, const std::string& name, double low, double high, const char* range) {
  if (!(value >= low) || value != std::floor(value) || value > high) {
    throw sdc::invalid_input(sdc::errc::invalid_argument, name + " must be a whole number " + range);
  }
  return value;
}

/// A factor as a categorical view of its codes (no copy).
inline sdc::categorical_view factor_view(SEXP x, const std::string& name) {
  if (TYPEOF(x) != INTSXP || !Rf_isFactor(x)) {
    throw sdc::invalid_input(sdc::errc::type_mismatch,
                             "column '" + name + "' must be a factor, got " + Rf_type2char(TYPEOF(x)));
  }
  sdc::categorical_view view;
  view.name = name;
  view.codes = INTEGER(x);
  view.size = static_cast<std::size_t>(XLENGTH(x));
  view.n_categories = Rf_length(Rf_getAttrib(x, R_LevelsSymbol));
  view.first_code = 1;
  view.missing_code = sdc::r_na_integer;
  return view;
}

/// The levels of a factor.
inline std::vector<std::string> level_labels(SEXP x) {
  return Rcpp::as<std::vector<std::string>>(Rf_getAttrib(x, R_LevelsSymbol));
}

/// A double vector as a numeric view (no copy).
inline sdc::numeric_view double_view(SEXP x, const std::string& name) {
  if (TYPEOF(x) != REALSXP) {
    throw sdc::invalid_input(sdc::errc::type_mismatch,
                             "column '" + name + "' must be a double vector, got " + Rf_type2char(TYPEOF(x)));
  }
  sdc::numeric_view view;
  view.name = name;
  view.values = REAL(x);
  view.size = static_cast<std::size_t>(XLENGTH(x));
  return view;
}

/// A list of factors as categorical views, named after `names`.
inline std::vector<sdc::categorical_view> factor_views(const Rcpp::List& columns,
                                                       const std::vector<std::string>& names) {
  if (static_cast<std::size_t>(columns.size()) != names.size()) {
    throw sdc::invalid_input(sdc::errc::length_mismatch, "columns and names differ in length");
  }
  std::vector<sdc::categorical_view> views;
  for (R_xlen_t i = 0; i < columns.size(); ++i) {
    views.push_back(factor_view(columns[i], names[static_cast<std::size_t>(i)]));
  }
  return views;
}

/// The levels of each factor of a list.
inline std::vector<std::vector<std::string>> factor_labels(const Rcpp::List& columns) {
  std::vector<std::vector<std::string>> labels;
  for (R_xlen_t i = 0; i < columns.size(); ++i) labels.push_back(level_labels(columns[i]));
  return labels;
}

/// A profile with settings applied by name, as the core parses them (rule files and the CLI
/// use the same names and syntax), then validated.
inline sdc::table_rules resolve_rules(const std::string& profile, const std::vector<std::string>& names,
                                      const std::vector<std::string>& values) {
  if (names.size() != values.size()) {
    throw sdc::invalid_input(sdc::errc::length_mismatch, "rule setting names and values differ in length");
  }
  sdc::table_rules rules = sdc::rule_profile(profile);
  for (std::size_t i = 0; i < names.size(); ++i) sdc::apply_rule_setting(rules, names[i], values[i]);
  sdc::validate(rules);
  return rules;
}

/// The settings of rules as a named character vector (names are the core's setting names).
inline Rcpp::CharacterVector settings_vector(const sdc::table_rules& rules) {
  const auto settings = sdc::rule_settings(rules);
  Rcpp::CharacterVector values(settings.size());
  Rcpp::CharacterVector names(settings.size());
  for (std::size_t i = 0; i < settings.size(); ++i) {
    names[static_cast<R_xlen_t>(i)] = settings[i].first;
    values[static_cast<R_xlen_t>(i)] = settings[i].second;
  }
  values.names() = names;
  return values;
}

// The protection as R lists: one status per cell, the counts, unprotected and conflicting cells
// (1-based), the overall status (pass, review, fail) given by the caller.
inline Rcpp::List protection_list(const sdc::protection_result& result, sdc::table_status overall) {
  Rcpp::CharacterVector status(result.status.size());
  for (std::size_t i = 0; i < result.status.size(); ++i) {
    status[static_cast<R_xlen_t>(i)] = std::string(sdc::to_string(result.status[i]));
  }
  auto one_based = [](const std::vector<std::size_t>& cells) {
    Rcpp::NumericVector out(cells.size());
    for (std::size_t i = 0; i < cells.size(); ++i) out[static_cast<R_xlen_t>(i)] = static_cast<double>(cells[i] + 1);
    return out;
  };
  return Rcpp::List::create(Rcpp::Named("status") = status,
                            Rcpp::Named("n_primary") = static_cast<double>(result.n_primary),
                            Rcpp::Named("n_secondary") = static_cast<double>(result.n_secondary),
                            Rcpp::Named("unprotected") = one_based(result.unprotected),
                            Rcpp::Named("conflicts") = one_based(result.conflicts),
                            Rcpp::Named("protection_status") = std::string(sdc::to_string(overall)));
}

// The interval check of the protection step (sdc::interval_summary) with the keys of the CLI's
// JSON `intervals`, `too_narrow` as 1-based cells; NULL where it did not apply.
inline SEXP intervals_list(const std::optional<sdc::interval_summary>& summary) {
  if (!summary) return R_NilValue;
  Rcpp::NumericVector too_narrow(summary->too_narrow.size());
  for (std::size_t i = 0; i < summary->too_narrow.size(); ++i) {
    too_narrow[static_cast<R_xlen_t>(i)] = static_cast<double>(summary->too_narrow[i] + 1);
  }
  return Rcpp::List::create(Rcpp::Named("mode") = std::string(sdc::to_string(summary->mode)),
                            Rcpp::Named("levels") = summary->levels,
                            Rcpp::Named("too_narrow_before") = static_cast<double>(summary->too_narrow_before),
                            Rcpp::Named("added_secondary") = static_cast<double>(summary->added_secondary),
                            Rcpp::Named("rounds") = static_cast<double>(summary->rounds),
                            Rcpp::Named("too_narrow_after") = static_cast<double>(summary->too_narrow.size()),
                            Rcpp::Named("too_narrow") = too_narrow);
}

}  // namespace sdc_r
