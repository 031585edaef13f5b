// SPDX-License-Identifier: MIT
// Cell systems in the CLI (see protect_systems.hpp and docs/protection.md).
#include "cli/protect_systems.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "sdc/core/config.hpp"
#include "sdc/io/read_table.hpp"
#include "sdc/risk/hierarchy.hpp"
#include "sdc/tables/audit.hpp"
#include "sdc/tables/cell_system.hpp"
#include "sdc/tables/gauss_suppression.hpp"
#include "sdc/tables/profiles.hpp"
#include "sdc/tables/protect.hpp"
#include "sdc/tables/protection_options.hpp"

namespace sdc::cli {
namespace {

using json = nlohmann::ordered_json;

std::string read_text(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw io_failure(errc::io_error, "cannot open the " + what + " '" + path + "'");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string directory_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

/// A path of the project file, relative to the project file's folder unless absolute.
std::string project_relative(const std::string& project, const std::string& path) {
  if (path.empty() || path.front() == '/') return path;
  return directory_of(project) + path;
}

std::string string_field(const json& object, const char* key, const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if (!it->is_string()) throw invalid_input(errc::parse_error, where + ": \"" + key + "\" must be a string");
  return it->get<std::string>();
}

/// What a project file (or the command line) asks for.
struct project {
  std::string data_path;
  std::string stat, value;
  std::vector<std::pair<std::string, std::string>> hierarchies;  // variable, file
  std::vector<output_spec> outputs;
};

project read_project(const protect_options& options) {
  project p;
  p.data_path = options.data;
  p.stat = options.stat;
  p.value = options.value;
  if (options.project_path.empty()) {
    output_spec spec;
    spec.name = "table";
    spec.variables = spanning_names(options);
    if (spec.variables.empty()) throw invalid_input(errc::invalid_argument, "give --rows (or --project)");
    p.outputs.push_back(spec);
  } else {
    if (!options.rows.empty() || !options.cols.empty()) {
      throw invalid_input(errc::invalid_argument,
                          "--rows/--cols and --project exclude each other: the project names each output's variables");
    }
    const std::string& path = options.project_path;
    json doc;
    try {
      doc = json::parse(read_text(path, "project file"));
    } catch (const json::parse_error& e) {
      throw invalid_input(errc::parse_error, "project file '" + path + "' is not valid JSON: " + e.what());
    }
    const std::string where = "project file '" + path + "'";
    if (!doc.is_object()) throw invalid_input(errc::parse_error, where + " must hold a JSON object");
    for (auto it = doc.begin(); it != doc.end(); ++it) {
      static const std::vector<std::string> known = {"data", "statistic", "value", "hierarchies", "outputs"};
      if (std::find(known.begin(), known.end(), it.key()) == known.end()) {
        throw invalid_input(errc::parse_error, where + ": unknown key \"" + it.key() +
                                                   "\" (expected data, statistic, value, hierarchies, outputs)");
      }
    }
    const std::string data = string_field(doc, "data", where);
    if (!data.empty() && p.data_path.empty()) p.data_path = project_relative(path, data);
    const std::string stat = string_field(doc, "statistic", where);
    // --stat has the default count: a different --stat was given on purpose.
    if (!stat.empty() && options.stat != "count" && stat != options.stat) {
      throw invalid_input(errc::invalid_argument, "--stat " + options.stat + " contradicts the project's statistic '" +
                                                      stat + "'");
    }
    if (!stat.empty()) p.stat = stat;
    const std::string value = string_field(doc, "value", where);
    if (!value.empty()) p.value = value;
    if (doc.contains("hierarchies")) {
      const json& h = doc["hierarchies"];
      if (!h.is_object()) throw invalid_input(errc::parse_error, where + ": \"hierarchies\" must map variables to files");
      for (auto it = h.begin(); it != h.end(); ++it) {
        if (!it.value().is_string()) {
          throw invalid_input(errc::parse_error, where + ": the hierarchy of '" + it.key() + "' must be a file name");
        }
        p.hierarchies.emplace_back(it.key(), project_relative(path, it.value().get<std::string>()));
      }
    }
    if (!doc.contains("outputs") || !doc["outputs"].is_array() || doc["outputs"].empty()) {
      throw invalid_input(errc::parse_error, where + " needs a non-empty list \"outputs\"");
    }
    std::optional<std::pair<std::string, std::string>> first_stat;
    for (std::size_t o = 0; o < doc["outputs"].size(); ++o) {
      const json& out = doc["outputs"][o];
      const std::string at = where + ", output " + std::to_string(o + 1);
      if (!out.is_object()) throw invalid_input(errc::parse_error, at + " must be an object");
      for (auto it = out.begin(); it != out.end(); ++it) {
        static const std::vector<std::string> known = {"name", "variables", "filter", "statistic", "value"};
        if (std::find(known.begin(), known.end(), it.key()) == known.end()) {
          throw invalid_input(errc::parse_error, at + ": unknown key \"" + it.key() +
                                                     "\" (expected name, variables, filter, statistic, value)");
        }
      }
      output_spec spec;
      spec.name = string_field(out, "name", at);
      if (spec.name.empty()) throw invalid_input(errc::parse_error, at + " needs a \"name\"");
      if (!out.contains("variables") || !out["variables"].is_array()) {
        throw invalid_input(errc::parse_error, at + " needs a list \"variables\"");
      }
      for (const auto& v : out["variables"]) {
        if (!v.is_string()) throw invalid_input(errc::parse_error, at + ": \"variables\" must list names");
        spec.variables.push_back(v.get<std::string>());
      }
      if (out.contains("filter") && !out["filter"].is_null()) {
        const json& f = out["filter"];
        const std::string fat = at + ", filter";
        if (!f.is_object()) throw invalid_input(errc::parse_error, fat + " must be an object");
        output_filter filter;
        filter.variable = string_field(f, "variable", fat);
        const bool has_equal = f.contains("equal"), has_not = f.contains("not_equal");
        if (filter.variable.empty() || has_equal == has_not) {
          throw invalid_input(errc::parse_error,
                              fat + " needs \"variable\" and exactly one of \"equal\" and \"not_equal\"");
        }
        const json& v = f[has_equal ? "equal" : "not_equal"];
        if (v.is_string()) {
          filter.value = v.get<std::string>();
        } else if (v.is_number_integer()) {
          filter.value = std::to_string(v.get<long long>());
        } else {
          throw invalid_input(errc::parse_error, fat + ": the value must be a string (a category label)");
        }
        filter.equal = has_equal;
        spec.filter = filter;
      }
      // One statistic for all outputs: cells of a count and of a sum are not additive together.
      const std::string out_stat = string_field(out, "statistic", at);
      const std::string out_value = string_field(out, "value", at);
      const std::string s = out_stat.empty() ? p.stat : out_stat;
      const std::string v = out_value.empty() ? p.value : out_value;
      if (first_stat && (first_stat->first != s || first_stat->second != v)) {
        throw invalid_input(errc::invalid_argument,
                            at + " ('" + spec.name + "') asks for " + s + (v.empty() ? "" : " of " + v) +
                                " but an earlier output for " + first_stat->first +
                                (first_stat->second.empty() ? "" : " of " + first_stat->second) +
                                ": the outputs of one project share the statistic and its value variable");
      }
      first_stat = std::make_pair(s, v);
      p.outputs.push_back(spec);
    }
    p.stat = first_stat->first;
    p.value = first_stat->second;
  }
  for (const auto& spec : options.hierarchies) {
    const auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
      throw invalid_input(errc::invalid_argument, "--hierarchy expects VARIABLE=FILE, got '" + spec + "'");
    }
    const std::string variable = spec.substr(0, eq);
    p.hierarchies.erase(std::remove_if(p.hierarchies.begin(), p.hierarchies.end(),
                                       [&](const auto& h) { return h.first == variable; }),
                        p.hierarchies.end());
    p.hierarchies.emplace_back(variable, spec.substr(eq + 1));
  }
  if (p.data_path.empty()) throw invalid_input(errc::invalid_argument, "give the microdata (--data)");
  return p;
}

/// The system and what it was built from (the dataset owns the columns the views point to).
struct loaded_system {
  io::dataset data;
  table_rules rules;
  project spec;
  cell_system system;
  std::string title;
};

std::unique_ptr<loaded_system> load_system(const protect_options& options) {
  auto loaded = std::make_unique<loaded_system>();
  loaded->rules = resolve_rules(options);
  loaded->spec = read_project(options);
  const project& p = loaded->spec;
  loaded->data = io::read_data_file(p.data_path, csv_options_of(options));
  const io::dataset& data = loaded->data;
  cell_system_data in;
  std::vector<std::string> names;
  auto use = [&](const std::string& name) {
    if (std::find(names.begin(), names.end(), name) != names.end()) return;
    names.push_back(name);
    in.variables.push_back(data.categorical(name));
    in.labels.push_back(data.column(name).categories.labels);
  };
  for (const auto& out : p.outputs) {
    for (const auto& v : out.variables) use(v);
    if (out.filter) use(out.filter->variable);
  }
  for (const auto& [variable, file] : p.hierarchies) {
    in.hierarchies.push_back(hierarchy_from_text(read_text(file, "hierarchy file of '" + variable + "'"), ';', variable));
  }
  in.stat = statistic_from_string(p.stat);
  if (in.stat != statistic::count && in.stat != statistic::sum) {
    throw invalid_input(errc::invalid_argument,
                        "secondary suppression and audit need a count or sum, not " + std::string(to_string(in.stat)));
  }
  if (!p.value.empty()) in.value = data.numeric(p.value);
  if (in.stat == statistic::sum && p.value.empty()) {
    throw invalid_input(errc::invalid_argument, "the statistic sum needs a value variable (--value or \"value\")");
  }
  if (!options.weights.empty()) in.weights = data.numeric(options.weights);
  if (!options.unit.empty()) in.unit = data.categorical(options.unit);
  if (!options.holding.empty()) in.holding = data.categorical(options.holding);
  in.rules = loaded->rules;
  loaded->system = build_cell_system(in, p.outputs);
  loaded->title = fmt::format("{}{}, {} output{} ({} records of {})", p.stat,
                              p.value.empty() || in.stat == statistic::count ? "" : " of " + p.value,
                              p.outputs.size(), p.outputs.size() == 1 ? "" : "s", data.n_rows(), p.data_path);
  return loaded;
}

/// The suppression pattern of a CSV in the layout `sdc protect --project/--hierarchy --csv`
/// writes: `output`, the outputs' spanning variables (labels, "Total" for a margin; the columns
/// an output does not use are ignored for it) and `status` (published, primary, secondary or
/// suppressed; the verdicts ok, review and fail count as published). Every cell of every output
/// needs a row, and a cell shown several times (shared by outputs, or at two hierarchy levels)
/// must have one status. Returns per cell of the system whether it is suppressed (hidden cells:
/// false).
std::vector<bool> read_system_pattern(const std::string& path, const cell_system& system, const io::csv_options& csv) {
  io::csv_options options = csv;
  options.missing_values = {};
  const auto data = io::read_data_file(path, options);
  auto text = [&](const std::string& column, std::size_t row) {
    const factorized_column& c = data.column(column).categories;
    const std::int32_t code = c.codes[row];
    return code < 0 ? std::string() : c.labels[static_cast<std::size_t>(code)];
  };
  // Per output: labels -> the cells shown with them (a label tuple can name one cell at two
  // hierarchy levels).
  std::map<std::string, std::size_t> output_of;
  std::vector<std::map<std::vector<std::string>, std::vector<std::size_t>>> cells_of(system.outputs.size());
  for (std::size_t o = 0; o < system.outputs.size(); ++o) {
    output_of[system.outputs[o].spec.name] = o;
    for (const auto& cell : system.outputs[o].cells) {
      auto& ids = cells_of[o][cell.labels];
      if (std::find(ids.begin(), ids.end(), cell.cell) == ids.end()) ids.push_back(cell.cell);
    }
  }
  const std::size_t m = system.cells.size();
  std::vector<int> state(m, -1);  // -1 no row, 0 published, 1 suppressed
  std::vector<std::size_t> first_row(m, 0);
  for (std::size_t row = 0; row < data.n_rows(); ++row) {
    const std::string where = "pattern file '" + path + "', row " + std::to_string(row + 2);
    const std::string name = text("output", row);
    const auto o = output_of.find(name);
    if (o == output_of.end()) throw invalid_input(errc::invalid_argument, where + ": no output named '" + name + "'");
    const system_output& out = system.outputs[o->second];
    std::vector<std::string> labels;
    std::string described;
    for (const auto& v : out.spec.variables) {
      labels.push_back(text(v, row));
      described += (described.empty() ? "" : ", ") + v + "=" + labels.back();
    }
    const auto found = cells_of[o->second].find(labels);
    if (found == cells_of[o->second].end()) {
      throw invalid_input(errc::invalid_argument,
                          where + ": output '" + name + "' has no cell (" + described + ")");
    }
    if (found->second.size() != 1) {
      throw invalid_input(errc::invalid_argument, where + ": (" + described + ") names several cells of output '" +
                                                      name + "' (hierarchy levels sharing a label)");
    }
    const std::size_t cell = found->second.front();
    const std::string status = text("status", row);
    int suppressed = 0;
    if (status == "primary" || status == "secondary" || status == "suppressed") {
      suppressed = 1;
    } else if (status != "published" && status != "ok" && status != "review" && status != "fail") {
      throw invalid_input(errc::invalid_argument, where + ": unknown status '" + status +
                                                      "' (expected published, primary, secondary or suppressed)");
    }
    if (state[cell] >= 0 && state[cell] != suppressed) {
      throw invalid_input(errc::invalid_argument,
                          where + ": cell " + system.cells[cell].description + " is " +
                              (suppressed ? "suppressed" : "published") + " here but " +
                              (suppressed ? "published" : "suppressed") + " in row " + std::to_string(first_row[cell] + 2));
    }
    if (state[cell] < 0) first_row[cell] = row;
    state[cell] = suppressed;
  }
  std::vector<std::size_t> missing;
  std::vector<bool> suppressed(m, false);
  for (std::size_t i = 0; i < m; ++i) {
    if (system.cells[i].hidden) continue;
    if (state[i] < 0) missing.push_back(i);
    suppressed[i] = state[i] == 1;
  }
  if (!missing.empty()) {
    throw invalid_input(errc::invalid_argument,
                        "pattern file '" + path + "' has no row for " + describe_cells(system, missing));
  }
  return suppressed;
}

gauss_options system_gauss(const protect_options& options, const cell_system& system) {
  return system_gauss_options(system, gauss_options_of(options, system.stat));
}

struct system_protection {
  gauss_options gauss;
  std::optional<interval_summary> intervals;  // gauss on sums: the interval check (protect.hpp)
  std::optional<optimal_options> optimal_settings;
  std::optional<optimal_result> optimal;
  protection_result result;
  std::string label;  // for reports
};

/// Protection of the system; with --pattern the pattern's suppressions are forced (the protection
/// starts from it and adds what it lacks). The gauss method runs the core's protection step with
/// `intervals` (as `sdc protect`, also before `sdc audit` without --pattern).
system_protection protect(const protect_options& options, const cell_system& system, const table_rules& rules,
                          interval_mode intervals) {
  system_protection out;
  out.gauss = system_gauss(options, system);
  const std::vector<bool> must_suppress =
      options.pattern_path.empty() ? std::vector<bool>{}
                                   : read_system_pattern(options.pattern_path, system, csv_options_of(options));
  if (options.method == "gauss") {
    protect_step_result step = protect_system_with_intervals(system, rules, out.gauss, intervals, {}, must_suppress);
    out.result = std::move(step.protection);
    out.intervals = std::move(step.intervals);
    out.label = fmt::format("gauss (cost {}, singletons {})", to_string(out.gauss.cost), to_string(out.gauss.singletons));
    if (out.intervals) out.label += describe_intervals(*out.intervals);
  } else if (options.method == "optimal") {
    const protection_problem problem = make_protection_problem(system, {}, must_suppress);
    optimal_options settings = optimal_options_of(options, system.stat);
    settings.nonnegative = !system.negative_contributions;
    if (system.stat == statistic::sum) {
      settings.upper_protection = protection_levels(system, rules);
      settings.lower_protection = settings.upper_protection;
    }
    out.optimal = optimal_suppression(problem, settings);
    out.result = out.optimal->protection;
    out.label = describe_optimal(settings, *out.optimal);
    out.optimal_settings = settings;
  } else {
    throw invalid_input(errc::invalid_argument, "--method must be gauss or optimal, got '" + options.method + "'");
  }
  return out;
}

json method_json(const system_protection& protection) {
  if (!protection.optimal) {
    return {{"cost", to_string(protection.gauss.cost)},
            {"singletons", to_string(protection.gauss.singletons)},
            {"zeros_known", protection.gauss.zeros_known}};
  }
  const optimal_result& r = *protection.optimal;
  return {{"cost", to_string(protection.optimal_settings->cost)},
          {"time_limit_seconds", protection.optimal_settings->time_limit_seconds},
          {"proven_optimal", r.proven_optimal},
          {"solution_found", r.solution_found},
          {"objective", r.objective},
          {"bound", r.bound},
          {"started_from_gauss", r.started_from_gauss},
          {"nodes", r.n_nodes}};
}

/// Where each cell is first shown: (output, position in its cells), or none for hidden cells.
std::vector<std::pair<std::size_t, std::size_t>> first_appearance(const cell_system& system) {
  std::vector<std::pair<std::size_t, std::size_t>> where(system.cells.size(), {SIZE_MAX, SIZE_MAX});
  for (std::size_t o = 0; o < system.outputs.size(); ++o) {
    for (std::size_t k = 0; k < system.outputs[o].cells.size(); ++k) {
      auto& w = where[system.outputs[o].cells[k].cell];
      if (w.first == SIZE_MAX) w = {o, k};
    }
  }
  return where;
}

json coords_json(const system_output& out, const output_cell& cell) {
  json coords = json::object();
  for (std::size_t d = 0; d < out.spec.variables.size(); ++d) {
    coords[out.spec.variables[d]] = cell.levels[d] == total_level ? json(nullptr) : json(cell.labels[d]);
  }
  return coords;
}

/// The hierarchy level of each coordinate (null for a margin).
json levels_json(const system_output& out, const output_cell& cell) {
  json levels = json::object();
  for (std::size_t d = 0; d < out.spec.variables.size(); ++d) {
    levels[out.spec.variables[d]] = cell.levels[d] == total_level ? json(nullptr) : json(cell.levels[d]);
  }
  return levels;
}

std::string describe_output_cell(const system_output& out, const output_cell& cell) {
  std::string text = "'" + out.spec.name + "' (";
  for (std::size_t d = 0; d < out.spec.variables.size(); ++d) {
    text += (d ? ", " : "") + out.spec.variables[d] + "=" + cell.labels[d];
  }
  return text + ")";
}

/// A cell for messages and JSON: its first output cell, or its description when hidden.
std::string describe_cell(const cell_system& system, const std::vector<std::pair<std::size_t, std::size_t>>& where,
                          std::size_t cell) {
  if (where[cell].first == SIZE_MAX) return system.cells[cell].description;
  const auto& out = system.outputs[where[cell].first];
  return describe_output_cell(out, out.cells[where[cell].second]);
}

json reasons_json(const cell_verdict& verdict) {
  json reasons = json::array();
  for (const auto& r : verdict.reasons) reasons.push_back(to_string(r.code));
  return reasons;
}

json filter_json(const output_spec& spec) {
  if (!spec.filter) return nullptr;
  return {{"variable", spec.filter->variable}, {spec.filter->equal ? "equal" : "not_equal", spec.filter->value}};
}

json header_json(const loaded_system& loaded) {
  json report;
  report["statistic"] = loaded.spec.stat;
  report["value"] = loaded.spec.value.empty() ? json(nullptr) : json(loaded.spec.value);
  json rule_json = json::object();
  for (const auto& [name, value] : rule_settings(loaded.rules)) rule_json[name] = value;
  rule_json["source"] = loaded.rules.source;
  report["rules"] = rule_json;
  const cell_system& system = loaded.system;
  json filters = json::array();
  for (const auto& f : system.filters) filters.push_back(describe(f));
  report["refinement"] = {{"variables", system.refinement_variables},
                          {"filters", filters},
                          {"inner_cells", system.inner.size()}};
  return report;
}

void write_file(const std::string& path, const std::string& what, const std::function<void(std::ostream&)>& writer) {
  std::ofstream out(path);
  if (!out) throw io_failure(errc::io_error, "cannot write the " + what + " to '" + path + "'");
  writer(out);
}

std::string csv_quote(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string format_value(double x) {
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  if (x == std::floor(x) && std::abs(x) < 1e15) return fmt::format("{:.0f}", x);
  return fmt::format("{:.6g}", x);
}

json bound_json(double x) { return std::isinf(x) ? json(nullptr) : json(x); }

/// Every output's cells as CSV: output, the union of the variables ("Total" for a margin,
/// empty where the output does not use the variable), the value (empty when suppressed), status.
void write_system_csv(std::ostream& out, const cell_system& system, const protection_result& result) {
  std::vector<std::string> variables;
  for (const auto& o : system.outputs) {
    for (const auto& v : o.spec.variables) {
      if (std::find(variables.begin(), variables.end(), v) == variables.end()) variables.push_back(v);
    }
  }
  out << "output";
  for (const auto& v : variables) out << ',' << csv_quote(v);
  out << ',' << to_string(system.stat) << ",status\n";
  for (const auto& o : system.outputs) {
    for (const auto& cell : o.cells) {
      out << csv_quote(o.spec.name);
      for (const auto& v : variables) {
        out << ',';
        const auto it = std::find(o.spec.variables.begin(), o.spec.variables.end(), v);
        if (it != o.spec.variables.end()) out << csv_quote(cell.labels[static_cast<std::size_t>(it - o.spec.variables.begin())]);
      }
      const bool published = result.status[cell.cell] == cell_protection::published;
      out << ',' << (published ? format_value(system.cells[cell.cell].value) : std::string()) << ','
          << to_string(result.status[cell.cell]) << '\n';
    }
  }
}

void print_outputs(std::ostream& out, const cell_system& system, const protection_result& result) {
  for (const auto& o : system.outputs) {
    out << fmt::format("\noutput '{}': {}{}\n", o.spec.name, fmt::join(o.spec.variables, " x "),
                       o.spec.filter ? " where " + describe(*o.spec.filter) : std::string());
    for (const auto& cell : o.cells) {
      const bool published = result.status[cell.cell] == cell_protection::published;
      // Coarser levels are marked with their name: "AB [level 1]".
      std::vector<std::string> shown = cell.labels;
      for (std::size_t d = 0; d < shown.size(); ++d) {
        if (cell.levels[d] == 0 || cell.levels[d] == total_level) continue;
        for (const auto& level : o.levels[d]) {
          if (level.level == cell.levels[d]) shown[d] += " [" + level.name + "]";
        }
      }
      out << fmt::format("  {:<44} {:>12}  {}\n", fmt::format("{}", fmt::join(shown, " | ")),
                         published ? format_value(system.cells[cell.cell].value) : std::string("x"),
                         published ? std::string() : std::string(to_string(result.status[cell.cell])));
    }
  }
}

}  // namespace

void add_method_options(CLI::App* command, protect_options& options) {
  command->add_option("--method", options.method,
                      "Secondary suppression: gauss (elimination, fast, handles singletons) or optimal (least total "
                      "cost by mixed-integer programming, COIN-OR Cbc; small tables)")
      ->capture_default_str();
  command->add_option("--time-limit", options.time_limit,
                      "Seconds the optimal method may search (the best pattern found so far is used after that)")
      ->capture_default_str();
  command->add_option("--threads", options.threads,
                      "Threads the gauss method may use on large tables (0: every core; the pattern is the same)")
      ->capture_default_str();
  command->add_flag("--progress", options.progress,
                    "Report on stderr how far the gauss method is (cells decided, basis entries): large 3-D and "
                    "4-D tables take minutes");
  command->add_option("--max-basis-entries", options.max_basis_entries,
                      "Most entries the gauss method's null-space bases may hold before it stops with an error "
                      "(about 40 bytes each; 0: three quarters of the physical memory)")
      ->check(CLI::NonNegativeNumber)  // a size_t would take "-1" as 2^64 - 1, no limit at all
      ->capture_default_str();
}

gauss_options gauss_options_of(const protect_options& options, statistic stat) {
  gauss_options gauss = make_gauss_options(options.cost, options.singletons, !options.zeros_unknown, stat);
  gauss.threads = options.threads;
  gauss.max_basis_entries = options.max_basis_entries;
  if (options.progress) {
    // The core reports every 64 steps (for interrupts); a line is printed when the tenth of a
    // percent decided changes or 10 seconds passed (the late steps of a large table are slow),
    // on a terminal each line overwriting the last.
    const bool terminal = isatty(fileno(stderr)) != 0;
    struct printed {
      long permille = -1;
      std::chrono::steady_clock::time_point at{};
    };
    auto last = std::make_shared<printed>();
    gauss.progress = [terminal, last](const gauss_progress& p) {
      const double fraction =
          p.steps == 0 ? 1.0 : static_cast<double>(p.steps_done) / static_cast<double>(p.steps);
      const long permille = static_cast<long>(fraction * 1000.0);
      const auto now = std::chrono::steady_clock::now();
      const bool done = p.steps_done == p.steps;
      if (!done && permille == last->permille && now - last->at < std::chrono::seconds(10)) return;
      last->permille = permille;
      last->at = now;
      fmt::print(stderr, "{}gauss: {:5.1f}% of cells decided ({} of {}), {} basis entries{}", terminal ? "\r" : "",
                 100.0 * fraction, p.steps_done, p.steps, p.basis_entries, terminal && !done ? "" : "\n");
      std::fflush(stderr);
    };
  }
  return gauss;
}

optimal_options optimal_options_of(const protect_options& options, statistic stat) {
  optimal_options settings;
  settings.cost = suppression_cost_for(options.cost, stat);
  settings.time_limit_seconds = options.time_limit;
  return settings;
}

std::string describe_optimal(const optimal_options& options, const optimal_result& result) {
  return fmt::format("optimal (cost {}, {}, {} nodes)", to_string(options.cost),
                     result.proven_optimal    ? std::string("proven optimal")
                     : result.solution_found ? fmt::format("time limit reached, bound {}", format_value(result.bound))
                                             : std::string("no pattern found"),
                     result.n_nodes);
}

void add_system_options(CLI::App* command, protect_options& options) {
  command->get_option("--rows")->required(false);
  command->add_option("--hierarchy", options.hierarchies,
                      "VARIABLE=FILE: a hierarchy of a spanning variable (ARX format: value;level 1;...;*); every "
                      "level becomes subtotals (repeatable)");
  command->add_option("--project", options.project_path,
                      "JSON file listing several outputs of the same microdata (name, variables, optional filter, "
                      "statistic, value), protected jointly (docs/protection.md)");
}

int run_protect_system(const protect_options& options) {
  const auto loaded = load_system(options);
  const cell_system& system = loaded->system;
  const system_protection protection =
      protect(options, system, loaded->rules, interval_mode_from_string(options.intervals));
  const protection_result& result = protection.result;
  const auto where = first_appearance(system);

  std::size_t published = 0, primary = 0, secondary = 0, hidden = 0, hidden_primary = 0;
  const table_status status = protection_status(result, system);
  for (std::size_t i = 0; i < system.cells.size(); ++i) {
    const auto& cell = system.cells[i];
    if (cell.hidden) {
      ++hidden;
      hidden_primary += cell.primary;
      continue;
    }
    published += result.status[i] == cell_protection::published;
    primary += result.status[i] == cell_protection::primary;
    secondary += result.status[i] == cell_protection::secondary;
  }
  std::cout << "sdc protect: " << loaded->title << "\n"
            << fmt::format("cell system: {} cells ({} published by the outputs, {} hidden of which {} fail the rules), "
                           "{} inner cells over {}{}\n",
                           system.cells.size(), system.cells.size() - hidden, hidden, hidden_primary,
                           system.inner.size(), fmt::join(system.refinement_variables, " x "),
                           system.filters.empty() ? std::string() : fmt::format(" and {} filter(s)", system.filters.size()))
            << fmt::format("protection: {}: {} primary and {} secondary suppressions; {}\n", protection.label,
                           primary, secondary,
                           result.unprotected.empty()
                               ? std::string("every primary cell protected")
                               : fmt::format("{} primary cells NOT protected", result.unprotected.size()));
  for (auto i : result.unprotected) {
    std::cout << "  not protected: " << describe_cell(system, where, i)
              << (system.cells[i].inner.empty() ? " (no records: a known zero)" : "") << '\n';
  }
  for (auto i : result.conflicts) {
    std::cout << "  published although it discloses: " << describe_cell(system, where, i) << '\n';
  }
  print_outputs(std::cout, system, result);
  if (hidden_primary > 0) {
    std::cout << "\nhidden cells that fail the rules (never published, kept underivable):\n";
    for (auto i : system.hidden_primary()) std::cout << "  " << system.cells[i].description << '\n';
  }

  if (!options.json_path.empty()) {
    json report;
    report["sdc_version"] = version_string;
    report["status"] = to_string(status);
    report["method"] = options.method;
    report["options"] = method_json(protection);
    const json header = header_json(*loaded);
    for (auto it = header.begin(); it != header.end(); ++it) report[it.key()] = it.value();
    report["counts"] = {{"cells", system.cells.size() - hidden},
                        {"published", published},
                        {"primary", primary},
                        {"secondary", secondary},
                        {"hidden", hidden},
                        {"hidden_primary", hidden_primary},
                        {"unprotected", result.unprotected.size()}};
    json unprotected = json::array();
    for (auto i : result.unprotected) {
      unprotected.push_back({{"cell", i},
                             {"description", describe_cell(system, where, i)},
                             {"known_zero", system.cells[i].inner.empty()}});
    }
    report["unprotected"] = unprotected;
    json conflicts = json::array();
    for (auto i : result.conflicts) conflicts.push_back({{"cell", i}, {"description", describe_cell(system, where, i)}});
    report["conflicts"] = conflicts;
    json outputs = json::array();
    for (const auto& o : system.outputs) {
      json levels = json::object();
      for (std::size_t d = 0; d < o.spec.variables.size(); ++d) {
        json used = json::array();
        for (const auto& level : o.levels[d]) used.push_back({{"level", level.level}, {"name", level.name}});
        levels[o.spec.variables[d]] = used;
      }
      json cells = json::array();
      for (const auto& cell : o.cells) {
        const auto& c = system.cells[cell.cell];
        const bool is_published = result.status[cell.cell] == cell_protection::published;
        json entry = {{"cell", cell.cell},
                      {"coords", coords_json(o, cell)},
                      {"levels", levels_json(o, cell)},
                      {"status", to_string(result.status[cell.cell])},
                      {"verdict", to_string(c.verdict.status)},
                      {"reasons", reasons_json(c.verdict)}};
        // A suppressed cell's numbers are never written where the tables may travel.
        entry["n"] = is_published ? json(c.evidence.n_contributors) : json(nullptr);
        entry["value"] = is_published ? json(c.value) : json(nullptr);
        cells.push_back(entry);
      }
      outputs.push_back({{"name", o.spec.name},
                         {"variables", o.spec.variables},
                         {"filter", filter_json(o.spec)},
                         {"levels", levels},
                         {"cells", cells}});
    }
    report["outputs"] = outputs;
    json hidden_cells = json::array();
    for (auto i : system.hidden_primary()) {
      hidden_cells.push_back({{"cell", i},
                              {"description", system.cells[i].description},
                              {"status", "primary"},
                              {"verdict", to_string(system.cells[i].verdict.status)},
                              {"reasons", reasons_json(system.cells[i].verdict)}});
    }
    report["hidden"] = hidden_cells;
    // Only where the interval check applied (sums, gauss), as for tables.
    if (protection.intervals) {
      report["intervals"] = intervals_json(*protection.intervals, [&](std::size_t i) {
        return json{{"cell", i}, {"description", describe_cell(system, where, i)}};
      });
    }
    write_file(options.json_path, "JSON report", [&](std::ostream& out) { out << report.dump(2) << '\n'; });
  }
  if (!options.csv_path.empty()) {
    write_file(options.csv_path, "protected tables", [&](std::ostream& out) { write_system_csv(out, system, result); });
  }
  return exit_code_of(status);
}

/// The statuses of a given pattern (--pattern of `sdc audit`): failing cells primary, the other
/// suppressed cells (hidden ones included) secondary.
system_protection pattern_protection(const protect_options& options, const cell_system& system) {
  system_protection out;
  const std::vector<bool> suppressed = read_system_pattern(options.pattern_path, system, csv_options_of(options));
  out.result.status.resize(system.cells.size());
  for (std::size_t i = 0; i < system.cells.size(); ++i) {
    const auto& cell = system.cells[i];
    out.result.status[i] = cell.primary                     ? cell_protection::primary
                           : suppressed[i] || cell.hidden ? cell_protection::secondary
                                                          : cell_protection::published;
  }
  out.label = options.pattern_path;
  return out;
}

int run_audit_system(const protect_options& options) {
  const auto loaded = load_system(options);
  const cell_system& system = loaded->system;
  // Without --pattern: protect with the options given, then audit.
  const system_protection protection = options.pattern_path.empty() ? protect(options, system, loaded->rules, interval_mode_from_string(options.intervals))
                                                                    : pattern_protection(options, system);
  const protection_result& result = protection.result;
  const auto where = first_appearance(system);
  const std::size_t m = system.cells.size();
  std::vector<bool> published(m), suppressed(m);
  for (std::size_t i = 0; i < m; ++i) {
    published[i] = result.status[i] == cell_protection::published;
    // Hidden cells that pass the rules constrain nothing: no interval is computed for them.
    suppressed[i] = !published[i] && (!system.cells[i].hidden || system.cells[i].primary);
  }
  system_audit_problem sub = make_audit_problem(system, published, suppressed);
  if (options.protection == "rules") {
    sub.problem.upper_protection = protection_levels(system, loaded->rules, sub.cells);
    sub.problem.lower_protection = sub.problem.upper_protection;
  } else if (options.protection != "none") {
    throw invalid_input(errc::invalid_argument, "--protection must be rules or none, got '" + options.protection + "'");
  }
  audit_options audit;
  audit.sliding_percent = options.sliding;
  audit.nonnegative = !options.unbounded;
  audit = audit_options_for(system, audit);
  const audit_result audited = audit_suppression(sub.problem, audit);

  std::size_t n_primary = 0;
  for (const auto& c : audited.cells) n_primary += c.primary;
  std::cout << "sdc audit: " << loaded->title << "\n"
            << fmt::format("pattern: {}; {} suppressed cells audited, {} primary "
                           "(hidden cells that fail the rules included); bounds: {}\n",
                           protection.label, audited.cells.size(), n_primary,
                           audit.nonnegative ? "inner cells >= 0" : "none")
            << fmt::format("{} cells disclosed exactly ({} primary); {} primary cells insufficiently protected\n\n",
                           audited.n_exact, audited.n_primary_exact, audited.n_primary_unprotected);
  for (const auto& c : audited.cells) {
    const std::size_t i = sub.cells[c.cell];
    const char* kind = system.cells[i].hidden ? "hidden" : c.primary ? "primary" : "secondary";
    std::cout << fmt::format("  {:<9} {:<56} [{}, {}]{}\n", kind, describe_cell(system, where, i), format_value(c.lower),
                             format_value(c.upper),
                             c.exact ? "  EXACT" : c.primary && !c.is_protected ? "  too narrow" : "");
  }
  const table_status status = audit_status(audited);
  if (!options.json_path.empty()) {
    json report;
    report["sdc_version"] = version_string;
    report["status"] = to_string(status);
    report["pattern"] = options.pattern_path.empty() ? options.method : options.pattern_path;
    report["bounds"] = audit.nonnegative ? "nonnegative" : "none";
    report["protection"] = options.protection;
    report["sliding_percent"] = options.sliding;
    const json header = header_json(*loaded);
    for (auto it = header.begin(); it != header.end(); ++it) report[it.key()] = it.value();
    report["counts"] = {{"suppressed", audited.cells.size()},
                        {"exact", audited.n_exact},
                        {"primary_exact", audited.n_primary_exact},
                        {"primary_unprotected", audited.n_primary_unprotected},
                        {"linear_programs", audited.n_linear_programs}};
    json cells = json::array();
    for (const auto& c : audited.cells) {
      const std::size_t i = sub.cells[c.cell];
      json entry = {{"cell", i}};
      if (where[i].first == SIZE_MAX) {
        entry["output"] = nullptr;
        entry["coords"] = nullptr;
        entry["description"] = system.cells[i].description;
        entry["status"] = "hidden";
      } else {
        const auto& o = system.outputs[where[i].first];
        entry["output"] = o.spec.name;
        entry["coords"] = coords_json(o, o.cells[where[i].second]);
        entry["description"] = describe_cell(system, where, i);
        entry["status"] = to_string(result.status[i]);
      }
      // Intervals are what an intruder can compute anyway; the true values stay out.
      entry["primary"] = c.primary;
      entry["lower"] = bound_json(c.lower);
      entry["upper"] = bound_json(c.upper);
      entry["exact"] = c.exact;
      entry["protected"] = c.is_protected;
      cells.push_back(entry);
    }
    report["cells"] = cells;
    write_file(options.json_path, "JSON report", [&](std::ostream& out) { out << report.dump(2) << '\n'; });
  }
  return exit_code_of(status);
}

void register_differencing_command(CLI::App& app, command_list& commands) {
  auto options = std::make_shared<protect_options>();
  CLI::App* command = app.add_subcommand(
      "differencing",
      "Publish every cell of a project's outputs as it is and list the hidden cells an intruder recovers by "
      "subtraction (the same table with and without a subgroup, linked tables, hierarchies)");
  add_microdata_options(command, *options, false);
  add_rule_options(command, *options);
  add_system_options(command, *options);
  command->add_option("--json", options->json_path, "Write the JSON report to this file");
  command->add_flag("--unbounded", options->unbounded,
                    "Do not bound inner cells below by 0 (data with negative contributions)");
  add_delimiter_option(command, *options);
  commands.push_back({command, [options]() {
    const auto loaded = load_system(*options);
    const cell_system& system = loaded->system;
    audit_options audit;
    audit.nonnegative = !options->unbounded;
    const differencing_report report = find_recovered_cells(system, {}, audit);
    std::size_t hidden = 0;
    for (const auto& c : system.cells) hidden += c.hidden;
    std::cout << "sdc differencing: " << loaded->title << "\n"
              << fmt::format("{} hidden cells (inner cells over {}{}, and the complements of filtered outputs); "
                             "{} recovered exactly from the published cells, {} of them failing the rules\n",
                             hidden, fmt::join(system.refinement_variables, " x "),
                             system.filters.empty() ? std::string() : " and the filters", report.recovered.size(),
                             report.disclosed.size());
    for (auto i : report.recovered) {
      const auto& c = system.cells[i];
      std::cout << fmt::format("  {:<8} {} = {}{}\n", c.primary ? "DISCLOSED" : "recovered", c.description,
                               format_value(c.value),
                               c.verdict.reasons.empty() ? std::string() : " (" + c.verdict.reasons.front().message + ")");
    }
    if (!options->json_path.empty()) {
      json out;
      out["sdc_version"] = version_string;
      out["status"] = report.disclosed.empty() ? "pass" : "fail";
      const json header = header_json(*loaded);
      for (auto it = header.begin(); it != header.end(); ++it) out[it.key()] = it.value();
      out["counts"] = {{"hidden", hidden}, {"recovered", report.recovered.size()}, {"disclosed", report.disclosed.size()}};
      json cells = json::array();
      for (auto i : report.recovered) {
        const auto& c = system.cells[i];
        // A recovered cell's value is what the intruder computes: reporting it tells the owner
        // what leaks.
        cells.push_back({{"cell", i},
                         {"description", c.description},
                         {"value", c.value},
                         {"n", c.evidence.n_contributors},
                         {"primary", c.primary},
                         {"verdict", to_string(c.verdict.status)},
                         {"reasons", reasons_json(c.verdict)}});
      }
      out["recovered"] = cells;
      write_file(options->json_path, "JSON report", [&](std::ostream& o) { o << out.dump(2) << '\n'; });
    }
    return report.disclosed.empty() ? exit_pass : exit_fail;
  }});
}

}  // namespace sdc::cli
