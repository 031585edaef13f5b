// SPDX-License-Identifier: MIT
// l-diversity (sdc/risk/l_diversity.hpp): distinct, entropy and recursive (c,l).
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "bindings.hpp"
#include "sdc/risk/l_diversity.hpp"

namespace sdc::python {
namespace {

py::dict summary_dict(const l_diversity_summary& s) {
  py::dict out;
  out["minimum"] = s.minimum;
  out["classes_below"] = s.classes_below;
  out["records_below"] = s.records_below;
  return out;
}

std::vector<categorical_view> views_of(const std::vector<const categorical_column*>& columns) {
  std::vector<categorical_view> views;
  for (const auto* c : columns) views.push_back(c->view);
  return views;
}

}  // namespace

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
        py::list variables;
        for (auto& v : result.variables) {
          py::dict d;
          d["name"] = v.name;
          d["distinct"] = to_numpy(std::move(v.distinct));
          d["entropy"] = to_numpy(std::move(v.entropy));
          d["recursive"] = to_numpy(std::move(v.recursive));
          d["distinct_summary"] = summary_dict(v.distinct_summary);
          d["entropy_summary"] = summary_dict(v.entropy_summary);
          d["recursive_summary"] = summary_dict(v.recursive_summary);
          variables.append(d);
        }
        py::dict out;
        out["variables"] = variables;
        out["n_classes"] = result.classes.n_groups();
        out["min_distinct"] = to_numpy(std::move(result.min_distinct));
        out["min_entropy"] = to_numpy(std::move(result.min_entropy));
        out["min_recursive"] = to_numpy(std::move(result.min_recursive));
        out["distinct_summary"] = summary_dict(result.distinct_summary);
        out["entropy_summary"] = summary_dict(result.entropy_summary);
        out["recursive_summary"] = summary_dict(result.recursive_summary);
        return out;
      },
      py::arg("keys"), py::arg("sensitive"), py::arg("recursive_c") = defaults.recursive_c, py::arg("l") = defaults.l,
      py::arg("key_missing") = std::string(to_string(defaults.key_missing)),
      py::arg("sdcmicro_compatible") = defaults.sdcmicro_compatible,
      "Distinct, entropy and recursive (c,l) l-diversity of sensitive variables (sdc::l_diversity).");
}

}  // namespace sdc::python
