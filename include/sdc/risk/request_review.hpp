// SPDX-License-Identifier: MIT
/// @file request_review.hpp
/// @brief Review of a researcher's variable request (platform.md, step 2): the
/// re-identification risk of the request as asked, what each requested key variable adds, the
/// least-loss generalisations meeting a target, the local suppressions still needed, and a
/// proportionality score with its reasons, all as plain structs and readable sentences.
///
/// **Inputs.** A data dictionary (variable, description, role, optional hierarchy), a request
/// (variable, requested level, justification), the microdata (labelled categorical columns,
/// optional weights) and a target (privacy_target of lattice_search.hpp). Only variables of role
/// `key` are quasi-identifiers: they define the risk. An `identifier` (a name, an address, a
/// pseudonymous id that links to other sources) is flagged, never used as a key. A key variable
/// without a hierarchy gets the two levels "original" and "*" (dropped), so that the search can
/// still propose to drop it.
///
/// **Proportionality score** in [0, 100] (100 = proportionate), with the penalties of
/// proportionality_weights (defaults in brackets):
/// * risk [at most 50]: 0 if the request meets the target as asked; otherwise
///   50 * (0.2 + 0.8 * d), where d in [0, 1] is the share of the requested detail the least-loss
///   generalisation meeting the target removes: d = (L_best - L_req) / (1 - L_req), L the
///   precision loss (lattice_search.hpp: mean normalised level, a suppressed record counting as
///   fully generalised), L_req that of the requested levels; d = 1 if no generalisation meets
///   the target;
/// * identifiers [25 each, at most 50]: variables of role identifier requested;
/// * justification [5 each, at most 20]: requested variables whose justification is empty or
///   shorter than min_justification_length characters.
/// Bands: 80 and above "proportionate", 50 to 80 "to be reduced", below 50 "disproportionate".
///
/// **Verdict.** pass: the request meets the target as asked and requests no identifier;
/// review: it meets the target only after generalisation or suppression, or an identifier is
/// requested; fail: no generalisation of the requested keys meets the target.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "sdc/core/column_view.hpp"
#include "sdc/core/error.hpp"
#include "sdc/core/factorize.hpp"
#include "sdc/risk/frequencies.hpp"
#include "sdc/risk/global_risk.hpp"
#include "sdc/risk/hierarchy.hpp"
#include "sdc/risk/individual_risk.hpp"
#include "sdc/risk/k_anonymity.hpp"
#include "sdc/risk/lattice_search.hpp"
#include "sdc/risk/local_suppression.hpp"
#include "sdc/risk/suda2.hpp"

namespace sdc {

/// @brief Role of a variable in the data dictionary.
enum class variable_role {
  identifier,  ///< identifies a person directly or links to other sources (names, ids)
  key,         ///< quasi-identifier: an attacker may know it (age, sex, residence ...)
  sensitive,   ///< what is to be protected (health, income ...)
  other        ///< anything else
};

/// @brief Stable name of a role: "identifier", "key", "sensitive" or "other".
inline constexpr std::string_view to_string(variable_role role) noexcept {
  switch (role) {
    case variable_role::identifier:
      return "identifier";
    case variable_role::key:
      return "key";
    case variable_role::sensitive:
      return "sensitive";
    case variable_role::other:
      return "other";
  }
  return "other";
}

/// @brief Parses "identifier", "key", "sensitive" or "other".
/// @throws invalid_input (errc::invalid_argument) for any other name
inline variable_role variable_role_from_string(std::string_view name) {
  for (const auto role : {variable_role::identifier, variable_role::key, variable_role::sensitive,
                          variable_role::other}) {
    if (to_string(role) == name) return role;
  }
  throw invalid_input(errc::invalid_argument,
                      "unknown variable role '" + std::string(name) +
                          "'; expected identifier, key, sensitive or other");
}

/// @brief Outcome of a review.
enum class review_verdict {
  pass,    ///< meets the target as asked, no identifier requested
  review,  ///< meets the target only after generalisation/suppression, or identifiers requested
  fail     ///< no generalisation of the requested keys meets the target
};

/// @brief Stable name of a verdict: "pass", "review" or "fail".
inline constexpr std::string_view to_string(review_verdict verdict) noexcept {
  switch (verdict) {
    case review_verdict::pass:
      return "pass";
    case review_verdict::review:
      return "review";
    case review_verdict::fail:
      return "fail";
  }
  return "fail";
}

/// @brief One variable of the data dictionary.
struct dictionary_entry {
  std::string variable;     ///< name, as in the microdata
  std::string description;  ///< what it is
  variable_role role = variable_role::other;
  /// Its generalisation hierarchy (empty levels: none). Level names, if any, may be used in
  /// requests.
  generalisation_hierarchy hierarchy;

