// SPDX-License-Identifier: MIT
// The mu-ARGUS-style combination scan (include/sdc/risk/combination_scan.hpp) as R vectors.
// Conversions only; the R façade is R/scan.R.
#include <Rcpp.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "convert.h"
#include "sdc/risk/combination_scan.hpp"

// [[Rcpp::export(rng = false)]]
Rcpp::List sdc_scan_combinations_cpp(Rcpp::List keys, std::vector<std::string> names, int max_dimension,
                                     std::vector<double> thresholds, std::string missing,
                                     double max_listed_cells, bool include_safe_combinations, bool per_record,
                                     double max_combinations) {
  const std::vector<sdc::categorical_view> views = sdc_r::factor_views(keys, names);
  const std::vector<std::vector<std::string>> labels = sdc_r::factor_labels(keys);
  sdc::combination_scan_options options;
  options.max_dimension = max_dimension;
  options.thresholds.clear();
  for (const double t : thresholds) {
    if (!(t >= 1.0) || t != static_cast<double>(static_cast<std::int64_t>(t))) {
      throw sdc::invalid_input(sdc::errc::invalid_argument,
                               "thresholds must be whole numbers of at least 1, got " + std::to_string(t));
    }
    options.thresholds.push_back(static_cast<std::int64_t>(t));
  }
  options.missing = sdc::scan_missing_from_string(missing);
  options.max_listed_cells = static_cast<std::size_t>(max_listed_cells);
  options.include_safe_combinations = include_safe_combinations;
  options.per_record = per_record;
  options.max_combinations = static_cast<std::size_t>(max_combinations);
  const sdc::combination_scan_report report = sdc::scan_combinations(views, options);

  // Combinations: one row each; cells: one row per listed unsafe cell, with its combination's row.
  const std::size_t n_comb = report.combinations.size();
  Rcpp::CharacterVector variables(n_comb);
  Rcpp::NumericVector dimension(n_comb), threshold(n_comb), n_cells(n_comb), n_unsafe(n_comb),
      records_unsafe(n_comb);
  Rcpp::LogicalVector truncated(n_comb);
  std::vector<double> cell_combination, cell_count, cell_first;
  std::vector<std::string> cell_values;
  for (std::size_t c = 0; c < n_comb; ++c) {
    const auto& combination = report.combinations[c];
    const auto r = static_cast<R_xlen_t>(c);
    std::string text;
    for (std::size_t j = 0; j < combination.variables.size(); ++j) {
      text += (j ? " x " : "") + names[combination.variables[j]];
    }
    variables[r] = text;
    dimension[r] = static_cast<double>(combination.dimension());
    threshold[r] = static_cast<double>(combination.threshold);
    n_cells[r] = static_cast<double>(combination.n_cells);
    n_unsafe[r] = static_cast<double>(combination.n_unsafe_cells);
    records_unsafe[r] = static_cast<double>(combination.records_in_unsafe_cells);
    truncated[r] = combination.cells_truncated;
    for (const auto& cell : combination.cells) {
      std::string values;
      for (std::size_t j = 0; j < combination.variables.size(); ++j) {
        const std::size_t v = combination.variables[j];
        const std::int32_t category = cell.categories[j];
        values += (j ? ", " : "") + names[v] + "=" +
                  (category == sdc::missing_category ? std::string("NA") : labels[v][static_cast<std::size_t>(category)]);
      }
      cell_combination.push_back(static_cast<double>(c + 1));
      cell_values.push_back(values);
      cell_count.push_back(static_cast<double>(cell.count));
      cell_first.push_back(static_cast<double>(cell.first_record + 1));
    }
  }
  // Per dimension and per variable.
  const auto m = static_cast<std::size_t>(report.max_dimension);
  Rcpp::NumericMatrix variable_combinations(static_cast<int>(names.size()), static_cast<int>(m));
  Rcpp::NumericMatrix variable_cells(static_cast<int>(names.size()), static_cast<int>(m));
  for (std::size_t v = 0; v < report.variables.size(); ++v) {
    for (std::size_t d = 0; d < m; ++d) {
      variable_combinations(static_cast<int>(v), static_cast<int>(d)) =
          static_cast<double>(report.variables[v].unsafe_combinations[d]);
      variable_cells(static_cast<int>(v), static_cast<int>(d)) = static_cast<double>(report.variables[v].unsafe_cells[d]);
    }
  }
  std::vector<double> thresholds_used(report.thresholds.begin(), report.thresholds.end());
  std::vector<double> scanned(report.combinations_scanned.begin(), report.combinations_scanned.end());
  std::vector<double> unsafe_combinations(report.unsafe_combinations.begin(), report.unsafe_combinations.end());
  std::vector<double> unsafe_cells(report.unsafe_cells.begin(), report.unsafe_cells.end());
  return Rcpp::List::create(
      Rcpp::Named("n_records") = static_cast<double>(report.n_records),
      Rcpp::Named("max_dimension") = report.max_dimension,
      Rcpp::Named("dimensions") = Rcpp::List::create(
          Rcpp::Named("threshold") = thresholds_used, Rcpp::Named("combinations_scanned") = scanned,
          Rcpp::Named("unsafe_combinations") = unsafe_combinations, Rcpp::Named("unsafe_cells") = unsafe_cells),
      Rcpp::Named("combinations") = Rcpp::List::create(
          Rcpp::Named("variables") = variables, Rcpp::Named("dimension") = dimension,
          Rcpp::Named("threshold") = threshold, Rcpp::Named("n_cells") = n_cells,
          Rcpp::Named("n_unsafe_cells") = n_unsafe, Rcpp::Named("records_in_unsafe_cells") = records_unsafe,
          Rcpp::Named("cells_truncated") = truncated),
      Rcpp::Named("cells") = Rcpp::List::create(
          Rcpp::Named("combination") = cell_combination, Rcpp::Named("values") = cell_values,
          Rcpp::Named("count") = cell_count, Rcpp::Named("first_record") = cell_first),
      Rcpp::Named("variable_unsafe_combinations") = variable_combinations,
      Rcpp::Named("variable_unsafe_cells") = variable_cells,
      Rcpp::Named("records_affected") = static_cast<double>(report.records_affected),
      Rcpp::Named("per_record") = Rcpp::wrap(report.unsafe_combinations_per_record));
}
