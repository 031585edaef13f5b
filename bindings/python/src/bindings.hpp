// SPDX-License-Identifier: MIT
// Shared declarations of the sdc._core binding files: one register_* function per concept, and
// the conversions they share (column objects that keep the caller's arrays alive, vectors handed
// to NumPy without a copy). Conversions only: every computation lives in include/sdc.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sdc/core/column_view.hpp"

namespace sdc::python {

namespace py = pybind11;

/// NumPy arrays accepted without conversion: exactly this dtype, C-contiguous. Bound with
/// `.noconvert()`, anything else is a TypeError instead of a silent copy.
using int32_array = py::array_t<std::int32_t, py::array::c_style>;
using float64_array = py::array_t<double, py::array::c_style>;

/// A categorical column: the caller's int32 codes (kept alive by this object) and the core's
/// view over them.
struct categorical_column {
  int32_array codes;
  categorical_view view;
};

/// A numeric column: the caller's float64 values (kept alive by this object) and the view.
struct numeric_column {
  float64_array values;
  numeric_view view;
};

/// The views of a list of column objects (the objects keep the buffers alive).
inline std::vector<categorical_view> views_of(const std::vector<const categorical_column*>& columns) {
  std::vector<categorical_view> views;
  views.reserve(columns.size());
  for (const auto* c : columns) views.push_back(c->view);
  return views;
}

/// Hands a vector to NumPy without copying: the array owns the vector through a capsule.
template <class T>
py::array_t<T> to_numpy(std::vector<T>&& values) {
  auto* owned = new std::vector<T>(std::move(values));
  py::capsule owner(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>(static_cast<py::ssize_t>(owned->size()), owned->data(), owner);
}

/// A read-only NumPy view of a vector owned by `owner` (a bound object kept alive by the view).
template <class T>
py::array_t<T> view_of(const std::vector<T>& values, py::handle owner) {
  py::array_t<T> array(static_cast<py::ssize_t>(values.size()), values.data(), owner);
  array.attr("flags").attr("writeable") = false;
  return array;
}

/// One field of every element of a container, as a NumPy array (struct of arrays from the
/// core's array of structs).
template <class T, class Container, class Field>
py::array_t<T> gather(const Container& items, Field field) {
  py::array_t<T> out(static_cast<py::ssize_t>(items.size()));
  T* data = out.mutable_data();
  std::size_t i = 0;
  for (const auto& item : items) data[i++] = static_cast<T>(field(item));
  return out;
}

void register_errors(py::module_& m);
void register_columns(py::module_& m);
void register_rules(py::module_& m);
void register_tables(py::module_& m);
void register_risk(py::module_& m);
void register_suda2(py::module_& m);
void register_l_diversity(py::module_& m);
void register_t_closeness(py::module_& m);
void register_population(py::module_& m);
void register_combination_scan(py::module_& m);
void register_trajectory_unicity(py::module_& m);
void register_lattice(py::module_& m);
void register_local_suppression(py::module_& m);
void register_review(py::module_& m);
void register_protection(py::module_& m);

}  // namespace sdc::python
