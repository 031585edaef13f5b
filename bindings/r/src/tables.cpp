// SPDX-License-Identifier: MIT
// Tables: build and check a table from microdata, check an aggregated table, check a model's
// residual degrees of freedom, and the rule profiles and settings. Conversions only; the R
// façade is R/tables.R. The checked table itself is kept alive behind an external pointer
// (core.h), so that sdc_protect() and sdc_audit() work on the core's table with its full
// evidence rather than on a reconstruction from the R columns.
#include <Rcpp.h>

#include <optional>
#include <string>
#include <vector>

#include "convert.h"
#include "core.h"
#include "sdc/tables/aggregated_table.hpp"
#include "sdc/tables/build_table.hpp"
#include "sdc/tables/check_table.hpp"
#include "sdc/tables/profiles.hpp"
#include "sdc/tables/statistic.hpp"
#include "sdc/tables/suppression.hpp"
#include "sdc/tables/table_columns.hpp"

namespace {

// Checks a table (and suppresses) and converts the result to an R list of vectors.
Rcpp::List checked_table(sdc::table t, const sdc::table_rules& rules, bool suppress,
                         const std::string& total_label) {
  sdc::table_check check = sdc::check_table(t, rules);
  std::optional<sdc::suppression_summary> suppression;
  if (suppress) suppression = sdc::apply_primary_suppression(t, check);
  const sdc::table_columns cells = sdc::to_columns(t, check, total_label);
  const sdc::reason_columns reasons = sdc::reasons_to_columns(check);
  const std::string status(sdc::to_string(check.status));
  const Rcpp::RObject core = sdc_r::keep_table(std::move(t), rules, std::move(check));
  const sdc_r::checked_table& kept = sdc_r::kept_table(core);
  return Rcpp::List::create(
      Rcpp::Named("core") = core,
      Rcpp::Named("status") = status,
      Rcpp::Named("published_status") =
          suppression ? Rcpp::wrap(std::string(sdc::to_string(suppression->published_status))) : R_NilValue,
      Rcpp::Named("suppression") =
          suppression ? Rcpp::wrap(Rcpp::List::create(
                            Rcpp::Named("suppressed_cells") = static_cast<double>(suppression->n_suppressed),
                            Rcpp::Named("revealing_margins") = static_cast<double>(suppression->n_revealing_margins),
                            Rcpp::Named("recoverable_margins") =
                                static_cast<double>(suppression->n_recoverable_margins)))
                      : R_NilValue,
      Rcpp::Named("n_fail") = static_cast<double>(kept.check.n_fail),
      Rcpp::Named("n_review") = static_cast<double>(kept.check.n_review),
      Rcpp::Named("statistic") = std::string(sdc::to_string(kept.t.stat)),
      Rcpp::Named("percentile") = kept.t.percentile,
      Rcpp::Named("weighted") = kept.t.weighted,
      Rcpp::Named("dimensions") = cells.dimension_names,
      Rcpp::Named("rules") = sdc_r::settings_vector(kept.check.rules),
      Rcpp::Named("rules_source") = kept.check.rules.source,
      Rcpp::Named("cells") = Rcpp::List::create(
          Rcpp::Named("labels") = cells.labels, Rcpp::Named("margin") = cells.margin,
          Rcpp::Named("value") = cells.value, Rcpp::Named("n") = cells.n,
          Rcpp::Named("records") = cells.records, Rcpp::Named("units") = cells.units,
          Rcpp::Named("holdings") = cells.holdings, Rcpp::Named("weighted_count") = cells.weighted_count,
          Rcpp::Named("missing_values") = cells.missing_values,
          Rcpp::Named("negative_values") = cells.negative_values, Rcpp::Named("top1") = cells.top1,
          Rcpp::Named("top2") = cells.top2, Rcpp::Named("dominance_total") = cells.dominance_total,
          Rcpp::Named("status") = cells.status, Rcpp::Named("suppressed") = cells.suppressed,
          Rcpp::Named("reasons") = cells.reasons),
      Rcpp::Named("reasons") = Rcpp::List::create(
          Rcpp::Named("cell") = reasons.cell, Rcpp::Named("code") = reasons.code,
          Rcpp::Named("severity") = reasons.severity, Rcpp::Named("message") = reasons.message));
}

}  // namespace

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_table_cpp(Rcpp::List dimensions, std::vector<std::string> dimension_names, SEXP value,
                         std::string value_name, SEXP weights, std::string weights_name, SEXP unit,
                         std::string unit_name, SEXP holding, std::string holding_name, std::string stat,
                         double percentile, std::string profile, std::vector<std::string> setting_names,
                         std::vector<std::string> setting_values, bool suppress, std::string total_label) {
  sdc::table_request request;
  request.dimensions = sdc_r::factor_views(dimensions, dimension_names);
  request.labels = sdc_r::factor_labels(dimensions);
  if (!Rf_isNull(value)) request.value = sdc_r::double_view(value, value_name);
  if (!Rf_isNull(weights)) request.weights = sdc_r::double_view(weights, weights_name);
  if (!Rf_isNull(unit)) request.unit = sdc_r::factor_view(unit, unit_name);
  if (!Rf_isNull(holding)) request.holding = sdc_r::factor_view(holding, holding_name);
  request.stat = sdc::statistic_from_string(stat);
  request.percentile = percentile;
  const sdc::table_rules rules = sdc_r::resolve_rules(profile, setting_names, setting_values);
  request.weighting = rules.weighting;
  request.top_contributions = sdc::needed_top_contributions(rules);
  return checked_table(sdc::build_table(request), rules, suppress, total_label);
}

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_check_table_cpp(Rcpp::List dimensions, std::vector<std::string> dimension_names, SEXP count,
                               std::string count_name, SEXP sum, std::string sum_name, SEXP top1,
                               std::string top1_name, SEXP top2, std::string top2_name, std::string total_label,
                               std::string profile, std::vector<std::string> setting_names,
                               std::vector<std::string> setting_values, bool suppress) {
  sdc::aggregated_table_request request;
  request.dimensions = sdc_r::factor_views(dimensions, dimension_names);
  request.labels = sdc_r::factor_labels(dimensions);
  request.counts = sdc_r::double_view(count, count_name);
  if (!Rf_isNull(sum)) request.sums = sdc_r::double_view(sum, sum_name);
  if (!Rf_isNull(top1)) request.top1 = sdc_r::double_view(top1, top1_name);
  if (!Rf_isNull(top2)) request.top2 = sdc_r::double_view(top2, top2_name);
  request.total_label = total_label;
  const sdc::table_rules rules = sdc_r::resolve_rules(profile, setting_names, setting_values);
  return checked_table(sdc::table_from_aggregates(request), rules, suppress, total_label);
}

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_check_dof_cpp(double dof, std::string profile, std::vector<std::string> setting_names,
                             std::vector<std::string> setting_values) {
  const sdc::table_rules rules = sdc_r::resolve_rules(profile, setting_names, setting_values);
  sdc::table_check check;
  check.cells = {sdc::check_residual_dof(dof, rules)};
  const sdc::reason_columns reasons = sdc::reasons_to_columns(check);
  return Rcpp::List::create(
      Rcpp::Named("status") = std::string(sdc::to_string(check.cells.front().status)),
      Rcpp::Named("min_dof") = rules.min_dof, Rcpp::Named("rules") = sdc_r::settings_vector(rules),
      Rcpp::Named("rules_source") = rules.source,
      Rcpp::Named("reasons") = Rcpp::List::create(Rcpp::Named("code") = reasons.code,
                                                  Rcpp::Named("severity") = reasons.severity,
                                                  Rcpp::Named("message") = reasons.message));
}

// [[Rcpp::export(rng = false)]]
Rcpp::CharacterVector sdc_rule_settings_cpp(std::string profile, std::vector<std::string> setting_names,
                                            std::vector<std::string> setting_values) {
  return sdc_r::settings_vector(sdc_r::resolve_rules(profile, setting_names, setting_values));
}

// [[Rcpp::export(rng = false)]]
std::vector<std::string> sdc_profile_names_cpp() { return sdc::profile_names(); }

// [[Rcpp::export(rng = false)]]
std::vector<std::string> sdc_rule_setting_names_cpp() { return sdc::rule_setting_names(); }

// [[Rcpp::export(rng = false)]]
std::vector<std::string> sdc_statistic_names_cpp() { return sdc::statistic_names(); }

// [[Rcpp::export(rng = false)]]
std::string sdc_rules_source_cpp(std::string profile) { return sdc::rule_profile(profile).source; }
