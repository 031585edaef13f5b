// SPDX-License-Identifier: MIT
// Cell systems in the CLI: `sdc protect` / `sdc audit` with --hierarchy or --project (several
// outputs protected jointly), and `sdc differencing` (what subtraction across outputs gives).
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/table_input.hpp"

namespace sdc::cli {

/// Options of `sdc protect`, `sdc audit` and `sdc differencing`.
struct protect_options : rule_options, microdata_options, aggregated_options {
  std::string cost = "auto";
  std::string singletons = "coalition";
  bool zeros_unknown = false;
  std::string json_path, csv_path;
  std::string method = "gauss";
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

/// --hierarchy and --project; makes --rows optional (a project names its own variables).
void add_system_options(CLI::App* command, protect_options& options);

/// `sdc protect` on a cell system (a table with hierarchies, or a project of several outputs).
int run_protect_system(const protect_options& options);
/// `sdc audit` on a cell system: protect, then the interval of every suppressed cell.
int run_audit_system(const protect_options& options);
/// `sdc differencing`.
void register_differencing_command(CLI::App& app, command_list& commands);

}  // namespace sdc::cli
