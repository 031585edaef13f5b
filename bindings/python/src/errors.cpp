// SPDX-License-Identifier: MIT
// The one place where sdc's C++ exceptions become Python exceptions (docs/style.md, practice 4).
//
//   SdcError(Exception)                         every sdc error; `code` is the stable code name
//   InvalidInputError(SdcError, ValueError)     sdc::invalid_input
//   IOFailureError(SdcError, OSError)           sdc::io_failure
//   UnsupportedError(SdcError, NotImplementedError)  sdc::unsupported_feature
//   InternalError(SdcError, RuntimeError)       sdc::internal_error
//
// Callers can catch the specific class, SdcError, or the standard exception it derives from.
// The message keeps the core's stable id prefix ("[sdc.invalid_input.unknown_column] ...").
#include <Python.h>

#include <exception>
#include <string>

#include "bindings.hpp"
#include "sdc/core/error.hpp"

namespace sdc::python {
namespace {

// Owned for the life of the interpreter (module objects are never unloaded).
PyObject* sdc_error_type = nullptr;
PyObject* invalid_input_type = nullptr;
PyObject* io_failure_type = nullptr;
PyObject* unsupported_type = nullptr;
PyObject* internal_type = nullptr;

PyObject* new_type(py::module_& m, const char* name, PyObject* standard_base, const char* doc) {
  const std::string qualified = "sdc._core." + std::string(name);
  py::tuple bases = standard_base == nullptr
                        ? py::make_tuple(py::handle(PyExc_Exception))
                        : py::make_tuple(py::handle(sdc_error_type), py::handle(standard_base));
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr);
  if (type == nullptr) throw py::error_already_set();
  m.add_object(name, py::handle(type));  // the module holds a reference, and so do we
  Py_INCREF(type);
  return type;
}

void raise(PyObject* type, const sdc::error& e) {
  py::object instance = py::reinterpret_borrow<py::object>(type)(e.what());
  instance.attr("code") = std::string(to_string(e.code()));
  PyErr_SetObject(type, instance.ptr());
}

}  // namespace

void register_errors(py::module_& m) {
  sdc_error_type = new_type(m, "SdcError", nullptr,
                            "Base class of every sdc error. `code` holds the stable error code "
                            "(e.g. 'unknown_column'); the message starts with the stable id.");
  invalid_input_type = new_type(m, "InvalidInputError", PyExc_ValueError,
                                "The data or the options are wrong (also a ValueError).");
  io_failure_type = new_type(m, "IOFailureError", PyExc_OSError,
                             "A file could not be read or written (also an OSError).");
  unsupported_type = new_type(m, "UnsupportedError", PyExc_NotImplementedError,
                              "A feature is not available in this build (also a NotImplementedError).");
  internal_type = new_type(m, "InternalError", PyExc_RuntimeError,
                           "A bug in sdc: please report it (also a RuntimeError).");
  py::register_exception_translator([](std::exception_ptr pointer) {
    if (!pointer) return;
    try {
      std::rethrow_exception(pointer);
    } catch (const sdc::invalid_input& e) {
      raise(invalid_input_type, e);
    } catch (const sdc::io_failure& e) {
      raise(io_failure_type, e);
    } catch (const sdc::unsupported_feature& e) {
      raise(unsupported_type, e);
    } catch (const sdc::internal_error& e) {
      raise(internal_type, e);
    } catch (const sdc::error& e) {
      raise(sdc_error_type, e);
    }
  });
  // The facade raises the core's errors through these, so messages and codes have one source.
  m.def(
      "raise_invalid_input",
      [](const std::string& code, const std::string& message) {
        throw sdc::invalid_input(sdc::errc_from_string(code), message);
      },
      py::arg("code"), py::arg("message"),
      "Raise InvalidInputError with a stable code name (e.g. 'unknown_column') and a message.");
}

}  // namespace sdc::python
