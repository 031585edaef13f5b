// SPDX-License-Identifier: MIT
// SUDA2 (sdc/risk/suda2.hpp): minimal sample uniques, SUDA and DIS-SUDA scores.
#include <pybind11/eigen.h>
#include <pybind11/stl.h>

#include <limits>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "sdc/risk/suda2.hpp"

namespace sdc::python {

void register_suda2(py::module_& m) {
  const auto defaults = suda2_options::defaults();
  const bool unlimited = defaults.max_msu_size == std::numeric_limits<std::size_t>::max();
  m.def("suda2_defaults", [defaults, unlimited] {
    py::dict out;
    out["max_msu_size"] = unlimited ? py::object(py::none()) : py::cast(defaults.max_msu_size);
    out["weighting"] = std::string(to_string(defaults.weighting));
    out["dis_fraction"] = defaults.dis_fraction;
    out["sdcmicro_compatible"] = defaults.sdcmicro_compatible;
    return out;
  }, "Defaults of SUDA2 (max_msu_size None: no limit).");

  m.def(
      "suda2",
      [](const std::vector<const categorical_column*>& keys, std::optional<std::size_t> max_msu_size,
         const std::string& weighting, double dis_fraction, bool sdcmicro_compatible) {
        suda2_options options;
        if (max_msu_size) options.max_msu_size = *max_msu_size;
        options.weighting = suda_weighting_from_string(weighting);
        options.dis_fraction = dis_fraction;
        options.sdcmicro_compatible = sdcmicro_compatible;
        const auto views = views_of(keys);
        suda2_result result;
        {
          py::gil_scoped_release release;
          result = suda2(views, options);
        }
        py::dict out;
        out["variables"] = result.variables;
        out["max_msu_size"] = result.max_msu_size;
        // Eigen results are moved into NumPy (pybind11/eigen.h), not copied.
        out["score"] = py::cast(std::move(result.score));
        out["dis_score"] = py::cast(std::move(result.dis_score));
        out["record_contribution"] = py::cast(std::move(result.record_contribution));
        out["msu_count"] = py::cast(std::move(result.msu_count));
        out["attribute_contribution"] = result.attribute_contribution;
        out["total_score"] = result.total_score;
        out["records_in_pairs"] = result.records_in_pairs;
        out["n_msus"] = result.n_msus;
        return out;
      },
      py::arg("keys"), py::arg("max_msu_size") = py::none(),
      py::arg("weighting") = std::string(to_string(defaults.weighting)), py::arg("dis_fraction") = defaults.dis_fraction,
      py::arg("sdcmicro_compatible") = defaults.sdcmicro_compatible,
      "Minimal sample uniques, SUDA and DIS-SUDA scores (sdc::suda2).");
}

}  // namespace sdc::python
