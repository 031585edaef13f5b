// SPDX-License-Identifier: MIT
/// @file hierarchy.hpp
/// @brief Generalisation hierarchies of categorical variables, and recoding a column to a level.
///
/// A hierarchy lists, for every original value of a variable, the value it takes at each coarser
/// level: level 0 is the original value, level 1 a first grouping (age 37 -> "35-39"), and so on,
/// usually up to a last level where every value is "*" (the variable suppressed). This is the
/// format of the ARX hierarchies shipped with the Adult data: one row per original value,
/// fields separated by ';', column 1 the value, each further column a coarser level.
///
/// Levels must nest: two values that share a value at level h share it at every level above h
/// (each level is a function of the level below it). Generalisation then only merges classes of
/// records, which is what makes k-anonymity monotone over the lattice of levels
/// (lattice_search.hpp). A missing value is never part of a hierarchy: it stays missing at
/// every level.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sdc/core/column_view.hpp"
#include "sdc/core/error.hpp"
#include "sdc/core/factorize.hpp"

namespace sdc {

/// @brief A generalisation hierarchy of one variable.
struct generalisation_hierarchy {
  /// Name of the variable (used in messages).
  std::string variable;
  /// levels[h][i]: the value of original value i at level h. levels[0] holds the original
  /// values (distinct); every level has as many entries as levels[0].
  std::vector<std::vector<std::string>> levels;
  /// Optional names of the levels ("single years", "5-year bands", ...): empty, or one per
  /// level. A requested level may be given by name (level_from_string).
  std::vector<std::string> level_names;

  /// @brief Number of levels (1 + the number of coarser levels).
  std::size_t n_levels() const noexcept { return levels.size(); }
  /// @brief Number of original values.
  std::size_t n_values() const noexcept { return levels.empty() ? 0 : levels.front().size(); }
  /// @brief Name of a level: its level_names entry, or "level h".
  std::string level_name(std::size_t level) const {
    if (level < level_names.size() && !level_names[level].empty()) return level_names[level];
    return "level " + std::to_string(level);
  }
};

namespace detail {

inline std::string hierarchy_label(const generalisation_hierarchy& hierarchy) {
  return hierarchy.variable.empty() ? std::string("the hierarchy")
                                    : "the hierarchy of '" + hierarchy.variable + "'";
}

}  // namespace detail

/// @brief Checks that a hierarchy is well formed.
///
/// At least one level and one value; every level as long as level 0; no empty value; distinct
/// original values; levels nest (a value of level h-1 has one value at level h); level_names
/// empty or one per level.
/// @throws invalid_input (errc::invalid_argument) naming the variable and the offending value
inline void validate(const generalisation_hierarchy& hierarchy) {
  const std::string what = detail::hierarchy_label(hierarchy);
  if (hierarchy.levels.empty() || hierarchy.levels.front().empty()) {
    throw invalid_input(errc::invalid_argument, what + " has no values");
  }
  const std::size_t n = hierarchy.n_values();
  for (std::size_t h = 0; h < hierarchy.levels.size(); ++h) {
    if (hierarchy.levels[h].size() != n) {
      throw invalid_input(errc::invalid_argument, what + ": level " + std::to_string(h) + " has " +
                                                      std::to_string(hierarchy.levels[h].size()) +
                                                      " entries, expected " + std::to_string(n));
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (hierarchy.levels[h][i].empty()) {
        throw invalid_input(errc::invalid_argument, what + ": value '" + hierarchy.levels[0][i] +
                                                        "' has an empty value at level " +
                                                        std::to_string(h));
      }
    }
  }
  std::unordered_map<std::string_view, std::size_t> seen;
  seen.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!seen.emplace(hierarchy.levels[0][i], i).second) {
      throw invalid_input(errc::invalid_argument,
                          what + " lists the value '" + hierarchy.levels[0][i] + "' twice");
    }
  }
  for (std::size_t h = 1; h < hierarchy.levels.size(); ++h) {
    std::unordered_map<std::string_view, std::string_view> parent;
    parent.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      const auto [it, inserted] =
          parent.emplace(hierarchy.levels[h - 1][i], hierarchy.levels[h][i]);
      if (!inserted && it->second != hierarchy.levels[h][i]) {
        throw invalid_input(errc::invalid_argument,
                            what + ": levels do not nest: '" + std::string(it->first) +
                                "' at level " + std::to_string(h - 1) + " becomes both '" +
                                std::string(it->second) + "' and '" + hierarchy.levels[h][i] +
                                "' at level " + std::to_string(h) + " (value '" +
                                hierarchy.levels[0][i] + "')");
      }
    }
  }
  if (!hierarchy.level_names.empty() && hierarchy.level_names.size() != hierarchy.levels.size()) {
    throw invalid_input(errc::invalid_argument,
                        what + " has " + std::to_string(hierarchy.levels.size()) + " levels but " +
                            std::to_string(hierarchy.level_names.size()) + " level names");
  }
}

