// SPDX-License-Identifier: MIT
/// @file cell_system.hpp
/// @brief Cell systems built from microdata: hierarchical tables (subtotals at every level),
/// linked tables sharing cells, and several outputs of one project with filters (the same
/// table with and without a subgroup), with the model matrix that secondary suppression
/// (gauss_suppression.hpp) and the audit (audit.hpp) work on, and the differencing check
/// (which unpublished cells an intruder recovers by subtraction).
///
/// **Inner cells.** The rows of the model matrix X are the cells of the common refinement of
/// every output: the observed combinations of all spanning variables of all outputs at their
/// finest level, plus one indicator per filter ("firm == X"). Every cell of every output is a
/// sum of inner cells (`x = X' y`, y the inner cells' values), so publishing cells of several
/// outputs publishes linear functions of the same unknowns, and an intruder subtracting one
/// output from another works on exactly these relations.
///
/// Decisions (each is the conservative choice, i.e. it credits the intruder with more):
/// - **Empty combinations are known zeros.** Only observed combinations are inner cells: an
///   intruder is taken to know which combinations are empty (from a register, or structural
///   zeros). A published cell without records is a column of zeros in X: it is known whatever
///   is suppressed, so an empty cell that fails the zero rule is suppressed and reported as not
///   protected (use `zeros = review` or `ignore` for structural zeros).
/// - **Shared cells are identified once.** Two cells (of the same or different outputs, at any
///   level of a hierarchy) with the same set of inner cells, hence the same records, are one
///   cell of the system: one column of X, one status. Its verdict is the worst of the verdicts
///   it got in the tables where it appears (class disclosure depends on the table).
/// - **Implicit cells.** Cells an output does not publish but a difference of outputs may
///   give: every inner cell, and for every output with a filter the same cells over the records
///   the filter leaves out (the "complement": sector totals of the firm that was removed).
///   Those that are not also published cells are *hidden* cells of the system, never
///   published. The hidden cells that fail the primary rules are *hidden primary* cells:
///   protection must keep them underivable exactly like a published primary cell, which is what
///   stops recovery by subtraction. Hidden cells that pass the rules constrain nothing.
/// - **Hierarchies** use the format of generalisation_hierarchy (risk/hierarchy.hpp): level 0
///   the variable's values, each further level a coarser grouping. Every level with more than
///   one group becomes subtotals; a level with one group (the ARX "*") is the Total and is
///   skipped, as is a level that groups exactly like the level below it. A value of the data
///   missing from the hierarchy is an error naming it. A missing spanning value stays its own
///   category "(missing)" at every level (as in build_table); a one-group level is then kept
///   once, as the subtotal of the non-missing values.
/// - **Filters** keep the records with `variable == value` (`equal`) or `variable != value`;
///   a record whose filter variable is missing is "not equal". A filter value that does not
///   occur in the data is an error (a typo would silently publish the unfiltered table).
/// - All outputs of one system share the statistic (count or sum) and its value variable, the
///   weights, unit and holding ids, and the rules; cells of different statistics are not
///   additive together.
///
/// Evidence and verdicts are build_table's and check_table's: every output (at every
/// combination of hierarchy levels), every complement and the inner cells are built as
/// ordinary tables over the selected records, so thresholds, dominance, holdings, weights and
/// zeros follow the same rules and conventions as a single table.
///
/// find_recovered_cells() needs the audit's solver (link `sdc::solver`); everything else is
/// header-only.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/SparseCore>

#include "sdc/core/column_view.hpp"
#include "sdc/core/error.hpp"
#include "sdc/risk/hierarchy.hpp"
#include "sdc/tables/audit.hpp"
#include "sdc/tables/build_table.hpp"
#include "sdc/tables/check_table.hpp"
#include "sdc/tables/gauss_suppression.hpp"
#include "sdc/tables/rules.hpp"
#include "sdc/tables/statistic.hpp"
#include "sdc/tables/table.hpp"

