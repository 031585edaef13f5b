// SPDX-License-Identifier: MIT
// Generalisation hierarchies (sdc/risk/hierarchy.hpp) and the search of the lattice of
// generalisation levels for the minimal generalisations meeting a privacy target
// (sdc/risk/lattice_search.hpp).
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bindings.hpp"
#include "sdc/risk/hierarchy.hpp"
#include "sdc/risk/lattice_search.hpp"

namespace sdc::python {

py::dict target_dict(const privacy_target& t) {
  py::dict out;
  out["k"] = t.k;
  out["max_individual_risk"] = t.max_individual_risk;
  out["max_expected_reidentifications"] = t.max_expected_reidentifications;
  out["max_suppressed_share"] = t.max_suppressed_share;
  return out;
}

privacy_target make_target(int k, double max_individual_risk, double max_expected_reidentifications,
                           double max_suppressed_share) {
  privacy_target t;
  t.k = k;
  t.max_individual_risk = max_individual_risk;
  t.max_expected_reidentifications = max_expected_reidentifications;
  t.max_suppressed_share = max_suppressed_share;
  validate(t);
  return t;
}

void register_lattice(py::module_& m) {
  py::class_<generalisation_hierarchy>(m, "Hierarchy", "A generalisation hierarchy of one variable.")
      .def(py::init([](std::string variable, std::vector<std::vector<std::string>> levels,
                       std::vector<std::string> level_names) {
             generalisation_hierarchy h;
             h.variable = std::move(variable);
             h.levels = std::move(levels);
             h.level_names = std::move(level_names);
             validate(h);
             return h;
           }),
           py::arg("variable"), py::arg("levels"), py::arg("level_names") = std::vector<std::string>{},
           "levels[h][i]: value of original value i at level h (levels[0]: the original values).")
      .def_static(
          "from_text",
          [](const std::string& text, const std::string& delimiter, const std::string& variable,
             const std::vector<std::string>& level_names) {
            if (delimiter.size() != 1) {
              throw invalid_input(errc::invalid_argument, "the hierarchy delimiter must be one character");
            }
            auto h = hierarchy_from_text(text, delimiter[0], variable);
            if (!level_names.empty()) {
              h.level_names = level_names;
              validate(h);
            }
            return h;
          },
          py::arg("text"), py::arg("delimiter") = ";", py::arg("variable") = std::string(),
          py::arg("level_names") = std::vector<std::string>{},
          "Parse a hierarchy in the ARX/Adult format (sdc::hierarchy_from_text).")
      .def_readonly("variable", &generalisation_hierarchy::variable)
      .def_readonly("levels", &generalisation_hierarchy::levels)
      .def_readonly("level_names", &generalisation_hierarchy::level_names)
      .def_property_readonly("n_levels", &generalisation_hierarchy::n_levels)
      .def("level_name", &generalisation_hierarchy::level_name, py::arg("level"));

  m.def("privacy_target_defaults", [] { return target_dict(privacy_target::defaults()); },
        "Defaults of a privacy target (each leaves its constraint off).");
  m.def(
      "privacy_target_from_fields",
      [](const std::vector<std::pair<std::string, double>>& fields) {
        // The core's parser (as R's): unknown names and bad values are named there.
        privacy_target t = privacy_target::defaults();
        for (const auto& [name, value] : fields) set_target_field(t, name, value);
        validate(t);
        return target_dict(t);
      },
      py::arg("fields"),
      "A privacy target from (name, value) pairs over the defaults (sdc::set_target_field, validate).");

  const auto defaults = lattice_options::defaults();
  m.def("lattice_defaults", [defaults] {
    py::dict out;
    out["missing"] = std::string(to_string(defaults.missing));
    out["alpha"] = defaults.alpha;
    out["method"] = std::string(to_string(defaults.risk.method));
    out["assume_monotone"] = defaults.assume_monotone;
    out["max_nodes"] = defaults.max_nodes;
    return out;
  }, "Defaults of the lattice search.");

  m.def(
      "lattice_search",
      [](const std::vector<const categorical_column*>& keys, const std::vector<std::vector<std::string>>& labels,
         const std::vector<std::optional<generalisation_hierarchy>>& hierarchies, const numeric_column* weights,
         int k, double max_individual_risk, double max_expected_reidentifications, double max_suppressed_share,
         const std::string& missing, double alpha, const std::string& method,
         const std::vector<std::size_t>& min_levels, const std::vector<std::size_t>& max_levels,
         bool assume_monotone, std::size_t max_nodes) {
        if (labels.size() != keys.size() || hierarchies.size() != keys.size()) {
          throw invalid_input(errc::length_mismatch, "one list of labels and one hierarchy (or None) per key");
        }
        lattice_options options;
        options.target = make_target(k, max_individual_risk, max_expected_reidentifications, max_suppressed_share);
        options.missing = missing_semantics_from_string(missing);
        options.alpha = alpha;
        options.risk.method = risk_method_from_string(method);
        options.min_levels = min_levels;
        options.max_levels = max_levels;
        options.assume_monotone = assume_monotone;
        options.max_nodes = max_nodes;
        const auto views = views_of(keys);
        std::vector<category_generalisation> generalisations;
        for (std::size_t v = 0; v < keys.size(); ++v) {
          // A key without a hierarchy can still be dropped (sdc::suppression_hierarchy: levels
          // "original" and "*"), as in a review.
          generalisation_hierarchy h;
          if (hierarchies[v]) {
            h = *hierarchies[v];
          } else {
            h = suppression_hierarchy(views[v].name, labels[v]);
          }
          generalisations.push_back(generalise_categories(views[v], labels[v], h));
        }
        lattice_result r;
        {
          py::gil_scoped_release release;
          r = lattice_search(views, generalisations, weights ? &weights->view : nullptr, options);
        }
        py::dict out;
        out["variables"] = r.variables;
        out["n_levels"] = r.n_levels;
        out["level_names"] = r.level_names;
        out["n_records"] = r.n_records;
        out["n_nodes"] = r.n_nodes;
        out["nodes_evaluated"] = r.nodes_evaluated;
        out["nodes_satisfying"] = r.nodes_satisfying;
        out["target"] = target_dict(options.target);
        out["target_description"] = describe(options.target);
        py::list nodes;
        for (const auto& node : r.minimal) {
          py::dict d;
          d["levels"] = node.levels;
          d["satisfies"] = node.satisfies;
          d["classes"] = node.classes;
          d["records_at_risk"] = node.records_at_risk;
          d["records_suppressed"] = node.records_suppressed;
          d["max_individual_risk"] = node.max_individual_risk;
          d["expected_reidentifications"] = node.expected_reidentifications;
          d["generalisation_loss"] = node.generalisation_loss;
          d["precision_loss"] = node.precision_loss;
          d["discernibility"] = node.discernibility;
          nodes.append(d);
        }
        out["minimal"] = nodes;
        return out;
      },
      py::arg("keys"), py::arg("labels"), py::arg("hierarchies"), py::arg("weights") = nullptr,
      py::arg("k") = privacy_target::defaults().k,
      py::arg("max_individual_risk") = privacy_target::defaults().max_individual_risk,
      py::arg("max_expected_reidentifications") = privacy_target::defaults().max_expected_reidentifications,
      py::arg("max_suppressed_share") = privacy_target::defaults().max_suppressed_share,
      py::arg("missing") = std::string(to_string(defaults.missing)), py::arg("alpha") = defaults.alpha,
      py::arg("method") = std::string(to_string(defaults.risk.method)),
      py::arg("min_levels") = std::vector<std::size_t>{}, py::arg("max_levels") = std::vector<std::size_t>{},
      py::arg("assume_monotone") = defaults.assume_monotone, py::arg("max_nodes") = defaults.max_nodes,
      "The minimal generalisations meeting a privacy target, best first (sdc::lattice_search). A key "
      "without a hierarchy (None) gets the two levels 'original' and '*'.");
}

}  // namespace sdc::python
