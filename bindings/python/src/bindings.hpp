// SPDX-License-Identifier: MIT
// Shared declarations of the sdc._core binding files: one register_* function per concept, and
// the conversions they share (column objects that keep the caller's arrays alive, vectors handed
// to NumPy without a copy). Conversions only: every computation lives in include/sdc.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sdc/core/column_view.hpp"
#include "sdc/tables/audit.hpp"
#include "sdc/tables/gauss_suppression.hpp"
#include "sdc/tables/protect.hpp"

namespace sdc {
struct privacy_target;
}

namespace sdc::python {

namespace py = pybind11;

/// Gauss options whose progress callback lets Ctrl-C (or any Python signal handler that
/// raises) stop a long protection: the callback runs on the calling thread, which released the
/// GIL, and the raised exception leaves the core as py::error_already_set.
inline gauss_options interruptible(gauss_options options) {
  options.progress = [](const gauss_progress&) {
    py::gil_scoped_acquire acquire;
    if (PyErr_CheckSignals() != 0) throw py::error_already_set();
  };
  return options;
}

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

/// A privacy target from its fields, validated (sdc::validate); shared by the lattice search and
/// the request review (defined in register_lattice.cpp).
privacy_target make_target(int k, double max_individual_risk, double max_expected_reidentifications,
                           double max_suppressed_share);
/// A privacy target as a dict of its fields (defined in register_lattice.cpp).
py::dict target_dict(const privacy_target& t);

/// A protection (tables and cell systems, Gauss and optimal): `status` per cell, `n_primary`,
/// `n_secondary`, `unprotected` and `conflicts` (cell positions), and the overall status
/// (`protection_status`: pass, review or fail) given by the caller from the core.
inline py::dict protection_dict(const protection_result& r, std::string_view overall) {
  std::vector<std::string> status;
  status.reserve(r.status.size());
  for (const auto s : r.status) status.emplace_back(to_string(s));
  py::dict out;
  out["status"] = std::move(status);
  out["n_primary"] = r.n_primary;
  out["n_secondary"] = r.n_secondary;
  out["unprotected"] = r.unprotected;
  out["conflicts"] = r.conflicts;
  out["protection_status"] = std::string(overall);
  return out;
}

/// The protection step (sdc::protect_table_with_intervals, sdc::protect_system_with_intervals):
/// the protection as protection_dict, with `intervals` the interval check (the keys of the CLI's
/// JSON `intervals`, `too_narrow` as cell positions) or None where it did not apply.
inline py::dict protection_step_dict(const protect_step_result& r, std::string_view overall) {
  py::dict out = protection_dict(r.protection, overall);
  if (!r.intervals) {
    out["intervals"] = py::none();
    return out;
  }
  const interval_summary& s = *r.intervals;
  py::dict intervals;
  intervals["mode"] = std::string(to_string(s.mode));
  intervals["levels"] = s.levels;
  intervals["too_narrow_before"] = s.too_narrow_before;
  intervals["added_secondary"] = s.added_secondary;
  intervals["rounds"] = s.rounds;
  intervals["too_narrow_after"] = s.too_narrow.size();
  intervals["too_narrow"] = s.too_narrow;
  out["intervals"] = std::move(intervals);
  return out;
}

/// An audit (tables and cell systems): per audited cell its position (through `cell_of`, the
/// column of the audit problem to the caller's cell), bounds, flags and required levels; the
/// counts, the options used (`nonnegative`) and the overall status (pass or fail).
template <class CellOf>
py::dict audit_dict(const audit_result& r, const audit_options& options, std::string_view overall, CellOf cell_of) {
  py::dict out;
  out["cell"] = gather<std::size_t>(r.cells, [&cell_of](const cell_interval& c) { return cell_of(c.cell); });
  out["lower"] = gather<double>(r.cells, [](const cell_interval& c) { return c.lower; });
  out["upper"] = gather<double>(r.cells, [](const cell_interval& c) { return c.upper; });
  out["primary"] = gather<bool>(r.cells, [](const cell_interval& c) { return c.primary; });
  out["exact"] = gather<bool>(r.cells, [](const cell_interval& c) { return c.exact; });
  out["protected"] = gather<bool>(r.cells, [](const cell_interval& c) { return c.is_protected; });
  out["required_lower"] = gather<double>(r.cells, [](const cell_interval& c) { return c.required_lower; });
  out["required_upper"] = gather<double>(r.cells, [](const cell_interval& c) { return c.required_upper; });
  out["n_exact"] = r.n_exact;
  out["n_primary_exact"] = r.n_primary_exact;
  out["n_primary_unprotected"] = r.n_primary_unprotected;
  out["n_linear_programs"] = r.n_linear_programs;
  out["nonnegative"] = options.nonnegative;
  out["audit_status"] = std::string(overall);
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