/// @brief Parses a hierarchy in the ARX/Adult format.
///
/// One row per original value, fields separated by `delimiter`, column 1 the original value and
/// each further column a coarser level. Lines end with LF or CRLF; blank lines are skipped; a
/// leading UTF-8 byte-order mark is skipped. Fields are taken literally (no quoting, no
/// trimming), as in the ARX files.
/// @param text the file's content
/// @param delimiter field separator (';' in the Adult files)
/// @param variable name of the variable, for messages and the result
/// @throws invalid_input (errc::parse_error) for rows with different numbers of fields, naming
///         the line; the errors of validate() otherwise
inline generalisation_hierarchy hierarchy_from_text(std::string_view text, char delimiter = ';',
                                                    std::string variable = {}) {
  generalisation_hierarchy hierarchy;
  hierarchy.variable = std::move(variable);
  const std::string what = detail::hierarchy_label(hierarchy);
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::size_t line_number = 0;
  std::size_t width = 0;
  std::size_t first_line = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
      const std::size_t next = line.find(delimiter, start);
      fields.emplace_back(line.substr(
          start, next == std::string_view::npos ? std::string_view::npos : next - start));
      if (next == std::string_view::npos) break;
      start = next + 1;
    }
    if (width == 0) {
      width = fields.size();
      first_line = line_number;
      hierarchy.levels.assign(width, {});
    } else if (fields.size() != width) {
      throw invalid_input(errc::parse_error, what + ": line " + std::to_string(line_number) +
                                                 " has " + std::to_string(fields.size()) +
                                                 " fields, line " + std::to_string(first_line) +
                                                 " has " + std::to_string(width));
    }
    for (std::size_t h = 0; h < width; ++h) hierarchy.levels[h].push_back(std::move(fields[h]));
  }
  validate(hierarchy);
  return hierarchy;
}

/// @brief The two-level hierarchy of a variable without one: each value, then "*", with the
/// level names "original" and "*".
///
/// Lets the lattice search drop a variable (suppress it entirely) even when no finer grouping
/// is defined. The one default of every front end (review_request, the Python and R lattice
/// searches), so that the same levels carry the same names everywhere.
/// @param variable name of the variable
/// @param values the original values (distinct, non-empty)
inline generalisation_hierarchy suppression_hierarchy(std::string variable,
                                                      std::vector<std::string> values) {
  generalisation_hierarchy hierarchy;
  hierarchy.variable = std::move(variable);
  const std::size_t n = values.size();
  hierarchy.levels.push_back(std::move(values));
  hierarchy.levels.emplace_back(n, "*");
  hierarchy.level_names = {"original", "*"};
  validate(hierarchy);
  return hierarchy;
}

/// @brief Parses a level: a number in [0, n_levels) or one of the hierarchy's level names.
/// @throws invalid_input (errc::invalid_argument) listing the valid levels
inline std::size_t level_from_string(const generalisation_hierarchy& hierarchy,
                                     std::string_view text) {
  bool digits = !text.empty() && text.size() < 10;
  for (const char c : text) digits = digits && c >= '0' && c <= '9';
  if (digits) {
    const std::size_t level = std::stoul(std::string(text));
    if (level < hierarchy.n_levels()) return level;
  }
  for (std::size_t h = 0; h < hierarchy.level_names.size(); ++h) {
    if (hierarchy.level_names[h] == text) return h;
  }
  std::string valid =
      "0 to " + std::to_string(hierarchy.n_levels() == 0 ? 0 : hierarchy.n_levels() - 1);
  for (const auto& name : hierarchy.level_names) valid += ", '" + name + "'";
  throw invalid_input(errc::invalid_argument, "unknown level '" + std::string(text) + "' of " +
                                                  detail::hierarchy_label(hierarchy) +
                                                  "; valid levels: " + valid);
}

/// @brief How the categories of one column map to every level of its hierarchy.
///
/// Level 0 is the column itself (codes and labels unchanged). At a level h >= 1 the codes number
/// the distinct values of that level of the hierarchy in order of first appearance in the
/// hierarchy (so "0-4" < "5-9" ... for the Adult ages), whether or not they occur in the data.
struct category_generalisation {
  std::string variable;  ///< column name
  /// code[h][c]: code at level h of category c of the column (missing_category for a category
  /// that does not occur in the data and is not in the hierarchy).
  std::vector<std::vector<std::int32_t>> code;
  /// labels[h]: the values of level h (labels[0] = the column's labels).
  std::vector<std::vector<std::string>> labels;
  /// Names of the levels (from the hierarchy's level_names, or "level h").
  std::vector<std::string> level_names;

  /// @brief Number of levels.
  std::size_t n_levels() const noexcept { return code.size(); }
  /// @brief Number of distinct values at a level.
  std::int32_t n_categories(std::size_t level) const noexcept {
    return static_cast<std::int32_t>(labels[level].size());
  }
};

