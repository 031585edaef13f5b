// SPDX-License-Identifier: MIT
// l-diversity (sdc/risk/l_diversity.hpp): distinct, entropy and recursive (c,l).
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "bindings.hpp"
#include "sdc/risk/l_diversity.hpp"
#include "sdc/risk/risk_columns.hpp"

namespace sdc::python {
void register_l_diversity(py::module_& m) {
  const auto defaults = l_diversity_options::defaults();
  m.def("l_diversity_defaults", [defaults] {
    py::dict out;
    out["recursive_c"] = defaults.recursive_c;
    out["l"] = defaults.l;
    out["key_missing"] = std::string(to_string(defaults.key_missing));
    out["sdcmicro_compatible"] = defaults.sdcmicro_compatible;
    return out;
  });

  m.def(
      "l_diversity",
      [](const std::vector<const categorical_column*>& keys, const std::vector<const categorical_column*>& sensitive,
         double recursive_c, double l, const std::string& key_missing, bool sdcmicro_compatible) {
        l_diversity_options options;
        options.recursive_c = recursive_c;
        options.l = l;
        options.key_missing = missing_semantics_from_string(key_missing);
        options.sdcmicro_compatible = sdcmicro_compatible;
        const auto key_views = views_of(keys);
        const auto sensitive_views = views_of(sensitive);
        l_diversity_result result;
        {
          py::gil_scoped_release release;
          result = l_diversity(key_views, sensitive_views, options);
        }
        l_diversity_columns c = to_columns(result);
        py::dict out;
        out["variables"] = c.variables;
        out["distinct"] = c.distinct;  // one list per variable, made arrays in Python
        out["entropy"] = c.entropy;
        out["recursive"] = c.recursive;
        out["summary_variable"] = c.summary_variable;
        out["summary_measure"] = c.summary_measure;
        out["summary_minimum"] = to_numpy(std::move(c.summary_minimum));
        out["summary_classes_below"] = to_numpy(std::move(c.summary_classes_below));
        out["summary_records_below"] = to_numpy(std::move(c.summary_records_below));
        out["n_classes"] = result.classes.n_groups();
        out["min_distinct"] = to_numpy(std::move(result.min_distinct));
        out["min_entropy"] = to_numpy(std::move(result.min_entropy));
        out["min_recursive"] = to_numpy(std::move(result.min_recursive));
        return out;
      },
      py::arg("keys"), py::arg("sensitive"), py::arg("recursive_c") = defaults.recursive_c, py::arg("l") = defaults.l,
      py::arg("key_missing") = std::string(to_string(defaults.key_missing)),
      py::arg("sdcmicro_compatible") = defaults.sdcmicro_compatible,
      "Distinct, entropy and recursive (c,l) l-diversity of sensitive variables (sdc::l_diversity).");
}

}  // namespace sdc::python
