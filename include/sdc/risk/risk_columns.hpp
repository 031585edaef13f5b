// SPDX-License-Identifier: MIT
/// @file risk_columns.hpp
/// @brief Risk reports as columns (struct of vectors): the shape a data frame wants, so the
/// bindings convert vectors and never loop over levels, sizes or variables.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sdc/risk/k_anonymity.hpp"
#include "sdc/risk/l_diversity.hpp"

namespace sdc {

/// @brief A k-anonymity report as two tables: one row per k, one row per class size.
struct k_anonymity_columns {
  std::vector<int> k;                               ///< the k of each level
  std::vector<std::int64_t> records_below_k;        ///< records with fk < k
  std::vector<std::int64_t> combinations_below_k;   ///< key combinations with fk < k
  std::vector<std::int64_t> class_size;             ///< a class size present in the data
  std::vector<std::int64_t> classes;                ///< classes of that size
  std::vector<std::int64_t> class_records;          ///< records in classes of that size
};

/// @brief The levels and the class-size histogram of a k-anonymity report as columns.
inline k_anonymity_columns to_columns(const k_anonymity_report& report) {
  k_anonymity_columns out;
  for (const auto& level : report.levels) {
    out.k.push_back(level.k);
    out.records_below_k.push_back(static_cast<std::int64_t>(level.records_below_k));
    out.combinations_below_k.push_back(static_cast<std::int64_t>(level.combinations_below_k));
  }
  for (const auto& size : report.class_sizes) {
    out.class_size.push_back(size.size);
    out.classes.push_back(static_cast<std::int64_t>(size.classes));
    out.class_records.push_back(static_cast<std::int64_t>(size.records));
  }
  return out;
}

/// @brief An l-diversity result as columns: per-record values of every sensitive variable
/// (one vector per variable), and the summaries in long form (one row per variable and
/// measure, then the three rows of the minimum over the variables, named "(all)").
struct l_diversity_columns {
  std::vector<std::string> variables;                ///< sensitive variables, in input order
  std::vector<std::vector<std::int64_t>> distinct;   ///< [variable][record]
  std::vector<std::vector<double>> entropy;          ///< [variable][record]
  std::vector<std::vector<std::int64_t>> recursive;  ///< [variable][record]
  std::vector<std::string> summary_variable;         ///< a variable, or "(all)"
  std::vector<std::string> summary_measure;          ///< distinct, entropy or recursive
  std::vector<double> summary_minimum;               ///< smallest value over the classes
  std::vector<std::int64_t> summary_classes_below;   ///< classes below the threshold l
  std::vector<std::int64_t> summary_records_below;   ///< records in those classes
};

/// @brief The per-record values and the summaries of an l-diversity result as columns.
inline l_diversity_columns to_columns(const l_diversity_result& result) {
  l_diversity_columns out;
  const auto add = [&out](const std::string& variable, const char* measure, const l_diversity_summary& s) {
    out.summary_variable.push_back(variable);
    out.summary_measure.emplace_back(measure);
    out.summary_minimum.push_back(s.minimum);
    out.summary_classes_below.push_back(static_cast<std::int64_t>(s.classes_below));
    out.summary_records_below.push_back(static_cast<std::int64_t>(s.records_below));
  };
  for (const auto& v : result.variables) {
    out.variables.push_back(v.name);
    out.distinct.push_back(result.per_record(v.class_distinct).to_vector());
    out.entropy.push_back(result.per_record(v.class_entropy).to_vector());
    out.recursive.push_back(result.per_record(v.class_recursive).to_vector());
    add(v.name, "distinct", v.distinct_summary);
    add(v.name, "entropy", v.entropy_summary);
    add(v.name, "recursive", v.recursive_summary);
  }
  add("(all)", "distinct", result.distinct_summary);
  add("(all)", "entropy", result.entropy_summary);
  add("(all)", "recursive", result.recursive_summary);
  return out;
}

}  // namespace sdc