/// @brief Maps the categories of a column to every level of a hierarchy.
///
/// @param column the column (its codes are scanned to find the categories that occur)
/// @param labels the column's labels, one per category
/// @param hierarchy a hierarchy whose original values include every label that occurs
/// @throws invalid_input (errc::invalid_argument) if a value that occurs in the column is not in
///         the hierarchy (naming the value and the variable), if labels and categories differ in
///         number, or if the hierarchy is malformed
inline category_generalisation generalise_categories(const categorical_view& column,
                                                     const std::vector<std::string>& labels,
                                                     const generalisation_hierarchy& hierarchy) {
  validate(hierarchy);
  validate(column);
  if (labels.size() != static_cast<std::size_t>(column.n_categories)) {
    throw invalid_input(errc::invalid_argument,
                        "column '" + column.name + "' has " + std::to_string(column.n_categories) +
                            " categories but " + std::to_string(labels.size()) + " labels");
  }
  const std::size_t n_levels = hierarchy.n_levels();
  const std::size_t n_values = hierarchy.n_values();
  std::vector<char> occurs(labels.size(), 0);
  for (std::size_t i = 0; i < column.size; ++i) {
    const std::int32_t c = column.category(i);
    if (c != missing_category) occurs[static_cast<std::size_t>(c)] = 1;
  }
  // Codes of every hierarchy value at every level, in order of first appearance.
  category_generalisation result;
  result.variable = column.name;
  result.code.assign(n_levels, std::vector<std::int32_t>(labels.size(), missing_category));
  result.labels.assign(n_levels, {});
  result.labels[0] = labels;
  std::vector<std::vector<std::int32_t>> value_code(n_levels, std::vector<std::int32_t>(n_values));
  for (std::size_t h = 1; h < n_levels; ++h) {
    std::unordered_map<std::string_view, std::int32_t> index;
    for (std::size_t i = 0; i < n_values; ++i) {
      const auto [it, inserted] =
          index.emplace(hierarchy.levels[h][i], static_cast<std::int32_t>(result.labels[h].size()));
      if (inserted) result.labels[h].push_back(hierarchy.levels[h][i]);
      value_code[h][i] = it->second;
    }
  }
  std::unordered_map<std::string_view, std::size_t> position;
  position.reserve(n_values);
  for (std::size_t i = 0; i < n_values; ++i) position.emplace(hierarchy.levels[0][i], i);
  for (std::size_t c = 0; c < labels.size(); ++c) {
    result.code[0][c] = static_cast<std::int32_t>(c);
    const auto found = position.find(labels[c]);
    if (found == position.end()) {
      if (!occurs[c]) continue;
      throw invalid_input(errc::invalid_argument,
                          "value '" + labels[c] + "' of variable '" + column.name +
                              "' is not in its generalisation hierarchy (" +
                              std::to_string(n_values) + " values" +
                              (hierarchy.variable.empty() || hierarchy.variable == column.name
                                   ? std::string()
                                   : ", hierarchy of '" + hierarchy.variable + "'") +
                              ")");
    }
    for (std::size_t h = 1; h < n_levels; ++h) result.code[h][c] = value_code[h][found->second];
  }
  for (std::size_t h = 0; h < n_levels; ++h) result.level_names.push_back(hierarchy.level_name(h));
  return result;
}

/// @brief Recodes a column to a level of its hierarchy.
///
/// @param column the column's codes
/// @param labels the column's labels, one per category
/// @param hierarchy its hierarchy
/// @param level 0 (the column itself) to hierarchy.n_levels() - 1
/// @return an owning column named like the input: codes 0..K-1 of the level's values (in order
///         of first appearance in the hierarchy; the column's own labels at level 0), missing
///         values as -1 (missing stays missing at every level)
/// @throws invalid_input (errc::invalid_argument) for a level out of range or a value missing
///         from the hierarchy (see generalise_categories)
inline factorized_column recode(const categorical_view& column,
                                const std::vector<std::string>& labels,
                                const generalisation_hierarchy& hierarchy, std::size_t level) {
  if (level >= hierarchy.n_levels()) {
    throw invalid_input(
        errc::invalid_argument,
        "level " + std::to_string(level) + " of variable '" + column.name +
            "' does not exist: " + detail::hierarchy_label(hierarchy) + " has " +
            std::to_string(hierarchy.n_levels()) + " levels (0 to " +
            std::to_string(hierarchy.n_levels() == 0 ? 0 : hierarchy.n_levels() - 1) + ")");
  }
  const category_generalisation mapping = generalise_categories(column, labels, hierarchy);
  factorized_column result;
  result.name = column.name;
  result.labels = mapping.labels[level];
  result.codes.resize(column.size);
  const std::vector<std::int32_t>& code = mapping.code[level];
  for (std::size_t i = 0; i < column.size; ++i) {
    const std::int32_t c = column.category(i);
    result.codes[i] = c == missing_category ? -1 : code[static_cast<std::size_t>(c)];
  }
  return result;
}

}  // namespace sdc
