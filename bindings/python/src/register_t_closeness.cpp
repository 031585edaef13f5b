// SPDX-License-Identifier: MIT
// t-closeness (sdc/risk/t_closeness.hpp): Earth Mover's Distance between each class's
// distribution of a sensitive variable and the overall one.
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "bindings.hpp"
#include "sdc/risk/t_closeness.hpp"

namespace sdc::python {
namespace {

template <class Column>
py::dict t_closeness_dict(const std::vector<const categorical_column*>& keys, const Column& sensitive,
                          const std::string& distance, const std::string& key_missing) {
  t_closeness_options options;
  options.distance = t_closeness_distance_from_string(distance);
  options.key_missing = missing_semantics_from_string(key_missing);
  const auto views = views_of(keys);
  t_closeness_result result;
  {
    py::gil_scoped_release release;
    result = t_closeness(views, sensitive.view, options);
  }
  py::dict out;
  out["name"] = result.name;
  out["n_values"] = result.n_values;
  out["n_classes"] = result.classes.n_groups();
  out["max_distance"] = result.max_distance;
  out["distance"] = to_numpy(std::move(result.distance));
  out["class_distance"] = to_numpy(std::move(result.class_distance));
  return out;
}

}  // namespace

void register_t_closeness(py::module_& m) {
  const auto defaults = t_closeness_options::defaults();
  m.def("t_closeness_defaults", [defaults] {
    py::dict out;
    out["distance"] = std::string(to_string(defaults.distance));
    out["key_missing"] = std::string(to_string(defaults.key_missing));
    return out;
  });
  const char* doc = "t-closeness of a sensitive variable within the classes of the keys (sdc::t_closeness): "
                    "categories in code order, or numbers in numeric order.";
  m.def("t_closeness", &t_closeness_dict<categorical_column>, py::arg("keys"), py::arg("sensitive"),
        py::arg("distance") = std::string(to_string(defaults.distance)),
        py::arg("key_missing") = std::string(to_string(defaults.key_missing)), doc);
  m.def("t_closeness", &t_closeness_dict<numeric_column>, py::arg("keys"), py::arg("sensitive"),
        py::arg("distance") = std::string(to_string(defaults.distance)),
        py::arg("key_missing") = std::string(to_string(defaults.key_missing)), doc);
}

}  // namespace sdc::python
