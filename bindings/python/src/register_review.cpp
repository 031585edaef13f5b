// SPDX-License-Identifier: MIT
// Review of a variable request (sdc/risk/request_review.hpp): the data dictionary and the request
// (built from Python or read by sdc::io from their CSV files), and the review as nested dicts
// with the field names of the core's structs (the facade lays them out as `sdc review --json`).
#include <pybind11/stl.h>

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "sdc/io/review_files.hpp"
#include "sdc/risk/request_review.hpp"

namespace sdc::python {

namespace {

py::dict profile_dict(const risk_profile& p) {
  py::list k_levels;
  for (const auto& level : p.k_levels) {
    k_levels.append(py::make_tuple(level.k, level.records_below_k, level.combinations_below_k));
  }
  py::dict out;
  out["n_records"] = p.n_records;
  out["n_combinations"] = p.n_combinations;
  out["k_levels"] = k_levels;
  out["sample_uniques"] = p.sample_uniques;
  out["unique_combinations"] = p.unique_combinations;
  out["expected_reidentifications"] = p.expected_reidentifications;
  out["global_risk"] = p.global_risk;
  out["max_individual_risk"] = p.max_individual_risk;
  out["records_at_risk"] = p.records_at_risk;
  out["meets_target"] = p.meets_target;
  return out;
}

py::object plan_dict(const suppression_plan& plan) {
  if (!plan.computed) return py::none();
  py::dict out;
  out["k"] = plan.k;
  out["levels"] = plan.levels;
  out["records_below_k"] = plan.records_below_k;
  out["total_suppressions"] = plan.total_suppressions;
  out["records_affected"] = plan.records_affected;
  out["per_variable"] = plan.per_variable;
  out["summary"] = plan.summary;
  return out;
}

py::dict review_dict(const request_review& r) {
  py::dict out;
  out["requested"] = r.requested;
  out["key_variables"] = r.key_variables;
  out["requested_levels"] = r.requested_levels;
  out["requested_level_names"] = r.requested_level_names;
  out["n_levels"] = r.n_levels;
  out["identifiers"] = r.identifiers;
  out["sensitive"] = r.sensitive;
  out["other"] = r.other;
  out["unjustified"] = r.unjustified;
  out["target"] = target_dict(r.target);
  out["target_description"] = r.target_description;
  out["weighted"] = r.weighted;
  out["as_requested"] = profile_dict(r.as_requested);
  py::list contributions;
  for (const auto& c : r.contributions) {
    py::dict d;
    d["variable"] = c.variable;
    d["level"] = c.level;
    d["level_name"] = c.level_name;
    d["records_at_risk_with"] = c.records_at_risk_with;
    d["records_at_risk_without"] = c.records_at_risk_without;
    d["sample_uniques_with"] = c.sample_uniques_with;
    d["sample_uniques_without"] = c.sample_uniques_without;
    d["expected_reidentifications_with"] = c.expected_reidentifications_with;
    d["expected_reidentifications_without"] = c.expected_reidentifications_without;
    d["suda2_contribution"] = c.suda2_contribution;  // NaN when not computed
    d["summary"] = c.summary;
    contributions.append(d);
  }
  out["contributions"] = contributions;
  out["lattice_nodes"] = r.lattice_nodes;
  out["lattice_nodes_evaluated"] = r.lattice_nodes_evaluated;
  out["minimal_generalisations"] = r.minimal_generalisations;
  py::list generalisations;
  for (const auto& g : r.generalisations) {
    py::dict d;
    d["levels"] = g.levels;
    d["level_names"] = g.level_names;
    d["records_suppressed"] = g.records_suppressed;
    d["classes"] = g.classes;
    d["precision_loss"] = g.precision_loss;
    d["discernibility"] = g.discernibility;
    d["expected_reidentifications"] = g.expected_reidentifications;
    d["max_individual_risk"] = g.max_individual_risk;
    d["changes"] = g.changes;
    d["summary"] = g.summary;
    generalisations.append(d);
  }
  out["generalisations"] = generalisations;
  out["suppression_as_requested"] = plan_dict(r.suppression_as_requested);
  out["suppression_at_best"] = plan_dict(r.suppression_at_best);
  const auto& s = r.proportionality;
  py::dict score;
  score["score"] = s.score;
  score["band"] = s.band;
  score["risk_penalty"] = s.risk_penalty;
  score["identifier_penalty"] = s.identifier_penalty;
  score["justification_penalty"] = s.justification_penalty;
  score["detail_removed"] = s.detail_removed;
  score["reasons"] = s.reasons;
  score["summary"] = s.summary;
  out["proportionality"] = score;
  out["verdict"] = std::string(to_string(r.verdict));
  out["findings"] = r.findings;
  out["warnings"] = r.warnings;
  return out;
}

}  // namespace

void register_review(py::module_& m) {
  py::class_<data_dictionary>(m, "DataDictionary", "The variables a researcher may request, with roles.")
      .def(py::init<>())
      .def(
          "add",
          [](data_dictionary& d, const std::string& variable, const std::string& role, const std::string& description,
             std::optional<generalisation_hierarchy> hierarchy) {
            if (variable.empty()) throw invalid_input(errc::invalid_argument, "dictionary: empty variable name");
            if (d.find(variable) != nullptr) {
              throw invalid_input(errc::invalid_argument, "dictionary: variable '" + variable + "' is listed twice");
            }
            dictionary_entry entry;
            entry.variable = variable;
            entry.role = variable_role_from_string(role);
            entry.description = description;
            if (hierarchy) entry.hierarchy = std::move(*hierarchy);
            d.entries.push_back(std::move(entry));
          },
          py::arg("variable"), py::arg("role"), py::arg("description") = std::string(),
          py::arg("hierarchy") = py::none())
      .def("entries",
           [](const data_dictionary& d) {
             py::list out;
             for (const auto& e : d.entries) {
               out.append(py::make_tuple(e.variable, std::string(to_string(e.role)), e.description,
                                         e.has_hierarchy() ? py::cast(e.hierarchy) : py::object(py::none())));
             }
             return out;
           },
           "(variable, role, description, hierarchy or None) per entry.")
      .def("__len__", [](const data_dictionary& d) { return d.entries.size(); });

  py::class_<variable_request>(m, "VariableRequest", "The variables requested, with levels and justifications.")
      .def(py::init<>())
      .def(
          "add",
          [](variable_request& r, const std::string& variable, const std::string& level,
             const std::string& justification) {
            if (variable.empty()) throw invalid_input(errc::invalid_argument, "request: empty variable name");
            r.variables.push_back({variable, level.empty() ? std::string("0") : level, justification});
          },
          py::arg("variable"), py::arg("level") = std::string("0"), py::arg("justification") = std::string())
      .def("items",
           [](const variable_request& r) {
             py::list out;
             for (const auto& v : r.variables) out.append(py::make_tuple(v.variable, v.level, v.justification));
             return out;
           },
           "(variable, level, justification) per requested variable.")
      .def("__len__", [](const variable_request& r) { return r.variables.size(); });

  m.def("read_data_dictionary", &io::read_data_dictionary, py::arg("path"),
        "Read a data dictionary CSV and the hierarchy files it names (sdc::io::read_data_dictionary).");
  m.def("read_variable_request", &io::read_variable_request, py::arg("path"),
        "Read a variable request CSV (sdc::io::read_variable_request).");

  const auto defaults = review_options::defaults();
  m.def("review_defaults", [defaults] {
    py::dict out;
    out["target"] = target_dict(defaults.target);
    out["missing"] = std::string(to_string(defaults.missing));
    out["alpha"] = defaults.alpha;
    out["report_k"] = defaults.report_k;
    out["suda2"] = defaults.suda2;
    out["max_generalisations"] = defaults.max_generalisations;
    out["min_justification_length"] = defaults.min_justification_length;
    out["max_nodes"] = defaults.max_nodes;
    return out;
  }, "Defaults of a request review.");

  m.def(
      "review_request",
      [](const data_dictionary& dictionary, const variable_request& request,
         const std::vector<const categorical_column*>& columns, const std::vector<std::vector<std::string>>& labels,
         const numeric_column* weights, int k, double max_individual_risk, double max_expected_reidentifications,
         double max_suppressed_share, const std::string& missing, double alpha, const std::vector<int>& report_k,
         bool suda2, std::size_t max_generalisations, std::size_t min_justification_length, std::size_t max_nodes) {
        if (labels.size() != columns.size()) {
          throw invalid_input(errc::length_mismatch, "one list of labels per column");
        }
        review_options options;
        options.target = make_target(k, max_individual_risk, max_expected_reidentifications, max_suppressed_share);
        options.missing = missing_semantics_from_string(missing);
        options.alpha = alpha;
        options.report_k = report_k;
        options.suda2 = suda2;
        options.max_generalisations = max_generalisations;
        options.min_justification_length = min_justification_length;
        options.max_nodes = max_nodes;
        std::vector<labelled_column> data;
        for (std::size_t c = 0; c < columns.size(); ++c) data.push_back({columns[c]->view, labels[c]});
        request_review review;
        {
          py::gil_scoped_release release;
          review = review_request(dictionary, request, data, weights ? &weights->view : nullptr, options);
        }
        return review_dict(review);
      },
      py::arg("dictionary"), py::arg("request"), py::arg("columns"), py::arg("labels"), py::arg("weights") = nullptr,
      py::arg("k") = defaults.target.k, py::arg("max_individual_risk") = defaults.target.max_individual_risk,
      py::arg("max_expected_reidentifications") = defaults.target.max_expected_reidentifications,
      py::arg("max_suppressed_share") = defaults.target.max_suppressed_share,
      py::arg("missing") = std::string(to_string(defaults.missing)), py::arg("alpha") = defaults.alpha,
      py::arg("report_k") = defaults.report_k, py::arg("suda2") = defaults.suda2,
      py::arg("max_generalisations") = defaults.max_generalisations,
      py::arg("min_justification_length") = defaults.min_justification_length,
      py::arg("max_nodes") = defaults.max_nodes,
      "Review a variable request against a privacy target (sdc::review_request). `columns` are the "
      "microdata's requested columns, `labels` their values as text (matched against the hierarchies).");
}

}  // namespace sdc::python