namespace sdc {

/// @brief A population subset: the records with `variable == value` (equal) or
/// `variable != value` (not equal; records with a missing value count as not equal).
struct output_filter {
  std::string variable;
  std::string value;
  bool equal = false;
};

/// @brief "firm != X" / "firm == X".
inline std::string describe(const output_filter& filter) {
  return filter.variable + (filter.equal ? " == " : " != ") + filter.value;
}

/// @brief One output of a project: a table over 1 to 4 spanning variables, optionally of a
/// population subset.
struct output_spec {
  std::string name;
  std::vector<std::string> variables;
  std::optional<output_filter> filter;
};

/// @brief The microdata and settings shared by every output of a cell system.
struct cell_system_data {
  /// Every spanning and filter variable, found by name (categorical_view::name).
  std::vector<categorical_view> variables;
  /// Category labels per variable (an empty list: the category numbers, as in build_table).
  std::vector<std::vector<std::string>> labels;
  /// Hierarchies of spanning variables, matched by generalisation_hierarchy::variable.
  std::vector<generalisation_hierarchy> hierarchies;
  statistic stat = statistic::count;  ///< count or sum
  std::optional<numeric_view> value;  ///< needed for sums
  std::optional<numeric_view> weights;
  std::optional<categorical_view> unit;
  std::optional<categorical_view> holding;
  table_rules rules;  ///< primary rules (check_table)
};

/// @brief A cell of the system: a column of the model matrix.
struct system_cell {
  double value = 0.0;         ///< the statistic (X' y)
  cell_evidence evidence;     ///< build_table's evidence of the cell's records
  cell_verdict verdict;       ///< the worst verdict over the tables where the cell appears
  bool primary = false;       ///< the verdict is `fail`
  bool hidden = false;        ///< not published by any output (an implicit cell)
  std::vector<std::uint32_t> inner;  ///< inner cells it sums (rows of X), ascending
  std::string description;    ///< where it was first seen, for messages
};

/// @brief Level of a margin ("Total") in output_cell::levels.
inline constexpr std::size_t total_level = std::numeric_limits<std::size_t>::max();

/// @brief A cell as an output shows it.
struct output_cell {
  std::size_t cell = 0;                ///< position in cell_system::cells
  std::vector<std::string> labels;     ///< per variable; "Total" for the margin
  std::vector<std::size_t> levels;     ///< per variable: hierarchy level (0 finest), or total_level
};

/// @brief A level of a spanning variable used by an output.
struct output_level {
  std::size_t level = 0;  ///< hierarchy level (0: the variable's own values)
  std::string name;       ///< the hierarchy's level name, or "level h"
};

/// @brief An output with its cells (every level combination, margins included).
struct system_output {
  output_spec spec;
  /// Per variable, the levels used (level 0 first; the Total is not listed).
  std::vector<std::vector<output_level>> levels;
  std::vector<output_cell> cells;
};

/// @brief An inner cell: a combination of the finest categories of every refinement variable
/// (and the filter indicators).
struct inner_cell {
  std::vector<std::string> labels;  ///< per refinement variable
  std::vector<bool> in_filter;      ///< per filter: whether its records satisfy `variable == value`
  double value = 0.0;               ///< the statistic over its records
  std::int64_t n_records = 0;
  std::string description;          ///< "(sector=A, firm == X)"
};

/// @brief Cells, model matrix and outputs of a set of tables built from the same microdata.
struct cell_system {
  statistic stat = statistic::count;
  std::string value_name;
  table_rules rules;
  std::vector<std::string> refinement_variables;  ///< variables defining the inner cells
  std::vector<output_filter> filters;            ///< the distinct filters, as "variable == value"
  std::vector<inner_cell> inner;                  ///< rows of the model matrix
  Eigen::SparseMatrix<double> model_matrix;       ///< inner cells x cells (0/1)
  std::vector<system_cell> cells;                 ///< columns of the model matrix
  std::vector<system_output> outputs;
  bool negative_contributions = false;            ///< some contribution is negative

  /// @brief Hidden cells that fail the primary rules (must never become derivable).
  std::vector<std::size_t> hidden_primary() const {
    std::vector<std::size_t> ids;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (cells[i].hidden && cells[i].primary) ids.push_back(i);
    }
    return ids;
  }
};

