// SPDX-License-Identifier: MIT
#include "cli/table_input.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "sdc/io/read_table.hpp"
#include "sdc/tables/aggregated_table.hpp"
#include "sdc/tables/build_table.hpp"
#include "sdc/tables/profiles.hpp"

namespace sdc::cli {

void add_rule_options(CLI::App* command, rule_options& options) {
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
}

void add_delimiter_option(CLI::App* command, rule_options& options) {
  command->add_option("--delimiter", options.delimiter, "Field delimiter of CSV input")->capture_default_str();
}

table_rules resolve_rules(const rule_options& options) {
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

io::csv_options csv_options_of(const rule_options& options) {
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

std::vector<std::string> spanning_names(const rule_options& options) {
  std::vector<std::string> names = options.rows;
  names.insert(names.end(), options.cols.begin(), options.cols.end());
  if (names.size() > 4) {
    throw invalid_input(errc::invalid_argument, "a table has at most 4 spanning variables, got " +
                                                    std::to_string(names.size()));
  }
  return names;
}

CLI::Option* add_microdata_options(CLI::App* command, microdata_options& options, bool required) {
  CLI::Option* data = command->add_option("--data", options.data, "Microdata file (.csv, .tsv, .dta, .sav)");
  if (required) data->required();
  command->add_option("--value", options.value, "Value variable (for every statistic but count)");
  command->add_option("--stat", options.stat, "Statistic: " + fmt::format("{}", fmt::join(statistic_names(), ", ")))
      ->capture_default_str();
  command->add_option("--percentile", options.percentile, "Percentile for --stat percentile (0-100)");
  command->add_option("--weights", options.weights, "Sampling weight variable");
  command->add_option("--unit", options.unit, "Unit (person) id: contributors are distinct units");
  command->add_option("--holding", options.holding, "Holding (employer) id: contributions summed per holding");
  return data;
}

table table_from_microdata(const microdata_options& options, const rule_options& rules_options,
                           const table_rules& rules, std::string& title) {
  const auto data = io::read_data_file(options.data, csv_options_of(rules_options));
  table_request request;
  for (const auto& name : spanning_names(rules_options)) {
    request.dimensions.push_back(data.categorical(name));
    request.labels.push_back(data.column(name).categories.labels);
  }
  request.stat = statistic_from_string(options.stat);
  request.percentile = options.percentile;
  if (!options.value.empty()) request.value = data.numeric(options.value);
  if (needs_value(request.stat) && options.value.empty()) {
    throw invalid_input(errc::invalid_argument, "--stat " + options.stat + " needs --value");
  }
  if (!options.weights.empty()) request.weights = data.numeric(options.weights);
  if (!options.unit.empty()) request.unit = data.categorical(options.unit);
  if (!options.holding.empty()) request.holding = data.categorical(options.holding);
  request.weighting = rules.weighting;
  request.top_contributions = needed_top_contributions(rules);
  table t = build_table(request);
  title = fmt::format("{}{} by {} ({} records of {})", to_string(request.stat),
                      options.value.empty() ? "" : " of " + options.value,
                      fmt::join(spanning_names(rules_options), " x "), data.n_rows(), options.data);
  return t;
}

CLI::Option* add_aggregated_options(CLI::App* command, aggregated_options& options, bool required) {
  CLI::Option* path = command->add_option("--table", options.table_path, "Aggregated table file (.csv, ...)");
  CLI::Option* count = command->add_option("--count", options.count, "Column with the unweighted number of contributors");
  if (required) {
    path->required();
    count->required();
  }
  command->add_option("--sum", options.sum, "Column with the cell totals");
  command->add_option("--top1", options.top1, "Column with the largest contribution");
  command->add_option("--top2", options.top2, "Column with the second largest contribution");
  command->add_option("--total-label", options.total_label, "Label of margin rows")->capture_default_str();
  return path;
}

table table_from_aggregated(const aggregated_options& options, const rule_options& rules_options,
                            std::string& title) {
  if (options.count.empty()) throw invalid_input(errc::invalid_argument, "--table needs --count");
  io::csv_options csv = csv_options_of(rules_options);
  csv.missing_values = {"", "NA"};
  const auto data = io::read_data_file(options.table_path, csv);
  aggregated_table_request request;
  for (const auto& name : spanning_names(rules_options)) {
    request.dimensions.push_back(data.categorical(name));
    request.labels.push_back(data.column(name).categories.labels);
  }
  request.counts = data.numeric(options.count);
  if (!options.sum.empty()) request.sums = data.numeric(options.sum);
  if (!options.top1.empty()) request.top1 = data.numeric(options.top1);
  if (!options.top2.empty()) request.top2 = data.numeric(options.top2);
  request.total_label = options.total_label;
  table t = table_from_aggregates(request);
  title = fmt::format("{} by {} ({})", options.sum.empty() ? "counts" : "sums",
                      fmt::join(spanning_names(rules_options), " x "), options.table_path);
  return t;
}

}  // namespace sdc::cli
