// SPDX-License-Identifier: MIT
// Population uniqueness (sdc/risk/population_uniqueness.hpp): Zayatz, Pitman, SNB and Dankar's
// rule from the class-size spectrum of the key frequencies' classes.
#include <pybind11/stl.h>

#include <string>

#include "bindings.hpp"
#include "sdc/risk/frequencies.hpp"
#include "sdc/risk/population_uniqueness.hpp"

namespace sdc::python {
namespace {

py::dict estimate_dict(const model_estimate& e) {
  py::dict out;
  out["model"] = std::string(to_string(e.model));
  out["valid"] = e.valid;
  out["uniques"] = e.uniques;
  out["share"] = e.share;
  out["message"] = e.message;
  return out;
}

}  // namespace

void register_population(py::module_& m) {
  const auto defaults = population_options::defaults();
  m.def("population_defaults", [defaults] {
    py::dict out;
    out["model"] = std::string(to_string(defaults.model));
    out["dankar_pitman_max_fraction"] = defaults.dankar_pitman_max_fraction;
    out["max_iterations"] = defaults.max_iterations;
    out["tolerance"] = defaults.tolerance;
    return out;
  });

  m.def(
      "population_uniqueness",
      [](const key_frequencies& frequencies, double population_size, double sampling_fraction,
         const std::string& model, double dankar_pitman_max_fraction, int max_iterations, double tolerance,
         const numeric_column* weights) {
        population_options options;
        options.population_size = population_size;
        options.sampling_fraction = sampling_fraction;
        options.model = population_model_from_string(model);
        options.dankar_pitman_max_fraction = dankar_pitman_max_fraction;
        options.max_iterations = max_iterations;
        options.tolerance = tolerance;
        // N defaults to the sum of the weights (the core's rule, shared with R).
        options = with_default_population_size(options, weights ? &weights->view : nullptr);
        population_uniqueness_report r;
        {
          py::gil_scoped_release release;
          r = estimate_population_uniqueness(frequencies.grouping, options);
        }
        py::dict pitman, snb, out;
        pitman["theta"] = r.pitman_parameters.theta;
        pitman["alpha"] = r.pitman_parameters.alpha;
        pitman["converged"] = r.pitman_parameters.converged;
        pitman["message"] = r.pitman_parameters.message;
        snb["alpha"] = r.snb_parameters.alpha;
        snb["beta"] = r.snb_parameters.beta;
        snb["population_classes"] = r.snb_parameters.population_classes;
        snb["converged"] = r.snb_parameters.converged;
        snb["message"] = r.snb_parameters.message;
        out["sample_size"] = r.sample_size;
        out["sample_classes"] = r.sample_classes;
        out["sample_uniques"] = r.sample_uniques;
        out["population_size"] = r.population_size;
        out["sampling_fraction"] = r.sampling_fraction;
        out["model"] = std::string(to_string(r.requested));
        out["model_used"] = std::string(to_string(r.model_used));
        out["converged"] = r.converged;
        out["uniques"] = r.uniques;
        out["share"] = r.share;
        out["zayatz"] = estimate_dict(r.zayatz);
        out["pitman"] = estimate_dict(r.pitman);
        out["snb"] = estimate_dict(r.snb);
        out["pitman_fit"] = pitman;
        out["snb_fit"] = snb;
        out["notes"] = r.notes;
        return out;
      },
      py::arg("frequencies"), py::arg("population_size") = defaults.population_size,
      py::arg("sampling_fraction") = defaults.sampling_fraction,
      py::arg("model") = std::string(to_string(defaults.model)),
      py::arg("dankar_pitman_max_fraction") = defaults.dankar_pitman_max_fraction,
      py::arg("max_iterations") = defaults.max_iterations, py::arg("tolerance") = defaults.tolerance,
      py::arg("weights") = nullptr,
      "Estimated population uniques from the class-size spectrum of the frequencies' classes "
      "(sdc::estimate_population_uniqueness). Give population_size or sampling_fraction, or "
      "weights (N = their sum, sdc::with_default_population_size).");
}

}  // namespace sdc::python
