// SPDX-License-Identifier: MIT
// `sdc risk`: re-identification risk of a set of key variables of a microdata file.
//
//   sdc risk --data FILE --keys A,B,C [--weights W] [--household H] [--missing wildcard]
//            [--alpha A] [--json OUT] [--per-record OUT.csv]
//
// Prints a readable summary; --json writes the figures (fields documented in docs/cli.md and
// docs/risk.md), --per-record one row per input record (fk, Fk, risk, household_risk) in input
// order. All computations are the core's (include/sdc/risk/*); this file only reads, converts
// and writes.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "sdc/core/error.hpp"
#include "sdc/io/read_table.hpp"
#include "sdc/risk/attacker_models.hpp"
#include "sdc/risk/frequencies.hpp"
#include "sdc/risk/global_risk.hpp"
#include "sdc/risk/household_risk.hpp"
#include "sdc/risk/individual_risk.hpp"
#include "sdc/risk/k_anonymity.hpp"
// Hooks for the measures written in parallel: wired in when their headers are present.
#if __has_include("sdc/risk/suda2.hpp")
#include "sdc/risk/suda2.hpp"
#define SDC_CLI_HAS_SUDA2 1
#endif
#if __has_include("sdc/risk/l_diversity.hpp")
#include "sdc/risk/l_diversity.hpp"
#define SDC_CLI_HAS_L_DIVERSITY 1
#endif