namespace detail {

/// One level of a spanning variable: the group of every category, and the group labels.
struct system_level {
  std::size_t level = 0;  // hierarchy level
  std::string name;
  std::vector<std::int32_t> group;  // category -> group
  std::vector<std::string> labels;  // group -> label
};

inline const generalisation_hierarchy* find_hierarchy(const cell_system_data& data, const std::string& name) {
  for (const auto& h : data.hierarchies) {
    if (h.variable == name) return &h;
  }
  return nullptr;
}

inline std::vector<std::string> labels_of(const cell_system_data& data, std::size_t v) {
  const categorical_view& view = data.variables[v];
  if (v < data.labels.size() && !data.labels[v].empty()) {
    if (data.labels[v].size() != static_cast<std::size_t>(view.n_categories)) {
      throw invalid_input(errc::length_mismatch, "variable '" + view.name + "' has " +
                                                     std::to_string(view.n_categories) + " categories but " +
                                                     std::to_string(data.labels[v].size()) + " labels");
    }
    return data.labels[v];
  }
  std::vector<std::string> out;
  for (std::int32_t c = 0; c < view.n_categories; ++c) out.push_back(std::to_string(c + view.first_code));
  return out;
}

/// The levels of a variable: level 0, then every coarser level of its hierarchy that groups
/// differently from the level kept before it and has more than one group.
inline std::vector<system_level> levels_of(const std::string& name, const std::vector<std::string>& labels,
                                           const generalisation_hierarchy* hierarchy, bool has_missing) {
  std::vector<system_level> levels;
  system_level finest;
  finest.name = hierarchy ? hierarchy->level_name(0) : "level 0";
  finest.labels = labels;
  for (std::size_t c = 0; c < labels.size(); ++c) finest.group.push_back(static_cast<std::int32_t>(c));
  levels.push_back(finest);
  if (!hierarchy) return levels;
  validate(*hierarchy);
  std::map<std::string, std::size_t> row_of;
  for (std::size_t r = 0; r < hierarchy->n_values(); ++r) row_of[hierarchy->levels[0][r]] = r;
  std::vector<std::size_t> row(labels.size());
  for (std::size_t c = 0; c < labels.size(); ++c) {
    const auto found = row_of.find(labels[c]);
    if (found == row_of.end()) {
      throw invalid_input(errc::invalid_argument, "the value '" + labels[c] + "' of '" + name +
                                                      "' is not in the hierarchy of '" + name + "'");
    }
    row[c] = found->second;
  }
  // Categories in the hierarchy's row order, so groups are numbered as the file lists them.
  std::vector<std::size_t> order(labels.size());
  for (std::size_t c = 0; c < order.size(); ++c) order[c] = c;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return row[a] < row[b]; });
  for (std::size_t h = 1; h < hierarchy->n_levels(); ++h) {
    system_level level;
    level.level = h;
    level.name = hierarchy->level_name(h);
    level.group.assign(labels.size(), -1);
    std::map<std::string, std::int32_t> code;
    for (auto c : order) {
      const std::string& group = hierarchy->levels[h][row[c]];
      auto inserted = code.emplace(group, static_cast<std::int32_t>(level.labels.size()));
      if (inserted.second) level.labels.push_back(group);
      level.group[c] = inserted.first->second;
    }
    if (level.labels.size() <= 1) {
      // One group is the Total (and so is every level above it), unless missing values stand
      // outside the hierarchy: then it is the subtotal of the non-missing values.
      if (has_missing && levels.back().labels.size() > 1) levels.push_back(std::move(level));
      break;
    }
    if (level.labels.size() == levels.back().labels.size()) continue;  // nested: same grouping
    levels.push_back(std::move(level));
  }
  return levels;
}

inline void merge_verdict(cell_verdict& into, const cell_verdict& from) {
  for (const auto& r : from.reasons) {
    bool seen = false;
    for (const auto& q : into.reasons) seen |= q.code == r.code;
    if (!seen) into.reasons.push_back(r);
  }
  if (from.status == cell_status::fail || into.status == cell_status::fail) {
    into.status = cell_status::fail;
  } else if (from.status == cell_status::review || into.status == cell_status::review) {
    into.status = cell_status::review;
  }
}

/// The records a table is built over, gathered from the caller's columns.
struct record_subset {
  std::vector<std::size_t> records;
  std::vector<double> value, weights;
  std::vector<std::int32_t> unit, holding;
};

inline record_subset gather(const cell_system_data& data, std::vector<std::size_t> records) {
  record_subset s;
  s.records = std::move(records);
  for (auto i : s.records) {
    if (data.value) s.value.push_back(data.value->values[i]);
    if (data.weights) s.weights.push_back(data.weights->values[i]);
    if (data.unit) s.unit.push_back(data.unit->codes[i]);
    if (data.holding) s.holding.push_back(data.holding->codes[i]);
  }
  return s;
}

/// A table over a record subset, each dimension recoded to a level.
inline table build_subset_table(const cell_system_data& data, const record_subset& s,
                                const std::vector<std::size_t>& variables, const std::vector<const system_level*>& levels,
                                std::vector<std::vector<std::int32_t>>& codes) {
  table_request request;
  const std::size_t n = s.records.size();
  codes.assign(variables.size(), {});
  for (std::size_t d = 0; d < variables.size(); ++d) {
    const categorical_view& view = data.variables[variables[d]];
    codes[d].resize(n);
    for (std::size_t k = 0; k < n; ++k) {
      const std::int32_t c = view.category(s.records[k]);
      codes[d][k] = c == missing_category ? -1 : levels[d]->group[static_cast<std::size_t>(c)];
    }
    categorical_view recoded;
    recoded.name = view.name;
    recoded.codes = codes[d].data();
    recoded.size = n;
    recoded.n_categories = static_cast<std::int32_t>(levels[d]->labels.size());
    recoded.first_code = 0;
    recoded.missing_code = -1;
    request.dimensions.push_back(recoded);
    request.labels.push_back(levels[d]->labels);
  }
  request.stat = data.stat;
  if (data.value) request.value = numeric_view{data.value->name, s.value.data(), n};
  if (data.weights) request.weights = numeric_view{data.weights->name, s.weights.data(), n};
  auto id_view = [&](const categorical_view& of, const std::vector<std::int32_t>& ids) {
    categorical_view v = of;
    v.codes = ids.data();
    v.size = n;
    return v;
  };
  if (data.unit) request.unit = id_view(*data.unit, s.unit);
  if (data.holding) request.holding = id_view(*data.holding, s.holding);
  request.weighting = data.rules.weighting;
  request.top_contributions = needed_top_contributions(data.rules);
  return build_table(request);
}

