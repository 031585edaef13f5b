// SPDX-License-Identifier: MIT
// Microdata risk (sdc/risk/*.hpp): key frequencies fk/Fk, individual, global and household risk,
// k-anonymity and the attacker models. Options come with the core's defaults (the *_defaults()
// functions), so the facade never re-lists them.
#include <pybind11/stl.h>

#include <limits>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "sdc/risk/attacker_models.hpp"
#include "sdc/risk/frequencies.hpp"
#include "sdc/risk/global_risk.hpp"
#include "sdc/risk/household_risk.hpp"
#include "sdc/risk/individual_risk.hpp"
#include "sdc/risk/k_anonymity.hpp"
#include "sdc/risk/risk_columns.hpp"

namespace sdc::python {
namespace {


/// The core takes risks as a vector: this copy is the one conversion of a risk array.
std::vector<double> risk_vector(const float64_array& risk) {
  if (risk.ndim() != 1) throw invalid_input(errc::invalid_argument, "risks must be a one-dimensional array");
  return std::vector<double>(risk.data(), risk.data() + risk.shape(0));
}

py::dict attacker_dict(const attacker_risk& r) {
  py::dict out;
  out["records_at_risk"] = r.records_at_risk;
  out["highest_risk"] = r.highest_risk;
  out["success_rate"] = r.success_rate;
  return out;
}

}  // namespace

void register_risk(py::module_& m) {
  m.def("frequency_defaults", [] {
    const auto d = frequency_options::defaults();
    py::dict out;
    out["missing"] = std::string(to_string(d.missing));
    out["alpha"] = d.alpha;
    out["allow_constant_keys"] = d.allow_constant_keys;
    return out;
  });
  m.def("individual_risk_defaults", [] {
    const auto d = individual_risk_options::defaults();
    py::dict out;
    out["method"] = std::string(to_string(d.method));
    out["sdcmicro_compatible"] = d.sdcmicro_compatible;
    return out;
  });
  m.def("k_anonymity_defaults", [] {
    py::dict out;
    out["k"] = k_anonymity_options::defaults().k;
    return out;
  });
  m.def("attacker_model_defaults", [] {
    py::dict out;
    out["risk_threshold"] = attacker_model_options::defaults().risk_threshold;
    return out;
  });

  py::class_<key_frequencies>(m, "KeyFrequencies", "fk and Fk of every record, and the classes of records.")
      .def_property_readonly("fk", [](py::object self) { return view_of(self.cast<const key_frequencies&>().fk, self); })
      .def_property_readonly("Fk", [](py::object self) { return view_of(self.cast<const key_frequencies&>().Fk, self); })
      .def_property_readonly("group", [](py::object self) {
        return view_of(self.cast<const key_frequencies&>().grouping.group_of_record, self);
      }, "Class of every record, in [0, n_groups).")
      .def_property_readonly("group_size", [](py::object self) {
        return view_of(self.cast<const key_frequencies&>().grouping.group_size, self);
      })
      .def_property_readonly("n_groups", [](const key_frequencies& f) { return f.grouping.n_groups(); })
      .def_property_readonly("weighted", [](const key_frequencies& f) { return f.weighted; })
      .def_property_readonly("missing", [](const key_frequencies& f) { return std::string(to_string(f.missing)); })
      .def_property_readonly("warnings", [](const key_frequencies& f) { return f.warnings; })
      .def("__len__", &key_frequencies::size);

  const auto freq_defaults = frequency_options::defaults();
  m.def(
      "key_frequencies",
      [](const std::vector<const categorical_column*>& keys, const numeric_column* weights, const std::string& missing,
         double alpha, bool allow_constant_keys) {
        frequency_options options;
        options.missing = missing_semantics_from_string(missing);
        options.alpha = alpha;
        options.allow_constant_keys = allow_constant_keys;
        const auto views = views_of(keys);
        py::gil_scoped_release release;
        return compute_key_frequencies(views, weights ? &weights->view : nullptr, options);
      },
      py::arg("keys"), py::arg("weights") = nullptr, py::arg("missing") = std::string(to_string(freq_defaults.missing)),
      py::arg("alpha") = freq_defaults.alpha, py::arg("allow_constant_keys") = freq_defaults.allow_constant_keys,
      "fk and Fk of every record under a missing-value semantics (sdc::compute_key_frequencies).");

  const auto risk_defaults = individual_risk_options::defaults();
  m.def(
      "individual_risk",
      [](const key_frequencies& frequencies, const std::string& method, bool sdcmicro_compatible) {
        individual_risk_options options;
        options.method = risk_method_from_string(method);
        options.sdcmicro_compatible = sdcmicro_compatible;
        std::vector<double> risk;
        {
          py::gil_scoped_release release;
          risk = compute_individual_risk(frequencies, options);
        }
        return to_numpy(std::move(risk));
      },
      py::arg("frequencies"), py::arg("method") = std::string(to_string(risk_defaults.method)),
      py::arg("sdcmicro_compatible") = risk_defaults.sdcmicro_compatible,
      "Individual risk of every record (sdc::compute_individual_risk).");

  m.def(
      "global_risk",
      [](const float64_array& risk) {
        const auto summary = compute_global_risk(risk_vector(risk));
        py::dict out;
        out["n"] = summary.n;
        out["expected_reidentifications"] = summary.expected_reidentifications;
        out["global_risk"] = summary.global_risk;
        out["max_individual_risk"] = summary.max_individual_risk;
        return out;
      },
      py::arg("risk").noconvert(), "Expected re-identifications, global risk and largest risk.");

  m.def(
      "global_risk_threshold",
      [](const float64_array& risk, double max_global_risk) {
        const auto t = global_risk_threshold(risk_vector(risk), max_global_risk);
        py::dict out;
        out["max_global_risk"] = max_global_risk;
        out["threshold"] = t.threshold;
        out["records_above"] = t.records_above;
        out["attainable"] = t.attainable;
        out["capped_expected_reidentifications"] = t.capped_expected_reidentifications;
        out["target_expected_reidentifications"] = t.target_expected_reidentifications;
        return out;
      },
      py::arg("risk").noconvert(), py::arg("max_global_risk"), "The mu-ARGUS global threshold.");

  m.def(
      "household_risk",
      [](const float64_array& risk, const categorical_column& household) {
        auto result = compute_household_risk(risk_vector(risk), household.view);
        py::dict out;
        out["n_households"] = result.n_households;
        out["expected_reidentifications"] = result.expected_reidentifications;
        out["global_risk"] = result.global_risk;
        out["risk"] = to_numpy(std::move(result.risk));
        return out;
      },
      py::arg("risk").noconvert(), py::arg("household"), "Household risk 1 - prod(1 - r_j) of every record.");

  m.def(
      "k_anonymity",
      [](const key_frequencies& frequencies, const std::vector<int>& k) {
        k_anonymity_options options;
        options.k = k;
        const auto report = assess_k_anonymity(frequencies, options);
        k_anonymity_columns c = to_columns(report);
        py::dict out;
        out["n_records"] = report.n_records;
        out["n_combinations"] = report.n_combinations;
        out["sample_uniques"] = report.sample_uniques;
        out["unique_combinations"] = report.unique_combinations;
        out["k"] = to_numpy(std::move(c.k));
        out["records_below_k"] = to_numpy(std::move(c.records_below_k));
        out["combinations_below_k"] = to_numpy(std::move(c.combinations_below_k));
        out["class_size"] = to_numpy(std::move(c.class_size));
        out["classes"] = to_numpy(std::move(c.classes));
        out["class_records"] = to_numpy(std::move(c.class_records));
        return out;
      },
      py::arg("frequencies"), py::arg("k") = k_anonymity_options::defaults().k,
      "Records and key combinations below each k, and the class sizes, as columns "
      "(sdc::assess_k_anonymity, sdc::to_columns).");

  m.def(
      "attacker_models",
      [](const key_frequencies& frequencies, double risk_threshold) {
        attacker_model_options options;
        options.risk_threshold = risk_threshold;
        const auto models = compute_attacker_models(frequencies, options);
        py::dict marketer;
        marketer["success_rate"] = models.marketer_success_rate;
        py::dict out;
        out["risk_threshold"] = risk_threshold;
        out["prosecutor"] = attacker_dict(models.prosecutor);
        out["journalist"] = attacker_dict(models.journalist);
        out["marketer"] = marketer;
        return out;
      },
      py::arg("frequencies"), py::arg("risk_threshold") = attacker_model_options::defaults().risk_threshold,
      "Prosecutor, journalist and marketer risk (sdc::compute_attacker_models).");
}

}  // namespace sdc::python