namespace sdc::cli {
namespace {

struct risk_arguments {
  std::string data;
  std::vector<std::string> keys;
  std::string weights;
  std::string household;
  std::string missing = std::string(to_string(frequency_options{}.missing));
  double alpha = frequency_options{}.alpha;
  std::string method = std::string(to_string(individual_risk_options{}.method));
  bool sdcmicro_compatible = false;
  bool allow_constant_keys = false;
  std::vector<int> k = k_anonymity_options{}.k;
  double max_global_risk = -1.0;  // < 0: not asked
  double risk_threshold = attacker_model_options{}.risk_threshold;
  std::string delimiter = ",";
  std::string json_path;
  std::string per_record_path;
  bool suda = false;
  std::vector<std::string> sensitive;
  double l = 2.0;
};

/// Shortest text that reads back as the same double.
std::string number(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string percent(double share) { return fmt::format("{:.2f}%", 100.0 * share); }

int run_risk(const risk_arguments& args) {
  io::csv_options csv;
  if (args.delimiter == "\\t" || args.delimiter == "tab") {
    csv.delimiter = '\t';
  } else if (args.delimiter.size() == 1) {
    csv.delimiter = args.delimiter[0];
  } else {
    throw invalid_input(errc::invalid_argument,
                        "--delimiter must be one character (or 'tab'), got '" + args.delimiter + "'");
  }
  const io::dataset data = io::read_data_file(args.data, csv);

  std::vector<categorical_view> keys;
  for (const auto& name : args.keys) keys.push_back(data.categorical(name));
  std::unique_ptr<numeric_view> weights;
  if (!args.weights.empty()) weights = std::make_unique<numeric_view>(data.numeric(args.weights));

  frequency_options frequency;
  frequency.missing = missing_semantics_from_string(args.missing);
  frequency.alpha = args.alpha;
  frequency.allow_constant_keys = args.allow_constant_keys;
  const key_frequencies freq = compute_key_frequencies(keys, weights.get(), frequency);

  individual_risk_options risk_options;
  risk_options.method = risk_method_from_string(args.method);
  risk_options.sdcmicro_compatible = args.sdcmicro_compatible;
  const std::vector<double> risk = compute_individual_risk(freq, risk_options);
  const global_risk_summary global = compute_global_risk(risk);

  k_anonymity_options k_options;
  k_options.k = args.k;
  const k_anonymity_report kanon = assess_k_anonymity(freq, k_options);

  attacker_model_options attacker_options;
  attacker_options.risk_threshold = args.risk_threshold;
  const attacker_models attackers = compute_attacker_models(freq, attacker_options);

  std::unique_ptr<household_risk_result> household;
  if (!args.household.empty()) {
    household = std::make_unique<household_risk_result>(
        compute_household_risk(risk, data.categorical(args.household)));
  }
  std::unique_ptr<global_threshold> threshold;
  if (args.max_global_risk >= 0.0) {
    threshold = std::make_unique<global_threshold>(global_risk_threshold(risk, args.max_global_risk));
  }

  nlohmann::json json;
  json["n"] = freq.size();
  json["keys"] = args.keys;
  json["weights"] = args.weights.empty() ? nlohmann::json(nullptr) : nlohmann::json(args.weights);
  json["missing"] = to_string(freq.missing);
  json["alpha"] = frequency.alpha;
  json["risk_method"] = to_string(risk_options.method);
  json["sdcmicro_compatible"] = risk_options.sdcmicro_compatible;
  json["n_combinations"] = kanon.n_combinations;
  nlohmann::json levels = nlohmann::json::object();
  for (const auto& level : kanon.levels) {
    levels[std::to_string(level.k)] = {{"records", level.records_below_k},
                                       {"combinations", level.combinations_below_k}};
  }
  json["k_anonymity"] = levels;
  json["sample_uniques"] = kanon.sample_uniques;
  json["unique_combinations"] = kanon.unique_combinations;
  nlohmann::json sizes = nlohmann::json::array();
  for (const auto& size : kanon.class_sizes) {
    sizes.push_back({{"size", size.size}, {"classes", size.classes}, {"records", size.records}});
  }
  json["class_sizes"] = sizes;
  json["expected_reidentifications"] = global.expected_reidentifications;
  json["global_risk"] = global.global_risk;
  json["max_individual_risk"] = global.max_individual_risk;
  json["attacker_models"] = {
      {"risk_threshold", attacker_options.risk_threshold},
      {"prosecutor",
       {{"records_at_risk", attackers.prosecutor.records_at_risk},
        {"highest_risk", attackers.prosecutor.highest_risk},
        {"success_rate", attackers.prosecutor.success_rate}}},
      {"journalist",
       {{"records_at_risk", attackers.journalist.records_at_risk},
        {"highest_risk", attackers.journalist.highest_risk},
        {"success_rate", attackers.journalist.success_rate}}},
      {"marketer", {{"success_rate", attackers.marketer_success_rate}}}};
  if (household) {
    json["household"] = args.household;
    json["n_households"] = household->n_households;
    json["household_expected_reidentifications"] = household->expected_reidentifications;
    json["household_global_risk"] = household->global_risk;
  }
  if (threshold) {
    json["global_threshold"] = {{"max_global_risk", args.max_global_risk},
                                {"threshold", threshold->threshold},
                                {"records_above", threshold->records_above},
                                {"attainable", threshold->attainable}};
  }
  json["warnings"] = freq.warnings;

#ifdef SDC_CLI_HAS_SUDA2
  std::unique_ptr<suda2_result> suda;
  if (args.suda) {
    suda = std::make_unique<suda2_result>(suda2(keys));
    nlohmann::json contributions = nlohmann::json::object();
    for (std::size_t v = 0; v < suda->variables.size(); ++v) {
      contributions[suda->variables[v]] = suda->attribute_contribution[v];
    }
    json["suda"] = {{"total_score", suda->total_score},
                    {"n_msus", suda->n_msus},
                    {"max_dis_score", suda->dis_score.size() > 0 ? suda->dis_score.maxCoeff() : 0.0},
                    {"attribute_contribution", contributions}};
  }
#else
  if (args.suda) throw unsupported_feature("SUDA2 is not available in this build");
#endif

#ifdef SDC_CLI_HAS_L_DIVERSITY
  std::unique_ptr<l_diversity_result> ldiv;
  if (!args.sensitive.empty()) {
    l_diversity_options l_options;
    l_options.l = args.l;
    // l-diversity needs a partition of the records: under the wildcard semantics (which does
    // not partition them) the classes are those with missing as a category.
    l_options.key_missing =
        freq.missing == missing_semantics::wildcard ? missing_semantics::category : freq.missing;
    std::vector<categorical_view> sensitive;
    for (const auto& name : args.sensitive) sensitive.push_back(data.categorical(name));
    ldiv = std::make_unique<l_diversity_result>(l_diversity(keys, sensitive, l_options));
    const auto summary = [](const l_diversity_summary& s) {
      return nlohmann::json{{"minimum", s.minimum},
                            {"classes_below", s.classes_below},
                            {"records_below", s.records_below}};
    };
    nlohmann::json variables = nlohmann::json::object();
    for (const auto& v : ldiv->variables) {
      variables[v.name] = {{"distinct", summary(v.distinct_summary)},
                           {"entropy", summary(v.entropy_summary)},
                           {"recursive", summary(v.recursive_summary)}};
    }
    json["l_diversity"] = {{"l", l_options.l},
                           {"recursive_c", l_options.recursive_c},
                           {"key_missing", to_string(l_options.key_missing)},
                           {"variables", variables}};
  }
#else
  if (!args.sensitive.empty()) throw unsupported_feature("l-diversity is not available in this build");
#endif

  // Readable summary.
  std::string keys_text;
  for (std::size_t i = 0; i < args.keys.size(); ++i) keys_text += (i ? ", " : "") + args.keys[i];
  std::string out;
  out += fmt::format("sdc risk: {} records, keys {} (missing values: {}", freq.size(), keys_text,
                     to_string(freq.missing));
  if (freq.missing == missing_semantics::wildcard) out += fmt::format(", alpha {}", frequency.alpha);
  out += ")\n";
  out += fmt::format("weights: {}\n", args.weights.empty() ? "none (Fk = fk)" : args.weights);
  out += fmt::format("key combinations: {}\n", kanon.n_combinations);
  out += "k-anonymity:\n";
  out += fmt::format("  {:>4}  {:>22}  {:>22}\n", "k", "records with fk < k", "combinations fk < k");
  const double n = freq.size() > 0 ? static_cast<double>(freq.size()) : 1.0;
  for (const auto& level : kanon.levels) {
    out += fmt::format("  {:>4}  {:>12} ({:>7})  {:>22}\n", level.k, level.records_below_k,
                       percent(static_cast<double>(level.records_below_k) / n),
                       level.combinations_below_k);
  }
  out += fmt::format("sample uniques: {} records ({}) in {} combinations\n", kanon.sample_uniques,
                     percent(static_cast<double>(kanon.sample_uniques) / n),
                     kanon.unique_combinations);
  out += fmt::format("individual risk ({}{}): expected re-identifications {:.6g}, global risk {}, "
                     "max individual risk {:.6g}\n",
                     to_string(risk_options.method),
                     risk_options.sdcmicro_compatible ? ", sdcMicro-compatible" : "",
                     global.expected_reidentifications, percent(global.global_risk),
                     global.max_individual_risk);
  out += fmt::format(
      "attacker models (threshold {}): prosecutor {} at risk, success {}; journalist {} at risk, "
      "success {}; marketer success {}\n",
      attacker_options.risk_threshold, percent(attackers.prosecutor.records_at_risk),
      percent(attackers.prosecutor.success_rate), percent(attackers.journalist.records_at_risk),
      percent(attackers.journalist.success_rate), percent(attackers.marketer_success_rate));
  if (household) {
    out += fmt::format("household risk ({}, {} households): expected re-identifications {:.6g}, "
                       "global risk {}\n",
                       args.household, household->n_households,
                       household->expected_reidentifications, percent(household->global_risk));
  }
  if (threshold) {
    out += threshold->attainable
               ? fmt::format("global threshold for a global risk of {}: {:.6g} ({} records above)\n",
                             percent(args.max_global_risk), threshold->threshold,
                             threshold->records_above)
               : fmt::format("global threshold for a global risk of {}: not attainable\n",
                             percent(args.max_global_risk));
  }
#ifdef SDC_CLI_HAS_SUDA2
  if (suda) {
    out += fmt::format("SUDA2: {} minimal sample uniques, total score {:.6g}\n", suda->n_msus,
                       suda->total_score);
  }
#endif
#ifdef SDC_CLI_HAS_L_DIVERSITY
  if (ldiv) {
    for (const auto& v : ldiv->variables) {
      out += fmt::format("l-diversity of {}: distinct l >= {:g} ({} records in {} classes below "
                         "l = {:g}), entropy l >= {:.4g}\n",
                         v.name, v.distinct_summary.minimum, v.distinct_summary.records_below,
                         v.distinct_summary.classes_below, args.l, v.entropy_summary.minimum);
    }
  }
#endif
  for (const auto& warning : freq.warnings) out += "warning: " + warning + "\n";
  std::cout << out;

  if (!args.json_path.empty()) {
    std::ofstream file(args.json_path);
    if (!file) throw io_failure(errc::io_error, "cannot write '" + args.json_path + "'");
    file << json.dump(2) << '\n';
    if (!file) throw io_failure(errc::io_error, "error writing '" + args.json_path + "'");
  }
  if (!args.per_record_path.empty()) {
    std::ofstream file(args.per_record_path);
    if (!file) throw io_failure(errc::io_error, "cannot write '" + args.per_record_path + "'");
    file << "fk,Fk,risk";
    if (household) file << ",household_risk";
#ifdef SDC_CLI_HAS_SUDA2
    if (suda) file << ",suda_score,dis_score";
#endif
#ifdef SDC_CLI_HAS_L_DIVERSITY
    if (ldiv) {
      for (const auto& v : ldiv->variables) file << ",l_distinct_" << v.name << ",l_entropy_" << v.name;
    }
#endif
    file << '\n';
    std::string line;
    for (std::size_t i = 0; i < freq.size(); ++i) {
      line = number(freq.fk[i]) + ',' + number(freq.Fk[i]) + ',' + number(risk[i]);
      if (household) line += ',' + number(household->risk[i]);
#ifdef SDC_CLI_HAS_SUDA2
      if (suda) {
        line += ',' + number(suda->score[static_cast<Eigen::Index>(i)]) + ',' +
                number(suda->dis_score[static_cast<Eigen::Index>(i)]);
      }
#endif
#ifdef SDC_CLI_HAS_L_DIVERSITY
      if (ldiv) {
        // Per-class values looked up through the record's class (no per-record vector).
        const auto g = static_cast<std::size_t>(ldiv->classes.group_of_record[i]);
        for (const auto& v : ldiv->variables) {
          line += ',' + std::to_string(v.class_distinct[g]) + ',' + number(v.class_entropy[g]);
        }
      }
#endif
      line += '\n';
      file << line;
    }
    if (!file) throw io_failure(errc::io_error, "error writing '" + args.per_record_path + "'");
  }
  return exit_pass;
}

}  // namespace

void register_risk_commands(CLI::App& app, command_list& commands) {
  auto args = std::make_shared<risk_arguments>();
  CLI::App* risk = app.add_subcommand(
      "risk", "Re-identification risk of key variables: k-anonymity, individual, global and "
              "household risk (docs/risk.md)");
  risk->add_option("--data", args->data, "microdata file (.csv, .tsv, .dta, .sav, ...)")->required();
  risk->add_option("--keys", args->keys, "key variables (quasi-identifiers), comma-separated")
      ->required()
      ->delimiter(',');
  risk->add_option("--weights", args->weights, "sampling weight variable (Fk = sum of weights)");
  risk->add_option("--household", args->household, "household id variable (household risk)");
  risk->add_option("--missing", args->missing,
                   "missing key values: category (own category), wildcard (match anything, as "
                   "sdcMicro), never (match nothing)")
      ->capture_default_str()
      ->check(CLI::IsMember({"category", "wildcard", "never"}));
  risk->add_option("--alpha", args->alpha,
                   "wildcard only: weight in [0, 1] of contributions from keys with missing values")
      ->capture_default_str();
  risk->add_option("--method", args->method, "individual risk: approximation or exact")
      ->capture_default_str()
      ->check(CLI::IsMember({"approximation", "approx", "exact"}));
  risk->add_flag("--sdcmicro-compatible", args->sdcmicro_compatible,
                 "reproduce sdcMicro's individual risk, traps included (docs/risk.md)");
  risk->add_flag("--allow-constant-keys", args->allow_constant_keys,
                 "accept key variables with a single value");
  risk->add_option("--k", args->k, "values of k for k-anonymity (comma-separated)")
      ->delimiter(',')
      ->capture_default_str();
  risk->add_option("--max-global-risk", args->max_global_risk,
                   "report the mu-ARGUS global threshold for this maximum global risk (0..1)");
  risk->add_option("--risk-threshold", args->risk_threshold,
                   "attacker models: a record is at risk above this probability")
      ->capture_default_str();
  risk->add_option("--delimiter", args->delimiter, "CSV field delimiter (one character or 'tab')")
      ->capture_default_str();
  risk->add_option("--json", args->json_path, "write the figures as JSON to this file");
  risk->add_option("--per-record", args->per_record_path,
                   "write fk, Fk, risk (and household_risk) per record to this CSV file");
#ifdef SDC_CLI_HAS_SUDA2
  risk->add_flag("--suda", args->suda, "also compute SUDA2 scores of the key variables");
#endif
#ifdef SDC_CLI_HAS_L_DIVERSITY
  risk->add_option("--sensitive", args->sensitive,
                   "sensitive variables for l-diversity within the key classes, comma-separated")
      ->delimiter(',');
  risk->add_option("--l", args->l, "l-diversity: count classes and records below this l")
      ->capture_default_str();
#endif
  commands.push_back({risk, [args]() { return run_risk(*args); }});
}

}  // namespace sdc::cli