  /// @brief Whether a hierarchy is given.
  bool has_hierarchy() const noexcept { return !hierarchy.levels.empty(); }
};

/// @brief The data dictionary: the variables a researcher may request.
struct data_dictionary {
  std::vector<dictionary_entry> entries;

  /// @brief The entry of a variable, or nullptr.
  const dictionary_entry* find(std::string_view variable) const noexcept {
    for (const auto& entry : entries) {
      if (entry.variable == variable) return &entry;
    }
    return nullptr;
  }
};

/// @brief One requested variable.
struct requested_variable {
  std::string variable;  ///< as in the dictionary
  /// Requested level: a number (0 = original values), a level name of the hierarchy, or "*"
  /// (the top level).
  std::string level = "0";
  std::string justification;  ///< the researcher's reason
};

/// @brief A variable request.
struct variable_request {
  std::vector<requested_variable> variables;
};

/// @brief A categorical column of the microdata with its labels (the values, one per category).
struct labelled_column {
  categorical_view column;
  std::vector<std::string> labels;
};

/// @brief Penalties of the proportionality score (see the file comment).
struct proportionality_weights {
  double risk = 50.0;             ///< most deducted for not meeting the target as asked
  double per_identifier = 25.0;   ///< per identifier requested
  double identifiers_max = 50.0;  ///< at most, for identifiers
  double per_unjustified = 5.0;   ///< per variable without an adequate justification
  double unjustified_max = 20.0;  ///< at most, for justifications
};

/// @brief Options of review_request().
struct review_options {
  /// The target (default: 5-anonymity, no record suppressed).
  privacy_target target = [] {
    privacy_target t;
    t.k = 5;
    return t;
  }();
  missing_semantics missing = missing_semantics::category;  ///< how missing key values match
  double alpha = 1.0;                         ///< wildcard semantics: weight of NA contributions
  individual_risk_options risk;               ///< risk formula with weights
  std::vector<int> report_k = {2, 3, 5, 10};  ///< k values of the risk profile
  bool suda2 = true;                          ///< compute SUDA2 attribute contributions
  /// Largest MSU size of SUDA2 (no limit by default, as sdcMicro).
  std::size_t suda2_max_msu_size = std::numeric_limits<std::size_t>::max();
  std::size_t max_generalisations = 10;          ///< minimal generalisations listed (best first)
  std::size_t min_justification_length = 20;     ///< shorter justifications count as missing
  proportionality_weights weights;               ///< penalties of the score
  std::size_t max_nodes = std::size_t{1} << 24;  ///< largest lattice searched

  /// @brief The defaults, for bindings that must not re-list them.
  static review_options defaults() { return review_options{}; }
};

/// @brief Re-identification risk of a set of key variables at given levels.
struct risk_profile {
  std::size_t n_records = 0;
  std::size_t n_combinations = 0;           ///< distinct keys
  std::vector<k_anonymity_level> k_levels;  ///< records and combinations below each k
  std::size_t sample_uniques = 0;           ///< records with fk < 2
  std::size_t unique_combinations = 0;
  double expected_reidentifications = 0.0;  ///< sum of the individual risks
  double global_risk = 0.0;                 ///< ER / n
  double max_individual_risk = 0.0;
  std::size_t records_at_risk = 0;  ///< records violating the target's criteria
  bool meets_target = false;        ///< within the suppression budget, ER bound

