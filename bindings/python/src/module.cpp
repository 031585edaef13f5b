// SPDX-License-Identifier: MIT
// sdc._core: the compiled half of the Python package. Private; the documented API is the pure
// Python package around it (bindings/python/sdc). Each concept registers itself from its own
// file.
#include "bindings.hpp"
#include "sdc/core/config.hpp"

namespace sdc::python {
void register_cell_system(py::module_& m);  // register_cell_system.cpp
}

PYBIND11_MODULE(_core, m) {
  m.doc() = "Compiled core of the sdc package (private: use the sdc module).";
  m.attr("__version__") = sdc::version_string;
  sdc::python::register_errors(m);
  sdc::python::register_columns(m);
  sdc::python::register_rules(m);
  sdc::python::register_tables(m);
  sdc::python::register_risk(m);
  sdc::python::register_suda2(m);
  sdc::python::register_l_diversity(m);
  sdc::python::register_t_closeness(m);
  sdc::python::register_population(m);
  sdc::python::register_combination_scan(m);
  sdc::python::register_trajectory_unicity(m);
  sdc::python::register_lattice(m);
  sdc::python::register_local_suppression(m);
  sdc::python::register_review(m);
  sdc::python::register_protection(m);
  sdc::python::register_cell_system(m);
}
