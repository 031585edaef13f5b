// SPDX-License-Identifier: MIT
// Cell systems (sdc/tables/cell_system.hpp): tables with hierarchical spanning variables, linked
// tables and outputs with filters, built from microdata, protected by Gauss suppression over
// their model matrix and audited by linear programming. The system stays a C++ object; Python
// reads its cells and outputs as columns and lists.
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "bindings.hpp"
#include "sdc/tables/audit.hpp"
#include "sdc/tables/cell_system.hpp"
#include "sdc/tables/gauss_suppression.hpp"
#include "sdc/tables/protect.hpp"
#include "sdc/tables/protection_options.hpp"

namespace sdc::python {

void register_cell_system(py::module_& m) {
  py::class_<cell_system>(m, "CellSystem",
                          "Cells (columns of the model matrix) and outputs of tables built from the same microdata.")
      .def_property_readonly("n_cells", [](const cell_system& s) { return s.cells.size(); })
      .def_property_readonly("n_inner", [](const cell_system& s) { return s.inner.size(); })
      .def_property_readonly("statistic", [](const cell_system& s) { return std::string(to_string(s.stat)); })
      .def_property_readonly("value_name", [](const cell_system& s) { return s.value_name; })
      .def_property_readonly("refinement_variables", [](const cell_system& s) { return s.refinement_variables; })
      .def_property_readonly("negative_contributions", [](const cell_system& s) { return s.negative_contributions; })
      .def_property_readonly("rules", [](const cell_system& s) { return s.rules; })
      .def_property_readonly("filters",
                             [](const cell_system& s) {
                               std::vector<std::string> out;
                               for (const auto& f : s.filters) out.push_back(describe(f));
                               return out;
                             },
                             "The distinct filters of the outputs, as \"variable == value\".")
      .def(
          "cell_columns",
          [](const cell_system& s) {
            std::vector<std::string> verdict, description;
            std::vector<std::vector<std::string>> reasons;
            for (const auto& c : s.cells) {
              verdict.emplace_back(to_string(c.verdict.status));
              std::vector<std::string> codes;
              for (const auto& r : c.verdict.reasons) codes.emplace_back(to_string(r.code));
              reasons.push_back(std::move(codes));
              description.push_back(c.description);
            }
            py::dict out;
            out["value"] = gather<double>(s.cells, [](const system_cell& c) { return c.value; });
            out["n"] = gather<std::int64_t>(s.cells, [](const system_cell& c) { return c.evidence.n_contributors; });
            out["primary"] = gather<bool>(s.cells, [](const system_cell& c) { return c.primary; });
            out["hidden"] = gather<bool>(s.cells, [](const system_cell& c) { return c.hidden; });
            out["known_zero"] = gather<bool>(s.cells, [](const system_cell& c) { return c.inner.empty(); });
            out["verdict"] = verdict;
            out["reasons"] = reasons;
            out["description"] = description;
            return out;
          },
          "Per cell: value, n (contributors), primary, hidden, known_zero (no inner cell: no records), verdict, "
          "reason codes, description.")
      .def(
          "outputs",
          [](const cell_system& s) {
            py::list out;
            for (const auto& o : s.outputs) {
              py::list levels;
              for (const auto& used : o.levels) {
                py::list per_variable;
                for (const auto& level : used) per_variable.append(py::make_tuple(level.level, level.name));
                levels.append(per_variable);
              }
              py::list cells;
              for (const auto& c : o.cells) {
                py::list cell_levels;
                for (const auto level : c.levels) {
                  cell_levels.append(level == total_level ? py::object(py::none()) : py::cast(level));
                }
                cells.append(py::make_tuple(c.cell, c.labels, cell_levels));
              }
              py::dict d;
              d["name"] = o.spec.name;
              d["variables"] = o.spec.variables;
              d["filter"] = o.spec.filter ? py::object(py::make_tuple(o.spec.filter->variable, o.spec.filter->value,
                                                                      o.spec.filter->equal))
                                          : py::object(py::none());
              d["levels"] = levels;
              d["cells"] = cells;
              out.append(d);
            }
            return out;
          },
          "Per output: name, variables, filter (variable, value, equal) or None, the levels used per variable "
          "(level, name), and its cells (cell, labels, levels; level None for a margin).");

  using filter_spec = std::optional<std::tuple<std::string, std::string, bool>>;
  m.def(
      "build_cell_system",
      [](const std::vector<const categorical_column*>& variables, const std::vector<std::vector<std::string>>& labels,
         const std::vector<generalisation_hierarchy>& hierarchies,
         const std::vector<std::tuple<std::string, std::vector<std::string>, filter_spec>>& outputs,
         const table_rules& rules, const std::string& stat, const numeric_column* value, const numeric_column* weights,
         const categorical_column* unit, const categorical_column* holding) {
        cell_system_data data;
        data.variables = views_of(variables);
        data.labels = labels;
        data.hierarchies = hierarchies;
        data.stat = statistic_from_string(stat);
        if (value) data.value = value->view;
        if (weights) data.weights = weights->view;
        if (unit) data.unit = unit->view;
        if (holding) data.holding = holding->view;
        data.rules = rules;
        std::vector<output_spec> specs;
        for (const auto& [name, spanning, filter] : outputs) {
          output_spec spec{name, spanning, std::nullopt};
          if (filter) spec.filter = output_filter{std::get<0>(*filter), std::get<1>(*filter), std::get<2>(*filter)};
          specs.push_back(std::move(spec));
        }
        py::gil_scoped_release release;
        return build_cell_system(data, specs);
      },
      py::arg("variables"), py::arg("labels"), py::arg("hierarchies"), py::arg("outputs"), py::arg("rules"),
      py::arg("statistic") = std::string("count"), py::arg("value") = nullptr, py::arg("weights") = nullptr,
      py::arg("unit") = nullptr, py::arg("holding") = nullptr,
      "The cell system of several outputs (name, spanning variables, filter or None) of the same microdata "
      "(sdc::build_cell_system).");

  m.def(
      "protect_system",
      [](const cell_system& s, const std::string& cost, const std::string& singletons, bool zeros_known,
         const std::vector<bool>& must_publish, const std::vector<bool>& must_suppress, const std::string& intervals) {
        const gauss_options options =
            interruptible(system_gauss_options(s, make_gauss_options(cost, singletons, zeros_known, s.stat)));
        const interval_mode mode = interval_mode_from_string(intervals);
        protect_step_result r;
        {
          py::gil_scoped_release release;
          r = protect_system_with_intervals(s, s.rules, options, mode, must_publish, must_suppress);
        }
        py::dict out = protection_step_dict(r, to_string(protection_status(r.protection, s)));
        out["cost"] = std::string(to_string(options.cost));
        out["zeros_known"] = options.zeros_known;
        return out;
      },
      py::arg("system"), py::arg("cost"), py::arg("singletons"), py::arg("zeros_known"),
      py::arg("must_publish") = std::vector<bool>{}, py::arg("must_suppress") = std::vector<bool>{},
      py::arg("intervals") = std::string(to_string(interval_mode::repair)),
      "Gauss suppression of a cell system, then the check or repair of the primary cells' protection intervals "
      "(levels of the system's rules): hidden cells are never published, failing cells are primary, forced cells "
      "checked (sdc::protect_system_with_intervals).");

  m.def(
      "audit_system",
      [](const cell_system& s, const std::vector<bool>& published, const std::vector<bool>& suppressed,
         const table_rules* protection_rules, bool nonnegative, double sliding_percent, double tolerance) {
        system_audit_problem sub = make_audit_problem(s, published, suppressed);
        if (protection_rules != nullptr) {
          sub.problem.upper_protection = protection_levels(s, *protection_rules, sub.cells);
          sub.problem.lower_protection = sub.problem.upper_protection;
        }
        audit_options options;
        options.nonnegative = nonnegative;
        options.sliding_percent = sliding_percent;
        options.tolerance = tolerance;
        options = audit_options_for(s, options);
        audit_result r;
        {
          py::gil_scoped_release release;
          r = audit_suppression(sub.problem, options);
        }
        return audit_dict(r, options, to_string(audit_status(r)), [&sub](std::size_t c) { return sub.cells[c]; });
      },
      py::arg("system"), py::arg("published"), py::arg("suppressed"), py::arg("protection_rules") = nullptr,
      py::arg("nonnegative") = audit_options{}.nonnegative, py::arg("sliding_percent") = audit_options{}.sliding_percent,
      py::arg("tolerance") = audit_options{}.tolerance,
      "Intervals of the suppressed cells of a protected cell system (sdc::make_audit_problem over the system, "
      "sdc::audit_suppression); `cell` is the position in the system.");
}

}  // namespace sdc::python