  /// @brief Records with fk < k for a k of the profile (throws if k was not computed).
  std::size_t records_below(int k) const {
    for (const auto& level : k_levels) {
      if (level.k == k) return level.records_below_k;
    }
    throw invalid_input(errc::invalid_argument,
                        "k = " + std::to_string(k) + " is not in the profile");
  }
};

/// @brief What one requested key variable adds to the risk.
struct variable_contribution {
  std::string variable;
  std::size_t level = 0;  ///< requested level
  std::string level_name;
  std::size_t records_at_risk_with = 0;     ///< records at risk with all requested keys
  std::size_t records_at_risk_without = 0;  ///< ... without this one
  std::size_t sample_uniques_with = 0;
  std::size_t sample_uniques_without = 0;
  double expected_reidentifications_with = 0.0;
  double expected_reidentifications_without = 0.0;
  /// SUDA2 attribute contribution in [0, 1] (share of the total SUDA score from minimal sample
  /// uniques containing the variable); NaN if not computed.
  double suda2_contribution = std::numeric_limits<double>::quiet_NaN();
  std::string summary;  ///< a sentence
};

/// @brief One minimal generalisation meeting the target.
struct generalisation_suggestion {
  std::vector<std::size_t> levels;       ///< per key variable (order of review.key_variables)
  std::vector<std::string> level_names;  ///< per key variable
  std::size_t records_suppressed = 0;
  std::size_t classes = 0;
  double precision_loss = 0.0;
  double discernibility = 0.0;
  double expected_reidentifications = 0.0;
  double max_individual_risk = 0.0;
  std::vector<std::string> changes;  ///< "age: level 0 -> 5-year bands", per changed key
  std::string summary;               ///< a sentence
};

/// @brief Local suppressions (sdcMicro kAnon's task) needed at some levels.
struct suppression_plan {
  bool computed = false;  ///< false when the target has no k (or ER only)
  int k = 0;
  std::vector<std::size_t> levels;        ///< levels of the keys
  std::size_t records_below_k = 0;        ///< before suppression
  std::size_t total_suppressions = 0;     ///< values set to missing
  std::size_t records_affected = 0;       ///< records with a suppression
  std::vector<std::size_t> per_variable;  ///< per key variable
  std::string summary;                    ///< a sentence
};

/// @brief The proportionality score and its reasons.
struct proportionality_assessment {
  double score = 100.0;  ///< in [0, 100]
  std::string band;      ///< "proportionate", "to be reduced", "disproportionate"
  double risk_penalty = 0.0;
  double identifier_penalty = 0.0;
  double justification_penalty = 0.0;
  double detail_removed = 0.0;       ///< d of the file comment
  std::vector<std::string> reasons;  ///< one sentence per penalty (or why none)
  std::string summary;               ///< a sentence
};

/// @brief Result of review_request().
struct request_review {
  std::vector<std::string> requested;              ///< every requested variable, request order
  std::vector<std::string> key_variables;          ///< the requested keys (role key)
  std::vector<std::size_t> requested_levels;       ///< per key
  std::vector<std::string> requested_level_names;  ///< per key
  std::vector<std::size_t> n_levels;               ///< per key: levels of its hierarchy
  std::vector<std::string> identifiers;            ///< identifiers requested (flagged)
  std::vector<std::string> sensitive;              ///< sensitive variables requested
  std::vector<std::string> other;                  ///< other variables requested
  std::vector<std::string> unjustified;            ///< requested without adequate justification
  privacy_target target;
  std::string target_description;
  bool weighted = false;
  risk_profile as_requested;                         ///< empty when no key is requested
  std::vector<variable_contribution> contributions;  ///< per key, request order
  std::size_t lattice_nodes = 0;
  std::size_t lattice_nodes_evaluated = 0;
  std::size_t minimal_generalisations = 0;                 ///< all minimal nodes found
  std::vector<generalisation_suggestion> generalisations;  ///< best first (at most max)
  suppression_plan suppression_as_requested;  ///< local suppression at the requested levels
  suppression_plan suppression_at_best;       ///< ... at the best generalisation
  proportionality_assessment proportionality;
  review_verdict verdict = review_verdict::pass;
  std::vector<std::string> findings;  ///< the review, sentence by sentence
  std::vector<std::string> warnings;  ///< e.g. weights below 1
};

namespace detail {

inline std::string review_count(std::size_t value) { return std::to_string(value); }

inline std::string review_number(double value, int decimals = 2) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  std::string text = buffer;
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

inline std::string review_percent(double part, double whole) {
  if (whole <= 0.0) return "0%";
  return review_number(100.0 * part / whole, 1) + "%";
}

inline std::string review_list(const std::vector<std::string>& items) {
  std::string text;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) text += i + 1 == items.size() ? " and " : ", ";
    text += items[i];
  }
  return text;
}

