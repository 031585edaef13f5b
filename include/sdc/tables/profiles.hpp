// SPDX-License-Identifier: MIT
/// @file profiles.hpp
/// @brief Named rule profiles with their sources, and rule settings by name (used for user
/// rule files, CLI overrides and the keyword arguments of the bindings alike).
#pragma once

#include <cctype>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sdc/tables/rules.hpp"

namespace sdc {

/// @brief Names of the built-in profiles.
inline std::vector<std::string> profile_names() { return {"acro", "essnet", "sdctable"}; }

/// @brief The rules of a built-in profile.
///
/// - `acro`: ACRO's default configuration (AI-SDC/ACRO `default.yaml`): threshold 10, (2, 90%)
///   dominance, p-ratio 10%, zeros disclosive, missing values not checked; ACRO 1.0 compares the
///   dominance share with ">=", which this profile follows.
/// - `essnet`: the ESSnet rule of thumb (Bond, Brandt & de Wolf 2015, Guidelines for output
///   checking): at least 10 units, the largest contributor at most 50% of the total, class
///   disclosure above 90% of a row or column, 10 residual degrees of freedom.
/// - `sdctable`: each primary rule of sdcTable at its default (`primarySuppression`): frequency
///   rule `n <= maxN` unsafe with maxN = 3 (so 4 contributors pass), zeros not suppressed
///   (`allowZeros = FALSE`), (n, k) = (2, 85), p = 80, pq = (25, 50).
/// @throws invalid_input listing the known profiles.
inline table_rules rule_profile(std::string_view name) {
  table_rules rules;
  if (name == "acro") {
    rules.profile = "acro";
    rules.source = "ACRO default.yaml (AI-SDC/ACRO 1.0): safe_threshold 10, safe_nk_n 2, "
                   "safe_nk_k 0.9, safe_pratio_p 0.1, zeros_are_disclosive, "
                   "check_missing_values false";
    rules.min_count = 10;
    rules.zeros = severity::fail;
    rules.nk_rules = {{2, 90.0}};
    rules.p_percent = 10.0;
    rules.pq.reset();
    rules.dominance_boundary_fails = true;
    rules.missing_values = severity::ignore;
    rules.class_disclosure = severity::ignore;
    rules.min_dof = 10;
  } else if (name == "essnet") {
    rules.profile = "essnet";
    rules.source = "ESSnet Guidelines for output checking (Bond, Brandt & de Wolf 2015), "
                   "rule of thumb: 10 units, largest contributor at most 50%, class "
                   "disclosure 90%, 10 degrees of freedom";
    rules.min_count = 10;
    rules.zeros = severity::review;
    rules.nk_rules = {{1, 50.0}};
    rules.p_percent.reset();
    rules.pq.reset();
    rules.class_disclosure = severity::fail;
    rules.class_disclosure_share = 0.9;
    rules.min_dof = 10;
  } else if (name == "sdctable") {
    rules.profile = "sdctable";
    rules.source = "sdcTable primarySuppression defaults: freq maxN = 3, allowZeros = FALSE, "
                   "nk n = 2 k = 85, p = 80, pq p = 25 q = 50";
    rules.min_count = 4;
    rules.zeros = severity::ignore;
    rules.nk_rules = {{2, 85.0}};
    rules.p_percent = 80.0;
    rules.pq = pq_rule{25.0, 50.0};
    rules.negative_values = severity::review;
    rules.missing_values = severity::review;
    rules.weighting = weighted_dominance::replicated;
    rules.class_disclosure = severity::ignore;
  } else {
    std::string message = "unknown rule profile '" + std::string(name) + "'; known profiles:";
    for (const auto& known : profile_names()) message += " " + known;
    throw invalid_input(errc::invalid_argument, message);
  }
  return rules;
}

namespace detail {
inline std::string trim(std::string_view text) {
  std::size_t begin = 0, end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return std::string(text.substr(begin, end - begin));
}

inline double parse_number(std::string_view key, const std::string& text) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size()) {
    throw invalid_input(errc::invalid_argument,
                        "rule setting '" + std::string(key) + "': '" + text + "' is not a number");
  }
  return value;
}

