// SPDX-License-Identifier: MIT
// `sdc review`: review of a variable request against a data dictionary and a target
// (docs/review.md).
//
//   sdc review --data FILE --dictionary FILE --request FILE [--k K] [--max-suppressed-share S]
//              [--max-risk R] [--max-er E] [--missing category|wildcard|never] [--weights VAR]
//              [--delimiter C] [--where VAR=VALUE ...] [--max-generalisations N] [--json OUT]
//
// Prints a readable review; --json writes it as JSON. Exit codes (commands.hpp): 0 pass (the
// request meets the target as asked), 3 review (only after generalisation or suppression, or an
// identifier is requested), 1 fail (no generalisation meets the target), 2 bad input. All
// computations are the core's (include/sdc/risk/request_review.hpp).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "sdc/core/error.hpp"
#include "sdc/io/read_table.hpp"
#include "sdc/io/review_files.hpp"
#include "sdc/risk/request_review.hpp"

namespace sdc::cli {
namespace {

struct review_arguments {
  std::string data;
  std::string dictionary;
  std::string request;
  int k = 0;  // 0: not given
  double max_suppressed_share = 0.0;
  double max_risk = std::numeric_limits<double>::quiet_NaN();
  double max_er = std::numeric_limits<double>::quiet_NaN();
  std::string missing = std::string(to_string(review_options{}.missing));
  std::string weights;
  std::string delimiter = ",";
  std::string json_path;
  std::size_t max_generalisations = review_options{}.max_generalisations;
  std::vector<std::string> where;  // VAR=VALUE conditions selecting records
};

/// Formats expected re-identifications: whole numbers from 100 on.
std::string er_text(double value) {
  return value >= 100 ? fmt::format("{:.0f}", value) : fmt::format("{:.3g}", value);
}

/// The requested columns (and weights) of the records selected by the --where conditions.
struct selected_data {
  std::vector<factorized_column> columns;
  std::vector<double> weights;
  std::size_t n = 0;
};

selected_data select_records(const io::dataset& data, const std::vector<std::string>& names,
                             const std::vector<std::string>& where, const std::string& weights) {
  std::vector<char> keep(data.n_rows(), 1);
  for (const auto& condition : where) {
    const auto equals = condition.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw invalid_input(errc::invalid_argument,
                          "--where takes VARIABLE=VALUE, got '" + condition + "'");
    }
    const std::string variable = condition.substr(0, equals);
    const std::string value = condition.substr(equals + 1);
    const auto& categories = data.column(variable).categories;
    for (std::size_t i = 0; i < keep.size(); ++i) {
      const std::int32_t code = categories.codes[i];
      keep[i] = keep[i] && code >= 0 && categories.labels[static_cast<std::size_t>(code)] == value;
    }
  }
  selected_data selected;
  for (const char k : keep) selected.n += k ? 1 : 0;
  if (selected.n == 0) {
    throw invalid_input(errc::empty_input, "no record satisfies the --where conditions");
  }
  for (const auto& name : names) {
    if (!data.has_column(name)) continue;  // reported by the review
    const auto& source = data.column(name).categories;
    factorized_column column;
    column.name = name;
    column.labels = source.labels;
    column.codes.reserve(selected.n);
    for (std::size_t i = 0; i < keep.size(); ++i) {
      if (keep[i]) column.codes.push_back(source.codes[i]);
    }
    selected.columns.push_back(std::move(column));
  }
  if (!weights.empty()) {
    const numeric_view w = data.numeric(weights);
    for (std::size_t i = 0; i < keep.size(); ++i) {
      if (keep[i]) selected.weights.push_back(w.values[i]);
    }
  }
  return selected;
}

std::string percent(double part, double whole) {
  return whole > 0 ? fmt::format("{:.1f}%", 100.0 * part / whole) : "0%";
}

nlohmann::json finite_or_null(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

std::string shorten(const std::string& text, std::size_t width) {
  if (text.size() <= width) return text;
  return text.substr(0, width - 3) + "...";
}

nlohmann::json plan_json(const suppression_plan& plan, const std::vector<std::string>& keys) {
  if (!plan.computed) return nullptr;
  nlohmann::json per_variable = nlohmann::json::object();
  nlohmann::json levels = nlohmann::json::object();
  for (std::size_t v = 0; v < keys.size(); ++v) {
    per_variable[keys[v]] = plan.per_variable[v];
    levels[keys[v]] = plan.levels[v];
  }
  return {{"k", plan.k},
          {"levels", levels},
          {"records_below_k", plan.records_below_k},
          {"total_suppressions", plan.total_suppressions},
          {"records_affected", plan.records_affected},
          {"per_variable", per_variable},
          {"summary", plan.summary}};
}

int run_review(const review_arguments& args) {
  io::csv_options csv;
  if (args.delimiter == "\\t" || args.delimiter == "tab") {
    csv.delimiter = '\t';
  } else if (args.delimiter.size() == 1) {
    csv.delimiter = args.delimiter[0];
  } else {
    throw invalid_input(
        errc::invalid_argument,
        "--delimiter must be one character (or 'tab'), got '" + args.delimiter + "'");
  }
  // The target: 5-anonymity unless a constraint is given.
  review_options options;
  options.target = privacy_target{};
  const bool any_constraint = args.k > 0 || !std::isnan(args.max_risk) || !std::isnan(args.max_er);
  options.target.k = args.k > 0 ? args.k : (any_constraint ? 1 : 5);
  if (args.k < 0) throw invalid_input(errc::invalid_argument, "--k must be at least 1");
  if (!std::isnan(args.max_risk)) options.target.max_individual_risk = args.max_risk;
  if (!std::isnan(args.max_er)) options.target.max_expected_reidentifications = args.max_er;
  options.target.max_suppressed_share = args.max_suppressed_share;
  options.missing = missing_semantics_from_string(args.missing);
  options.max_generalisations = args.max_generalisations;
  validate(options.target);

  const data_dictionary dictionary = io::read_data_dictionary(args.dictionary);
  const variable_request request = io::read_variable_request(args.request);
  const io::dataset data = io::read_data_file(args.data, csv);
  std::vector<std::string> requested_names;
  for (const auto& item : request.variables) requested_names.push_back(item.variable);
  const selected_data selected = select_records(data, requested_names, args.where, args.weights);
  std::vector<labelled_column> columns;
  for (const auto& column : selected.columns) columns.push_back({column.view(), column.labels});
  std::unique_ptr<numeric_view> weights;
  if (!args.weights.empty()) {
    weights = std::make_unique<numeric_view>();
    weights->name = args.weights;
    weights->values = selected.weights.data();
    weights->size = selected.weights.size();
  }
  const request_review review =
      review_request(dictionary, request, columns, weights.get(), options);

  // JSON.
  nlohmann::json json;
  json["data"] = args.data;
  json["n_records"] = selected.n;
  json["where"] = args.where;
  json["weights"] = args.weights.empty() ? nlohmann::json(nullptr) : nlohmann::json(args.weights);
  json["missing"] = to_string(options.missing);
  json["target"] = {{"k", options.target.k},
                    {"max_individual_risk", options.target.max_individual_risk},
                    {"max_expected_reidentifications",
                     finite_or_null(options.target.max_expected_reidentifications)},
                    {"max_suppressed_share", options.target.max_suppressed_share},
                    {"description", review.target_description}};
  nlohmann::json requested = nlohmann::json::array();
  for (const auto& item : request.variables) {
    const dictionary_entry* entry = dictionary.find(item.variable);
    nlohmann::json row = {
        {"variable", item.variable},
        {"role", to_string(entry->role)},
        {"description", entry->description},
        {"level", item.level},
        {"justification", item.justification},
        {"justified", std::find(review.unjustified.begin(), review.unjustified.end(),
                                item.variable) == review.unjustified.end()}};
    for (std::size_t v = 0; v < review.key_variables.size(); ++v) {
      if (review.key_variables[v] == item.variable) {
        row["level"] = review.requested_levels[v];
        row["level_name"] = review.requested_level_names[v];
        row["n_levels"] = review.n_levels[v];
      }
    }
    requested.push_back(row);
  }
  json["requested"] = requested;
  json["key_variables"] = review.key_variables;
  json["identifiers"] = review.identifiers;
  json["sensitive"] = review.sensitive;
  json["other"] = review.other;
  json["unjustified"] = review.unjustified;
  const risk_profile& p = review.as_requested;
  nlohmann::json k_levels = nlohmann::json::object();
  for (const auto& level : p.k_levels) {
    k_levels[std::to_string(level.k)] = {{"records", level.records_below_k},
                                         {"combinations", level.combinations_below_k}};
  }
  json["as_requested"] = {{"n_records", p.n_records},
                          {"n_combinations", p.n_combinations},
                          {"k_anonymity", k_levels},
                          {"sample_uniques", p.sample_uniques},
                          {"unique_combinations", p.unique_combinations},
                          {"expected_reidentifications", p.expected_reidentifications},
                          {"global_risk", p.global_risk},
                          {"max_individual_risk", p.max_individual_risk},
                          {"records_at_risk", p.records_at_risk},
                          {"meets_target", p.meets_target}};
  nlohmann::json contributions = nlohmann::json::array();
  for (const auto& c : review.contributions) {
    contributions.push_back(
        {{"variable", c.variable},
         {"level", c.level},
         {"level_name", c.level_name},
         {"records_at_risk_with", c.records_at_risk_with},
         {"records_at_risk_without", c.records_at_risk_without},
         {"sample_uniques_with", c.sample_uniques_with},
         {"sample_uniques_without", c.sample_uniques_without},
         {"expected_reidentifications_with", c.expected_reidentifications_with},
         {"expected_reidentifications_without", c.expected_reidentifications_without},
         {"suda2_contribution", finite_or_null(c.suda2_contribution)},
         {"summary", c.summary}});
  }
  json["contributions"] = contributions;
  json["lattice"] = {{"nodes", review.lattice_nodes},
                     {"evaluated", review.lattice_nodes_evaluated},
                     {"minimal", review.minimal_generalisations}};
  nlohmann::json generalisations = nlohmann::json::array();
  for (const auto& g : review.generalisations) {
    nlohmann::json levels = nlohmann::json::object();
    nlohmann::json names = nlohmann::json::object();
    for (std::size_t v = 0; v < review.key_variables.size(); ++v) {
      levels[review.key_variables[v]] = g.levels[v];
      names[review.key_variables[v]] = g.level_names[v];
    }
    generalisations.push_back({{"levels", levels},
                               {"level_names", names},
                               {"records_suppressed", g.records_suppressed},
                               {"classes", g.classes},
                               {"precision_loss", g.precision_loss},
                               {"discernibility", g.discernibility},
                               {"expected_reidentifications", g.expected_reidentifications},
                               {"max_individual_risk", g.max_individual_risk},
                               {"changes", g.changes},
                               {"summary", g.summary}});
  }
  json["generalisations"] = generalisations;
  json["local_suppression"] = {
      {"as_requested", plan_json(review.suppression_as_requested, review.key_variables)},
      {"at_best", plan_json(review.suppression_at_best, review.key_variables)}};
  const proportionality_assessment& score = review.proportionality;
  json["proportionality"] = {{"score", score.score},
                             {"band", score.band},
                             {"risk_penalty", score.risk_penalty},
                             {"identifier_penalty", score.identifier_penalty},
                             {"justification_penalty", score.justification_penalty},
                             {"detail_removed", score.detail_removed},
                             {"reasons", score.reasons},
                             {"summary", score.summary}};
  json["verdict"] = to_string(review.verdict);
  json["findings"] = review.findings;
  json["warnings"] = review.warnings;

  // Readable review.
  const auto n = static_cast<double>(selected.n);
  std::string out;
  std::string where;
  for (const auto& condition : args.where)
    where += (where.empty() ? ", where " : " and ") + condition;
  out += fmt::format("sdc review: {} requested of {} ({} records{})\n",
                     review.requested.size() == 1
                         ? "1 variable"
                         : fmt::format("{} variables", review.requested.size()),
                     args.data, selected.n, where);
  out += fmt::format("target: {}; missing values: {}; weights: {}\n\n", review.target_description,
                     to_string(options.missing), args.weights.empty() ? "none" : args.weights);
  out += "Request\n";
  out += fmt::format("  {:<22} {:<11} {:<24} {}\n", "variable", "role", "level", "justification");
  for (const auto& row : json["requested"]) {
    std::string level = row["level"].is_string() ? row["level"].get<std::string>()
                                                 : std::to_string(row["level"].get<std::size_t>());
    if (row.contains("level_name") && row["level_name"].get<std::string>() != "level " + level) {
      level += " (" + row["level_name"].get<std::string>() + ")";
    }
    std::string justification = row["justification"].get<std::string>();
    if (!row["justified"].get<bool>()) justification = "[missing or too short] " + justification;
    out +=
        fmt::format("  {:<22} {:<11} {:<24} {}\n", shorten(row["variable"].get<std::string>(), 22),
                    row["role"].get<std::string>(), shorten(level, 24), shorten(justification, 60));
  }
  if (!review.key_variables.empty()) {
    out += "\nRisk as requested\n";
    out += fmt::format("  {} key combinations; {} sample uniques ({})\n", p.n_combinations,
                       p.sample_uniques, percent(static_cast<double>(p.sample_uniques), n));
    out += fmt::format("  {:>4}  {:>22}  {:>14}\n", "k", "records with fk < k", "combinations");
    for (const auto& level : p.k_levels) {
      out += fmt::format("  {:>4}  {:>13} ({:>6})  {:>14}\n", level.k, level.records_below_k,
                         percent(static_cast<double>(level.records_below_k), n),
                         level.combinations_below_k);
    }
    out += fmt::format(
        "  expected re-identifications {}, global risk {}, max individual risk {:.4g}\n",
        er_text(p.expected_reidentifications), percent(p.expected_reidentifications, n),
        p.max_individual_risk);
    out += fmt::format("  {} records at risk for the target: {}\n", p.records_at_risk,
                       p.meets_target ? "meets the target" : "does not meet the target");
    out += "\nWhat each key variable adds (figures without it)\n";
    out += fmt::format("  {:<22} {:>16} {:>16} {:>16} {:>8}\n", "variable", "at risk",
                       "sample uniques", "exp. re-ident.", "SUDA2");
    for (const auto& c : review.contributions) {
      out += fmt::format("  {:<22} {:>16} {:>16} {:>16} {:>8}\n", shorten(c.variable, 22),
                         fmt::format("{} -> {}", c.records_at_risk_with, c.records_at_risk_without),
                         fmt::format("{} -> {}", c.sample_uniques_with, c.sample_uniques_without),
                         er_text(c.expected_reidentifications_with) + " -> " +
                             er_text(c.expected_reidentifications_without),
                         std::isnan(c.suda2_contribution)
                             ? std::string("-")
                             : fmt::format("{:.1f}%", 100.0 * c.suda2_contribution));
    }
    out += fmt::format(
        "\nMinimal generalisations meeting the target ({} found; {} nodes, {} evaluated), best "
        "first\n",
        review.minimal_generalisations, review.lattice_nodes, review.lattice_nodes_evaluated);
    if (review.generalisations.empty())
      out += "  none: the target cannot be met by generalising the requested keys\n";
    for (std::size_t i = 0; i < review.generalisations.size(); ++i) {
      out += fmt::format("  {:>2}. {}\n", i + 1, review.generalisations[i].summary);
    }
    if (review.suppression_as_requested.computed || review.suppression_at_best.computed) {
      out += "\nLocal suppression (missing values as wildcards)\n";
      if (review.suppression_as_requested.computed)
        out += "  " + review.suppression_as_requested.summary + "\n";
      if (review.suppression_at_best.computed)
        out += "  " + review.suppression_at_best.summary + "\n";
    }
  }
  out += fmt::format("\nProportionality: {:g}/100 ({})\n", score.score, score.band);
  for (const auto& reason : score.reasons) out += "  - " + reason + "\n";
  out += "\nFindings\n";
  for (const auto& finding : review.findings) out += "  - " + finding + "\n";
  for (const auto& warning : review.warnings) out += "warning: " + warning + "\n";
  const int code = review.verdict == review_verdict::pass     ? exit_pass
                   : review.verdict == review_verdict::review ? exit_review
                                                              : exit_fail;
  out += fmt::format("\nVerdict: {} (exit code {})\n", to_string(review.verdict), code);
  std::cout << out;

  if (!args.json_path.empty()) {
    std::ofstream file(args.json_path);
    if (!file) throw io_failure(errc::io_error, "cannot write '" + args.json_path + "'");
    file << json.dump(2) << '\n';
    if (!file) throw io_failure(errc::io_error, "error writing '" + args.json_path + "'");
  }
  return code;
}

}  // namespace

void register_review_commands(CLI::App& app, command_list& commands) {
  auto args = std::make_shared<review_arguments>();
  CLI::App* review = app.add_subcommand(
      "review",
      "Review a variable request: risk as asked, what each variable adds, least-loss "
      "generalisations meeting a target, proportionality (docs/review.md)");
  review->add_option("--data", args->data, "microdata file (.csv, .tsv, .dta, .sav, ...)")
      ->required();
  review
      ->add_option("--dictionary", args->dictionary,
                   "data dictionary CSV: variable,description,role,hierarchy[,levels]")
      ->required();
  review->add_option("--request", args->request, "request CSV: variable,level,justification")
      ->required();
  review->add_option("--k", args->k,
                     "target: k-anonymity with this k (default 5 if no target is given)");
  review
      ->add_option("--max-suppressed-share", args->max_suppressed_share,
                   "target: share of records that may be suppressed (0..1)")
      ->capture_default_str();
  review->add_option("--max-risk", args->max_risk, "target: maximum individual risk (0..1]");
  review->add_option("--max-er", args->max_er, "target: maximum expected re-identifications");
  review
      ->add_option("--missing", args->missing,
                   "missing key values: category (own category), wildcard (match anything), "
                   "never (match nothing)")
      ->capture_default_str()
      ->check(CLI::IsMember({"category", "wildcard", "never"}));
  review->add_option("--weights", args->weights, "sampling weight variable");
  review
      ->add_option("--delimiter", args->delimiter,
                   "CSV field delimiter of the data (one character or 'tab')")
      ->capture_default_str();
  review
      ->add_option("--max-generalisations", args->max_generalisations,
                   "minimal generalisations listed, best first")
      ->capture_default_str();
  review->add_option("--where", args->where,
                     "review only the records where VARIABLE=VALUE (repeatable; e.g. one month of "
                     "a monthly panel)");
  review->add_option("--json", args->json_path, "write the review as JSON to this file");
  commands.push_back({review, [args]() { return run_review(*args); }});
}

}  // namespace sdc::cli