inline std::string plural(std::size_t count, const std::string& one, const std::string& many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

inline std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

/// A requested key variable, resolved against the dictionary and the data.
struct review_key {
  std::string name;
  const labelled_column* data = nullptr;
  generalisation_hierarchy hierarchy;
  category_generalisation mapping;
  std::size_t level = 0;
};

/// The risk profile of keys (each at a level), with the lattice's target figures.
inline risk_profile profile_of(const std::vector<review_key>& keys,
                               const std::vector<std::size_t>& levels, const numeric_view* weights,
                               const review_options& options, std::vector<std::string>* warnings) {
  risk_profile profile;
  if (keys.empty()) return profile;
  std::vector<factorized_column> recoded;
  std::vector<categorical_view> views;
  std::vector<category_generalisation> mappings;
  for (std::size_t v = 0; v < keys.size(); ++v) {
    factorized_column column;
    column.name = keys[v].name;
    column.labels = keys[v].mapping.labels[levels[v]];
    const categorical_view& source = keys[v].data->column;
    column.codes.resize(source.size);
    for (std::size_t i = 0; i < source.size; ++i) {
      const std::int32_t c = source.category(i);
      column.codes[i] =
          c == missing_category ? -1 : keys[v].mapping.code[levels[v]][static_cast<std::size_t>(c)];
    }
    recoded.push_back(std::move(column));
    mappings.push_back(keys[v].mapping);
  }
  for (const auto& column : recoded) views.push_back(column.view());
  frequency_options frequency;
  frequency.missing = options.missing;
  frequency.alpha = options.alpha;
  frequency.allow_constant_keys = true;
  const key_frequencies freq = compute_key_frequencies(views, weights, frequency);
  if (warnings != nullptr) {
    for (const auto& w : freq.warnings) {
      if (std::find(warnings->begin(), warnings->end(), w) == warnings->end())
        warnings->push_back(w);
    }
  }
  k_anonymity_options k_options;
  k_options.k = options.report_k;
  const k_anonymity_report kanon = assess_k_anonymity(freq, k_options);
  const global_risk_summary global =
      compute_global_risk(compute_individual_risk(freq, options.risk));
  profile.n_records = kanon.n_records;
  profile.n_combinations = kanon.n_combinations;
  profile.k_levels = kanon.levels;
  profile.sample_uniques = kanon.sample_uniques;
  profile.unique_combinations = kanon.unique_combinations;
  profile.expected_reidentifications = global.expected_reidentifications;
  profile.global_risk = global.global_risk;
  profile.max_individual_risk = global.max_individual_risk;
  // The target's figures, exactly as the lattice search counts them.
  lattice_options lattice;
  lattice.target = options.target;
  lattice.missing = options.missing;
  lattice.alpha = options.alpha;
  lattice.risk = options.risk;
  const std::vector<categorical_view> originals = [&] {
    std::vector<categorical_view> result;
    for (const auto& key : keys) result.push_back(key.data->column);
    return result;
  }();
  const lattice_node node = evaluate_generalisation(originals, mappings, weights, levels, lattice);
  profile.records_at_risk = node.records_at_risk;
  profile.meets_target = node.satisfies;
  return profile;
}

/// The profile of no key at all: every record in one class.
inline risk_profile profile_without_keys(std::size_t n, const numeric_view* weights,
                                         const review_options& options) {
  risk_profile profile;
  profile.n_records = n;
  profile.n_combinations = n > 0 ? 1 : 0;
  for (const int k : options.report_k) {
    k_anonymity_level level;
    level.k = k;
    if (static_cast<std::size_t>(k) > n) {
      level.records_below_k = n;
      level.combinations_below_k = n > 0 ? 1 : 0;
    }
    profile.k_levels.push_back(level);
  }
  profile.sample_uniques = n == 1 ? 1 : 0;
  profile.unique_combinations = n == 1 ? 1 : 0;
  if (n == 0) return profile;
  double total = 0.0;
  for (std::size_t i = 0; i < n; ++i) total += weights != nullptr ? weights->values[i] : 1.0;
  const double risk = weights != nullptr
                          ? individual_risk(static_cast<double>(n), total, options.risk)
                          : 1.0 / static_cast<double>(n);
  profile.expected_reidentifications = risk * static_cast<double>(n);
  profile.global_risk = risk;
  profile.max_individual_risk = risk;
  const bool at_risk =
      static_cast<std::size_t>(options.target.k) > n || risk > options.target.max_individual_risk;
  profile.records_at_risk = at_risk ? n : 0;
  profile.meets_target = !at_risk && profile.expected_reidentifications <=
                                         options.target.max_expected_reidentifications;
  return profile;
}

inline suppression_plan plan_suppression(const std::vector<review_key>& keys,
                                         const std::vector<std::size_t>& levels, int k) {
  suppression_plan plan;
  if (keys.empty() || k < 2) return plan;
  std::vector<factorized_column> recoded;
  for (std::size_t v = 0; v < keys.size(); ++v) {
    factorized_column column;
    column.name = keys[v].name;
    column.labels = keys[v].mapping.labels[levels[v]];
    const categorical_view& source = keys[v].data->column;
    column.codes.resize(source.size);
    for (std::size_t i = 0; i < source.size; ++i) {
      const std::int32_t c = source.category(i);
      column.codes[i] =
          c == missing_category ? -1 : keys[v].mapping.code[levels[v]][static_cast<std::size_t>(c)];
    }
    recoded.push_back(std::move(column));
  }
  std::vector<categorical_view> views;
  for (const auto& column : recoded) views.push_back(column.view());
  local_suppression_options options;
  options.k = k;
  const local_suppression_result result = local_suppression(views, options);
  plan.computed = true;
  plan.k = result.k;
  plan.levels = levels;
  plan.records_below_k = result.records_below_k_before;
  plan.total_suppressions = result.total_suppressions;
  plan.records_affected = result.records_suppressed;
  plan.per_variable = result.suppressions;
  return plan;
}

inline std::string describe_plan(const suppression_plan& plan, const std::vector<review_key>& keys,
                                 const std::string& where) {
  if (!plan.computed) return "";
  if (plan.records_below_k == 0) {
    return where + ", every record already shares its key with at least " +
           std::to_string(plan.k - 1) +
           " others (missing values as wildcards): no local suppression is needed.";
  }
  std::vector<std::string> parts;
  for (std::size_t v = 0; v < keys.size(); ++v) {
    if (plan.per_variable[v] > 0)
      parts.push_back(keys[v].name + " " + std::to_string(plan.per_variable[v]));
  }
  return where + ", " + plural(plan.records_below_k, "record violates", "records violate") + " " +
         std::to_string(plan.k) + "-anonymity; local suppression of " +
         plural(plan.total_suppressions, "value", "values") + " in " +
         plural(plan.records_affected, "record", "records") + " (" + review_list(parts) +
         ") achieves it without dropping records.";
}

}  // namespace detail

