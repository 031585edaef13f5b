// SPDX-License-Identifier: MIT
// Cell systems in the CLI: `sdc protect` / `sdc audit` with --hierarchy or --project (several
// outputs protected jointly), and `sdc differencing` (what subtraction across outputs gives).
#pragma once

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/table_input.hpp"
#include "sdc/tables/gauss_suppression.hpp"
#include "sdc/tables/check_table.hpp"
#include "sdc/tables/optimal_suppression.hpp"
#include "sdc/tables/protect.hpp"

namespace sdc::cli {

/// Options of `sdc protect`, `sdc audit` and `sdc differencing`.
struct protect_options : rule_options, microdata_options, aggregated_options {
  std::string cost = "auto";
  std::string singletons = "coalition";
  bool zeros_unknown = false;
  std::string json_path, csv_path;
  std::string method = "gauss";
  double time_limit = 60.0;
  unsigned threads = 0;  // gauss: threads of the large eliminations (0: every core)
  bool progress = false;               // gauss: report the structural pass on stderr
  std::size_t max_basis_entries = 0;  // gauss: limit of the null-space bases (0: 3/4 of the memory)
  std::string intervals{to_string(default_interval_mode)};  // sums, gauss: repair, report or off
  // cell systems
  std::vector<std::string> hierarchies;  // VAR=FILE
  std::string project_path;
  // audit only
  std::string pattern_path;
  std::string protection = "rules";
  double sliding = 0.0;
  bool unbounded = false;

  bool system_mode() const { return !hierarchies.empty() || !project_path.empty(); }
};

/// The exit code of a status: 0 pass, 3 review, 1 fail.
inline int exit_code_of(table_status status) {
  return status == table_status::pass ? exit_pass : status == table_status::review ? exit_review : exit_fail;
}

/// The `intervals` object of `sdc protect --json` (the core's interval_summary); `cell_json`
/// names a too-narrow cell (coordinates of a table, cell and description of a system).
inline nlohmann::ordered_json intervals_json(const interval_summary& s,
                                             const std::function<nlohmann::ordered_json(std::size_t)>& cell_json) {
  nlohmann::ordered_json too_narrow = nlohmann::ordered_json::array();
  for (auto i : s.too_narrow) too_narrow.push_back(cell_json(i));
  return {{"mode", to_string(s.mode)},
          {"levels", s.levels},
          {"too_narrow_before", s.too_narrow_before},
          {"added_secondary", s.added_secondary},
          {"rounds", s.rounds},
          {"too_narrow_after", s.too_narrow.size()},
          {"too_narrow", too_narrow}};
}

/// "; intervals repair: 1 primary cells too narrow, 2 secondary added" for the method line.
inline std::string describe_intervals(const interval_summary& s) {
  return fmt::format("; intervals {}: {} primary cells too narrow, {} secondary added", to_string(s.mode),
                     s.too_narrow_before, s.added_secondary);
}

/// --method and --time-limit.
void add_method_options(CLI::App* command, protect_options& options);
/// Options of the gauss method: cost, singletons, zeros, threads, progress, basis limit.
gauss_options gauss_options_of(const protect_options& options, statistic stat);
/// Options of the optimal method: cost (auto: frequency for counts, value for sums), time limit.
optimal_options optimal_options_of(const protect_options& options, statistic stat);
/// "optimal (cost value, proven optimal, 12 nodes)" for reports.
std::string describe_optimal(const optimal_options& options, const optimal_result& result);

/// --hierarchy and --project; makes --rows optional (a project names its own variables).
void add_system_options(CLI::App* command, protect_options& options);

/// `sdc protect` on a cell system (a table with hierarchies, or a project of several outputs).
int run_protect_system(const protect_options& options);
/// `sdc audit` on a cell system: protect, then the interval of every suppressed cell.
int run_audit_system(const protect_options& options);
/// `sdc differencing`.
void register_differencing_command(CLI::App& app, command_list& commands);

}  // namespace sdc::cli
