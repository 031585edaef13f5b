// SPDX-License-Identifier: MIT
// Microdata risk: key frequencies, k-anonymity, individual, global and household risk,
// attacker models, l-diversity, t-closeness and SUDA2. Conversions only; options left NULL by
// the R façade keep the core's defaults (options structs' defaults()). Façade: R/risk.R.
#include <RcppEigen.h>

#include <memory>
#include <string>
#include <vector>

#include "convert.h"
#include "sdc/risk/attacker_models.hpp"
#include "sdc/risk/frequencies.hpp"
#include "sdc/risk/global_risk.hpp"
#include "sdc/risk/household_risk.hpp"
#include "sdc/risk/individual_risk.hpp"
#include "sdc/risk/k_anonymity.hpp"
#include "sdc/risk/l_diversity.hpp"
#include "sdc/risk/lattice_search.hpp"
#include "sdc/risk/local_suppression.hpp"
#include "sdc/risk/population_uniqueness.hpp"
#include "sdc/risk/risk_columns.hpp"
#include "sdc/risk/suda2.hpp"
#include "sdc/risk/t_closeness.hpp"
#include "sdc/risk/trajectory_unicity.hpp"
#include "sdc/tables/gauss_suppression.hpp"
#include "sdc/tables/protect.hpp"
#include "sdc/tables/optimal_suppression.hpp"

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_risk_cpp(Rcpp::List keys, std::vector<std::string> key_names, SEXP weights,
                        std::string weights_name, SEXP household, std::string household_name,
                        std::string missing, double alpha, Rcpp::Nullable<Rcpp::String> method,
                        Rcpp::Nullable<Rcpp::LogicalVector> sdcmicro_compatible,
                        Rcpp::Nullable<Rcpp::LogicalVector> allow_constant_keys,
                        Rcpp::Nullable<Rcpp::IntegerVector> k, Rcpp::Nullable<Rcpp::NumericVector> risk_threshold,
                        Rcpp::Nullable<Rcpp::NumericVector> max_global_risk) {
  const std::vector<sdc::categorical_view> views = sdc_r::factor_views(keys, key_names);
  std::unique_ptr<sdc::numeric_view> weight_view;
  if (!Rf_isNull(weights)) weight_view = std::make_unique<sdc::numeric_view>(sdc_r::double_view(weights, weights_name));

  sdc::frequency_options frequency = sdc::frequency_options::defaults();
  frequency.missing = sdc::missing_semantics_from_string(missing);
  frequency.alpha = alpha;
  if (allow_constant_keys.isNotNull()) frequency.allow_constant_keys = Rcpp::as<bool>(allow_constant_keys);
  const sdc::key_frequencies freq = sdc::compute_key_frequencies(views, weight_view.get(), frequency);

  sdc::individual_risk_options risk_options = sdc::individual_risk_options::defaults();
  if (method.isNotNull()) risk_options.method = sdc::risk_method_from_string(Rcpp::as<std::string>(method));
  if (sdcmicro_compatible.isNotNull()) risk_options.sdcmicro_compatible = Rcpp::as<bool>(sdcmicro_compatible);
  const std::vector<double> risk = sdc::compute_individual_risk(freq, risk_options);
  const sdc::global_risk_summary global = sdc::compute_global_risk(risk);

  sdc::k_anonymity_options k_options = sdc::k_anonymity_options::defaults();
  if (k.isNotNull()) k_options.k = Rcpp::as<std::vector<int>>(k);
  const sdc::k_anonymity_report kanon = sdc::assess_k_anonymity(freq, k_options);
  const sdc::k_anonymity_columns kanon_columns = sdc::to_columns(kanon);

  sdc::attacker_model_options attacker_options = sdc::attacker_model_options::defaults();
  if (risk_threshold.isNotNull()) attacker_options.risk_threshold = Rcpp::as<double>(risk_threshold);
  const sdc::attacker_models attackers = sdc::compute_attacker_models(freq, attacker_options);

  Rcpp::List result = Rcpp::List::create(
      Rcpp::Named("fk") = freq.fk, Rcpp::Named("Fk") = freq.Fk, Rcpp::Named("risk") = risk,
      Rcpp::Named("weighted") = freq.weighted,
      Rcpp::Named("missing") = std::string(sdc::to_string(freq.missing)),
      Rcpp::Named("alpha") = frequency.alpha,
      Rcpp::Named("method") = std::string(sdc::to_string(risk_options.method)),
      Rcpp::Named("sdcmicro_compatible") = risk_options.sdcmicro_compatible,
      Rcpp::Named("n_combinations") = static_cast<double>(kanon.n_combinations),
      Rcpp::Named("sample_uniques") = static_cast<double>(kanon.sample_uniques),
      Rcpp::Named("unique_combinations") = static_cast<double>(kanon.unique_combinations),
      Rcpp::Named("k_anonymity") = Rcpp::List::create(
          Rcpp::Named("k") = kanon_columns.k, Rcpp::Named("records") = kanon_columns.records_below_k,
          Rcpp::Named("combinations") = kanon_columns.combinations_below_k),
      Rcpp::Named("class_sizes") = Rcpp::List::create(
          Rcpp::Named("size") = kanon_columns.class_size, Rcpp::Named("classes") = kanon_columns.classes,
          Rcpp::Named("records") = kanon_columns.class_records),
      Rcpp::Named("global") = Rcpp::List::create(
          Rcpp::Named("expected_reidentifications") = global.expected_reidentifications,
          Rcpp::Named("global_risk") = global.global_risk,
          Rcpp::Named("max_individual_risk") = global.max_individual_risk),
      Rcpp::Named("attacker_models") = Rcpp::List::create(
          Rcpp::Named("model") = std::vector<std::string>{"prosecutor", "journalist", "marketer"},
          Rcpp::Named("records_at_risk") = std::vector<double>{attackers.prosecutor.records_at_risk,
                                                               attackers.journalist.records_at_risk, NA_REAL},
          Rcpp::Named("highest_risk") =
              std::vector<double>{attackers.prosecutor.highest_risk, attackers.journalist.highest_risk, NA_REAL},
          Rcpp::Named("success_rate") = std::vector<double>{attackers.prosecutor.success_rate,
                                                            attackers.journalist.success_rate,
                                                            attackers.marketer_success_rate}),
      Rcpp::Named("risk_threshold") = attacker_options.risk_threshold,
      Rcpp::Named("warnings") = freq.warnings);
  if (!Rf_isNull(household)) {
    const sdc::household_risk_result h =
        sdc::compute_household_risk(risk, sdc_r::factor_view(household, household_name));
    result["household"] = Rcpp::List::create(
        Rcpp::Named("risk") = h.risk, Rcpp::Named("n_households") = static_cast<double>(h.n_households),
        Rcpp::Named("expected_reidentifications") = h.expected_reidentifications,
        Rcpp::Named("global_risk") = h.global_risk);
  }
  if (max_global_risk.isNotNull()) {
    const double target = Rcpp::as<double>(max_global_risk);
    const sdc::global_threshold threshold = sdc::global_risk_threshold(risk, target);
    result["global_threshold"] = Rcpp::List::create(
        Rcpp::Named("max_global_risk") = target, Rcpp::Named("threshold") = threshold.threshold,
        Rcpp::Named("records_above") = static_cast<double>(threshold.records_above),
        Rcpp::Named("capped_expected_reidentifications") = threshold.capped_expected_reidentifications,
        Rcpp::Named("attainable") = threshold.attainable);
  }
  return result;
}

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_l_diversity_cpp(Rcpp::List keys, std::vector<std::string> key_names, Rcpp::List sensitive,
                               std::vector<std::string> sensitive_names,
                               Rcpp::Nullable<Rcpp::String> key_missing,
                               Rcpp::Nullable<Rcpp::NumericVector> recursive_c,
                               Rcpp::Nullable<Rcpp::NumericVector> l,
                               Rcpp::Nullable<Rcpp::LogicalVector> sdcmicro_compatible) {
  sdc::l_diversity_options options = sdc::l_diversity_options::defaults();
  if (key_missing.isNotNull()) {
    options.key_missing = sdc::missing_semantics_from_string(Rcpp::as<std::string>(key_missing));
  }
  if (recursive_c.isNotNull()) options.recursive_c = Rcpp::as<double>(recursive_c);
  if (l.isNotNull()) options.l = Rcpp::as<double>(l);
  if (sdcmicro_compatible.isNotNull()) options.sdcmicro_compatible = Rcpp::as<bool>(sdcmicro_compatible);
  const sdc::l_diversity_columns columns = sdc::to_columns(
      sdc::l_diversity(sdc_r::factor_views(keys, key_names), sdc_r::factor_views(sensitive, sensitive_names), options));
  return Rcpp::List::create(
      Rcpp::Named("variables") = columns.variables, Rcpp::Named("distinct") = columns.distinct,
      Rcpp::Named("entropy") = columns.entropy, Rcpp::Named("recursive") = columns.recursive,
      Rcpp::Named("recursive_c") = options.recursive_c, Rcpp::Named("l") = options.l,
      Rcpp::Named("key_missing") = std::string(sdc::to_string(options.key_missing)),
      Rcpp::Named("sdcmicro_compatible") = options.sdcmicro_compatible,
      Rcpp::Named("summary") = Rcpp::List::create(
          Rcpp::Named("variable") = columns.summary_variable, Rcpp::Named("measure") = columns.summary_measure,
          Rcpp::Named("minimum") = columns.summary_minimum,
          Rcpp::Named("classes_below") = columns.summary_classes_below,
          Rcpp::Named("records_below") = columns.summary_records_below));
}

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_t_closeness_cpp(Rcpp::List keys, std::vector<std::string> key_names, SEXP sensitive,
                               std::string sensitive_name, Rcpp::Nullable<Rcpp::String> distance,
                               Rcpp::Nullable<Rcpp::String> key_missing) {
  sdc::t_closeness_options options = sdc::t_closeness_options::defaults();
  if (distance.isNotNull()) {
    options.distance = sdc::t_closeness_distance_from_string(Rcpp::as<std::string>(distance));
  }
  if (key_missing.isNotNull()) {
    options.key_missing = sdc::missing_semantics_from_string(Rcpp::as<std::string>(key_missing));
  }
  const std::vector<sdc::categorical_view> views = sdc_r::factor_views(keys, key_names);
  const sdc::t_closeness_result result =
      Rf_isFactor(sensitive) ? sdc::t_closeness(views, sdc_r::factor_view(sensitive, sensitive_name), options)
                             : sdc::t_closeness(views, sdc_r::double_view(sensitive, sensitive_name), options);
  return Rcpp::List::create(Rcpp::Named("variable") = result.name, Rcpp::Named("distance") = result.distance,
                            Rcpp::Named("max_distance") = result.max_distance,
                            Rcpp::Named("n_values") = static_cast<double>(result.n_values),
                            Rcpp::Named("n_classes") = static_cast<double>(result.classes.n_groups()),
                            Rcpp::Named("ground_distance") = std::string(sdc::to_string(options.distance)),
                            Rcpp::Named("key_missing") = std::string(sdc::to_string(options.key_missing)));
}

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_suda_cpp(Rcpp::List keys, std::vector<std::string> key_names,
                        Rcpp::Nullable<Rcpp::NumericVector> max_msu_size, Rcpp::Nullable<Rcpp::String> weighting,
                        Rcpp::Nullable<Rcpp::NumericVector> dis_fraction,
                        Rcpp::Nullable<Rcpp::LogicalVector> sdcmicro_compatible) {
  sdc::suda2_options options = sdc::suda2_options::defaults();
  if (max_msu_size.isNotNull()) {
    const double size = Rcpp::as<double>(max_msu_size);
    if (!(size >= 1)) throw sdc::invalid_input(sdc::errc::invalid_argument, "max_msu_size must be at least 1");
    options.max_msu_size = static_cast<std::size_t>(size);
  }
  if (weighting.isNotNull()) options.weighting = sdc::suda_weighting_from_string(Rcpp::as<std::string>(weighting));
  if (dis_fraction.isNotNull()) options.dis_fraction = Rcpp::as<double>(dis_fraction);
  if (sdcmicro_compatible.isNotNull()) options.sdcmicro_compatible = Rcpp::as<bool>(sdcmicro_compatible);
  const sdc::suda2_result result = sdc::suda2(sdc_r::factor_views(keys, key_names), options);
  return Rcpp::List::create(
      Rcpp::Named("variables") = result.variables, Rcpp::Named("score") = Rcpp::wrap(result.score),
      Rcpp::Named("dis_score") = Rcpp::wrap(result.dis_score),
      Rcpp::Named("record_contribution") = Rcpp::wrap(result.record_contribution),
      Rcpp::Named("msu_count") = Rcpp::wrap(result.msu_count),
      Rcpp::Named("attribute_contribution") = result.attribute_contribution,
      Rcpp::Named("total_score") = result.total_score,
      Rcpp::Named("records_in_pairs") = static_cast<double>(result.records_in_pairs),
      Rcpp::Named("n_msus") = static_cast<double>(result.n_msus),
      Rcpp::Named("max_msu_size") = static_cast<double>(result.max_msu_size),
      Rcpp::Named("weighting") = std::string(sdc::to_string(options.weighting)),
      Rcpp::Named("dis_fraction") = options.dis_fraction,
      Rcpp::Named("sdcmicro_compatible") = options.sdcmicro_compatible);
}

