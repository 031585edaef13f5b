// SPDX-License-Identifier: MIT
// Trajectory unicity of panel data (sdc/risk/trajectory_unicity.hpp).
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "sdc/risk/trajectory_unicity.hpp"

namespace sdc::python {

void register_trajectory_unicity(py::module_& m) {
  const auto defaults = trajectory_unicity_options::defaults();
  m.def("trajectory_unicity_defaults", [defaults] {
    py::dict out;
    out["points"] = defaults.points;
    out["mode"] = std::string(to_string(defaults.mode));
    out["seed"] = defaults.seed;
    out["persons"] = defaults.persons;
    out["draws_per_person"] = defaults.draws_per_person;
    out["short_trajectories"] = std::string(to_string(defaults.short_trajectories));
    out["max_exact_subsets"] = defaults.max_exact_subsets;
    return out;
  }, "Defaults of the trajectory unicity estimate.");

  m.def(
      "trajectory_unicity",
      [](const categorical_column& person, const categorical_column& period,
         const std::vector<const categorical_column*>& variables, int points, const std::string& mode,
         std::uint64_t seed, std::size_t persons, std::size_t draws_per_person, const std::string& short_trajectories,
         std::uint64_t max_exact_subsets) {
        trajectory_unicity_options options;
        options.points = points;
        options.mode = unicity_mode_from_string(mode);
        options.seed = seed;
        options.persons = persons;
        options.draws_per_person = draws_per_person;
        options.short_trajectories = short_trajectory_policy_from_string(short_trajectories);
        options.max_exact_subsets = max_exact_subsets;
        const auto views = views_of(variables);
        trajectory_unicity_report r;
        {
          py::gil_scoped_release release;
          r = estimate_trajectory_unicity(person.view, period.view, views, options);
        }
        py::dict out;
        out["unicity"] = r.unicity;
        out["standard_error"] = r.standard_error;
        out["rows"] = r.rows;
        out["rows_skipped"] = r.rows_skipped;
        out["distinct_points"] = r.distinct_points;
        out["persons"] = r.persons;
        out["persons_eligible"] = r.persons_eligible;
        out["persons_excluded"] = r.persons_excluded;
        out["persons_assessed"] = r.persons_assessed;
        out["draws"] = r.draws;
        out["unique_draws"] = r.unique_draws;
        out["points"] = r.points;
        out["mode"] = std::string(to_string(r.mode));
        out["seed"] = r.seed;
        return out;
      },
      py::arg("person"), py::arg("period"), py::arg("variables"), py::arg("points") = defaults.points,
      py::arg("mode") = std::string(to_string(defaults.mode)), py::arg("seed") = defaults.seed,
      py::arg("persons") = defaults.persons, py::arg("draws_per_person") = defaults.draws_per_person,
      py::arg("short_trajectories") = std::string(to_string(defaults.short_trajectories)),
      py::arg("max_exact_subsets") = defaults.max_exact_subsets,
      "Share of persons singled out by p points of their trajectory (sdc::estimate_trajectory_unicity).");
}

}  // namespace sdc::python
