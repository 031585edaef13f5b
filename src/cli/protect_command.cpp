// SPDX-License-Identifier: MIT
// `sdc protect` (primary and secondary suppression of a count or sum table) and `sdc audit`
// (the interval an intruder can compute for every suppressed cell).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/protect_systems.hpp"
#include "cli/table_input.hpp"
#include "cli/table_report.hpp"
#include "sdc/core/config.hpp"
#include "sdc/io/read_table.hpp"
#include "sdc/tables/audit.hpp"
#include "sdc/tables/check_table.hpp"
#include "sdc/tables/gauss_suppression.hpp"
#include "sdc/tables/protect.hpp"
#include "sdc/tables/profiles.hpp"
#include "sdc/tables/protection_options.hpp"

namespace sdc::cli {
namespace {

using json = nlohmann::ordered_json;

void add_protect_options(CLI::App* command, protect_options& options) {
  CLI::Option* data = add_microdata_options(command, options, false);
  CLI::Option* table_path = add_aggregated_options(command, options, false);
  data->excludes(table_path);
  add_rule_options(command, options);
  command->add_option("--cost", options.cost,
                      "Cost of suppressing a cell: auto (frequency for counts, value for sums), value, frequency, unity")
      ->capture_default_str();
  command->add_option("--singletons", options.singletons,
                      "Singleton handling: coalition (no singleton contributor learns a primary cell) or none")
      ->capture_default_str();
  command->add_flag("--zeros-unknown", options.zeros_unknown,
                    "Do not take zero inner cells as known to the intruder (they still never protect a non-zero cell)");
  command->add_option("--json", options.json_path, "Write the JSON report to this file");
  add_delimiter_option(command, options);
  add_system_options(command, options);
  add_method_options(command, options);
}

struct input {
  table t;
  table_rules rules;
  std::string title;
};

input read_input(const protect_options& options) {
  input in;
  in.rules = resolve_rules(options);
  if (!options.data.empty()) {
    in.t = table_from_microdata(options, options, in.rules, in.title);
  } else if (!options.table_path.empty()) {
    in.t = table_from_aggregated(options, options, in.title);
  } else {
    throw invalid_input(errc::invalid_argument, "give the microdata (--data) or an aggregated table (--table)");
  }
  if (in.t.stat != statistic::count && in.t.stat != statistic::sum) {
    throw invalid_input(errc::invalid_argument, "secondary suppression and audit need a count or sum table, not " +
                                                    std::string(to_string(in.t.stat)));
  }
  return in;
}

gauss_options gauss_options_of(const protect_options& options, const table& t) {
  return gauss_options_of(options, t.stat);
}

void read_pattern(const std::string& path, const table& t, const io::csv_options& csv, std::vector<bool>& suppressed,
                  std::vector<bool>& primary);

/// Secondary suppression of a plain table by the method asked for; `method` describes it. With
/// --pattern (`sdc protect` only) the pattern's suppressions are forced: the protection starts
/// from it. The gauss method runs the core's protection step (protect.hpp) with `intervals`
/// (`sdc audit` without --pattern audits that pattern); its interval check goes to `summary` when given (empty
/// where it did not apply: counts, no primary cell with a level, the optimal method).
protection_result protect_plain(const protect_options& options, const input& in, const table_check& check,
                                std::optional<optimal_result>& optimal, std::string& method, interval_mode intervals,
                                std::optional<interval_summary>* summary = nullptr) {
  const gauss_options gauss = gauss_options_of(options, in.t);
  std::vector<bool> must_suppress, pattern_primary;
  if (!options.pattern_path.empty()) {
    read_pattern(options.pattern_path, in.t, csv_options_of(options), must_suppress, pattern_primary);
  }
  if (options.method == "gauss") {
    method = fmt::format("gauss (cost {}, singletons {})", to_string(gauss.cost), to_string(gauss.singletons));
    protect_step_result step =
        protect_table_with_intervals(in.t, check, in.rules, gauss, intervals, {}, must_suppress);
    if (summary) *summary = std::move(step.intervals);
    return std::move(step.protection);
  }
  if (options.method != "optimal") {
    throw invalid_input(errc::invalid_argument, "--method must be gauss or optimal, got '" + options.method + "'");
  }
  const optimal_options settings = optimal_options_of(options, in.t.stat);
  optimal = protect_table_optimal(in.t, check, in.rules, settings, {}, must_suppress);
  method = describe_optimal(settings, *optimal);
  return optimal->protection;
}

std::string label(const table& t, std::size_t d, std::int32_t coordinate) {
  return coordinate == margin_coordinate ? std::string("Total") : t.dimensions[d].labels[coordinate];
}

json coords_json(const table& t, const table_cell& cell) {
  json coords = json::object();
  for (std::size_t d = 0; d < t.dimensions.size(); ++d) {
    coords[t.dimensions[d].name] =
        cell.coords[d] == margin_coordinate ? json(nullptr) : json(t.dimensions[d].labels[cell.coords[d]]);
  }
  return coords;
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

json table_header_json(const table& t, const table_rules& rules) {
  json report;
  report["sdc_version"] = version_string;
  report["statistic"] = to_string(t.stat);
  report["value"] = t.value_name.empty() ? json(nullptr) : json(t.value_name);
  json dimensions = json::array();
  for (const auto& d : t.dimensions) dimensions.push_back({{"name", d.name}, {"labels", d.labels}});
  report["dimensions"] = dimensions;
  json rule_json = json::object();
  for (const auto& [name, value] : rule_settings(rules)) rule_json[name] = value;
  rule_json["source"] = rules.source;
  report["rules"] = rule_json;
  return report;
}

/// The protected table as CSV: one row per cell, suppressed values left empty.
void write_protected_csv(std::ostream& out, const table& t, const protection_result& result) {
  for (const auto& d : t.dimensions) out << csv_quote(d.name) << ',';
  out << to_string(t.stat) << ",status\n";
  for (std::size_t i = 0; i < t.cells.size(); ++i) {
    const auto& cell = t.cells[i];
    for (std::size_t d = 0; d < t.dimensions.size(); ++d) out << csv_quote(label(t, d, cell.coords[d])) << ',';
    const bool published = result.status[i] == cell_protection::published;
    if (published && !std::isnan(cell.value)) out << fmt::format("{}", cell.value);
    out << ',' << to_string(result.status[i]) << '\n';
  }
}

json protection_json(const table& t, const table_rules& rules, const table_check& check, const gauss_options& gauss,
                     const protection_result& result, const std::optional<optimal_result>& optimal,
                     const protect_options& options) {
  json report = table_header_json(t, rules);
  json head;
  head["sdc_version"] = report["sdc_version"];
  head["status"] = to_string(protection_status(result, check));
  head["method"] = optimal ? "optimal" : "gauss";
  if (optimal) {
    const optimal_options settings = optimal_options_of(options, t.stat);
    head["options"] = {{"cost", to_string(settings.cost)},
                       {"time_limit_seconds", settings.time_limit_seconds},
                       {"proven_optimal", optimal->proven_optimal},
                       {"solution_found", optimal->solution_found},
                       {"objective", optimal->objective},
                       {"bound", optimal->bound},
                       {"started_from_gauss", optimal->started_from_gauss},
                       {"nodes", optimal->n_nodes}};
  } else {
    head["options"] = {{"cost", to_string(gauss.cost)},
                       {"singletons", to_string(gauss.singletons)},
                       {"zeros_known", gauss.zeros_known}};
  }
  for (auto it = report.begin(); it != report.end(); ++it) {
    if (it.key() != "sdc_version") head[it.key()] = it.value();
  }
  std::size_t published = 0;
  for (auto s : result.status) published += s == cell_protection::published;
  head["counts"] = {{"cells", t.cells.size()},
                    {"published", published},
                    {"primary", result.n_primary},
                    {"secondary", result.n_secondary},
                    {"unprotected", result.unprotected.size()}};
  json unprotected = json::array();
  for (auto i : result.unprotected) unprotected.push_back(coords_json(t, t.cells[i]));
  head["unprotected"] = unprotected;
  json conflicts = json::array();
  for (auto i : result.conflicts) conflicts.push_back(coords_json(t, t.cells[i]));
  head["conflicts"] = conflicts;
  json cells = json::array();
  for (std::size_t i = 0; i < t.cells.size(); ++i) {
    const auto& cell = t.cells[i];
    const bool published_cell = result.status[i] == cell_protection::published;
    json reasons = json::array();
    for (const auto& r : check.cells[i].reasons) reasons.push_back(to_string(r.code));
    json out = {{"coords", coords_json(t, cell)},
                {"margin", cell.is_margin()},
                {"status", to_string(result.status[i])},
                {"verdict", to_string(check.cells[i].status)},
                {"reasons", reasons}};
    // A suppressed cell's numbers are never written where the table may travel.
    out["n"] = published_cell ? json(cell.evidence.n_contributors) : json(nullptr);
    out["value"] = published_cell && !std::isnan(cell.value) ? json(cell.value) : json(nullptr);
    cells.push_back(out);
  }
  head["cells"] = cells;
  return head;
}

void write_file(const std::string& path, const std::string& what, const std::function<void(std::ostream&)>& writer) {
  std::ofstream out(path);
  if (!out) throw io_failure(errc::io_error, "cannot write the " + what + " to '" + path + "'");
  writer(out);
}

/// The suppression pattern of a CSV written by `sdc protect` (or `sdc table --suppress`):
/// one row per cell, the spanning variables' labels ("Total" for margins) and `status`.
void read_pattern(const std::string& path, const table& t, const io::csv_options& csv, std::vector<bool>& suppressed,
                  std::vector<bool>& primary) {
  io::csv_options options = csv;
  options.missing_values = {};
  const auto data = io::read_data_file(path, options);
  const std::size_t n_dims = t.dimensions.size();
  std::vector<const factorized_column*> columns;
  for (const auto& d : t.dimensions) columns.push_back(&data.column(d.name).categories);
  const factorized_column& status = data.column("status").categories;
  std::vector<std::map<std::string, std::int32_t>> coordinate(n_dims);
  for (std::size_t d = 0; d < n_dims; ++d) {
    for (std::size_t c = 0; c < t.dimensions[d].labels.size(); ++c) {
      coordinate[d][t.dimensions[d].labels[c]] = static_cast<std::int32_t>(c);
    }
  }
  suppressed.assign(t.cells.size(), false);
  primary.assign(t.cells.size(), false);
  std::vector<bool> seen(t.cells.size(), false);
  for (std::size_t row = 0; row < data.n_rows(); ++row) {
    std::vector<std::int32_t> coords(n_dims);
    for (std::size_t d = 0; d < n_dims; ++d) {
      const std::int32_t code = columns[d]->codes[row];
      const std::string text = code < 0 ? std::string() : columns[d]->labels[static_cast<std::size_t>(code)];
      const auto found = coordinate[d].find(text);
      if (found != coordinate[d].end()) {
        coords[d] = found->second;
      } else if (text == "Total") {
        coords[d] = margin_coordinate;
      } else {
        throw invalid_input(errc::invalid_argument, "pattern file '" + path + "', row " + std::to_string(row + 2) +
                                                        ": '" + text + "' is not a category of " + t.dimensions[d].name);
      }
    }
    const std::size_t i = t.index_of(coords);
    const std::int32_t code = status.codes[row];
    const std::string value = code < 0 ? std::string() : status.labels[static_cast<std::size_t>(code)];
    if (value == "primary" || value == "secondary" || value == "suppressed") {
      suppressed[i] = true;
      primary[i] = value == "primary";
    } else if (value != "published" && value != "ok" && value != "review" && value != "fail") {
      throw invalid_input(errc::invalid_argument, "pattern file '" + path + "', row " + std::to_string(row + 2) +
                                                      ": unknown status '" + value +
                                                      "' (expected published, primary, secondary or suppressed)");
    }
    seen[i] = true;
  }
  for (std::size_t i = 0; i < t.cells.size(); ++i) {
    if (!seen[i]) {
      throw invalid_input(errc::invalid_argument,
                          "pattern file '" + path + "' has no row for cell " + t.describe(t.cells[i]));
    }
  }
}

std::string format_bound(double x) {
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  if (x == std::floor(x) && std::abs(x) < 1e15) return fmt::format("{:.0f}", x);
  return fmt::format("{:.6g}", x);
}

json bound_json(double x) { return std::isinf(x) ? json(nullptr) : json(x); }

}  // namespace

void register_protect_commands(CLI::App& app, command_list& commands) {
  // `sdc protect`
  {
    auto options = std::make_shared<protect_options>();
    CLI::App* command = app.add_subcommand(
        "protect", "Suppress the failing cells of a count or sum table and enough others (Gauss secondary suppression)");
    add_protect_options(command, *options);
    command->add_option("--csv", options->csv_path, "Write the protected table as CSV to this file");
    command->add_option("--intervals", options->intervals,
                        "Protection intervals of sum tables and systems (gauss method): repair (add secondary "
                        "suppressions until the audit finds every primary cell's interval at its dominance-rule "
                        "levels), report (only audit them, in the JSON) or off")
        ->capture_default_str();
    command->add_option("--pattern", options->pattern_path,
                        "Start from this suppression pattern (a CSV written by `sdc protect --csv`, with --project or "
                        "--hierarchy one row per cell of every output): its suppressed cells stay suppressed, and "
                        "secondary suppressions are added where needed");
    commands.push_back({command, [options]() {
      if (options->system_mode()) {
        if (!options->table_path.empty()) {
          throw invalid_input(errc::invalid_argument, "--hierarchy and --project need the microdata (--data), not --table");
        }
        return run_protect_system(*options);
      }
      if (options->rows.empty()) throw invalid_input(errc::invalid_argument, "give --rows (or --project)");
      const input in = read_input(*options);
      table_check check = check_table(in.t, in.rules);
      const gauss_options gauss = gauss_options_of(*options, in.t);
      std::optional<optimal_result> optimal;
      std::string method;
      std::optional<interval_summary> checked;
      const interval_mode mode = interval_mode_from_string(options->intervals);
      const protection_result result = protect_plain(*options, in, check, optimal, method, mode, &checked);
      if (checked) method += describe_intervals(*checked);
      const json intervals =
          checked ? intervals_json(*checked, [&](std::size_t i) { return coords_json(in.t, in.t.cells[i]); })
                  : json(nullptr);
      for (std::size_t i = 0; i < check.cells.size(); ++i) {
        check.cells[i].suppressed = result.status[i] != cell_protection::published;
      }
      std::string summary = fmt::format(
          "protection: {}: {} primary and {} secondary suppressions of {} cells; {}", method, result.n_primary,
          result.n_secondary, in.t.cells.size(),
          result.unprotected.empty() ? std::string("every primary cell protected")
                                     : fmt::format("{} primary cells NOT protected", result.unprotected.size()));
      for (auto i : result.unprotected) summary += "\n  not protected: " + in.t.describe(in.t.cells[i]);
      for (auto i : result.conflicts) summary += "\n  published although it discloses: " + in.t.describe(in.t.cells[i]);
      print_table_report(std::cout, in.t, check, std::nullopt, table_layout{options->rows.size()},
                         "sdc protect: " + in.title + "\n" + summary);
      std::cout << "[x] suppressed (primary or secondary)\n";
      if (!options->json_path.empty()) {
        write_file(options->json_path, "JSON report", [&](std::ostream& out) {
          json report = protection_json(in.t, in.rules, check, gauss, result, optimal, *options);
          // Only where the interval check applied (sum tables, gauss): count tables and the
          // optimal method keep the report the bindings write too.
          if (!intervals.is_null()) report["intervals"] = intervals;
          out << report.dump(2) << '\n';
        });
      }
      if (!options->csv_path.empty()) {
        write_file(options->csv_path, "protected table", [&](std::ostream& out) { write_protected_csv(out, in.t, result); });
      }
      return exit_code_of(protection_status(result, check));
    }});
  }
  // `sdc audit`
  {
    auto options = std::make_shared<protect_options>();
    CLI::App* command = app.add_subcommand(
        "audit", "Compute the interval an intruder can derive for every suppressed cell of a count or sum table");
    add_protect_options(command, *options);
    command->add_option("--pattern", options->pattern_path,
                        "Suppression pattern to audit: a CSV written by `sdc protect --csv` (default: protect the "
                        "table with the options given, then audit)");
    command->add_option("--intervals", options->intervals,
                        "Without --pattern: the protection intervals of the protection done first, as `sdc protect "
                        "--intervals` (repair, report or off)")
        ->capture_default_str();
    command->add_option("--protection", options->protection,
                        "Required protection of primary cells: rules (levels of the dominance rules, for sums) or none")
        ->capture_default_str();
    command->add_option("--sliding", options->sliding,
                        "Sliding protection level: the interval must reach this percentage of the value on both sides");
    command->add_flag("--unbounded", options->unbounded,
                      "Do not bound suppressed cells below by 0 (tables with negative contributions)");
    commands.push_back({command, [options]() {
      if (options->system_mode()) {
        if (!options->table_path.empty()) {
          throw invalid_input(errc::invalid_argument, "--hierarchy and --project need the microdata (--data), not --table");
        }
        return run_audit_system(*options);
      }
      if (options->rows.empty()) throw invalid_input(errc::invalid_argument, "give --rows (or --project)");
      const input in = read_input(*options);
      const table_check check = check_table(in.t, in.rules);
      std::vector<bool> suppressed, primary;
      std::string source;
      if (!options->pattern_path.empty()) {
        read_pattern(options->pattern_path, in.t, csv_options_of(*options), suppressed, primary);
        // A pattern from `sdc table --suppress` says only "suppressed": its failing cells are primary.
        for (std::size_t i = 0; i < check.cells.size(); ++i) {
          if (suppressed[i] && check.cells[i].status == cell_status::fail) primary[i] = true;
        }
        source = options->pattern_path;
      } else {
        std::optional<optimal_result> optimal;
        const protection_result result =
            protect_plain(*options, in, check, optimal, source, interval_mode_from_string(options->intervals));
        suppressed.resize(in.t.cells.size());
        primary.resize(in.t.cells.size());
        for (std::size_t i = 0; i < in.t.cells.size(); ++i) {
          suppressed[i] = result.status[i] != cell_protection::published;
          primary[i] = result.status[i] == cell_protection::primary;
        }
      }
      audit_problem problem = make_audit_problem(in.t, suppressed, primary);
      if (options->protection == "rules") {
        problem.upper_protection = protection_levels_from_rules(in.t, in.rules);
        problem.lower_protection = problem.upper_protection;
      } else if (options->protection != "none") {
        throw invalid_input(errc::invalid_argument,
                            "--protection must be rules or none, got '" + options->protection + "'");
      }
      audit_options audit;
      audit.sliding_percent = options->sliding;
      audit.nonnegative = !options->unbounded;
      audit = audit_options_for(in.t, audit);
      const audit_result result = audit_suppression(problem, audit);

      std::cout << "sdc audit: " << in.title << "\n"
                << fmt::format("pattern: {}; {} suppressed cells, {} primary; bounds: {}\n", source, result.cells.size(),
                               std::count(primary.begin(), primary.end(), true),
                               audit.nonnegative ? "x >= 0" : "none")
                << fmt::format("{} cells disclosed exactly ({} primary); {} primary cells insufficiently protected\n\n",
                               result.n_exact, result.n_primary_exact, result.n_primary_unprotected);
      for (const auto& c : result.cells) {
        std::cout << fmt::format("  {:<9} {:<40} [{}, {}]{}\n", c.primary ? "primary" : "secondary",
                                 in.t.describe(in.t.cells[c.cell]), format_bound(c.lower), format_bound(c.upper),
                                 c.exact ? "  EXACT" : c.primary && !c.is_protected ? "  too narrow" : "");
      }
      if (!options->json_path.empty()) {
        json report = table_header_json(in.t, in.rules);
        json head;
        head["sdc_version"] = report["sdc_version"];
        head["status"] = to_string(audit_status(result));
        head["pattern"] = source;
        head["bounds"] = audit.nonnegative ? "nonnegative" : "none";
        head["protection"] = options->protection;
        head["sliding_percent"] = options->sliding;
        for (auto it = report.begin(); it != report.end(); ++it) {
          if (it.key() != "sdc_version") head[it.key()] = it.value();
        }
        head["counts"] = {{"suppressed", result.cells.size()},
                          {"exact", result.n_exact},
                          {"primary_exact", result.n_primary_exact},
                          {"primary_unprotected", result.n_primary_unprotected},
                          {"linear_programs", result.n_linear_programs}};
        json cells = json::array();
        for (const auto& c : result.cells) {
          // Intervals are what an intruder can compute anyway; the true values stay out.
          cells.push_back({{"coords", coords_json(in.t, in.t.cells[c.cell])},
                           {"margin", in.t.cells[c.cell].is_margin()},
                           {"status", c.primary ? "primary" : "secondary"},
                           {"lower", bound_json(c.lower)},
                           {"upper", bound_json(c.upper)},
                           {"exact", c.exact},
                           {"protected", c.is_protected}});
        }
        head["cells"] = cells;
        write_file(options->json_path, "JSON report", [&](std::ostream& out) { out << head.dump(2) << '\n'; });
      }
      return exit_code_of(audit_status(result));
    }});
  }
  register_differencing_command(app, commands);
}

}  // namespace sdc::cli