/// Calls f(combination) for every combination of one level per dimension.
template <class F>
void for_each_level_combination(const std::vector<std::vector<system_level>>& levels, F&& f) {
  std::vector<std::size_t> pick(levels.size(), 0);
  while (true) {
    f(pick);
    std::size_t d = 0;
    while (d < pick.size() && ++pick[d] == levels[d].size()) pick[d++] = 0;
    if (d == pick.size()) return;
  }
}

}  // namespace detail

/// @brief Builds the cell system of several outputs of the same microdata (general form:
/// hierarchies, linked tables, filters). See the file comment for the decisions.
/// @throws invalid_input for an unknown variable, an output without or with more than 4
///   spanning variables, duplicate output names, a filter value that does not occur, a value
///   missing from a hierarchy, a statistic other than count or sum, mismatched lengths.
inline cell_system build_cell_system(const cell_system_data& data, const std::vector<output_spec>& outputs) {
  if (data.stat != statistic::count && data.stat != statistic::sum) {
    throw invalid_input(errc::invalid_argument, "a cell system needs an additive statistic (count or sum), not " +
                                                    std::string(to_string(data.stat)));
  }
  if (outputs.empty()) throw invalid_input(errc::empty_input, "a cell system needs at least one output");
  if (data.variables.empty()) throw invalid_input(errc::empty_input, "no variables were given");
  const std::size_t n = data.variables.front().size;
  if (n == 0) throw invalid_input(errc::empty_input, "the data has no records");
  for (const auto& v : data.variables) {
    require_length(v, n, "spanning");
    validate(v);
  }
  if (data.stat == statistic::sum && !data.value) {
    throw invalid_input(errc::invalid_argument, "the statistic 'sum' needs a value variable");
  }
  if (data.value) require_length(*data.value, n, "value");
  if (data.weights) require_length(*data.weights, n, "weights");
  if (data.unit) require_length(*data.unit, n, "unit");
  if (data.holding) require_length(*data.holding, n, "holding");
  validate(data.rules);
  for (const auto& h : data.hierarchies) {
    bool used = false;
    for (const auto& o : outputs) used |= std::find(o.variables.begin(), o.variables.end(), h.variable) != o.variables.end();
    if (!used) {
      throw invalid_input(errc::invalid_argument,
                          "a hierarchy is given for '" + h.variable + "', which no output uses as a spanning variable");
    }
  }

  auto variable_index = [&](const std::string& name, const std::string& where) {
    for (std::size_t v = 0; v < data.variables.size(); ++v) {
      if (data.variables[v].name == name) return v;
    }
    throw invalid_input(errc::unknown_column, where + ": unknown variable '" + name + "'");
  };
  std::vector<std::vector<std::string>> labels(data.variables.size());
  for (std::size_t v = 0; v < data.variables.size(); ++v) labels[v] = detail::labels_of(data, v);

  cell_system system;
  system.stat = data.stat;
  system.value_name = data.value ? data.value->name : "";
  system.rules = data.rules;

  // Outputs: variables, levels, filters.
  std::vector<std::size_t> refinement;  // variable indices
  std::vector<std::size_t> filter_variable;
  std::vector<std::int32_t> filter_category;
  struct resolved_output {
    std::vector<std::size_t> variables;
    std::vector<std::vector<detail::system_level>> levels;
    std::size_t filter = 0;  // index into system.filters when has_filter
    bool has_filter = false;
    bool equal = false;
  };
  std::vector<resolved_output> resolved;
  for (std::size_t o = 0; o < outputs.size(); ++o) {
    const output_spec& spec = outputs[o];
    const std::string where = "output '" + spec.name + "'";
    if (spec.name.empty()) throw invalid_input(errc::invalid_argument, "output " + std::to_string(o + 1) + " has no name");
    for (std::size_t p = 0; p < o; ++p) {
      if (outputs[p].name == spec.name) throw invalid_input(errc::invalid_argument, "two outputs are named '" + spec.name + "'");
    }
    if (spec.variables.empty() || spec.variables.size() > 4) {
      throw invalid_input(errc::invalid_argument, where + " needs 1 to 4 spanning variables, got " +
                                                      std::to_string(spec.variables.size()));
    }
    resolved_output r;
    for (const auto& name : spec.variables) {
      const std::size_t v = variable_index(name, where);
      if (std::find(r.variables.begin(), r.variables.end(), v) != r.variables.end()) {
        throw invalid_input(errc::invalid_argument, where + " lists '" + name + "' twice");
      }
      r.variables.push_back(v);
      r.levels.push_back(
          detail::levels_of(name, labels[v], detail::find_hierarchy(data, name), scan_codes(data.variables[v]).missing > 0));
      if (std::find(refinement.begin(), refinement.end(), v) == refinement.end()) refinement.push_back(v);
    }
    if (spec.filter) {
      const std::size_t v = variable_index(spec.filter->variable, where + ", filter");
      const auto found = std::find(labels[v].begin(), labels[v].end(), spec.filter->value);
      if (found == labels[v].end()) {
        throw invalid_input(errc::invalid_argument, where + ": the filter value '" + spec.filter->value +
                                                        "' does not occur in '" + spec.filter->variable + "'");
      }
      const auto category = static_cast<std::int32_t>(found - labels[v].begin());
      r.has_filter = true;
      r.equal = spec.filter->equal;
      r.filter = system.filters.size();
      for (std::size_t f = 0; f < system.filters.size(); ++f) {
        if (filter_variable[f] == v && filter_category[f] == category) r.filter = f;
      }
      if (r.filter == system.filters.size()) {
        system.filters.push_back(output_filter{spec.filter->variable, spec.filter->value, true});
        filter_variable.push_back(v);
        filter_category.push_back(category);
      }
    }
    resolved.push_back(std::move(r));
  }
  for (auto v : refinement) system.refinement_variables.push_back(data.variables[v].name);

  // Inner cells: the observed combinations, numbered in the order of their keys.
  const std::size_t n_keys = refinement.size() + system.filters.size();
  std::vector<std::int32_t> keys(n * n_keys);
  for (std::size_t i = 0; i < n; ++i) {
    std::int32_t* key = &keys[i * n_keys];
    for (std::size_t k = 0; k < refinement.size(); ++k) key[k] = data.variables[refinement[k]].category(i);
    for (std::size_t f = 0; f < system.filters.size(); ++f) {
      key[refinement.size() + f] = data.variables[filter_variable[f]].category(i) == filter_category[f] ? 1 : 0;
    }
  }
  std::map<std::vector<std::int32_t>, std::uint32_t> inner_of;
  for (std::size_t i = 0; i < n; ++i) inner_of.emplace(std::vector<std::int32_t>(&keys[i * n_keys], &keys[i * n_keys] + n_keys), 0);
  std::vector<std::vector<std::int32_t>> inner_keys;
  for (auto& entry : inner_of) {
    entry.second = static_cast<std::uint32_t>(inner_keys.size());
    inner_keys.push_back(entry.first);
  }
  const std::size_t n_inner = inner_keys.size();
  std::vector<std::int32_t> record_inner(n);
  for (std::size_t i = 0; i < n; ++i) {
    record_inner[i] = static_cast<std::int32_t>(
        inner_of.find(std::vector<std::int32_t>(&keys[i * n_keys], &keys[i * n_keys] + n_keys))->second);
  }
  system.inner.resize(n_inner);
  std::vector<std::string> inner_labels(n_inner);
  for (std::size_t r = 0; r < n_inner; ++r) {
    inner_cell& cell = system.inner[r];
    std::string text = "(";
    for (std::size_t k = 0; k < refinement.size(); ++k) {
      const std::int32_t c = inner_keys[r][k];
      cell.labels.push_back(c == missing_category ? std::string(missing_category_label) : labels[refinement[k]][static_cast<std::size_t>(c)]);
      text += (k ? ", " : "") + system.refinement_variables[k] + "=" + cell.labels.back();
    }
    for (std::size_t f = 0; f < system.filters.size(); ++f) {
      const bool in = inner_keys[r][refinement.size() + f] == 1;
      cell.in_filter.push_back(in);
      output_filter shown = system.filters[f];
      shown.equal = in;
      text += ", " + describe(shown);
    }
    cell.description = text + ")";
    inner_labels[r] = cell.description;
  }

  // Cells, identified by their inner cells.
  std::map<std::vector<std::uint32_t>, std::size_t> cell_of;
  auto add_cell = [&](std::vector<std::uint32_t> inner, const table_cell& source, const cell_verdict& verdict,
                      bool hidden, const std::string& description) {
    if (!inner.empty()) {
      auto found = cell_of.find(inner);
      if (found != cell_of.end()) {
        detail::merge_verdict(system.cells[found->second].verdict, verdict);
        return found->second;
      }
    }
    system_cell cell;
    cell.value = std::isnan(source.value) ? 0.0 : source.value;
    cell.evidence = source.evidence;
    cell.verdict = verdict;
    cell.hidden = hidden;
    cell.description = description;
    cell.inner = inner;
    system.negative_contributions |= source.evidence.n_negative > 0 || cell.value < 0;
    const std::size_t id = system.cells.size();
    system.cells.push_back(std::move(cell));
    if (!inner.empty()) cell_of.emplace(std::move(inner), id);
    return id;
  };

  // Inner cells' records satisfy a filter (or its complement).
  auto passes = [&](std::size_t r, const resolved_output& out, bool complement) {
    if (!out.has_filter) return !complement;
    const bool equal = inner_keys[r][refinement.size() + out.filter] == 1;
    return (equal == out.equal) != complement;
  };
  auto build_output = [&](std::size_t o, bool complement, system_output* shown) {
    const resolved_output& out = resolved[o];
    std::vector<std::size_t> records;
    for (std::size_t i = 0; i < n; ++i) {
      if (passes(static_cast<std::size_t>(record_inner[i]), out, complement)) records.push_back(i);
    }
    if (records.empty()) {
      if (complement) return;
      throw invalid_input(errc::empty_input, "output '" + outputs[o].name + "': the filter " +
                                                 describe(*outputs[o].filter) + " leaves no records");
    }
    const detail::record_subset subset = detail::gather(data, std::move(records));
    std::string prefix = "output '" + outputs[o].name + "'";
    if (complement) {
      output_filter negated = *outputs[o].filter;
      negated.equal = !negated.equal;
      prefix = "complement of " + prefix + " (" + describe(negated) + ")";
    }
    std::map<std::vector<std::string>, bool> listed;
    const std::size_t n_dims = out.variables.size();
    detail::for_each_level_combination(out.levels, [&](const std::vector<std::size_t>& pick) {
      std::vector<const detail::system_level*> levels(n_dims);
      for (std::size_t d = 0; d < n_dims; ++d) levels[d] = &out.levels[d][pick[d]];
      std::vector<std::vector<std::int32_t>> codes;
      const table t = detail::build_subset_table(data, subset, out.variables, levels, codes);
      const table_check check = check_table(t, data.rules);
      // The inner cells of every table cell: each inner cell of the subset lies in its
      // interior cell and every margin of it.
      std::vector<std::vector<std::uint32_t>> members(t.cells.size());
      std::vector<std::int32_t> coords(n_dims);
      for (std::size_t r = 0; r < n_inner; ++r) {
        if (!passes(r, out, complement)) continue;
        for (std::size_t d = 0; d < n_dims; ++d) {
          const auto k = static_cast<std::size_t>(std::find(refinement.begin(), refinement.end(), out.variables[d]) -
                                                  refinement.begin());
          const std::int32_t c = inner_keys[r][k];
          coords[d] = c == missing_category ? static_cast<std::int32_t>(t.dimensions[d].labels.size() - 1)
                                            : levels[d]->group[static_cast<std::size_t>(c)];
        }
        for (unsigned pattern = 0; pattern < (1u << n_dims); ++pattern) {
          std::vector<std::int32_t> projected = coords;
          for (std::size_t d = 0; d < n_dims; ++d) {
            if (pattern & (1u << d)) projected[d] = margin_coordinate;
          }
          members[t.index_of(projected)].push_back(static_cast<std::uint32_t>(r));
        }
      }
      for (std::size_t i = 0; i < t.cells.size(); ++i) {
        const table_cell& cell = t.cells[i];
        // An empty complement cell is a known zero, not a hidden cell.
        if (complement && members[i].empty()) continue;
        output_cell shown_cell;
        std::vector<std::string> key;
        for (std::size_t d = 0; d < n_dims; ++d) {
          const bool total = cell.coords[d] == margin_coordinate;
          shown_cell.labels.push_back(total ? std::string("Total") : t.dimensions[d].labels[static_cast<std::size_t>(cell.coords[d])]);
          shown_cell.levels.push_back(total ? total_level : levels[d]->level);
          key.push_back(std::to_string(shown_cell.levels.back()) + ":" + shown_cell.labels.back());
        }
        if (!listed.emplace(key, true).second) {
          // The same cell of this output seen at another level combination (a margin): its
          // verdict there may differ (class disclosure), so keep the worst.
          auto found = cell_of.find(members[i]);
          if (found != cell_of.end()) detail::merge_verdict(system.cells[found->second].verdict, check.cells[i]);
          continue;
        }
        shown_cell.cell = add_cell(std::move(members[i]), cell, check.cells[i], complement,
                                   prefix + " " + t.describe(cell));
        if (shown) shown->cells.push_back(std::move(shown_cell));
      }
    });
  };
  for (std::size_t o = 0; o < outputs.size(); ++o) {
    system_output shown;
    shown.spec = outputs[o];
    for (const auto& levels : resolved[o].levels) {
      std::vector<output_level> used;
      for (const auto& level : levels) used.push_back(output_level{level.level, level.name});
      shown.levels.push_back(std::move(used));
    }
    build_output(o, false, &shown);
    system.outputs.push_back(std::move(shown));
  }
  for (std::size_t o = 0; o < outputs.size(); ++o) {
    if (resolved[o].has_filter) build_output(o, true, nullptr);
  }
  // Inner cells: one table over all records whose single dimension is the inner cell.
  {
    table_request request;
    categorical_view view;
    view.name = "inner cell";
    view.codes = record_inner.data();
    view.size = n;
    view.n_categories = static_cast<std::int32_t>(n_inner);
    request.dimensions.push_back(view);
    request.labels.push_back(inner_labels);
    request.stat = data.stat;
    request.value = data.value;
    request.weights = data.weights;
    if (data.unit) request.unit = *data.unit;
    if (data.holding) request.holding = *data.holding;
    request.weighting = data.rules.weighting;
    request.top_contributions = needed_top_contributions(data.rules);
    const table t = build_table(request);
    const table_check check = check_table(t, data.rules);
    for (std::size_t r = 0; r < n_inner; ++r) {
      system.inner[r].value = std::isnan(t.cells[r].value) ? 0.0 : t.cells[r].value;
      system.inner[r].n_records = t.cells[r].evidence.n_records;
      add_cell({static_cast<std::uint32_t>(r)}, t.cells[r], check.cells[r], true,
               "inner cell " + system.inner[r].description);
    }
  }
  for (auto& cell : system.cells) cell.primary = cell.verdict.status == cell_status::fail;

  std::vector<Eigen::Triplet<double>> triplets;
  for (std::size_t j = 0; j < system.cells.size(); ++j) {
    for (auto r : system.cells[j].inner) {
      triplets.emplace_back(static_cast<int>(r), static_cast<int>(j), 1.0);
    }
  }
  system.model_matrix.resize(static_cast<Eigen::Index>(n_inner), static_cast<Eigen::Index>(system.cells.size()));
  system.model_matrix.setFromTriplets(triplets.begin(), triplets.end());
  return system;
}

