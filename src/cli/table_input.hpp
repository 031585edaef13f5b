// SPDX-License-Identifier: MIT
// Inputs shared by the table commands (`sdc table`, `sdc check-table`, `sdc protect`,
// `sdc audit`): the rule options and the two ways of getting a table (from microdata, or
// from an aggregated table with one row per cell).
#pragma once

#include <CLI/CLI.hpp>

#include <map>
#include <string>
#include <vector>

#include "sdc/io/csv.hpp"
#include "sdc/tables/rules.hpp"
#include "sdc/tables/table.hpp"

namespace sdc::cli {

/// Spanning variables, rules and the CSV delimiter.
struct rule_options {
  std::vector<std::string> rows, cols;
  std::string profile = "acro";
  std::string rules_file;
  std::map<std::string, std::string> settings;  // --min-count 5 etc., by core setting name
  std::string delimiter = ",";
};

/// --rows (required), --cols, --profile, --rules and one option per rule setting.
void add_rule_options(CLI::App* command, rule_options& options);
/// --delimiter.
void add_delimiter_option(CLI::App* command, rule_options& options);

/// The profile, then the rule file, then the settings given on the command line.
table_rules resolve_rules(const rule_options& options);
io::csv_options csv_options_of(const rule_options& options);
/// Rows then columns; at most 4.
std::vector<std::string> spanning_names(const rule_options& options);

/// A table built from microdata (`sdc table`).
struct microdata_options {
  std::string data, value, stat = "count", weights, unit, holding;
  double percentile = 50.0;
};
/// --data (required or not), --value, --stat, --percentile, --weights, --unit, --holding.
CLI::Option* add_microdata_options(CLI::App* command, microdata_options& options, bool required);
/// Builds the table; `title` describes it for the readable report.
table table_from_microdata(const microdata_options& options, const rule_options& rules_options,
                           const table_rules& rules, std::string& title);

/// An aggregated table, one row per cell (`sdc check-table`).
struct aggregated_options {
  std::string table_path, count, sum, top1, top2, total_label = "Total";
};
/// --table, --count (required or not), --sum, --top1, --top2, --total-label.
CLI::Option* add_aggregated_options(CLI::App* command, aggregated_options& options, bool required);
table table_from_aggregated(const aggregated_options& options, const rule_options& rules_options,
                            std::string& title);

}  // namespace sdc::cli
