// SPDX-License-Identifier: MIT
// l-diversity (sdc/risk/l_diversity.hpp): distinct, entropy and recursive (c,l).
#include <pybind11/stl.h>

#include <string>
#include <utility>
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

py::dict summaries_dict(const l_diversity_summary& distinct, const l_diversity_summary& entropy,
                        const l_diversity_summary& recursive) {
  py::dict out;
  out["distinct"] = summary_dict(distinct);
  out["entropy"] = summary_dict(entropy);
  out["recursive"] = summary_dict(recursive);
  return out;
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
        // Values per class and the record -> class index, as the core holds them: the facade
        // makes per-record arrays from both only when they are asked for.
        py::dict out;
        py::list names, distinct, entropy, recursive;
        py::dict summaries;
        for (auto& v : result.variables) {
          names.append(v.name);
          summaries[py::str(v.name)] = summaries_dict(v.distinct_summary, v.entropy_summary, v.recursive_summary);
          distinct.append(to_numpy(std::move(v.class_distinct)));
          entropy.append(to_numpy(std::move(v.class_entropy)));
          recursive.append(to_numpy(std::move(v.class_recursive)));
        }
        out["variables"] = names;
        out["class_distinct"] = distinct;
        out["class_entropy"] = entropy;
        out["class_recursive"] = recursive;
        out["class_min_distinct"] = to_numpy(std::move(result.class_min_distinct));
        out["class_min_entropy"] = to_numpy(std::move(result.class_min_entropy));
        out["class_min_recursive"] = to_numpy(std::move(result.class_min_recursive));
        out["summaries"] = summaries;
        out["summary_all"] = summaries_dict(result.distinct_summary, result.entropy_summary, result.recursive_summary);
        out["n_classes"] = result.classes.n_groups();
        out["class_size"] = to_numpy(std::move(result.classes.group_size));
        out["class_of_record"] = to_numpy(std::move(result.classes.group_of_record));
        return out;
      },
      py::arg("keys"), py::arg("sensitive"), py::arg("recursive_c") = defaults.recursive_c, py::arg("l") = defaults.l,
      py::arg("key_missing") = std::string(to_string(defaults.key_missing)),
      py::arg("sdcmicro_compatible") = defaults.sdcmicro_compatible,
      "Distinct, entropy and recursive (c,l) l-diversity of sensitive variables (sdc::l_diversity): values per "
      "class and the class of each record.");
}

}  // namespace sdc::python
