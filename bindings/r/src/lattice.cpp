// SPDX-License-Identifier: MIT
// The minimal generalisations of key variables meeting a privacy target
// (sdc/risk/lattice_search.hpp), as the Python package's lattice_search(). Conversions only.
// Hierarchies arrive as the lists of R/review.R (levels[[h]][i]: the value of original value i
// at level h; level_names); files are parsed by sdc_hierarchy_from_text_cpp (src/review.cpp).
// Façade: R/lattice.R.
#include <Rcpp.h>

#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "convert.h"
#include "sdc/risk/hierarchy.hpp"
#include "sdc/risk/lattice_search.hpp"

namespace {

sdc::generalisation_hierarchy hierarchy_from_list(const Rcpp::List& x, const std::string& variable) {
  sdc::generalisation_hierarchy hierarchy;
  hierarchy.variable = variable;
  const Rcpp::List levels = x["levels"];
  for (R_xlen_t h = 0; h < levels.size(); ++h) {
    hierarchy.levels.push_back(Rcpp::as<std::vector<std::string>>(levels[h]));
  }
  if (x.containsElementNamed("level_names")) {
    hierarchy.level_names = Rcpp::as<std::vector<std::string>>(x["level_names"]);
  }
  sdc::validate(hierarchy);
  return hierarchy;
}

std::vector<std::size_t> levels_of(SEXP x, const char* name) {
  std::vector<std::size_t> out;
  if (Rf_isNull(x)) return out;
  for (const double value : Rcpp::as<std::vector<double>>(x)) {
    out.push_back(
        static_cast<std::size_t>(sdc_r::whole_number(value, std::string(name) + " (each)", 0.0, 1e9, "of at least 0")));
  }
  return out;
}

}  // namespace

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_lattice_search_cpp(Rcpp::List keys, std::vector<std::string> key_names, Rcpp::List hierarchies,
                                  SEXP weights, std::string weights_name, Rcpp::List target,
                                  Rcpp::Nullable<Rcpp::String> missing, Rcpp::Nullable<Rcpp::NumericVector> alpha,
                                  Rcpp::Nullable<Rcpp::String> method, SEXP min_levels, SEXP max_levels,
                                  Rcpp::Nullable<Rcpp::LogicalVector> assume_monotone,
                                  Rcpp::Nullable<Rcpp::NumericVector> max_nodes) {
  const std::vector<sdc::categorical_view> views = sdc_r::factor_views(keys, key_names);
  const std::vector<std::vector<std::string>> labels = sdc_r::factor_labels(keys);
  if (static_cast<std::size_t>(hierarchies.size()) != views.size()) {
    throw sdc::invalid_input(sdc::errc::length_mismatch, "one hierarchy (or NULL) per key variable");
  }
  std::unique_ptr<sdc::numeric_view> weight_view;
  if (!Rf_isNull(weights)) weight_view = std::make_unique<sdc::numeric_view>(sdc_r::double_view(weights, weights_name));

  sdc::lattice_options options = sdc::lattice_options::defaults();
  // The target: privacy_target's defaults (no constraint) for the fields not given; the core
  // parses the named fields (sdc::set_target_field), as for sdc_review() and Python.
  options.target = sdc::privacy_target::defaults();
  const Rcpp::CharacterVector target_names = target.size() > 0 ? Rcpp::CharacterVector(target.names())
                                                               : Rcpp::CharacterVector();
  for (R_xlen_t i = 0; i < target.size(); ++i) {
    sdc::set_target_field(options.target, Rcpp::as<std::string>(target_names[i]), Rcpp::as<double>(target[i]));
  }
  sdc::validate(options.target);
  if (missing.isNotNull()) options.missing = sdc::missing_semantics_from_string(Rcpp::as<std::string>(missing));
  if (alpha.isNotNull()) options.alpha = Rcpp::as<double>(alpha);
  if (method.isNotNull()) options.risk.method = sdc::risk_method_from_string(Rcpp::as<std::string>(method));
  options.min_levels = levels_of(min_levels, "min_levels");
  options.max_levels = levels_of(max_levels, "max_levels");
  if (assume_monotone.isNotNull()) options.assume_monotone = Rcpp::as<bool>(assume_monotone);
  if (max_nodes.isNotNull()) {
    options.max_nodes = static_cast<std::size_t>(
        sdc_r::whole_number(Rcpp::as<double>(max_nodes), "max_nodes", 1.0, 4294967295.0, "in [1, 2^32 - 1]"));
  }

  std::vector<sdc::category_generalisation> generalisations;
  for (std::size_t v = 0; v < views.size(); ++v) {
    const SEXP spec = hierarchies[static_cast<R_xlen_t>(v)];
    sdc::generalisation_hierarchy h;
    if (Rf_isNull(spec)) {
      // A key without a hierarchy can still be dropped: the core's default, levels "original"
      // and "*" as in a review and in Python.
      h = sdc::suppression_hierarchy(views[v].name, labels[v]);
    } else {
      h = hierarchy_from_list(Rcpp::List(spec), views[v].name);
    }
    generalisations.push_back(sdc::generalise_categories(views[v], labels[v], h));
  }
  const sdc::lattice_result r = sdc::lattice_search(views, generalisations, weight_view.get(), options);

  const std::size_t n = r.minimal.size();
  Rcpp::NumericMatrix levels(static_cast<int>(n), static_cast<int>(views.size()));
  std::vector<double> classes(n), at_risk(n), suppressed(n), max_risk(n), expected(n), gen_loss(n), prec_loss(n),
      discernibility(n);
  for (std::size_t i = 0; i < n; ++i) {
    const sdc::lattice_node& node = r.minimal[i];
    for (std::size_t v = 0; v < node.levels.size(); ++v) {
      levels(static_cast<int>(i), static_cast<int>(v)) = static_cast<double>(node.levels[v]);
    }
    classes[i] = static_cast<double>(node.classes);
    at_risk[i] = static_cast<double>(node.records_at_risk);
    suppressed[i] = static_cast<double>(node.records_suppressed);
    max_risk[i] = node.max_individual_risk;
    expected[i] = node.expected_reidentifications;
    gen_loss[i] = node.generalisation_loss;
    prec_loss[i] = node.precision_loss;
    discernibility[i] = node.discernibility;
  }
  Rcpp::List level_names(r.level_names.size());
  for (std::size_t v = 0; v < r.level_names.size(); ++v) level_names[static_cast<R_xlen_t>(v)] = r.level_names[v];
  const double max_er = options.target.max_expected_reidentifications;
  return Rcpp::List::create(
      Rcpp::Named("variables") = r.variables,
      Rcpp::Named("n_levels") = std::vector<double>(r.n_levels.begin(), r.n_levels.end()),
      Rcpp::Named("level_names") = level_names, Rcpp::Named("n_records") = static_cast<double>(r.n_records),
      Rcpp::Named("n_nodes") = static_cast<double>(r.n_nodes),
      Rcpp::Named("nodes_evaluated") = static_cast<double>(r.nodes_evaluated),
      Rcpp::Named("nodes_satisfying") = static_cast<double>(r.nodes_satisfying),
      Rcpp::Named("target") = Rcpp::List::create(
          Rcpp::Named("k") = options.target.k, Rcpp::Named("max_individual_risk") = options.target.max_individual_risk,
          Rcpp::Named("max_expected_reidentifications") = std::isfinite(max_er) ? max_er : R_PosInf,
          Rcpp::Named("max_suppressed_share") = options.target.max_suppressed_share),
      Rcpp::Named("target_description") = sdc::describe(options.target),
      Rcpp::Named("levels") = levels,
      Rcpp::Named("minimal") = Rcpp::List::create(
          Rcpp::Named("classes") = classes, Rcpp::Named("records_at_risk") = at_risk,
          Rcpp::Named("records_suppressed") = suppressed, Rcpp::Named("max_individual_risk") = max_risk,
          Rcpp::Named("expected_reidentifications") = expected, Rcpp::Named("generalisation_loss") = gen_loss,
          Rcpp::Named("precision_loss") = prec_loss, Rcpp::Named("discernibility") = discernibility));
}
