// SPDX-License-Identifier: MIT
// Rule parameters of table checks (sdc/tables/rules.hpp, profiles.hpp) and the name tables the
// facade must not re-list: profiles, rule settings, statistics.
#include <pybind11/stl.h>

#include <string>

#include "bindings.hpp"
#include "sdc/tables/build_table.hpp"
#include "sdc/tables/check_table.hpp"
#include "sdc/tables/profiles.hpp"
#include "sdc/tables/rules.hpp"
#include "sdc/tables/statistic.hpp"

namespace sdc::python {

void register_rules(py::module_& m) {
  m.def("profile_names", &profile_names, "Names of the built-in rule profiles.");
  m.def("rule_setting_names", &rule_setting_names,
        "Names of every rule setting (the keyword arguments of the table functions).");
  m.def("statistic_names", &statistic_names, "Names of the statistics a table cell can report.");

  py::class_<table_rules>(m, "Rules", "The parameters of the primary disclosure rules of tables.")
      .def(py::init([](const std::string& profile) { return rule_profile(profile); }), py::arg("profile"),
           "The rules of a built-in profile (see profile_names()).")
      .def("apply", [](table_rules& rules, const std::string& name,
                       const std::string& text) { apply_rule_setting(rules, name, text); },
           py::arg("name"), py::arg("text"),
           "Set one rule from text in the rule-file syntax (nk '2:85, 3:90', pq '25:50', 'none', ...).")
      .def("validate", [](const table_rules& rules) { validate(rules); },
           "Raise InvalidInputError if a parameter is outside its domain.")
      .def("settings", &rule_settings, "Every setting as (name, text) pairs, in rule-file syntax.")
      .def_property_readonly("profile", [](const table_rules& r) { return r.profile; })
      .def_property_readonly("source", [](const table_rules& r) { return r.source; })
      .def_property_readonly("min_dof", [](const table_rules& r) { return r.min_dof; })
      .def_property_readonly("weighting", [](const table_rules& r) { return std::string(to_string(r.weighting)); })
      .def_property_readonly("top_contributions", &needed_top_contributions,
                             "How many largest contributions per cell these rules need.")
      .def("__copy__", [](const table_rules& r) { return table_rules(r); })
      .def("__repr__", [](const table_rules& r) { return "<sdc._core.Rules profile='" + r.profile + "'>"; });
}

}  // namespace sdc::python
