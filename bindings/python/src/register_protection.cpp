// SPDX-License-Identifier: MIT
// Secondary suppression of count and sum tables (sdc/tables/gauss_suppression.hpp) and the audit
// of a suppression pattern by linear programming (sdc/tables/audit.hpp, solved with COIN-OR Clp
// in the sdc_solver library).
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "bindings.hpp"
#include "sdc/tables/audit.hpp"
#include "sdc/tables/check_table.hpp"
#include "sdc/tables/gauss_suppression.hpp"
#include "sdc/tables/optimal_suppression.hpp"
#include "sdc/tables/protect.hpp"
#include "sdc/tables/protection_options.hpp"

namespace sdc::python {

void register_protection(py::module_& m) {
  const gauss_options gauss_defaults;
  const audit_options audit_defaults;
  m.def("protection_defaults", [gauss_defaults, audit_defaults] {
    py::dict out;
    out["cost"] = std::string(to_string(gauss_defaults.cost));
    out["singletons"] = std::string(to_string(gauss_defaults.singletons));
    out["zeros_known"] = gauss_defaults.zeros_known;
    out["nonnegative"] = audit_defaults.nonnegative;
    out["sliding_percent"] = audit_defaults.sliding_percent;
    out["tolerance"] = audit_defaults.tolerance;
    out["intervals"] = std::string(to_string(default_interval_mode));
    return out;
  }, "Defaults of Gauss suppression, of the interval check and of the audit.");

  m.def(
      "protect_table",
      [](const table& t, const table_check& check, const table_rules& rules, const std::string& cost,
         const std::string& singletons, bool zeros_known, const std::vector<bool>& must_publish,
         const std::vector<bool>& must_suppress, const std::string& intervals) {
        const gauss_options options = interruptible(make_gauss_options(cost, singletons, zeros_known, t.stat));
        const interval_mode mode = interval_mode_from_string(intervals);
        protect_step_result r;
        {
          py::gil_scoped_release release;
          r = protect_table_with_intervals(t, check, rules, options, mode, must_publish, must_suppress);
        }
        py::dict out = protection_step_dict(r, to_string(protection_status(r.protection, check)));
        out["cost"] = std::string(to_string(options.cost));
        return out;
      },
      py::arg("table"), py::arg("check"), py::arg("rules"), py::arg("cost") = std::string(auto_cost),
      py::arg("singletons") = std::string(to_string(gauss_defaults.singletons)),
      py::arg("zeros_known") = gauss_defaults.zeros_known, py::arg("must_publish") = std::vector<bool>{},
      py::arg("must_suppress") = std::vector<bool>{},
      py::arg("intervals") = std::string(to_string(interval_mode::repair)),
      "Gauss secondary suppression of a checked count or sum table, then the check (report) or repair of the "
      "primary cells' protection intervals against the rules' levels (sdc::protect_table_with_intervals; cost "
      "'auto' as sdc::default_cost). Returns the status of every cell in the table's cell order, the overall "
      "protection_status (sdc::protection_status), the cost used and `intervals` (None where the check does not "
      "apply).");

  const optimal_options optimal_defaults;
  m.def("optimal_defaults", [optimal_defaults] {
    py::dict out;
    out["time_limit_seconds"] = optimal_defaults.time_limit_seconds;
    out["max_cells"] = optimal_defaults.max_cells;
    out["start_from_gauss"] = optimal_defaults.start_from_gauss;
    return out;
  }, "Defaults of optimal suppression.");

  m.def(
      "protect_table_optimal",
      [](const table& t, const table_check& check, const table_rules& rules, const std::string& cost,
         double time_limit_seconds, std::size_t max_cells, bool start_from_gauss, const std::vector<bool>& must_publish,
         const std::vector<bool>& must_suppress) {
        optimal_options options;
        options.cost = suppression_cost_for(cost, t.stat);
        options.time_limit_seconds = time_limit_seconds;
        options.max_cells = max_cells;
        options.start_from_gauss = start_from_gauss;
        optimal_result r;
        {
          py::gil_scoped_release release;
          r = protect_table_optimal(t, check, rules, options, must_publish, must_suppress);
        }
        py::dict out = protection_dict(r.protection, to_string(protection_status(r.protection, check)));
        out["cost"] = std::string(to_string(options.cost));
        out["objective"] = r.objective;
        out["bound"] = r.bound;
        out["proven_optimal"] = r.proven_optimal;
        out["solution_found"] = r.solution_found;
        out["started_from_gauss"] = r.started_from_gauss;
        out["nodes"] = r.n_nodes;
        return out;
      },
      py::arg("table"), py::arg("check"), py::arg("rules"), py::arg("cost") = std::string(auto_cost),
      py::arg("time_limit_seconds") = optimal_defaults.time_limit_seconds,
      py::arg("max_cells") = optimal_defaults.max_cells, py::arg("start_from_gauss") = optimal_defaults.start_from_gauss,
      py::arg("must_publish") = std::vector<bool>{}, py::arg("must_suppress") = std::vector<bool>{},
      "Least-cost secondary suppression by mixed-integer programming (COIN-OR Cbc): failing cells are primary, "
      "protection levels from the rules (sums) or 1 (counts) (sdc::protect_table_optimal).");

  m.def(
      "protection_levels_from_rules",
      [](const table& t, const table_rules& rules) { return to_numpy(protection_levels_from_rules(t, rules)); },
      py::arg("table"), py::arg("rules"),
      "Required protection per cell from the dominance rules (sdc::protection_levels_from_rules).");

  m.def(
      "audit_suppression",
      [](const table& t, const std::vector<bool>& suppressed, const std::vector<bool>& primary,
         const table_rules* protection_rules, bool nonnegative, double sliding_percent, double tolerance) {
        audit_problem problem = make_audit_problem(t, suppressed, primary);
        if (protection_rules != nullptr) {
          problem.upper_protection = protection_levels_from_rules(t, *protection_rules);
          problem.lower_protection = problem.upper_protection;
        }
        audit_options options;
        options.nonnegative = nonnegative;
        options.sliding_percent = sliding_percent;
        options.tolerance = tolerance;
        options = audit_options_for(t, options);
        audit_result r;
        {
          py::gil_scoped_release release;
          r = audit_suppression(problem, options);
        }
        return audit_dict(r, options, to_string(audit_status(r)), [](std::size_t c) { return c; });
      },
      py::arg("table"), py::arg("suppressed"), py::arg("primary"), py::arg("protection_rules") = nullptr,
      py::arg("nonnegative") = audit_defaults.nonnegative, py::arg("sliding_percent") = audit_defaults.sliding_percent,
      py::arg("tolerance") = audit_defaults.tolerance,
      "The interval an intruder can compute for every suppressed cell (sdc::audit_suppression with "
      "sdc::make_audit_problem; no bound 0 with negative contributions, sdc::audit_options_for); with protection_rules, the primary cells' required protection comes from "
      "the dominance rules (sdc::protection_levels_from_rules). True values are not returned.");
}

}  // namespace sdc::python