inline int parse_integer(std::string_view key, const std::string& text) {
  const double value = parse_number(key, text);
  if (value != static_cast<double>(static_cast<int>(value))) {
    throw invalid_input(errc::invalid_argument,
                        "rule setting '" + std::string(key) + "': '" + text + "' is not a whole number");
  }
  return static_cast<int>(value);
}

inline bool parse_bool(std::string_view key, const std::string& text) {
  if (text == "true" || text == "yes" || text == "1") return true;
  if (text == "false" || text == "no" || text == "0") return false;
  throw invalid_input(errc::invalid_argument, "rule setting '" + std::string(key) + "': '" + text +
                                                  "' is not true or false");
}

inline bool is_none(const std::string& text) {
  return text == "none" || text == "off" || text.empty();
}

// "a:b" -> (a, b)
inline std::pair<double, double> parse_pair(std::string_view key, const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos) {
    throw invalid_input(errc::invalid_argument, "rule setting '" + std::string(key) + "': '" + text +
                                                    "' should be two numbers as a:b");
  }
  return {parse_number(key, trim(text.substr(0, colon))), parse_number(key, trim(text.substr(colon + 1)))};
}
}  // namespace detail

/// @brief Names of every rule setting accepted by apply_rule_setting (the same names are the
/// keyword arguments of the Python and R functions).
inline std::vector<std::string> rule_setting_names() {
  return {"profile", "min_count", "zeros", "nk", "p_percent", "pq", "dominance_boundary_fails",
          "negative_values", "missing_values", "weighting", "class_disclosure",
          "class_disclosure_share", "min_count_median", "min_count_quartile", "min_count_decile",
          "min_count_p5", "min_count_p1", "extremes", "min_dof"};
}

/// @brief Sets one rule parameter from text: `nk` takes "n:k" pairs separated by commas
/// (or "none"), `pq` takes "p:q" (or "none"), `p_percent` a number (or "none"), severities take
/// ignore/review/fail, `profile` replaces every field by the named profile's.
/// @throws invalid_input naming the setting and the bad value.
inline void apply_rule_setting(table_rules& rules, std::string_view key, std::string_view raw_value) {
  using namespace detail;
  const std::string value = trim(raw_value);
  const std::string name(key);
  if (key == "profile") {
    rules = rule_profile(value);
  } else if (key == "min_count") {
    rules.min_count = parse_integer(key, value);
  } else if (key == "zeros") {
    rules.zeros = severity_from_string(value);
  } else if (key == "nk") {
    rules.nk_rules.clear();
    if (!is_none(value)) {
      std::stringstream stream(value);
      std::string item;
      while (std::getline(stream, item, ',')) {
        const auto [n, k] = parse_pair(key, trim(item));
        if (n != static_cast<double>(static_cast<int>(n))) {
          throw invalid_input(errc::invalid_argument, "rule setting 'nk': n must be whole in '" + item + "'");
        }
        rules.nk_rules.push_back(nk_rule{static_cast<int>(n), k});
      }
    }
  } else if (key == "p_percent") {
    if (is_none(value)) rules.p_percent.reset(); else rules.p_percent = parse_number(key, value);
  } else if (key == "pq") {
    if (is_none(value)) {
      rules.pq.reset();
    } else {
      const auto [p, q] = parse_pair(key, value);
      rules.pq = pq_rule{p, q};
    }
  } else if (key == "dominance_boundary_fails") {
    rules.dominance_boundary_fails = parse_bool(key, value);
  } else if (key == "negative_values") {
    rules.negative_values = severity_from_string(value);
  } else if (key == "missing_values") {
    rules.missing_values = severity_from_string(value);
  } else if (key == "weighting") {
    rules.weighting = weighted_dominance_from_string(value);
  } else if (key == "class_disclosure") {
    rules.class_disclosure = severity_from_string(value);
  } else if (key == "class_disclosure_share") {
    rules.class_disclosure_share = parse_number(key, value);
  } else if (key == "min_count_median") {
    rules.min_count_median = parse_integer(key, value);
  } else if (key == "min_count_quartile") {
    rules.min_count_quartile = parse_integer(key, value);
  } else if (key == "min_count_decile") {
    rules.min_count_decile = parse_integer(key, value);
  } else if (key == "min_count_p5") {
    rules.min_count_p5 = parse_integer(key, value);
  } else if (key == "min_count_p1") {
    rules.min_count_p1 = parse_integer(key, value);
  } else if (key == "extremes") {
    rules.extremes = severity_from_string(value);
  } else if (key == "min_dof") {
    rules.min_dof = parse_integer(key, value);
  } else {
    std::string message = "unknown rule setting '" + name + "'; known settings:";
    for (const auto& known : rule_setting_names()) message += " " + known;
    throw invalid_input(errc::invalid_argument, message);
  }
  if (key != "profile" && rules.profile.find("(modified)") == std::string::npos) {
    rules.profile += " (modified)";
  }
}

