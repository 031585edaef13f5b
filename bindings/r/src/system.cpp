// SPDX-License-Identifier: MIT
// Cell systems (include/sdc/tables/cell_system.hpp): tables with hierarchical spanning variables
// and linked tables (several outputs, optionally of population subsets) built from the same
// microdata, protected jointly by Gauss suppression over their model matrix and audited by
// linear programming. The system stays a C++ object behind an external pointer; R gets its
// cells as vectors. Conversions only; the R façade is R/system.R.
#include <Rcpp.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "convert.h"
#include "sdc/tables/audit.hpp"
#include "sdc/tables/cell_system.hpp"
#include "sdc/tables/gauss_suppression.hpp"
#include "sdc/tables/protection_options.hpp"

namespace {

const sdc::cell_system& kept_system(SEXP x) {
  const auto* system = TYPEOF(x) == EXTPTRSXP ? static_cast<const sdc::cell_system*>(R_ExternalPtrAddr(x)) : nullptr;
  if (system == nullptr) {
    throw sdc::invalid_input(sdc::errc::invalid_argument,
                             "the protection result no longer holds its cell system (saved and restored?); "
                             "protect the tables again");
  }
  return *system;
}

std::vector<std::string> filter_descriptions(const sdc::cell_system& s) {
  std::vector<std::string> out;
  for (const auto& f : s.filters) out.push_back(sdc::describe(f));
  return out;
}

std::vector<bool> flags_of(Rcpp::LogicalVector x) {
  std::vector<bool> out(static_cast<std::size_t>(x.size()));
  for (R_xlen_t i = 0; i < x.size(); ++i) out[static_cast<std::size_t>(i)] = x[i] == TRUE;
  return out;
}

}  // namespace

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_build_system_cpp(Rcpp::List variables, std::vector<std::string> names, Rcpp::List hierarchies,
                                Rcpp::List outputs, std::string profile, std::vector<std::string> setting_names,
                                std::vector<std::string> setting_values, std::string stat, SEXP value,
                                std::string value_name, SEXP weights, std::string weights_name, SEXP unit,
                                std::string unit_name, SEXP holding, std::string holding_name) {
  sdc::cell_system_data data;
  data.variables = sdc_r::factor_views(variables, names);
  data.labels = sdc_r::factor_labels(variables);
  for (R_xlen_t h = 0; h < hierarchies.size(); ++h) {
    const Rcpp::List x = hierarchies[h];
    sdc::generalisation_hierarchy hierarchy;
    hierarchy.variable = Rcpp::as<std::string>(x["variable"]);
    const Rcpp::List levels = x["levels"];
    for (R_xlen_t l = 0; l < levels.size(); ++l) hierarchy.levels.push_back(Rcpp::as<std::vector<std::string>>(levels[l]));
    hierarchy.level_names = Rcpp::as<std::vector<std::string>>(x["level_names"]);
    sdc::validate(hierarchy);
    data.hierarchies.push_back(std::move(hierarchy));
  }
  data.stat = sdc::statistic_from_string(stat);
  if (!Rf_isNull(value)) data.value = sdc_r::double_view(value, value_name);
  if (!Rf_isNull(weights)) data.weights = sdc_r::double_view(weights, weights_name);
  if (!Rf_isNull(unit)) data.unit = sdc_r::factor_view(unit, unit_name);
  if (!Rf_isNull(holding)) data.holding = sdc_r::factor_view(holding, holding_name);
  data.rules = sdc_r::resolve_rules(profile, setting_names, setting_values);
  std::vector<sdc::output_spec> specs;
  for (R_xlen_t o = 0; o < outputs.size(); ++o) {
    const Rcpp::List x = outputs[o];
    sdc::output_spec spec{Rcpp::as<std::string>(x["name"]), Rcpp::as<std::vector<std::string>>(x["variables"]),
                          std::nullopt};
    if (x.containsElementNamed("filter_variable")) {
      spec.filter = sdc::output_filter{Rcpp::as<std::string>(x["filter_variable"]),
                                       Rcpp::as<std::string>(x["filter_value"]), Rcpp::as<bool>(x["filter_equal"])};
    }
    specs.push_back(std::move(spec));
  }
  Rcpp::XPtr<sdc::cell_system> pointer(new sdc::cell_system(sdc::build_cell_system(data, specs)), true);
  const sdc::cell_system& s = *pointer;

  const std::size_t m = s.cells.size();
  Rcpp::NumericVector cell_value(m), cell_n(m);
  Rcpp::LogicalVector primary(m), hidden(m), known_zero(m);
  Rcpp::CharacterVector verdict(m), reasons(m), description(m);
  for (std::size_t i = 0; i < m; ++i) {
    const auto& c = s.cells[i];
    const auto r = static_cast<R_xlen_t>(i);
    cell_value[r] = c.value;
    cell_n[r] = static_cast<double>(c.evidence.n_contributors);
    primary[r] = c.primary;
    hidden[r] = c.hidden;
    known_zero[r] = c.inner.empty();
    verdict[r] = std::string(sdc::to_string(c.verdict.status));
    std::string codes;
    for (const auto& reason : c.verdict.reasons) codes += (codes.empty() ? "" : "; ") + std::string(sdc::to_string(reason.code));
    reasons[r] = codes;
    description[r] = c.description;
  }
  Rcpp::List out_list(s.outputs.size());
  for (std::size_t o = 0; o < s.outputs.size(); ++o) {
    const auto& output = s.outputs[o];
    const std::size_t n = output.cells.size();
    const std::size_t d = output.spec.variables.size();
    Rcpp::NumericVector cell(n);
    Rcpp::CharacterMatrix labels(static_cast<int>(n), static_cast<int>(d));
    Rcpp::CharacterMatrix levels(static_cast<int>(n), static_cast<int>(d));
    Rcpp::NumericMatrix level_ids(static_cast<int>(n), static_cast<int>(d));
    for (std::size_t k = 0; k < n; ++k) {
      const auto& c = output.cells[k];
      cell[static_cast<R_xlen_t>(k)] = static_cast<double>(c.cell + 1);
      for (std::size_t v = 0; v < d; ++v) {
        labels(static_cast<int>(k), static_cast<int>(v)) = c.labels[v];
        std::string level = "Total";
        if (c.levels[v] != sdc::total_level) {
          for (const auto& used : output.levels[v]) {
            if (used.level == c.levels[v]) level = used.name;
          }
        }
        levels(static_cast<int>(k), static_cast<int>(v)) = level;
        level_ids(static_cast<int>(k), static_cast<int>(v)) =
            c.levels[v] == sdc::total_level ? NA_REAL : static_cast<double>(c.levels[v]);
      }
    }
    // The levels each variable uses (for the JSON reports): level number and name.
    Rcpp::List used_levels(d);
    for (std::size_t v = 0; v < d; ++v) {
      Rcpp::NumericVector number(output.levels[v].size());
      Rcpp::CharacterVector name(output.levels[v].size());
      for (std::size_t l = 0; l < output.levels[v].size(); ++l) {
        number[static_cast<R_xlen_t>(l)] = static_cast<double>(output.levels[v][l].level);
        name[static_cast<R_xlen_t>(l)] = output.levels[v][l].name;
      }
      used_levels[static_cast<R_xlen_t>(v)] = Rcpp::List::create(Rcpp::Named("level") = number, Rcpp::Named("name") = name);
    }
    SEXP filter = R_NilValue;
    if (output.spec.filter) {
      filter = Rcpp::List::create(Rcpp::Named("variable") = output.spec.filter->variable,
                                  Rcpp::Named("value") = output.spec.filter->value,
                                  Rcpp::Named("equal") = output.spec.filter->equal);
    }
    out_list[static_cast<R_xlen_t>(o)] = Rcpp::List::create(
        Rcpp::Named("name") = output.spec.name, Rcpp::Named("variables") = output.spec.variables,
        Rcpp::Named("cell") = cell, Rcpp::Named("labels") = labels, Rcpp::Named("levels") = levels,
        Rcpp::Named("level_ids") = level_ids, Rcpp::Named("used_levels") = used_levels, Rcpp::Named("filter") = filter);
  }
  return Rcpp::List::create(
      Rcpp::Named("system") = pointer, Rcpp::Named("statistic") = std::string(sdc::to_string(s.stat)),
      Rcpp::Named("n_inner") = static_cast<double>(s.inner.size()),
      Rcpp::Named("cells") = Rcpp::List::create(
          Rcpp::Named("value") = cell_value, Rcpp::Named("n") = cell_n, Rcpp::Named("primary") = primary,
          Rcpp::Named("hidden") = hidden, Rcpp::Named("verdict") = verdict, Rcpp::Named("reasons") = reasons,
          Rcpp::Named("description") = description, Rcpp::Named("known_zero") = known_zero),
      Rcpp::Named("outputs") = out_list, Rcpp::Named("rules") = sdc_r::settings_vector(s.rules),
      Rcpp::Named("rules_source") = s.rules.source, Rcpp::Named("refinement_variables") = s.refinement_variables,
      Rcpp::Named("filters") = filter_descriptions(s));
}

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_protect_system_cpp(SEXP system, std::string cost, std::string singletons, bool zeros_known,
                                  Rcpp::LogicalVector must_publish, Rcpp::LogicalVector must_suppress,
                                  std::string intervals) {
  const sdc::cell_system& s = kept_system(system);
  const sdc::gauss_options options = sdc_r::interruptible(
      sdc::system_gauss_options(s, sdc::make_gauss_options(cost, singletons, zeros_known, s.stat)));
  const sdc::protect_step_result r = sdc::protect_system_with_intervals(
      s, s.rules, options, sdc::interval_mode_from_string(intervals),
      must_publish.size() == 0 ? std::vector<bool>{} : flags_of(must_publish),
      must_suppress.size() == 0 ? std::vector<bool>{} : flags_of(must_suppress));
  Rcpp::List out = sdc_r::protection_list(r.protection, sdc::protection_status(r.protection, s));
  out["zeros_known"] = options.zeros_known;
  out["cost"] = std::string(sdc::to_string(options.cost));
  out["intervals"] = sdc_r::intervals_list(r.intervals);
  return out;
}

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_audit_system_cpp(SEXP system, Rcpp::LogicalVector published, Rcpp::LogicalVector suppressed,
                                std::string protection, double sliding_percent, bool nonnegative, double tolerance) {
  const sdc::cell_system& s = kept_system(system);
  sdc::system_audit_problem sub = sdc::make_audit_problem(s, flags_of(published), flags_of(suppressed));
  if (protection == "rules") {
    sub.problem.upper_protection = sdc::protection_levels(s, s.rules, sub.cells);
    sub.problem.lower_protection = sub.problem.upper_protection;
  } else if (protection != "none") {
    throw sdc::invalid_input(sdc::errc::invalid_argument, "protection must be rules or none, got '" + protection + "'");
  }
  sdc::audit_options options;
  options.nonnegative = nonnegative;
  options.sliding_percent = sliding_percent;
  options.tolerance = tolerance;
  options = sdc::audit_options_for(s, options);
  const sdc::audit_result r = sdc::audit_suppression(sub.problem, options);
  const std::size_t n = r.cells.size();
  Rcpp::NumericVector cell(n), lower(n), upper(n);
  Rcpp::LogicalVector primary(n), exact(n), is_protected(n);
  for (std::size_t k = 0; k < n; ++k) {
    const auto& c = r.cells[k];
    const auto i = static_cast<R_xlen_t>(k);
    cell[i] = static_cast<double>(sub.cells[c.cell] + 1);
    lower[i] = c.lower;
    upper[i] = c.upper;
    primary[i] = c.primary;
    exact[i] = c.exact;
    is_protected[i] = c.is_protected;
  }
  return Rcpp::List::create(
      Rcpp::Named("cell") = cell, Rcpp::Named("lower") = lower, Rcpp::Named("upper") = upper,
      Rcpp::Named("primary") = primary, Rcpp::Named("exact") = exact, Rcpp::Named("protected") = is_protected,
      Rcpp::Named("n_exact") = static_cast<double>(r.n_exact),
      Rcpp::Named("n_primary_exact") = static_cast<double>(r.n_primary_exact),
      Rcpp::Named("n_primary_unprotected") = static_cast<double>(r.n_primary_unprotected),
      Rcpp::Named("n_linear_programs") = static_cast<double>(r.n_linear_programs),
      Rcpp::Named("nonnegative") = options.nonnegative,
      Rcpp::Named("audit_status") = std::string(sdc::to_string(sdc::audit_status(r))));
}
