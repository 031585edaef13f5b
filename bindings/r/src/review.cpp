// SPDX-License-Identifier: MIT
// Review of a variable request (include/sdc/risk/request_review.hpp): the readers of the
// dictionary and request files (include/sdc/io/review_files.hpp, compiled from the vendored
// src/core_review_files.cpp and src/core_csv_reader.cpp), hierarchies from text, and the review
// itself, as R lists. Conversions only; the R façade is R/review.R.
#include <Rcpp.h>

#include <cmath>
#include <limits>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "convert.h"
#include "sdc/io/review_files.hpp"
#include "sdc/risk/hierarchy.hpp"
#include "sdc/risk/request_review.hpp"

namespace {

Rcpp::List hierarchy_list(const sdc::generalisation_hierarchy& hierarchy) {
  Rcpp::List levels(hierarchy.levels.size());
  for (std::size_t h = 0; h < hierarchy.levels.size(); ++h) levels[static_cast<R_xlen_t>(h)] = hierarchy.levels[h];
  return Rcpp::List::create(Rcpp::Named("levels") = levels, Rcpp::Named("level_names") = hierarchy.level_names);
}

sdc::generalisation_hierarchy hierarchy_of(const Rcpp::List& x, const std::string& variable) {
  sdc::generalisation_hierarchy hierarchy;
  hierarchy.variable = variable;
  const Rcpp::List levels = x["levels"];
  for (R_xlen_t h = 0; h < levels.size(); ++h) {
    hierarchy.levels.push_back(Rcpp::as<std::vector<std::string>>(levels[h]));
  }
  hierarchy.level_names = Rcpp::as<std::vector<std::string>>(x["level_names"]);
  sdc::validate(hierarchy);
  return hierarchy;
}

Rcpp::List plan_list(const sdc::suppression_plan& plan) {
  if (!plan.computed) return Rcpp::List();
  std::vector<double> levels(plan.levels.begin(), plan.levels.end());
  std::vector<double> per_variable(plan.per_variable.begin(), plan.per_variable.end());
  return Rcpp::List::create(
      Rcpp::Named("k") = plan.k, Rcpp::Named("levels") = levels,
      Rcpp::Named("records_below_k") = static_cast<double>(plan.records_below_k),
      Rcpp::Named("total_suppressions") = static_cast<double>(plan.total_suppressions),
      Rcpp::Named("records_affected") = static_cast<double>(plan.records_affected),
      Rcpp::Named("per_variable") = per_variable, Rcpp::Named("summary") = plan.summary);
}

template <class T>
std::vector<double> doubles(const std::vector<T>& values) {
  return std::vector<double>(values.begin(), values.end());
}

}  // namespace

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_review_defaults_cpp() {
  const sdc::review_options options = sdc::review_options::defaults();
  return Rcpp::List::create(
      Rcpp::Named("target") = Rcpp::List::create(
          Rcpp::Named("k") = options.target.k, Rcpp::Named("max_individual_risk") = options.target.max_individual_risk,
          Rcpp::Named("max_expected_reidentifications") = options.target.max_expected_reidentifications,
          Rcpp::Named("max_suppressed_share") = options.target.max_suppressed_share),
      Rcpp::Named("missing") = std::string(sdc::to_string(options.missing)), Rcpp::Named("alpha") = options.alpha,
      Rcpp::Named("report_k") = options.report_k, Rcpp::Named("suda2") = options.suda2,
      Rcpp::Named("max_generalisations") = static_cast<double>(options.max_generalisations),
      Rcpp::Named("min_justification_length") = static_cast<double>(options.min_justification_length),
      Rcpp::Named("max_nodes") = static_cast<double>(options.max_nodes));
}

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_read_dictionary_cpp(std::string path) {
  const sdc::data_dictionary dictionary = sdc::io::read_data_dictionary(path);
  const std::size_t n = dictionary.entries.size();
  std::vector<std::string> variable(n), description(n), role(n);
  Rcpp::List hierarchies(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& entry = dictionary.entries[i];
    variable[i] = entry.variable;
    description[i] = entry.description;
    role[i] = std::string(sdc::to_string(entry.role));
    if (entry.has_hierarchy()) hierarchies[static_cast<R_xlen_t>(i)] = hierarchy_list(entry.hierarchy);
  }
  return Rcpp::List::create(Rcpp::Named("variable") = variable, Rcpp::Named("description") = description,
                            Rcpp::Named("role") = role, Rcpp::Named("hierarchies") = hierarchies);
}

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_read_request_cpp(std::string path) {
  const sdc::variable_request request = sdc::io::read_variable_request(path);
  std::vector<std::string> variable, level, justification;
  for (const auto& item : request.variables) {
    variable.push_back(item.variable);
    level.push_back(item.level);
    justification.push_back(item.justification);
  }
  return Rcpp::List::create(Rcpp::Named("variable") = variable, Rcpp::Named("level") = level,
                            Rcpp::Named("justification") = justification);
}

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_hierarchy_from_text_cpp(std::string text, std::string delimiter, std::string variable) {
  if (delimiter.size() != 1) {
    throw sdc::invalid_input(sdc::errc::invalid_argument,
                             "the hierarchy delimiter must be one character, got '" + delimiter + "'");
  }
  return hierarchy_list(sdc::hierarchy_from_text(text, delimiter[0], variable));
}

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_validate_hierarchy_cpp(Rcpp::List hierarchy, std::string variable) {
  return hierarchy_list(hierarchy_of(hierarchy, variable));
}

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_review_cpp(Rcpp::List dictionary, Rcpp::List request, Rcpp::List columns,
                          std::vector<std::string> names, SEXP weights, std::string weights_name,
                          SEXP target, Rcpp::List settings) {
  // The dictionary and the request, from the lists the R façade normalised.
  sdc::data_dictionary dict;
  {
    const auto variable = Rcpp::as<std::vector<std::string>>(dictionary["variable"]);
    const auto description = Rcpp::as<std::vector<std::string>>(dictionary["description"]);
    const auto role = Rcpp::as<std::vector<std::string>>(dictionary["role"]);
    const Rcpp::List hierarchies = dictionary["hierarchies"];
    for (std::size_t i = 0; i < variable.size(); ++i) {
      sdc::dictionary_entry entry;
      entry.variable = variable[i];
      entry.description = description[i];
      entry.role = sdc::variable_role_from_string(role[i]);
      const SEXP h = hierarchies[static_cast<R_xlen_t>(i)];
      if (!Rf_isNull(h)) entry.hierarchy = hierarchy_of(Rcpp::List(h), entry.variable);
      dict.entries.push_back(std::move(entry));
    }
  }
  sdc::variable_request req;
  {
    const auto variable = Rcpp::as<std::vector<std::string>>(request["variable"]);
    const auto level = Rcpp::as<std::vector<std::string>>(request["level"]);
    const auto justification = Rcpp::as<std::vector<std::string>>(request["justification"]);
    for (std::size_t i = 0; i < variable.size(); ++i) req.variables.push_back({variable[i], level[i], justification[i]});
  }
  // The microdata: factors read in place, with their levels as labels.
  const std::vector<sdc::categorical_view> views = sdc_r::factor_views(columns, names);
  const std::vector<std::vector<std::string>> labels = sdc_r::factor_labels(columns);
  std::vector<sdc::labelled_column> data;
  for (std::size_t i = 0; i < views.size(); ++i) data.push_back({views[i], labels[i]});
  std::unique_ptr<sdc::numeric_view> weight_view;
  if (!Rf_isNull(weights)) weight_view = std::make_unique<sdc::numeric_view>(sdc_r::double_view(weights, weights_name));

  // Options: the core's defaults (review_options::defaults(), whose target is 5-anonymity),
  // overridden by what the caller gave. A target given replaces the default one: its fields not
  // given take privacy_target's defaults (no constraint).
  sdc::review_options options = sdc::review_options::defaults();
  if (!Rf_isNull(target)) {
    const Rcpp::List t(target);
    options.target = sdc::privacy_target::defaults();
    // The core parses the named fields (sdc::set_target_field), as for Python.
    const Rcpp::CharacterVector names = t.size() > 0 ? Rcpp::CharacterVector(t.names()) : Rcpp::CharacterVector();
    for (R_xlen_t i = 0; i < t.size(); ++i) {
      sdc::set_target_field(options.target, Rcpp::as<std::string>(names[i]), Rcpp::as<double>(t[i]));
    }
  }
  const auto count = [&](const char* name) {
    return static_cast<std::size_t>(sdc_r::whole_number(Rcpp::as<double>(settings[name]), name, 0.0,
                                                        std::numeric_limits<double>::infinity(), "of at least 0"));
  };
  if (settings.containsElementNamed("missing"))
    options.missing = sdc::missing_semantics_from_string(Rcpp::as<std::string>(settings["missing"]));
  if (settings.containsElementNamed("alpha")) options.alpha = Rcpp::as<double>(settings["alpha"]);
  if (settings.containsElementNamed("report_k")) options.report_k = Rcpp::as<std::vector<int>>(settings["report_k"]);
  if (settings.containsElementNamed("suda2")) options.suda2 = Rcpp::as<bool>(settings["suda2"]);
  if (settings.containsElementNamed("max_generalisations")) options.max_generalisations = count("max_generalisations");
  if (settings.containsElementNamed("min_justification_length"))
    options.min_justification_length = count("min_justification_length");
  if (settings.containsElementNamed("max_nodes")) options.max_nodes = count("max_nodes");
  const sdc::request_review review = sdc::review_request(dict, req, data, weight_view.get(), options);

  const sdc::risk_profile& p = review.as_requested;
  std::vector<double> k, records_below, combinations_below;
  for (const auto& level : p.k_levels) {
    k.push_back(level.k);
    records_below.push_back(static_cast<double>(level.records_below_k));
    combinations_below.push_back(static_cast<double>(level.combinations_below_k));
  }
  const std::size_t n_keys = review.contributions.size();
  std::vector<std::string> c_variable(n_keys), c_level_name(n_keys), c_summary(n_keys);
  std::vector<double> c_level(n_keys), c_risk_with(n_keys), c_risk_without(n_keys), c_su_with(n_keys),
      c_su_without(n_keys), c_er_with(n_keys), c_er_without(n_keys), c_suda(n_keys);
  for (std::size_t v = 0; v < n_keys; ++v) {
    const auto& c = review.contributions[v];
    c_variable[v] = c.variable;
    c_level[v] = static_cast<double>(c.level);
    c_level_name[v] = c.level_name;
    c_risk_with[v] = static_cast<double>(c.records_at_risk_with);
    c_risk_without[v] = static_cast<double>(c.records_at_risk_without);
    c_su_with[v] = static_cast<double>(c.sample_uniques_with);
    c_su_without[v] = static_cast<double>(c.sample_uniques_without);
    c_er_with[v] = c.expected_reidentifications_with;
    c_er_without[v] = c.expected_reidentifications_without;
    c_suda[v] = std::isnan(c.suda2_contribution) ? NA_REAL : c.suda2_contribution;
    c_summary[v] = c.summary;
  }
  Rcpp::List generalisations(review.generalisations.size());
  for (std::size_t g = 0; g < review.generalisations.size(); ++g) {
    const auto& s = review.generalisations[g];
    generalisations[static_cast<R_xlen_t>(g)] = Rcpp::List::create(
        Rcpp::Named("levels") = doubles(s.levels), Rcpp::Named("level_names") = s.level_names,
        Rcpp::Named("records_suppressed") = static_cast<double>(s.records_suppressed),
        Rcpp::Named("classes") = static_cast<double>(s.classes), Rcpp::Named("precision_loss") = s.precision_loss,
        Rcpp::Named("discernibility") = s.discernibility,
        Rcpp::Named("expected_reidentifications") = s.expected_reidentifications,
        Rcpp::Named("max_individual_risk") = s.max_individual_risk, Rcpp::Named("changes") = s.changes,
        Rcpp::Named("summary") = s.summary);
  }
  const sdc::proportionality_assessment& score = review.proportionality;
  Rcpp::List out;
  out.push_back(static_cast<double>(p.n_records), "n_records");
  out.push_back(Rcpp::List::create(
      Rcpp::Named("k") = review.target.k, Rcpp::Named("max_individual_risk") = review.target.max_individual_risk,
      Rcpp::Named("max_expected_reidentifications") = std::isfinite(review.target.max_expected_reidentifications)
                                                           ? Rcpp::wrap(review.target.max_expected_reidentifications)
                                                           : R_NilValue,
      Rcpp::Named("max_suppressed_share") = review.target.max_suppressed_share,
      Rcpp::Named("description") = review.target_description), "target");
  out.push_back(std::string(sdc::to_string(options.missing)), "missing");
  out.push_back(review.requested, "requested");
  out.push_back(review.key_variables, "key_variables");
  out.push_back(doubles(review.requested_levels), "requested_levels");
  out.push_back(review.requested_level_names, "requested_level_names");
  out.push_back(doubles(review.n_levels), "n_levels");
  out.push_back(review.identifiers, "identifiers");
  out.push_back(review.sensitive, "sensitive");
  out.push_back(review.other, "other");
  out.push_back(review.unjustified, "unjustified");
  out.push_back(Rcpp::List::create(
      Rcpp::Named("n_records") = static_cast<double>(p.n_records),
      Rcpp::Named("n_combinations") = static_cast<double>(p.n_combinations),
      Rcpp::Named("k_anonymity") = Rcpp::List::create(Rcpp::Named("k") = k, Rcpp::Named("records") = records_below,
                                                      Rcpp::Named("combinations") = combinations_below),
      Rcpp::Named("sample_uniques") = static_cast<double>(p.sample_uniques),
      Rcpp::Named("unique_combinations") = static_cast<double>(p.unique_combinations),
      Rcpp::Named("expected_reidentifications") = p.expected_reidentifications,
      Rcpp::Named("global_risk") = p.global_risk, Rcpp::Named("max_individual_risk") = p.max_individual_risk,
      Rcpp::Named("records_at_risk") = static_cast<double>(p.records_at_risk),
      Rcpp::Named("meets_target") = p.meets_target), "as_requested");
  out.push_back(Rcpp::List::create(
      Rcpp::Named("variable") = c_variable, Rcpp::Named("level") = c_level, Rcpp::Named("level_name") = c_level_name,
      Rcpp::Named("records_at_risk_with") = c_risk_with, Rcpp::Named("records_at_risk_without") = c_risk_without,
      Rcpp::Named("sample_uniques_with") = c_su_with, Rcpp::Named("sample_uniques_without") = c_su_without,
      Rcpp::Named("expected_reidentifications_with") = c_er_with,
      Rcpp::Named("expected_reidentifications_without") = c_er_without,
      Rcpp::Named("suda2_contribution") = c_suda, Rcpp::Named("summary") = c_summary), "contributions");
  out.push_back(Rcpp::List::create(Rcpp::Named("nodes") = static_cast<double>(review.lattice_nodes),
                                      Rcpp::Named("evaluated") = static_cast<double>(review.lattice_nodes_evaluated),
                                      Rcpp::Named("minimal") = static_cast<double>(review.minimal_generalisations)), "lattice");
  out.push_back(generalisations, "generalisations");
  out.push_back(Rcpp::List::create(Rcpp::Named("as_requested") = plan_list(review.suppression_as_requested),
                                                Rcpp::Named("at_best") = plan_list(review.suppression_at_best)), "local_suppression");
  out.push_back(Rcpp::List::create(
      Rcpp::Named("score") = score.score, Rcpp::Named("band") = score.band,
      Rcpp::Named("risk_penalty") = score.risk_penalty, Rcpp::Named("identifier_penalty") = score.identifier_penalty,
      Rcpp::Named("justification_penalty") = score.justification_penalty,
      Rcpp::Named("detail_removed") = score.detail_removed, Rcpp::Named("reasons") = score.reasons,
      Rcpp::Named("summary") = score.summary), "proportionality");
  out.push_back(std::string(sdc::to_string(review.verdict)), "verdict");
  out.push_back(review.findings, "findings");
  out.push_back(review.warnings, "warnings");
  return out;
}