/// @brief Every rule setting of `rules` as (name, text) pairs, in the syntax apply_rule_setting
/// and rule files accept (so a report can be turned back into a rule file).
inline std::vector<std::pair<std::string, std::string>> rule_settings(const table_rules& rules) {
  auto number = [](double x) {
    std::ostringstream out;
    out << x;
    return out.str();
  };
  std::string nk;
  for (const auto& rule : rules.nk_rules) {
    if (!nk.empty()) nk += ", ";
    nk += std::to_string(rule.n) + ":" + number(rule.k);
  }
  return {
      {"profile", rules.profile},
      {"min_count", std::to_string(rules.min_count)},
      {"zeros", std::string(to_string(rules.zeros))},
      {"nk", nk.empty() ? "none" : nk},
      {"p_percent", rules.p_percent ? number(*rules.p_percent) : "none"},
      {"pq", rules.pq ? number(rules.pq->p) + ":" + number(rules.pq->q) : "none"},
      {"dominance_boundary_fails", rules.dominance_boundary_fails ? "true" : "false"},
      {"negative_values", std::string(to_string(rules.negative_values))},
      {"missing_values", std::string(to_string(rules.missing_values))},
      {"weighting", std::string(to_string(rules.weighting))},
      {"class_disclosure", std::string(to_string(rules.class_disclosure))},
      {"class_disclosure_share", number(rules.class_disclosure_share)},
      {"min_count_median", std::to_string(rules.min_count_median)},
      {"min_count_quartile", std::to_string(rules.min_count_quartile)},
      {"min_count_decile", std::to_string(rules.min_count_decile)},
      {"min_count_p5", std::to_string(rules.min_count_p5)},
      {"min_count_p1", std::to_string(rules.min_count_p1)},
      {"extremes", std::string(to_string(rules.extremes))},
      {"min_dof", std::to_string(rules.min_dof)},
  };
}

/// @brief Reads rules from the text of a rule file: one `name = value` per line, `#` starts a
/// comment, a `profile = NAME` line (first) starts from a built-in profile. The result is
/// validated.
/// @param text the file's contents
/// @param base the rules to start from when the file names no profile
/// @throws invalid_input naming the line.
inline table_rules rules_from_text(std::string_view text, table_rules base = rule_profile("acro")) {
  std::stringstream stream{std::string(text)};
  std::string line;
  int line_number = 0;
  while (std::getline(stream, line)) {
    ++line_number;
    const auto hash = line.find('#');
    if (hash != std::string::npos) line.erase(hash);
    const std::string content = detail::trim(line);
    if (content.empty()) continue;
    const auto equals = content.find('=');
    if (equals == std::string::npos) {
      throw invalid_input(errc::invalid_argument, "rule file line " + std::to_string(line_number) +
                                                      ": expected 'name = value', got '" + content + "'");
    }
    try {
      apply_rule_setting(base, detail::trim(content.substr(0, equals)), content.substr(equals + 1));
    } catch (const invalid_input& e) {
      throw invalid_input(e.code(), "rule file line " + std::to_string(line_number) + ": " + e.what());
    }
  }
  validate(base);
  return base;
}

}  // namespace sdc
