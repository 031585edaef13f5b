// SPDX-License-Identifier: MIT
// `sdc table` (build and check a table from microdata) and `sdc check-table` (check an
// aggregated table).
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "cli/table_input.hpp"
#include "cli/table_report.hpp"
#include "sdc/tables/check_table.hpp"
#include "sdc/tables/suppression.hpp"

namespace sdc::cli {
namespace {

/// Options shared by both commands: the rules and the outputs.
struct rule_and_output_options : rule_options {
  bool suppress = false;
  std::string json_path;
  std::string csv_path;
};

void add_shared_options(CLI::App* command, rule_and_output_options& options) {
  add_rule_options(command, options);
  command->add_flag("--suppress", options.suppress, "Mask failing cells and flag margins that give them back");
  command->add_option("--json", options.json_path, "Write the JSON report to this file");
  command->add_option("--csv", options.csv_path, "Write the (suppressed) table as CSV to this file");
  add_delimiter_option(command, options);
}

int report(const table& t, const table_rules& rules, const rule_and_output_options& options, const std::string& title) {
  table_check check = check_table(t, rules);
  std::optional<suppression_summary> suppression;
  if (options.suppress) suppression = apply_primary_suppression(t, check);
  print_table_report(std::cout, t, check, suppression, table_layout{options.rows.size()}, title);
  if (!options.json_path.empty()) {
    std::ofstream out(options.json_path);
    if (!out) throw io_failure(errc::io_error, "cannot write the JSON report to '" + options.json_path + "'");
    out << table_report_json(t, check, suppression).dump(2) << '\n';
  }
  if (!options.csv_path.empty()) {
    std::ofstream out(options.csv_path);
    if (!out) throw io_failure(errc::io_error, "cannot write the table to '" + options.csv_path + "'");
    write_table_csv(out, t, check);
  }
  const table_status status = suppression ? suppression->published_status : check.status;
  return status == table_status::pass ? exit_pass : status == table_status::review ? exit_review : exit_fail;
}

}  // namespace

void register_table_commands(CLI::App& app, command_list& commands) {
  // `sdc table`
  {
    struct table_options : rule_and_output_options, microdata_options {};
    auto options = std::make_shared<table_options>();
    CLI::App* command = app.add_subcommand("table", "Build a table with margins from microdata and check every cell");
    add_microdata_options(command, *options, true);
    add_shared_options(command, *options);
    commands.push_back({command, [options]() {
      const table_rules rules = resolve_rules(*options);
      std::string title;
      const table t = table_from_microdata(*options, *options, rules, title);
      return report(t, rules, *options, "sdc table: " + title);
    }});
  }
  // `sdc check-table`
  {
    struct check_options : rule_and_output_options, aggregated_options {};
    auto options = std::make_shared<check_options>();
    CLI::App* command = app.add_subcommand("check-table", "Check an aggregated table (one row per cell)");
    add_aggregated_options(command, *options, true);
    add_shared_options(command, *options);
    commands.push_back({command, [options]() {
      const table_rules rules = resolve_rules(*options);
      std::string title;
      const table t = table_from_aggregated(*options, *options, title);
      return report(t, rules, *options, "sdc check-table: " + title);
    }});
  }
}

}  // namespace sdc::cli