namespace {

// The defaults of the newer functions, one list per R function, with the keys of the Python
// package's *_defaults() (each from the options struct's defaults()).
Rcpp::List defaults_by_function() {
  const auto frequency = sdc::frequency_options::defaults();
  const auto population = sdc::population_options::defaults();
  const auto unicity = sdc::trajectory_unicity_options::defaults();
  const auto lattice = sdc::lattice_options::defaults();
  const auto local = sdc::local_suppression_options::defaults();
  const sdc::gauss_options gauss;
  const sdc::optimal_options optimal;
  return Rcpp::List::create(
      Rcpp::Named("key_frequencies") = Rcpp::List::create(
          Rcpp::Named("missing") = std::string(sdc::to_string(frequency.missing)),
          Rcpp::Named("alpha") = frequency.alpha, Rcpp::Named("allow_constant_keys") = frequency.allow_constant_keys),
      Rcpp::Named("k_anonymity") = Rcpp::List::create(
          Rcpp::Named("k") = sdc::k_anonymity_options::defaults().k,
          Rcpp::Named("missing") = std::string(sdc::to_string(frequency.missing)),
          Rcpp::Named("alpha") = frequency.alpha),
      Rcpp::Named("population_uniqueness") = Rcpp::List::create(
          Rcpp::Named("model") = std::string(sdc::to_string(population.model)),
          Rcpp::Named("dankar_pitman_max_fraction") = population.dankar_pitman_max_fraction,
          Rcpp::Named("max_iterations") = population.max_iterations,
          Rcpp::Named("tolerance") = population.tolerance,
          Rcpp::Named("missing") = std::string(sdc::to_string(frequency.missing))),
      Rcpp::Named("trajectory_unicity") = Rcpp::List::create(
          Rcpp::Named("points") = unicity.points, Rcpp::Named("mode") = std::string(sdc::to_string(unicity.mode)),
          Rcpp::Named("seed") = static_cast<double>(unicity.seed),
          Rcpp::Named("persons") = static_cast<double>(unicity.persons),
          Rcpp::Named("draws_per_person") = static_cast<double>(unicity.draws_per_person),
          Rcpp::Named("short_trajectories") = std::string(sdc::to_string(unicity.short_trajectories)),
          Rcpp::Named("max_exact_subsets") = static_cast<double>(unicity.max_exact_subsets)),
      Rcpp::Named("lattice_search") = Rcpp::List::create(
          Rcpp::Named("missing") = std::string(sdc::to_string(lattice.missing)), Rcpp::Named("alpha") = lattice.alpha,
          Rcpp::Named("method") = std::string(sdc::to_string(lattice.risk.method)),
          Rcpp::Named("assume_monotone") = lattice.assume_monotone,
          Rcpp::Named("max_nodes") = static_cast<double>(lattice.max_nodes)),
      Rcpp::Named("local_suppression") = Rcpp::List::create(
          Rcpp::Named("k") = local.k, Rcpp::Named("max_exhaustive") = static_cast<double>(local.max_exhaustive)),
      Rcpp::Named("protect") = Rcpp::List::create(
          Rcpp::Named("singletons") = std::string(sdc::to_string(gauss.singletons)),
          Rcpp::Named("zeros_known") = gauss.zeros_known,
          Rcpp::Named("time_limit_seconds") = optimal.time_limit_seconds,
          Rcpp::Named("max_cells") = static_cast<double>(optimal.max_cells),
          Rcpp::Named("start_from_gauss") = optimal.start_from_gauss,
          Rcpp::Named("intervals") = std::string(sdc::to_string(sdc::default_interval_mode))));
}

}  // namespace

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_risk_defaults_cpp() {
  const auto frequency = sdc::frequency_options::defaults();
  const auto individual = sdc::individual_risk_options::defaults();
  const auto kanon = sdc::k_anonymity_options::defaults();
  const auto attacker = sdc::attacker_model_options::defaults();
  const auto ldiv = sdc::l_diversity_options::defaults();
  const auto tclose = sdc::t_closeness_options::defaults();
  const auto suda = sdc::suda2_options::defaults();
  return Rcpp::List::create(
      Rcpp::Named("missing") = std::string(sdc::to_string(frequency.missing)),
      Rcpp::Named("alpha") = frequency.alpha, Rcpp::Named("allow_constant_keys") = frequency.allow_constant_keys,
      Rcpp::Named("method") = std::string(sdc::to_string(individual.method)),
      Rcpp::Named("sdcmicro_compatible") = individual.sdcmicro_compatible, Rcpp::Named("k") = kanon.k,
      Rcpp::Named("risk_threshold") = attacker.risk_threshold, Rcpp::Named("recursive_c") = ldiv.recursive_c,
      Rcpp::Named("l") = ldiv.l, Rcpp::Named("key_missing") = std::string(sdc::to_string(ldiv.key_missing)),
      Rcpp::Named("distance") = std::string(sdc::to_string(tclose.distance)),
      Rcpp::Named("max_msu_size") = R_PosInf,
      Rcpp::Named("weighting") = std::string(sdc::to_string(suda.weighting)),
      Rcpp::Named("dis_fraction") = suda.dis_fraction,
      Rcpp::Named("by_function") = defaults_by_function());
}