/// @brief Reviews a variable request against a target.
///
/// @param dictionary the data dictionary
/// @param request the requested variables (at least one)
/// @param data the microdata's columns (each named by its view's name); every requested
///        variable must be among them
/// @param weights sampling weights, or nullptr
/// @param options target, missing-value semantics, reporting options
/// @return the review (see request_review and the file comment)
/// @throws invalid_input: errc::empty_input (empty request), errc::unknown_column (a variable
///         not in the dictionary or not in the data), errc::invalid_argument (a variable
///         requested twice, a bad level, a value missing from a hierarchy, a key variable that is
///         constant in the data, a bad target), and the errors of the risk computations
inline request_review review_request(const data_dictionary& dictionary,
                                     const variable_request& request,
                                     const std::vector<labelled_column>& data,
                                     const numeric_view* weights,
                                     const review_options& options = {}) {
  using detail::plural;
  using detail::review_count;
  using detail::review_list;
  using detail::review_number;
  using detail::review_percent;
  validate(options.target);
  if (request.variables.empty()) {
    throw invalid_input(errc::empty_input, "the request names no variables");
  }
  request_review review;
  review.target = options.target;
  review.target_description = describe(options.target);
  review.weighted = weights != nullptr;
  const std::size_t n = data.empty() ? 0 : data.front().column.size;
  for (const auto& column : data) require_length(column.column, n, "data");
  if (weights != nullptr) require_length(*weights, n, "weights");

  // Resolve the request.
  std::vector<detail::review_key> keys;
  for (const auto& item : request.variables) {
    if (std::find(review.requested.begin(), review.requested.end(), item.variable) !=
        review.requested.end()) {
      throw invalid_input(errc::invalid_argument,
                          "variable '" + item.variable + "' is requested twice");
    }
    review.requested.push_back(item.variable);
    const dictionary_entry* entry = dictionary.find(item.variable);
    if (entry == nullptr) {
      throw invalid_input(errc::unknown_column, "requested variable '" + item.variable +
                                                    "' is not in the data dictionary");
    }
    const labelled_column* column = nullptr;
    for (const auto& candidate : data) {
      if (candidate.column.name == item.variable) column = &candidate;
    }
    if (column == nullptr) {
      throw invalid_input(errc::unknown_column,
                          "requested variable '" + item.variable + "' is not in the microdata");
    }
    if (detail::trimmed(item.justification).size() < options.min_justification_length) {
      review.unjustified.push_back(item.variable);
    }
    switch (entry->role) {
      case variable_role::identifier:
        review.identifiers.push_back(item.variable);
        continue;
      case variable_role::sensitive:
        review.sensitive.push_back(item.variable);
        continue;
      case variable_role::other:
        review.other.push_back(item.variable);
        continue;
      case variable_role::key:
        break;
    }
    detail::review_key key;
    key.name = item.variable;
    key.data = column;
    if (entry->has_hierarchy()) {
      key.hierarchy = entry->hierarchy;
      if (key.hierarchy.variable.empty()) key.hierarchy.variable = item.variable;
    } else {
      key.hierarchy = suppression_hierarchy(item.variable, column->labels);  // "original", "*"
    }
    key.mapping = generalise_categories(column->column, column->labels, key.hierarchy);
    const std::string level = detail::trimmed(item.level);
    key.level = level.empty()  ? 0
                : level == "*" ? key.hierarchy.n_levels() - 1
                               : level_from_string(key.hierarchy, level);
    keys.push_back(std::move(key));
  }
  // A key variable taking one value in the data cannot distinguish records: a mistake.
  for (const auto& key : keys) {
    const categorical_view& view = key.data->column;
    if (view.size < 2) continue;
    const std::int32_t first = view.category(0);
    bool constant = true;
    for (std::size_t i = 1; i < view.size && constant; ++i) constant = view.category(i) == first;
    if (constant) {
      throw invalid_input(
          errc::invalid_argument,
          "key variable '" + key.name + "' is constant in the data (" +
              (first == missing_category ? std::string("missing on every record")
                                         : "'" + key.data->labels[static_cast<std::size_t>(first)] +
                                               "' on every record") +
              "): it cannot distinguish records; check the data or drop it from the request");
    }
  }
  std::vector<std::size_t> levels;
  for (const auto& key : keys) {
    review.key_variables.push_back(key.name);
    review.requested_levels.push_back(key.level);
    review.requested_level_names.push_back(key.mapping.level_names[key.level]);
    review.n_levels.push_back(key.mapping.n_levels());
    levels.push_back(key.level);
  }
  const auto level_text = [&](std::size_t v, std::size_t level) {
    const std::string& name = keys[v].mapping.level_names[level];
    return name == "level " + std::to_string(level)
               ? name
               : "level " + std::to_string(level) + " (" + name + ")";
  };

  // Overview.
  {
    std::string text =
        "The request names " + plural(review.requested.size(), "variable", "variables") + ": ";
    std::vector<std::string> parts;
    if (!keys.empty())
      parts.push_back(plural(keys.size(), "key variable", "key variables") + " (" +
                      review_list(review.key_variables) + ")");
    if (!review.identifiers.empty())
      parts.push_back(plural(review.identifiers.size(), "identifier", "identifiers") + " (" +
                      review_list(review.identifiers) + ")");
    if (!review.sensitive.empty())
      parts.push_back(plural(review.sensitive.size(), "sensitive variable", "sensitive variables") +
                      " (" + review_list(review.sensitive) + ")");
    if (!review.other.empty())
      parts.push_back(plural(review.other.size(), "other variable", "other variables") + " (" +
                      review_list(review.other) + ")");
    review.findings.push_back(text + review_list(parts) + ".");
    review.findings.push_back("Target: " + review.target_description + ".");
  }
  for (const auto& id : review.identifiers) {
    review.findings.push_back(
        "'" + id +
        "' is an identifier: it is flagged for the reviewer, not counted as a key; "
        "it needs a specific justification (linking, not identification).");
  }

  double loss_requested = 0.0;
  double loss_best = 1.0;
  bool attainable = true;
  if (keys.empty()) {
    review.as_requested = detail::profile_without_keys(n, weights, options);
    attainable = review.as_requested.meets_target;
    review.findings.push_back(
        "No key variable is requested: the request adds no re-identification risk through "
        "quasi-identifiers.");
  } else {
    // The request as asked.
    review.as_requested = detail::profile_of(keys, levels, weights, options, &review.warnings);
    const risk_profile& p = review.as_requested;
    {
      std::string text = "As requested, ";
      const auto nd = static_cast<double>(p.n_records);
      const int k = options.target.k > 1 ? options.target.k : 5;
      std::size_t below = 0;
      bool listed = false;
      for (const auto& level : p.k_levels) {
        if (level.k == k) {
          below = level.records_below_k;
          listed = true;
        }
      }
      if (listed) {
        text += review_count(below) + " of " + review_count(p.n_records) + " records (" +
                review_percent(static_cast<double>(below), nd) +
                ") are in key combinations shared by fewer than " + std::to_string(k) +
                " records; ";
      }
      text += review_count(p.sample_uniques) + " records (" +
              review_percent(static_cast<double>(p.sample_uniques), nd) +
              ") are unique on their keys (" + review_count(p.n_combinations) +
              " distinct combinations); expected re-identifications " +
              review_number(p.expected_reidentifications) + " (global risk " +
              review_percent(p.expected_reidentifications, nd) + "), highest individual risk " +
              review_number(p.max_individual_risk, 4) + ".";
      review.findings.push_back(text);
      review.findings.push_back(
          p.meets_target ? "The request meets the target as asked."
                         : "The request does not meet the target as asked: " +
                               plural(p.records_at_risk, "record is", "records are") + " at risk.");
    }
    // What each key adds.
    std::vector<double> suda(keys.size(), std::numeric_limits<double>::quiet_NaN());
    if (options.suda2) {
      std::vector<factorized_column> recoded;
      std::vector<std::size_t> used;
      for (std::size_t v = 0; v < keys.size(); ++v) {
        factorized_column column =
            recode(keys[v].data->column, keys[v].data->labels, keys[v].hierarchy, levels[v]);
        bool varies = false;
        for (std::size_t i = 1; i < column.codes.size() && !varies; ++i)
          varies = column.codes[i] != column.codes[0];
        if (!varies) {
          suda[v] = 0.0;
          continue;
        }
        recoded.push_back(std::move(column));
        used.push_back(v);
      }
      if (!recoded.empty()) {
        std::vector<categorical_view> views;
        for (const auto& column : recoded) views.push_back(column.view());
        suda2_options suda_options;
        suda_options.max_msu_size = options.suda2_max_msu_size;
        const suda2_result result = suda2(views, suda_options);
        for (std::size_t u = 0; u < used.size(); ++u)
          suda[used[u]] = result.attribute_contribution[u];
      }
    }
    for (std::size_t v = 0; v < keys.size(); ++v) {
      variable_contribution c;
      c.variable = keys[v].name;
      c.level = levels[v];
      c.level_name = keys[v].mapping.level_names[levels[v]];
      c.records_at_risk_with = p.records_at_risk;
      c.sample_uniques_with = p.sample_uniques;
      c.expected_reidentifications_with = p.expected_reidentifications;
      risk_profile without;
      if (keys.size() == 1) {
        without = detail::profile_without_keys(n, weights, options);
      } else {
        std::vector<detail::review_key> others;
        std::vector<std::size_t> other_levels;
        for (std::size_t u = 0; u < keys.size(); ++u) {
          if (u == v) continue;
          others.push_back(keys[u]);
          other_levels.push_back(levels[u]);
        }
        without = detail::profile_of(others, other_levels, weights, options, nullptr);
      }
      c.records_at_risk_without = without.records_at_risk;
      c.sample_uniques_without = without.sample_uniques;
      c.expected_reidentifications_without = without.expected_reidentifications;
      c.suda2_contribution = suda[v];
      std::string text =
          c.variable + ", " + level_text(v, levels[v]) + ": without it, " +
          review_count(c.records_at_risk_without) + " records would be at risk instead of " +
          review_count(c.records_at_risk_with) + ", " + review_count(c.sample_uniques_without) +
          " sample uniques instead of " + review_count(c.sample_uniques_with) +
          ", expected re-identifications " + review_number(c.expected_reidentifications_without) +
          " instead of " + review_number(c.expected_reidentifications_with);
      if (c.records_at_risk_without == c.records_at_risk_with &&
          c.sample_uniques_without == c.sample_uniques_with) {
        text += " (it adds no risk beyond the other requested keys)";
      }
      if (!std::isnan(c.suda2_contribution)) {
        text += "; SUDA2 contribution " + review_number(100.0 * c.suda2_contribution, 1) + "%";
      }
      c.summary = text + ".";
      review.contributions.push_back(std::move(c));
    }
    {
      // The variable whose removal helps most.
      std::size_t top = 0;
      for (std::size_t v = 1; v < review.contributions.size(); ++v) {
        const auto& a = review.contributions[v];
        const auto& b = review.contributions[top];
        const auto gain_a = static_cast<double>(a.records_at_risk_with) -
                            static_cast<double>(a.records_at_risk_without);
        const auto gain_b = static_cast<double>(b.records_at_risk_with) -
                            static_cast<double>(b.records_at_risk_without);
        if (gain_a > gain_b || (gain_a == gain_b && a.expected_reidentifications_without <
                                                        b.expected_reidentifications_without))
          top = v;
      }
      for (const auto& c : review.contributions) review.findings.push_back(c.summary);
      if (review.contributions.size() > 1) {
        review.findings.push_back(
            review.contributions[top].variable + " adds the most risk: dropping it removes " +
            review_count(review.contributions[top].records_at_risk_with -
                         std::min(review.contributions[top].records_at_risk_with,
                                  review.contributions[top].records_at_risk_without)) +
            " records at risk.");
      }
    }

    // Minimal generalisations from the requested levels upwards.
    std::vector<categorical_view> originals;
    std::vector<category_generalisation> mappings;
    for (const auto& key : keys) {
      originals.push_back(key.data->column);
      mappings.push_back(key.mapping);
    }
    lattice_options lattice;
    lattice.target = options.target;
    lattice.missing = options.missing;
    lattice.alpha = options.alpha;
    lattice.risk = options.risk;
    lattice.min_levels = levels;
    lattice.max_nodes = options.max_nodes;
    const lattice_result search = lattice_search(originals, mappings, weights, lattice);
    review.lattice_nodes = search.n_nodes;
    review.lattice_nodes_evaluated = search.nodes_evaluated;
    review.minimal_generalisations = search.minimal.size();
    attainable = search.attainable();
    for (std::size_t s = 0; s < search.minimal.size() && s < options.max_generalisations; ++s) {
      const lattice_node& node = search.minimal[s];
      generalisation_suggestion g;
      g.levels = node.levels;
      g.records_suppressed = node.records_suppressed;
      g.classes = node.classes;
      g.precision_loss = node.precision_loss;
      g.discernibility = node.discernibility;
      g.expected_reidentifications = node.expected_reidentifications;
      g.max_individual_risk = node.max_individual_risk;
      for (std::size_t v = 0; v < keys.size(); ++v) {
        g.level_names.push_back(keys[v].mapping.level_names[node.levels[v]]);
        if (node.levels[v] != levels[v]) {
          g.changes.push_back(keys[v].name + ": " + level_text(v, levels[v]) + " -> " +
                              (node.levels[v] + 1 == keys[v].mapping.n_levels()
                                   ? std::string("dropped (*)")
                                   : level_text(v, node.levels[v])));
        }
      }
      g.summary = (g.changes.empty() ? std::string("As requested") : review_list(g.changes)) +
                  "; " + plural(g.records_suppressed, "record", "records") +
                  " suppressed; information loss " + review_number(100.0 * g.precision_loss, 1) +
                  "%.";
      review.generalisations.push_back(std::move(g));
    }
    {
      double sum = 0.0;
      for (std::size_t v = 0; v < keys.size(); ++v) {
        const std::size_t h = keys[v].mapping.n_levels();
        if (h > 1) sum += static_cast<double>(levels[v]) / static_cast<double>(h - 1);
      }
      loss_requested = sum / static_cast<double>(keys.size());
    }
    if (attainable) {
      loss_best = search.minimal.front().precision_loss;
      if (!p.meets_target) {
        review.findings.push_back("The least-loss generalisation meeting the target: " +
                                  review.generalisations.front().summary + " " +
                                  plural(search.minimal.size(), "minimal generalisation meets",
                                         "minimal generalisations meet") +
                                  " the target (" + plural(search.n_nodes, "node", "nodes") +
                                  " searched, " + review_count(search.nodes_evaluated) +
                                  " evaluated).");
      }
    } else {
      review.findings.push_back(
          "No generalisation of the requested key variables meets the target, even with every key "
          "at its top level.");
    }
    // Local suppression, as requested and at the best generalisation.
    int k = options.target.k;
    if (k < 2 && options.target.max_individual_risk < 1.0 && weights == nullptr) {
      k = static_cast<int>(
          std::ceil(1.0 / options.target.max_individual_risk - 1e-12));  // risk 1/fk
    }
    if (k >= 2) {
      review.suppression_as_requested = detail::plan_suppression(keys, levels, k);
      review.suppression_as_requested.summary =
          detail::describe_plan(review.suppression_as_requested, keys, "As requested");
      review.findings.push_back(review.suppression_as_requested.summary);
      if (attainable && search.minimal.front().levels != levels) {
        review.suppression_at_best =
            detail::plan_suppression(keys, search.minimal.front().levels, k);
        review.suppression_at_best.summary = detail::describe_plan(
            review.suppression_at_best, keys, "At the least-loss generalisation");
        review.findings.push_back(review.suppression_at_best.summary);
      }
    }
  }

  // Proportionality.
  proportionality_assessment& score = review.proportionality;
  const proportionality_weights& w = options.weights;
  if (!review.as_requested.meets_target) {
    const double d =
        !attainable ? 1.0
        : loss_requested >= 1.0
            ? 1.0
            : std::clamp((loss_best - loss_requested) / (1.0 - loss_requested), 0.0, 1.0);
    score.detail_removed = d;
    score.risk_penalty = w.risk * (0.2 + 0.8 * d);
    score.reasons.push_back(attainable
                                ? "The request does not meet the target as asked; the least-loss "
                                  "generalisation meeting it removes " +
                                      review_number(100.0 * d, 1) + "% of the requested detail (-" +
                                      review_number(score.risk_penalty, 1) + ")."
                                : "No generalisation of the request meets the target (-" +
                                      review_number(score.risk_penalty, 1) + ").");
  } else {
    score.reasons.push_back("The request meets the target as asked (no deduction for risk).");
  }
  if (!review.identifiers.empty()) {
    score.identifier_penalty = std::min(
        w.identifiers_max, w.per_identifier * static_cast<double>(review.identifiers.size()));
    score.reasons.push_back(plural(review.identifiers.size(), "identifier is", "identifiers are") +
                            " requested (" + review_list(review.identifiers) + ") (-" +
                            review_number(score.identifier_penalty, 1) + ").");
  }
  if (!review.unjustified.empty()) {
    score.justification_penalty = std::min(
        w.unjustified_max, w.per_unjustified * static_cast<double>(review.unjustified.size()));
    score.reasons.push_back(plural(review.unjustified.size(), "variable has", "variables have") +
                            " no adequate justification (" + review_list(review.unjustified) +
                            "; fewer than " + std::to_string(options.min_justification_length) +
                            " characters) (-" + review_number(score.justification_penalty, 1) +
                            ").");
  }
  score.score = std::clamp(
      100.0 - score.risk_penalty - score.identifier_penalty - score.justification_penalty, 0.0,
      100.0);
  score.score = std::round(score.score * 10.0) / 10.0;
  score.band = score.score >= 80.0   ? "proportionate"
               : score.score >= 50.0 ? "to be reduced"
                                     : "disproportionate";
  score.summary =
      "Proportionality score " + review_number(score.score, 1) + "/100 (" + score.band + ").";
  review.findings.push_back(score.summary);
  for (const auto& reason : score.reasons) review.findings.push_back(reason);

  review.verdict = !attainable ? review_verdict::fail
                   : (review.as_requested.meets_target && review.identifiers.empty())
                       ? review_verdict::pass
                       : review_verdict::review;
  return review;
}

}  // namespace sdc
