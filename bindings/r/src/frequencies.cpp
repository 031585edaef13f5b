// SPDX-License-Identifier: MIT
// Key frequencies and k-anonymity on their own (sdc/risk/frequencies.hpp, k_anonymity.hpp), as
// the Python package's key_frequencies() and k_anonymity(). Conversions only; options left NULL
// by the R façade keep the core's defaults. Façade: R/frequencies.R.
#include <Rcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "convert.h"
#include "sdc/risk/frequencies.hpp"
#include "sdc/risk/k_anonymity.hpp"
#include "sdc/risk/risk_columns.hpp"

namespace {

sdc::frequency_options frequency_options_of(Rcpp::Nullable<Rcpp::String> missing,
                                            Rcpp::Nullable<Rcpp::NumericVector> alpha,
                                            Rcpp::Nullable<Rcpp::LogicalVector> allow_constant_keys) {
  sdc::frequency_options options = sdc::frequency_options::defaults();
  if (missing.isNotNull()) options.missing = sdc::missing_semantics_from_string(Rcpp::as<std::string>(missing));
  if (alpha.isNotNull()) options.alpha = Rcpp::as<double>(alpha);
  if (allow_constant_keys.isNotNull()) options.allow_constant_keys = Rcpp::as<bool>(allow_constant_keys);
  return options;
}

}  // namespace

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_key_frequencies_cpp(Rcpp::List keys, std::vector<std::string> key_names, SEXP weights,
                                   std::string weights_name, Rcpp::Nullable<Rcpp::String> missing,
                                   Rcpp::Nullable<Rcpp::NumericVector> alpha,
                                   Rcpp::Nullable<Rcpp::LogicalVector> allow_constant_keys) {
  const std::vector<sdc::categorical_view> views = sdc_r::factor_views(keys, key_names);
  std::unique_ptr<sdc::numeric_view> weight_view;
  if (!Rf_isNull(weights)) weight_view = std::make_unique<sdc::numeric_view>(sdc_r::double_view(weights, weights_name));
  const sdc::frequency_options options = frequency_options_of(missing, alpha, allow_constant_keys);
  const sdc::key_frequencies freq = sdc::compute_key_frequencies(views, weight_view.get(), options);
  return Rcpp::List::create(Rcpp::Named("fk") = freq.fk, Rcpp::Named("Fk") = freq.Fk,
                            Rcpp::Named("weighted") = freq.weighted,
                            Rcpp::Named("missing") = std::string(sdc::to_string(freq.missing)),
                            Rcpp::Named("alpha") = options.alpha, Rcpp::Named("warnings") = freq.warnings);
}

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_k_anonymity_cpp(Rcpp::List keys, std::vector<std::string> key_names,
                               Rcpp::Nullable<Rcpp::String> missing, Rcpp::Nullable<Rcpp::NumericVector> alpha,
                               Rcpp::Nullable<Rcpp::IntegerVector> k) {
  const std::vector<sdc::categorical_view> views = sdc_r::factor_views(keys, key_names);
  // As Python's k_anonymity(): no weights, constant keys refused.
  const sdc::frequency_options options = frequency_options_of(missing, alpha, R_NilValue);
  const sdc::key_frequencies freq = sdc::compute_key_frequencies(views, nullptr, options);
  sdc::k_anonymity_options k_options = sdc::k_anonymity_options::defaults();
  if (k.isNotNull()) k_options.k = Rcpp::as<std::vector<int>>(k);
  const sdc::k_anonymity_report report = sdc::assess_k_anonymity(freq, k_options);
  const sdc::k_anonymity_columns c = sdc::to_columns(report);
  return Rcpp::List::create(
      Rcpp::Named("n_records") = static_cast<double>(report.n_records),
      Rcpp::Named("n_combinations") = static_cast<double>(report.n_combinations),
      Rcpp::Named("levels") = Rcpp::List::create(Rcpp::Named("k") = c.k, Rcpp::Named("records") = c.records_below_k,
                                                 Rcpp::Named("combinations") = c.combinations_below_k),
      Rcpp::Named("sample_uniques") = static_cast<double>(report.sample_uniques),
      Rcpp::Named("unique_combinations") = static_cast<double>(report.unique_combinations),
      Rcpp::Named("class_sizes") = Rcpp::List::create(Rcpp::Named("size") = c.class_size,
                                                      Rcpp::Named("classes") = c.classes,
                                                      Rcpp::Named("records") = c.class_records),
      Rcpp::Named("missing") = std::string(sdc::to_string(freq.missing)), Rcpp::Named("alpha") = options.alpha,
      Rcpp::Named("warnings") = freq.warnings);
}
