// SPDX-License-Identifier: MIT
// Table protection: Gauss secondary suppression with the interval check or repair
// (protect_table_with_intervals, from the vendored src/core_protect.cpp), optimal suppression
// (protect_table_optimal, Cbc, compiled from the vendored src/core_optimal_suppression.cpp) and
// the audit of a suppression pattern (audit_suppression, Clp, from src/core_audit.cpp), on the core
// table kept by sdc_crosstab()/sdc_check_table() (core.h). Conversions only; the R façade is
// R/protect.R.
#include <Rcpp.h>

#include <cstddef>
#include <string>
#include <vector>

#include "convert.h"
#include "core.h"
#include "sdc/core/error.hpp"
#include "sdc/tables/audit.hpp"
#include "sdc/tables/gauss_suppression.hpp"
#include "sdc/tables/optimal_suppression.hpp"
#include "sdc/tables/protect.hpp"
#include "sdc/tables/protection_options.hpp"

namespace {

// A logical vector of one flag per cell (NULL: none), refusing NA and other lengths.
std::vector<bool> cell_flags(SEXP x, std::size_t n_cells, const char* what) {
  if (Rf_isNull(x)) return {};
  if (TYPEOF(x) != LGLSXP) {
    throw sdc::invalid_input(sdc::errc::type_mismatch, std::string(what) + " must be a logical vector");
  }
  if (static_cast<std::size_t>(XLENGTH(x)) != n_cells) {
    throw sdc::invalid_input(sdc::errc::length_mismatch,
                             std::string(what) + " has " + std::to_string(XLENGTH(x)) +
                                 " flags for a table of " + std::to_string(n_cells) + " cells");
  }
  std::vector<bool> flags(n_cells);
  const int* values = LOGICAL(x);
  for (std::size_t i = 0; i < n_cells; ++i) {
    if (values[i] == NA_LOGICAL) {
      throw sdc::invalid_input(sdc::errc::missing_value,
                               std::string(what) + " is NA for cell " + std::to_string(i + 1));
    }
    flags[i] = values[i] != 0;
  }
  return flags;
}

}  // namespace

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_protect_cpp(SEXP core, std::string cost, std::string singletons, bool zeros_known,
                           SEXP must_publish, SEXP must_suppress, std::string intervals) {
  const sdc_r::checked_table& kept = sdc_r::kept_table(core);
  const std::size_t n_cells = kept.t.cells.size();
  const sdc::gauss_options options =
      sdc_r::interruptible(sdc::make_gauss_options(cost, singletons, zeros_known, kept.t.stat));
  const sdc::protect_step_result r = sdc::protect_table_with_intervals(
      kept.t, kept.check, kept.rules, options, sdc::interval_mode_from_string(intervals),
      cell_flags(must_publish, n_cells, "must_publish"), cell_flags(must_suppress, n_cells, "must_suppress"));
  Rcpp::List out = sdc_r::protection_list(r.protection, sdc::protection_status(r.protection, kept.check));
  out["cost"] = std::string(sdc::to_string(options.cost));
  out["singletons"] = std::string(sdc::to_string(options.singletons));
  out["zeros_known"] = options.zeros_known;
  out["intervals"] = sdc_r::intervals_list(r.intervals);
  return out;
}

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_optimal_defaults_cpp() {
  const sdc::optimal_options defaults;
  return Rcpp::List::create(Rcpp::Named("time_limit_seconds") = defaults.time_limit_seconds,
                            Rcpp::Named("max_cells") = static_cast<double>(defaults.max_cells),
                            Rcpp::Named("start_from_gauss") = defaults.start_from_gauss);
}

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_protect_optimal_cpp(SEXP core, std::string cost, double time_limit_seconds, double max_cells,
                                   bool start_from_gauss, SEXP must_publish, SEXP must_suppress) {
  const sdc_r::checked_table& kept = sdc_r::kept_table(core);
  const std::size_t n_cells = kept.t.cells.size();
  if (!(max_cells >= 1) || max_cells > 1e15) {
    throw sdc::invalid_input(sdc::errc::invalid_argument, "max_cells must be a positive number of cells");
  }
  sdc::optimal_options options;
  options.cost = sdc::suppression_cost_for(cost, kept.t.stat);
  options.time_limit_seconds = time_limit_seconds;
  options.max_cells = static_cast<std::size_t>(max_cells);
  options.start_from_gauss = start_from_gauss;
  const sdc::optimal_result r =
      sdc::protect_table_optimal(kept.t, kept.check, kept.rules, options, cell_flags(must_publish, n_cells, "must_publish"),
                                 cell_flags(must_suppress, n_cells, "must_suppress"));
  Rcpp::List out = sdc_r::protection_list(r.protection, sdc::protection_status(r.protection, kept.check));
  out["cost"] = std::string(sdc::to_string(options.cost));
  out["objective"] = r.objective;
  out["bound"] = r.bound;
  out["proven_optimal"] = r.proven_optimal;
  out["solution_found"] = r.solution_found;
  out["started_from_gauss"] = r.started_from_gauss;
  out["nodes"] = static_cast<double>(r.n_nodes);
  return out;
}

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_audit_cpp(SEXP core, Rcpp::LogicalVector suppressed, Rcpp::LogicalVector primary,
                         std::string protection, double sliding_percent, bool nonnegative, double tolerance) {
  const sdc_r::checked_table& kept = sdc_r::kept_table(core);
  const std::size_t n_cells = kept.t.cells.size();
  sdc::audit_problem problem = sdc::make_audit_problem(kept.t, cell_flags(suppressed, n_cells, "suppressed"),
                                                       cell_flags(primary, n_cells, "primary"));
  if (protection == "rules") {
    problem.upper_protection = sdc::protection_levels_from_rules(kept.t, kept.rules);
    problem.lower_protection = problem.upper_protection;
  } else if (protection != "none") {
    throw sdc::invalid_input(sdc::errc::invalid_argument,
                             "protection must be rules or none, got '" + protection + "'");
  }
  sdc::audit_options options;
  options.sliding_percent = sliding_percent;
  options.tolerance = tolerance;
  options.nonnegative = nonnegative;
  // As `sdc audit`: a table with negative contributions has no lower bound 0 on its cells.
  options = sdc::audit_options_for(kept.t, options);
  const sdc::audit_result result = sdc::audit_suppression(problem, options);
  const std::size_t n = result.cells.size();
  Rcpp::NumericVector cell(n), value(n), lower(n), upper(n), required_lower(n), required_upper(n);
  Rcpp::LogicalVector is_primary(n), exact(n), is_protected(n);
  for (std::size_t k = 0; k < n; ++k) {
    const auto& c = result.cells[k];
    const auto r = static_cast<R_xlen_t>(k);
    cell[r] = static_cast<double>(c.cell + 1);
    value[r] = c.value;
    lower[r] = c.lower;
    upper[r] = c.upper;
    required_lower[r] = c.required_lower;
    required_upper[r] = c.required_upper;
    is_primary[r] = c.primary;
    exact[r] = c.exact;
    is_protected[r] = c.is_protected;
  }
  return Rcpp::List::create(
      Rcpp::Named("cells") = Rcpp::List::create(
          Rcpp::Named("cell") = cell, Rcpp::Named("value") = value, Rcpp::Named("lower") = lower,
          Rcpp::Named("upper") = upper, Rcpp::Named("primary") = is_primary, Rcpp::Named("exact") = exact,
          Rcpp::Named("protected") = is_protected, Rcpp::Named("required_lower") = required_lower,
          Rcpp::Named("required_upper") = required_upper),
      Rcpp::Named("n_exact") = static_cast<double>(result.n_exact),
      Rcpp::Named("n_primary_exact") = static_cast<double>(result.n_primary_exact),
      Rcpp::Named("n_primary_unprotected") = static_cast<double>(result.n_primary_unprotected),
      Rcpp::Named("n_linear_programs") = static_cast<double>(result.n_linear_programs),
      Rcpp::Named("nonnegative") = options.nonnegative,
      Rcpp::Named("audit_status") = std::string(sdc::to_string(sdc::audit_status(result))));
}
