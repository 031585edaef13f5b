// SPDX-License-Identifier: MIT
// Tables (sdc/tables/*.hpp): building from microdata, from aggregates, checking, primary
// suppression, degrees of freedom. Cells reach Python as the core's columns (table_columns.hpp),
// in the core's cell order: row-major over the coordinates 0..K_d, K_d being the margin.
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "sdc/tables/aggregated_table.hpp"
#include "sdc/tables/build_table.hpp"
#include "sdc/tables/check_table.hpp"
#include "sdc/tables/statistic.hpp"
#include "sdc/tables/suppression.hpp"
#include "sdc/tables/table.hpp"
#include "sdc/tables/table_columns.hpp"

namespace sdc::python {
namespace {

py::dict suppression_dict(const suppression_summary& s) {
  py::dict out;
  out["suppressed_cells"] = s.n_suppressed;
  out["revealing_margins"] = s.n_revealing_margins;
  out["recoverable_margins"] = s.n_recoverable_margins;
  out["published_status"] = std::string(to_string(s.published_status));
  return out;
}

py::dict verdict_dict(const cell_verdict& v) {
  py::list reasons;
  for (const auto& r : v.reasons) {
    reasons.append(py::make_tuple(std::string(to_string(r.code)), std::string(to_string(r.level)), r.message));
  }
  py::dict out;
  out["status"] = std::string(to_string(v.status));
  out["reasons"] = reasons;
  out["suppressed"] = v.suppressed;
  return out;
}

}  // namespace

void register_tables(py::module_& m) {
  m.def("table_defaults", [] {
    const table_request request;
    const aggregated_table_request aggregated;
    py::dict out;
    out["statistic"] = std::string(to_string(request.stat));
    out["percentile"] = request.percentile;
    out["total_label"] = aggregated.total_label;
    out["missing_label"] = std::string(missing_category_label);
    return out;
  }, "Defaults of table requests, the margin label and the label of missing spanning values.");

  py::class_<table>(m, "Table", "A table with all margins and per-cell evidence.")
      .def_property_readonly("dimensions",
                             [](const table& t) {
                               py::list out;
                               for (const auto& d : t.dimensions) out.append(py::make_tuple(d.name, d.labels));
                               return out;
                             },
                             "(name, labels) per spanning variable; labels exclude the margin.")
      .def_property_readonly("shape",
                             [](const table& t) {
                               py::list out;
                               for (const auto& d : t.dimensions) out.append(d.labels.size() + 1);
                               return py::tuple(out);
                             },
                             "Categories + 1 (the margin, last) per dimension.")
      .def_property_readonly("statistic", [](const table& t) { return std::string(to_string(t.stat)); })
      .def_property_readonly("percentile", [](const table& t) { return t.percentile; })
      .def_property_readonly("value_name", [](const table& t) { return t.value_name; })
      .def_property_readonly("weighted", [](const table& t) { return t.weighted; })
      .def_property_readonly("unit_name", [](const table& t) { return t.unit_name; })
      .def_property_readonly("holding_name", [](const table& t) { return t.holding_name; })
      .def("__len__", [](const table& t) { return t.cells.size(); })
      .def("describe", [](const table& t, std::size_t i) { return t.describe(t.cells.at(i)); }, py::arg("cell"))
      .def("top_contributions",
           [](const table& t) {
             py::list out;
             for (const auto& c : t.cells) out.append(py::cast(c.evidence.top_contributions));
             return out;
           },
           "Largest absolute contributions of every cell, largest first (as many as the rules need).");

  py::class_<table_check>(m, "TableCheck", "Verdicts of every cell of a table.")
      .def_property_readonly("status", [](const table_check& c) { return std::string(to_string(c.status)); })
      .def_property_readonly("n_fail", [](const table_check& c) { return c.n_fail; })
      .def_property_readonly("n_review", [](const table_check& c) { return c.n_review; })
      .def_property_readonly("rules", [](const table_check& c) { return c.rules; })
      .def("__len__", [](const table_check& c) { return c.cells.size(); });

  m.def(
      "table_columns",
      [](const table& t, const table_check& check, const std::string& total_label) {
        table_columns c = to_columns(t, check, total_label);
        py::dict out;
        out["dimension_names"] = c.dimension_names;
        out["labels"] = c.labels;
        out["margin"] = c.margin;  // std::vector<bool> has no buffer: a list, made an array in Python
        out["value"] = to_numpy(std::move(c.value));
        out["n"] = to_numpy(std::move(c.n));
        out["records"] = to_numpy(std::move(c.records));
        out["units"] = to_numpy(std::move(c.units));
        out["holdings"] = to_numpy(std::move(c.holdings));
        out["weighted_count"] = to_numpy(std::move(c.weighted_count));
        out["missing_values"] = to_numpy(std::move(c.missing_values));
        out["negative_values"] = to_numpy(std::move(c.negative_values));
        out["top1"] = to_numpy(std::move(c.top1));
        out["top2"] = to_numpy(std::move(c.top2));
        out["dominance_total"] = to_numpy(std::move(c.dominance_total));
        out["status"] = c.status;
        out["suppressed"] = c.suppressed;
        out["reasons"] = c.reasons;
        return out;
      },
      py::arg("table"), py::arg("check"), py::arg("total_label") = aggregated_table_request{}.total_label,
      "Every cell of a checked table as columns, in the table's cell order (sdc::to_columns).");

  m.def(
      "reason_columns",
      [](const table_check& check) {
        reason_columns r = reasons_to_columns(check);
        py::dict out;
        out["cell"] = to_numpy(std::move(r.cell));
        out["code"] = r.code;
        out["severity"] = r.severity;
        out["message"] = r.message;
        return out;
      },
      py::arg("check"), "Every reason of every cell, one row per reason (sdc::reasons_to_columns).");

  m.def(
      "build_table",
      [](const std::vector<const categorical_column*>& dimensions, const std::vector<std::vector<std::string>>& labels,
         const table_rules& rules, const numeric_column* value, const numeric_column* weights,
         const categorical_column* unit, const categorical_column* holding, const std::string& stat,
         double percentile) {
        table_request request;
        for (const auto* d : dimensions) request.dimensions.push_back(d->view);
        request.labels = labels;
        if (value) request.value = value->view;
        if (weights) request.weights = weights->view;
        if (unit) request.unit = unit->view;
        if (holding) request.holding = holding->view;
        request.stat = statistic_from_string(stat);
        request.percentile = percentile;
        request.weighting = rules.weighting;
        request.top_contributions = needed_top_contributions(rules);
        py::gil_scoped_release release;  // the column objects keep the buffers alive
        return build_table(request);
      },
      py::arg("dimensions"), py::arg("labels"), py::arg("rules"), py::arg("value") = nullptr,
      py::arg("weights") = nullptr, py::arg("unit") = nullptr, py::arg("holding") = nullptr,
      py::arg("statistic") = std::string(to_string(table_request{}.stat)),
      py::arg("percentile") = table_request{}.percentile,
      "Build a table with all margins from microdata columns (sdc::build_table). The rules give the "
      "weighted-dominance convention and how many top contributions to keep.");

  m.def(
      "table_from_aggregates",
      [](const std::vector<const categorical_column*>& dimensions, const std::vector<std::vector<std::string>>& labels,
         const numeric_column& counts, const numeric_column* sums, const numeric_column* top1,
         const numeric_column* top2, const std::string& total_label) {
        aggregated_table_request request;
        for (const auto* d : dimensions) request.dimensions.push_back(d->view);
        request.labels = labels;
        request.counts = counts.view;
        if (sums) request.sums = sums->view;
        if (top1) request.top1 = top1->view;
        if (top2) request.top2 = top2->view;
        request.total_label = total_label;
        py::gil_scoped_release release;
        return table_from_aggregates(request);
      },
      py::arg("dimensions"), py::arg("labels"), py::arg("counts"), py::arg("sums") = nullptr,
      py::arg("top1") = nullptr, py::arg("top2") = nullptr,
      py::arg("total_label") = aggregated_table_request{}.total_label,
      "A table from an aggregated table, one row per cell (sdc::table_from_aggregates).");

  m.def(
      "check_table",
      [](const table& t, const table_rules& rules) {
        py::gil_scoped_release release;
        return check_table(t, rules);
      },
      py::arg("table"), py::arg("rules"), "Apply the primary rules to every cell (sdc::check_table).");

  m.def(
      "apply_primary_suppression",
      [](const table& t, table_check& check) {
        suppression_summary summary;
        {
          py::gil_scoped_release release;
          summary = apply_primary_suppression(t, check);
        }
        return suppression_dict(summary);
      },
      py::arg("table"), py::arg("check"),
      "Mask failing cells and flag margins that give them back; updates `check` in place.");

  m.def(
      "check_residual_dof", [](double dof, const table_rules& rules) { return verdict_dict(check_residual_dof(dof, rules)); },
      py::arg("dof"), py::arg("rules"), "Verdict on a model's residual degrees of freedom.");
}

}  // namespace sdc::python
