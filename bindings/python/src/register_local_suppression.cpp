// SPDX-License-Identifier: MIT
// k-anonymity by local suppression (sdc/risk/local_suppression.hpp), as sdcMicro's kAnon.
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "bindings.hpp"
#include "sdc/risk/local_suppression.hpp"

namespace sdc::python {

void register_local_suppression(py::module_& m) {
  const auto defaults = local_suppression_options::defaults();
  m.def("local_suppression_defaults", [defaults] {
    py::dict out;
    out["k"] = defaults.k;
    out["max_exhaustive"] = defaults.max_exhaustive;
    return out;
  }, "Defaults of local suppression (importance: by number of categories).");

  m.def(
      "local_suppression",
      [](const std::vector<const categorical_column*>& keys, int k, const std::vector<int>& importance,
         std::size_t max_exhaustive) {
        local_suppression_options options;
        options.k = k;
        options.importance = importance;
        options.max_exhaustive = max_exhaustive;
        const auto views = views_of(keys);
        local_suppression_result r;
        {
          py::gil_scoped_release release;
          r = local_suppression(views, options);
        }
        py::list codes;
        for (auto& column : r.codes) codes.append(to_numpy(std::move(column)));
        py::dict out;
        out["variables"] = r.variables;
        out["k"] = r.k;
        out["codes"] = codes;
        out["cell_record"] = gather<std::size_t>(r.cells, [](const suppressed_cell& c) { return c.record; });
        out["cell_variable"] = gather<std::size_t>(r.cells, [](const suppressed_cell& c) { return c.variable; });
        out["suppressions"] = r.suppressions;
        out["total_suppressions"] = r.total_suppressions;
        out["records_suppressed"] = r.records_suppressed;
        out["records_below_k_before"] = r.records_below_k_before;
        out["records_below_k_after"] = r.records_below_k_after;
        out["suppression_order"] = r.suppression_order;
        return out;
      },
      py::arg("keys"), py::arg("k") = defaults.k, py::arg("importance") = std::vector<int>{},
      py::arg("max_exhaustive") = defaults.max_exhaustive,
      "Suppress key values (set them missing) until every record shares its key with k - 1 others, missing "
      "values matching anything (sdc::local_suppression). Codes come back in the input's coding.");
}

}  // namespace sdc::python