/// @brief (a) One table whose spanning variables may have hierarchies (data.hierarchies):
/// every level becomes subtotals.
inline cell_system table_system(const cell_system_data& data, const std::vector<std::string>& variables,
                                const std::string& name = "table") {
  return build_cell_system(data, {output_spec{name, variables, std::nullopt}});
}

/// @brief (b) Linked tables: several tables (different spanning-variable sets, same statistic)
/// of the same microdata; cells they share are one cell. Tables are named "table 1", ...
inline cell_system linked_tables_system(const cell_system_data& data,
                                        const std::vector<std::vector<std::string>>& tables) {
  std::vector<output_spec> outputs;
  for (std::size_t t = 0; t < tables.size(); ++t) {
    outputs.push_back(output_spec{"table " + std::to_string(t + 1), tables[t], std::nullopt});
  }
  return build_cell_system(data, outputs);
}

/// @brief The protection problem of a system: every cell is a column; hidden cells are never
/// published (forced suppressions), the failing ones are primary.
/// @param must_publish cells that must be published (empty: none)
inline protection_problem make_protection_problem(const cell_system& system,
                                                  const std::vector<bool>& must_publish = {}) {
  protection_problem problem;
  problem.model_matrix = system.model_matrix;
  // Inner cells are not all cells here: an inner cell can be 0 without a cell of value 0
  // showing it, so the zeros are named by the inner values.
  problem.inner_values.reserve(system.inner.size());
  for (const auto& inner : system.inner) problem.inner_values.push_back(inner.value);
  const std::size_t m = system.cells.size();
  problem.values.reserve(m);
  problem.frequencies.reserve(m);
  problem.primary.reserve(m);
  problem.must_suppress.assign(m, false);
  for (std::size_t i = 0; i < m; ++i) {
    const auto& cell = system.cells[i];
    problem.values.push_back(cell.value);
    problem.frequencies.push_back(static_cast<double>(cell.evidence.n_contributors));
    problem.primary.push_back(cell.primary);
    problem.must_suppress[i] = cell.hidden && !cell.primary;
  }
  if (!must_publish.empty()) {
    if (must_publish.size() != m) {
      throw invalid_input(errc::length_mismatch, "must_publish has " + std::to_string(must_publish.size()) +
                                                     " flags for a system of " + std::to_string(m) + " cells");
    }
    for (std::size_t i = 0; i < m; ++i) {
      if (must_publish[i] && system.cells[i].hidden) {
        throw invalid_input(errc::invalid_argument, "cell " + system.cells[i].description +
                                                        " is hidden (no output publishes it) and cannot be published");
      }
    }
    problem.must_publish = must_publish;
  }
  return problem;
}

