// SPDX-License-Identifier: MIT
// Trajectory unicity of panel data (sdc/risk/trajectory_unicity.hpp), as the Python package's
// trajectory_unicity(). Conversions only; options left NULL keep the core's defaults. The seed
// drives the core's own engine (R's set.seed() has no effect): the same seed gives the same
// result in R, Python and the CLI. Façade: R/trajectory.R.
#include <Rcpp.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "convert.h"
#include "sdc/risk/trajectory_unicity.hpp"

namespace {

// A count given as a double: exact below 2^53.
double whole(SEXP value, const char* name) {
  return sdc_r::whole_number(Rcpp::as<double>(value), name, 0.0, 9007199254740992.0, "of at least 0 (and below 2^53)");
}

}  // namespace

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_trajectory_unicity_cpp(SEXP person, std::string person_name, SEXP period, std::string period_name,
                                      Rcpp::List variables, std::vector<std::string> variable_names,
                                      Rcpp::Nullable<Rcpp::NumericVector> points, Rcpp::Nullable<Rcpp::String> mode,
                                      Rcpp::Nullable<Rcpp::NumericVector> seed,
                                      Rcpp::Nullable<Rcpp::NumericVector> persons,
                                      Rcpp::Nullable<Rcpp::NumericVector> draws_per_person,
                                      Rcpp::Nullable<Rcpp::String> short_trajectories,
                                      Rcpp::Nullable<Rcpp::NumericVector> max_exact_subsets) {
  sdc::trajectory_unicity_options options = sdc::trajectory_unicity_options::defaults();
  if (points.isNotNull()) {
    const double p = Rcpp::as<double>(points);
    if (p != std::floor(p) || std::fabs(p) > 1e9) {
      throw sdc::invalid_input(sdc::errc::invalid_argument, "points must be a whole number");
    }
    options.points = static_cast<int>(p);
  }
  if (mode.isNotNull()) options.mode = sdc::unicity_mode_from_string(Rcpp::as<std::string>(mode));
  if (seed.isNotNull()) options.seed = static_cast<std::uint64_t>(whole(seed.get(), "seed"));
  if (persons.isNotNull()) options.persons = static_cast<std::size_t>(whole(persons.get(), "persons"));
  if (draws_per_person.isNotNull()) {
    options.draws_per_person = static_cast<std::size_t>(whole(draws_per_person.get(), "draws_per_person"));
  }
  if (short_trajectories.isNotNull()) {
    options.short_trajectories = sdc::short_trajectory_policy_from_string(Rcpp::as<std::string>(short_trajectories));
  }
  if (max_exact_subsets.isNotNull()) {
    options.max_exact_subsets = static_cast<std::uint64_t>(whole(max_exact_subsets.get(), "max_exact_subsets"));
  }
  const sdc::trajectory_unicity_report r = sdc::estimate_trajectory_unicity(
      sdc_r::factor_view(person, person_name), sdc_r::factor_view(period, period_name),
      sdc_r::factor_views(variables, variable_names), options);
  return Rcpp::List::create(
      Rcpp::Named("unicity") = r.unicity, Rcpp::Named("standard_error") = r.standard_error,
      Rcpp::Named("rows") = static_cast<double>(r.rows), Rcpp::Named("rows_skipped") = static_cast<double>(r.rows_skipped),
      Rcpp::Named("distinct_points") = static_cast<double>(r.distinct_points),
      Rcpp::Named("persons") = static_cast<double>(r.persons),
      Rcpp::Named("persons_eligible") = static_cast<double>(r.persons_eligible),
      Rcpp::Named("persons_excluded") = static_cast<double>(r.persons_excluded),
      Rcpp::Named("persons_assessed") = static_cast<double>(r.persons_assessed),
      Rcpp::Named("draws") = static_cast<double>(r.draws), Rcpp::Named("unique_draws") = static_cast<double>(r.unique_draws),
      Rcpp::Named("points") = r.points, Rcpp::Named("mode") = std::string(sdc::to_string(r.mode)),
      Rcpp::Named("seed") = static_cast<double>(r.seed),
      Rcpp::Named("short_trajectories") = std::string(sdc::to_string(options.short_trajectories)));
}
