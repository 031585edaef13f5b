// SPDX-License-Identifier: MIT
// Population uniqueness (sdc/risk/population_uniqueness.hpp): Zayatz, Pitman, SNB and Dankar's
// rule, from the class-size spectrum of the key frequencies' classes, as the Python package's
// population_uniqueness(). Conversions only. Façade: R/population.R.
#include <Rcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "convert.h"
#include "sdc/risk/frequencies.hpp"
#include "sdc/risk/population_uniqueness.hpp"

namespace {

Rcpp::List estimate_list(const sdc::model_estimate& e) {
  return Rcpp::List::create(Rcpp::Named("model") = std::string(sdc::to_string(e.model)),
                            Rcpp::Named("valid") = e.valid, Rcpp::Named("uniques") = e.uniques,
                            Rcpp::Named("share") = e.share, Rcpp::Named("message") = e.message);
}

}  // namespace

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_population_uniqueness_cpp(Rcpp::List keys, std::vector<std::string> key_names, SEXP weights,
                                         std::string weights_name, Rcpp::Nullable<Rcpp::String> missing,
                                         double population_size, double sampling_fraction,
                                         Rcpp::Nullable<Rcpp::String> model) {
  const std::vector<sdc::categorical_view> views = sdc_r::factor_views(keys, key_names);
  std::unique_ptr<sdc::numeric_view> weight_view;
  if (!Rf_isNull(weights)) weight_view = std::make_unique<sdc::numeric_view>(sdc_r::double_view(weights, weights_name));
  sdc::frequency_options frequency = sdc::frequency_options::defaults();
  if (missing.isNotNull()) frequency.missing = sdc::missing_semantics_from_string(Rcpp::as<std::string>(missing));
  // The weights are read (and checked) as in Python's population_uniqueness(): they give the
  // frequencies' warnings and, with neither N nor pi, the population size (core rule).
  const sdc::key_frequencies freq = sdc::compute_key_frequencies(views, weight_view.get(), frequency);
  sdc::population_options options = sdc::population_options::defaults();
  options.population_size = population_size;
  options.sampling_fraction = sampling_fraction;
  if (model.isNotNull()) options.model = sdc::population_model_from_string(Rcpp::as<std::string>(model));
  options = sdc::with_default_population_size(options, weight_view.get());
  const sdc::population_uniqueness_report r = sdc::estimate_population_uniqueness(freq.grouping, options);
  return Rcpp::List::create(
      Rcpp::Named("sample_size") = static_cast<double>(r.sample_size),
      Rcpp::Named("sample_classes") = static_cast<double>(r.sample_classes),
      Rcpp::Named("sample_uniques") = static_cast<double>(r.sample_uniques),
      Rcpp::Named("population_size") = r.population_size, Rcpp::Named("sampling_fraction") = r.sampling_fraction,
      Rcpp::Named("model") = std::string(sdc::to_string(r.requested)),
      Rcpp::Named("model_used") = std::string(sdc::to_string(r.model_used)), Rcpp::Named("converged") = r.converged,
      Rcpp::Named("uniques") = r.uniques, Rcpp::Named("share") = r.share,
      Rcpp::Named("zayatz") = estimate_list(r.zayatz), Rcpp::Named("pitman") = estimate_list(r.pitman),
      Rcpp::Named("snb") = estimate_list(r.snb),
      Rcpp::Named("pitman_fit") = Rcpp::List::create(
          Rcpp::Named("theta") = r.pitman_parameters.theta, Rcpp::Named("alpha") = r.pitman_parameters.alpha,
          Rcpp::Named("converged") = r.pitman_parameters.converged,
          Rcpp::Named("message") = r.pitman_parameters.message),
      Rcpp::Named("snb_fit") = Rcpp::List::create(
          Rcpp::Named("alpha") = r.snb_parameters.alpha, Rcpp::Named("beta") = r.snb_parameters.beta,
          Rcpp::Named("population_classes") = r.snb_parameters.population_classes,
          Rcpp::Named("converged") = r.snb_parameters.converged, Rcpp::Named("message") = r.snb_parameters.message),
      Rcpp::Named("notes") = r.notes, Rcpp::Named("missing") = std::string(sdc::to_string(freq.missing)),
      Rcpp::Named("warnings") = freq.warnings);
}