/// @brief Gauss options for a system: zeros are known only without negative contributions.
inline gauss_options system_gauss_options(const cell_system& system, gauss_options options = {}) {
  if (system.negative_contributions) options.zeros_known = false;
  return options;
}

/// @brief Cells of an audit sub-problem: the columns kept and the problem over them.
struct system_audit_problem {
  std::vector<std::size_t> cells;  ///< column -> cell of the system
  audit_problem problem;
};

/// @brief An audit problem over the published cells and the given suppressed ones: the
/// published cells are fixed, `suppressed` cells get intervals. Hidden cells not listed in
/// `suppressed` are left out (they constrain nothing).
/// @param published per cell, whether it is published (hidden cells never are)
/// @param suppressed per cell, whether to compute its interval
inline system_audit_problem make_audit_problem(const cell_system& system, const std::vector<bool>& published,
                                               const std::vector<bool>& suppressed) {
  const std::size_t m = system.cells.size();
  if (published.size() != m || suppressed.size() != m) {
    throw invalid_input(errc::length_mismatch, "the flags do not match the " + std::to_string(m) + " cells of the system");
  }
  system_audit_problem out;
  std::vector<Eigen::Triplet<double>> triplets;
  for (std::size_t i = 0; i < m; ++i) {
    const bool is_published = published[i] && !system.cells[i].hidden;
    if (!is_published && !suppressed[i]) continue;
    const auto column = static_cast<int>(out.cells.size());
    out.cells.push_back(i);
    for (auto r : system.cells[i].inner) triplets.emplace_back(static_cast<int>(r), column, 1.0);
    out.problem.values.push_back(system.cells[i].value);
    out.problem.suppressed.push_back(!is_published);
    out.problem.primary.push_back(system.cells[i].primary);
  }
  out.problem.model_matrix.resize(static_cast<Eigen::Index>(system.inner.size()),
                                  static_cast<Eigen::Index>(out.cells.size()));
  out.problem.model_matrix.setFromTriplets(triplets.begin(), triplets.end());
  return out;
}

