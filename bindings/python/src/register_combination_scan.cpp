// SPDX-License-Identifier: MIT
// The combination scan (sdc/risk/combination_scan.hpp): every combination of up to m key
// variables cross-tabulated, cells below the threshold of their dimension reported. The report
// reaches Python as columns (one entry per combination, per listed cell, per variable and
// dimension); the facade turns them into DataFrames.
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "sdc/risk/combination_scan.hpp"

namespace sdc::python {

void register_combination_scan(py::module_& m) {
  const auto defaults = combination_scan_options::defaults();
  m.def("combination_scan_defaults", [defaults] {
    py::dict out;
    out["max_dimension"] = defaults.max_dimension;
    out["thresholds"] = defaults.thresholds;
    out["missing"] = std::string(to_string(defaults.missing));
    out["max_listed_cells"] = defaults.max_listed_cells;
    out["include_safe_combinations"] = defaults.include_safe_combinations;
    out["max_combinations"] = defaults.max_combinations;
    return out;
  }, "Defaults of the combination scan.");

  m.def(
      "scan_combinations",
      [](const std::vector<const categorical_column*>& keys, int max_dimension,
         const std::vector<std::int64_t>& thresholds, const std::string& missing, std::size_t max_listed_cells,
         bool include_safe_combinations, std::size_t max_combinations) {
        combination_scan_options options;
        options.max_dimension = max_dimension;
        options.thresholds = thresholds;
        options.missing = scan_missing_from_string(missing);
        options.max_listed_cells = max_listed_cells;
        options.include_safe_combinations = include_safe_combinations;
        options.max_combinations = max_combinations;
        options.per_record = true;  // the facade always aligns flags to the records
        const auto views = views_of(keys);
        combination_scan_report report;
        {
          py::gil_scoped_release release;
          report = scan_combinations(views, options);
        }
        // Combinations: one entry each; cells: one entry per listed cell, with the position of
        // its combination.
        py::list variables, cell_categories;
        std::vector<std::int64_t> threshold, records_in_unsafe;
        std::vector<std::size_t> n_cells, n_unsafe, cell_combination, cell_first;
        std::vector<std::int64_t> cell_count;
        std::vector<bool> truncated;
        for (std::size_t c = 0; c < report.combinations.size(); ++c) {
          const auto& combination = report.combinations[c];
          variables.append(py::cast(combination.variables));
          threshold.push_back(combination.threshold);
          n_cells.push_back(combination.n_cells);
          n_unsafe.push_back(combination.n_unsafe_cells);
          records_in_unsafe.push_back(combination.records_in_unsafe_cells);
          truncated.push_back(combination.cells_truncated);
          for (const auto& cell : combination.cells) {
            cell_combination.push_back(c);
            cell_categories.append(py::cast(cell.categories));
            cell_count.push_back(cell.count);
            cell_first.push_back(cell.first_record);
          }
        }
        py::dict out;
        out["n_records"] = report.n_records;
        out["max_dimension"] = report.max_dimension;
        out["thresholds"] = report.thresholds;
        out["combinations_scanned"] = report.combinations_scanned;
        out["unsafe_combinations"] = report.unsafe_combinations;
        out["unsafe_cells"] = report.unsafe_cells;
        out["records_affected"] = report.records_affected;
        out["combination_variables"] = variables;
        out["combination_threshold"] = to_numpy(std::move(threshold));
        out["combination_cells"] = to_numpy(std::move(n_cells));
        out["combination_unsafe_cells"] = to_numpy(std::move(n_unsafe));
        out["combination_records"] = to_numpy(std::move(records_in_unsafe));
        out["combination_truncated"] = truncated;
        out["cell_combination"] = to_numpy(std::move(cell_combination));
        out["cell_categories"] = cell_categories;
        out["cell_count"] = to_numpy(std::move(cell_count));
        out["cell_first_record"] = to_numpy(std::move(cell_first));
        py::list per_variable;
        for (const auto& v : report.variables) {
          per_variable.append(py::make_tuple(v.name, v.unsafe_combinations, v.unsafe_cells));
        }
        out["variables"] = per_variable;
        out["per_record"] = to_numpy(std::move(report.unsafe_combinations_per_record));
        return out;
      },
      py::arg("keys"), py::arg("max_dimension") = defaults.max_dimension, py::arg("thresholds") = defaults.thresholds,
      py::arg("missing") = std::string(to_string(defaults.missing)),
      py::arg("max_listed_cells") = defaults.max_listed_cells,
      py::arg("include_safe_combinations") = defaults.include_safe_combinations,
      py::arg("max_combinations") = defaults.max_combinations,
      "Unsafe combinations of up to max_dimension key variables, their cells, counts per dimension and "
      "variable, and per record the number of unsafe combinations it is in (sdc::scan_combinations).");
}

}  // namespace sdc::python
