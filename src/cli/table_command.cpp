// SPDX-License-Identifier: MIT
// `sdc table` (build and check a table from microdata) and `sdc check-table` (check an
// aggregated table).
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/table_report.hpp"
#include "sdc/io/read_table.hpp"
#include "sdc/tables/aggregated_table.hpp"
#include "sdc/tables/build_table.hpp"
#include "sdc/tables/check_table.hpp"
#include "sdc/tables/profiles.hpp"
#include "sdc/tables/suppression.hpp"

namespace sdc::cli {
namespace {

/// Options shared by both commands: the rules and the outputs.
struct rule_and_output_options {
  std::string profile = "acro";
  std::string rules_file;
  std::map<std::string, std::string> settings;  // --min-count 5 etc., by core setting name
  bool suppress = false;
  std::string json_path;
  std::string csv_path;
  std::string delimiter = ",";
  std::vector<std::string> rows, cols;
};

void add_shared_options(CLI::App* command, rule_and_output_options& options) {
  command->add_option("--rows", options.rows, "Spanning variable(s) down the side (comma-separated)")
      ->required()
      ->delimiter(',');
  command->add_option("--cols", options.cols, "Spanning variable(s) across (comma-separated)")->delimiter(',');
  command->add_option("--profile", options.profile, "Rule profile: " + fmt::format("{}", fmt::join(profile_names(), ", ")))
      ->capture_default_str();
  command->add_option("--rules", options.rules_file, "Rule file (name = value lines), applied over the profile");
  // One option per rule setting, named after the core's setting (min_count -> --min-count).
  for (const auto& name : rule_setting_names()) {
    if (name == "profile") continue;
    std::string flag = "--" + name;
    std::replace(flag.begin(), flag.end(), '_', '-');
    command->add_option_function<std::string>(
        flag, [&options, name](const std::string& value) { options.settings[name] = value; },
        "Rule setting " + name + " (see docs/rules.md)");
  }
  command->add_flag("--suppress", options.suppress, "Mask failing cells and flag margins that give them back");
  command->add_option("--json", options.json_path, "Write the JSON report to this file");
  command->add_option("--csv", options.csv_path, "Write the (suppressed) table as CSV to this file");
  command->add_option("--delimiter", options.delimiter, "Field delimiter of CSV input")->capture_default_str();
}

table_rules resolve_rules(const rule_and_output_options& options) {
  table_rules rules = rule_profile(options.profile);
  if (!options.rules_file.empty()) {
    std::ifstream in(options.rules_file);
    if (!in) throw io_failure(errc::io_error, "cannot open the rule file '" + options.rules_file + "'");
    std::stringstream text;
    text << in.rdbuf();
    rules = rules_from_text(text.str(), rules);
  }
  for (const auto& [name, value] : options.settings) apply_rule_setting(rules, name, value);
  validate(rules);
  return rules;
}

io::csv_options csv_options_of(const rule_and_output_options& options) {
  io::csv_options csv;
  if (options.delimiter == "\\t" || options.delimiter == "tab") {
    csv.delimiter = '\t';
  } else if (options.delimiter.size() == 1) {
    csv.delimiter = options.delimiter[0];
  } else {
    throw invalid_input(errc::invalid_argument, "--delimiter must be one character, got '" + options.delimiter + "'");
  }
  return csv;
}

std::vector<std::string> spanning_names(const rule_and_output_options& options) {
  std::vector<std::string> names = options.rows;
  names.insert(names.end(), options.cols.begin(), options.cols.end());
  if (names.size() > 4) {
    throw invalid_input(errc::invalid_argument, "a table has at most 4 spanning variables, got " +
                                                    std::to_string(names.size()));
  }
  return names;
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
    struct table_options : rule_and_output_options {
      std::string data, value, stat = "count", weights, unit, holding;
      double percentile = 50.0;
    };
    auto options = std::make_shared<table_options>();
    CLI::App* command = app.add_subcommand("table", "Build a table with margins from microdata and check every cell");
    command->add_option("--data", options->data, "Microdata file (.csv, .tsv, .dta, .sav)")->required();
    command->add_option("--value", options->value, "Value variable (for every statistic but count)");
    command->add_option("--stat", options->stat, "Statistic: " + fmt::format("{}", fmt::join(statistic_names(), ", ")))
        ->capture_default_str();
    command->add_option("--percentile", options->percentile, "Percentile for --stat percentile (0-100)");
    command->add_option("--weights", options->weights, "Sampling weight variable");
    command->add_option("--unit", options->unit, "Unit (person) id: contributors are distinct units");
    command->add_option("--holding", options->holding, "Holding (employer) id: contributions summed per holding");
    add_shared_options(command, *options);
    commands.push_back({command, [options]() {
      const auto data = io::read_data_file(options->data, csv_options_of(*options));
      table_request request;
      for (const auto& name : spanning_names(*options)) {
        request.dimensions.push_back(data.categorical(name));
        request.labels.push_back(data.column(name).categories.labels);
      }
      request.stat = statistic_from_string(options->stat);
      request.percentile = options->percentile;
      if (!options->value.empty()) request.value = data.numeric(options->value);
      if (needs_value(request.stat) && options->value.empty()) {
        throw invalid_input(errc::invalid_argument, "--stat " + options->stat + " needs --value");
      }
      if (!options->weights.empty()) request.weights = data.numeric(options->weights);
      if (!options->unit.empty()) request.unit = data.categorical(options->unit);
      if (!options->holding.empty()) request.holding = data.categorical(options->holding);
      const table_rules rules = resolve_rules(*options);
      request.weighting = rules.weighting;
      request.top_contributions = needed_top_contributions(rules);
      const table t = build_table(request);
      std::string title = fmt::format("sdc table: {}{} by {} ({} records of {})", to_string(request.stat),
                                      options->value.empty() ? "" : " of " + options->value,
                                      fmt::join(spanning_names(*options), " x "), data.n_rows(), options->data);
      return report(t, rules, *options, title);
    }});
  }
  // `sdc check-table`
  {
    struct check_options : rule_and_output_options {
      std::string table_path, count, sum, top1, top2, total_label = "Total";
    };
    auto options = std::make_shared<check_options>();
    CLI::App* command = app.add_subcommand("check-table", "Check an aggregated table (one row per cell)");
    command->add_option("--table", options->table_path, "Aggregated table file (.csv, ...)")->required();
    command->add_option("--count", options->count, "Column with the unweighted number of contributors")->required();
    command->add_option("--sum", options->sum, "Column with the cell totals");
    command->add_option("--top1", options->top1, "Column with the largest contribution");
    command->add_option("--top2", options->top2, "Column with the second largest contribution");
    command->add_option("--total-label", options->total_label, "Label of margin rows")->capture_default_str();
    add_shared_options(command, *options);
    commands.push_back({command, [options]() {
      io::csv_options csv = csv_options_of(*options);
      csv.missing_values = {"", "NA"};
      const auto data = io::read_data_file(options->table_path, csv);
      aggregated_table_request request;
      for (const auto& name : spanning_names(*options)) {
        request.dimensions.push_back(data.categorical(name));
        request.labels.push_back(data.column(name).categories.labels);
      }
      request.counts = data.numeric(options->count);
      if (!options->sum.empty()) request.sums = data.numeric(options->sum);
      if (!options->top1.empty()) request.top1 = data.numeric(options->top1);
      if (!options->top2.empty()) request.top2 = data.numeric(options->top2);
      request.total_label = options->total_label;
      const table_rules rules = resolve_rules(*options);
      const table t = table_from_aggregates(request);
      std::string title = fmt::format("sdc check-table: {} by {} ({})", options->sum.empty() ? "counts" : "sums",
                                      fmt::join(spanning_names(*options), " x "), options->table_path);
      return report(t, rules, *options, title);
    }});
  }
}

}  // namespace sdc::cli