/// @brief Required protection (both sides) of cells of a system from the dominance rules, as
/// protection_levels_from_rules gives them for a table's cells: 0 for counts and for cells no
/// rule applies to.
/// @param cells the cells wanted, in the order of the result (e.g. system_audit_problem::cells)
/// @throws invalid_input for a cell outside the system.
inline std::vector<double> protection_levels(const cell_system& system, const table_rules& rules,
                                             const std::vector<std::size_t>& cells) {
  // The rules read a cell's value and evidence only: a table of the wanted cells is enough.
  table chosen;
  chosen.stat = system.stat;
  chosen.cells.reserve(cells.size());
  for (const auto i : cells) {
    if (i >= system.cells.size()) {
      throw invalid_input(errc::invalid_argument, "cell " + std::to_string(i) + " is not a cell of the system (" +
                                                  std::to_string(system.cells.size()) + " cells)");
    }
    table_cell cell;
    cell.value = system.cells[i].value;
    cell.evidence = system.cells[i].evidence;
    chosen.cells.push_back(std::move(cell));
  }
  return protection_levels_from_rules(chosen, rules);
}

/// @brief Required protection of every cell of a system (see the overload above).
inline std::vector<double> protection_levels(const cell_system& system, const table_rules& rules) {
  std::vector<std::size_t> all(system.cells.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  return protection_levels(system, rules, all);
}

/// @brief What an intruder recovers by subtraction from outputs published as they are.
struct differencing_report {
  /// The interval of every hidden cell (and every suppressed output cell), `cell_interval::cell`
  /// being the position in cell_system::cells.
  std::vector<cell_interval> intervals;
  /// Hidden cells computed exactly.
  std::vector<std::size_t> recovered;
  /// Recovered hidden cells that fail the primary rules: disclosures by differencing.
  std::vector<std::size_t> disclosed;
};

/// @brief Finds the hidden cells an intruder recovers exactly from the published cells
/// (linear programs over the inner cells, bounds `y >= 0` without negative contributions).
/// @param published per cell; empty: every cell of every output is published as it is
/// @note Calls audit_suppression (link `sdc::solver`).
inline differencing_report find_recovered_cells(const cell_system& system, std::vector<bool> published = {},
                                                audit_options options = {}) {
  const std::size_t m = system.cells.size();
  if (published.empty()) {
    published.assign(m, false);
    for (std::size_t i = 0; i < m; ++i) published[i] = !system.cells[i].hidden;
  }
  if (published.size() != m) {
    throw invalid_input(errc::length_mismatch, "the publication flags do not match the " + std::to_string(m) +
                                                   " cells of the system");
  }
  std::vector<bool> suppressed(m);
  for (std::size_t i = 0; i < m; ++i) suppressed[i] = system.cells[i].hidden || !published[i];
  const system_audit_problem sub = make_audit_problem(system, published, suppressed);
  if (system.negative_contributions) options.nonnegative = false;
  differencing_report report;
  const audit_result result = audit_suppression(sub.problem, options);
  for (cell_interval interval : result.cells) {
    interval.cell = sub.cells[interval.cell];
    if (system.cells[interval.cell].hidden && interval.exact) {
      report.recovered.push_back(interval.cell);
      if (system.cells[interval.cell].primary) report.disclosed.push_back(interval.cell);
    }
    report.intervals.push_back(interval);
  }
  return report;
}

}  // namespace sdc
