// SPDX-License-Identifier: MIT
// Column objects: the only way data enters the core (sdc/core/column_view.hpp). They hold the
// caller's NumPy array, so the view over its buffer stays valid as long as the object lives, and
// accept only arrays of the exact dtype and layout: int32 codes, float64 values, C-contiguous,
// one-dimensional. Anything else is a TypeError (no silent copy; the facade converts visibly).
#include <string>

#include "bindings.hpp"
#include "sdc/core/column_view.hpp"
#include "sdc/core/error.hpp"

namespace sdc::python {
namespace {

template <class Array>
std::size_t one_dimensional_size(const Array& array, const std::string& name) {
  if (array.ndim() != 1) {
    throw invalid_input(errc::invalid_argument, "column '" + name + "' must be one-dimensional, got " +
                                                    std::to_string(array.ndim()) + " dimensions");
  }
  return static_cast<std::size_t>(array.shape(0));
}

}  // namespace

void register_columns(py::module_& m) {
  py::class_<categorical_column>(m, "Categorical",
                                 "A categorical column over the caller's int32 codes (not copied).")
      .def(py::init([](std::string name, int32_array codes, std::int32_t n_categories, std::int32_t first_code,
                       std::int32_t missing_code) {
             categorical_column column;
             column.view.size = one_dimensional_size(codes, name);
             column.view.codes = codes.data();
             column.view.name = std::move(name);
             column.view.n_categories = n_categories;
             column.view.first_code = first_code;
             column.view.missing_code = missing_code;
             column.codes = std::move(codes);
             return column;
           }),
           py::arg("name"), py::arg("codes").noconvert(), py::arg("n_categories"), py::arg("first_code") = 0,
           py::arg("missing_code") = -1,
           "codes: 1-D C-contiguous int32 array (pandas: 0..K-1, -1 missing); it is kept, not copied.")
      .def_property_readonly("name", [](const categorical_column& c) { return c.view.name; })
      .def_property_readonly("codes", [](const categorical_column& c) { return c.codes; })
      .def_property_readonly("n_categories", [](const categorical_column& c) { return c.view.n_categories; })
      .def_property_readonly("first_code", [](const categorical_column& c) { return c.view.first_code; })
      .def_property_readonly("missing_code", [](const categorical_column& c) { return c.view.missing_code; })
      .def("__len__", [](const categorical_column& c) { return c.view.size; })
      .def("validate", [](const categorical_column& c) { validate(c.view); },
           "Raise InvalidInputError if a code is neither a category nor the missing code.");

  py::class_<numeric_column>(m, "Numeric", "A numeric column over the caller's float64 values (not copied).")
      .def(py::init([](std::string name, float64_array values) {
             numeric_column column;
             column.view.size = one_dimensional_size(values, name);
             column.view.values = values.data();
             column.view.name = std::move(name);
             column.values = std::move(values);
             return column;
           }),
           py::arg("name"), py::arg("values").noconvert(),
           "values: 1-D C-contiguous float64 array, NaN for missing; it is kept, not copied.")
      .def_property_readonly("name", [](const numeric_column& c) { return c.view.name; })
      .def_property_readonly("values", [](const numeric_column& c) { return c.values; })
      .def("__len__", [](const numeric_column& c) { return c.view.size; })
      .def("validate_weights", [](const numeric_column& c) { validate_weights(c.view); },
           "Raise InvalidInputError if a weight is missing, negative or infinite.");
}

}  // namespace sdc::python
