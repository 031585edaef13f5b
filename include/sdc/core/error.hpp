// SPDX-License-Identifier: MIT
/// @file error.hpp
/// @brief The one exception hierarchy of sdc, with stable machine-readable codes.
///
/// Every message starts with the stable id, e.g. "[sdc.invalid_input.unknown_column] ...", so
/// scripts can match on it whatever language raised it. Bindings translate these classes in
/// exactly one place each (Python: bindings/python/src/errors.cpp, R: bindings/r/R/errors.R).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace sdc {

/// @brief Stable error codes. Never renumber or rename: scripts and bindings match on them.
enum class errc {
  invalid_argument,   ///< an option or parameter is out of its domain
  unknown_column,     ///< a named column does not exist
  type_mismatch,      ///< a column has the wrong type (e.g. text where numbers are needed)
  length_mismatch,    ///< columns or vectors of different lengths
  empty_input,        ///< no records, no columns, or an empty file
  negative_value,     ///< a negative count or weight where none is allowed
  missing_value,      ///< NaN / NA where a value is required (e.g. weights)
  too_many_categories,///< a cardinality beyond what the operation supports
  parse_error,        ///< a malformed file (ragged CSV, bad quoting, invalid UTF-8 ...)
  io_error,           ///< a file cannot be opened, read or written
  unsupported,        ///< a feature or file format not available in this build
  not_evaluable,      ///< a rule cannot be evaluated on the evidence given
  internal            ///< a bug in sdc: please report it
};

/// @brief Stable name of an error code ("unknown_column", ...).
inline constexpr std::string_view to_string(errc code) noexcept {
  switch (code) {
    case errc::invalid_argument: return "invalid_argument";
    case errc::unknown_column: return "unknown_column";
    case errc::type_mismatch: return "type_mismatch";
    case errc::length_mismatch: return "length_mismatch";
    case errc::empty_input: return "empty_input";
    case errc::negative_value: return "negative_value";
    case errc::missing_value: return "missing_value";
    case errc::too_many_categories: return "too_many_categories";
    case errc::parse_error: return "parse_error";
    case errc::io_error: return "io_error";
    case errc::unsupported: return "unsupported";
    case errc::not_evaluable: return "not_evaluable";
    case errc::internal: return "internal";
  }
  return "internal";
}

/// @brief Base class of every exception thrown by sdc.
class error : public std::runtime_error {
 public:
  error(std::string_view family, errc code, const std::string& message)
      : std::runtime_error(compose(family, code, message)), code_(code) {}
  /// @brief The stable error code.
  errc code() const noexcept { return code_; }

 private:
  static std::string compose(std::string_view family, errc code, const std::string& message) {
    std::string text = "[sdc.";
    text.append(family);
    text += '.';
    text.append(to_string(code));
    text += "] ";
    text += message;
    return text;
  }
  errc code_;
};

/// @brief The caller's data or options are wrong (maps to ValueError in Python).
class invalid_input : public error {
 public:
  invalid_input(errc code, const std::string& message) : error("invalid_input", code, message) {}
};

/// @brief A file could not be read or written, or is malformed (maps to OSError / ValueError).
class io_failure : public error {
 public:
  io_failure(errc code, const std::string& message) : error("io", code, message) {}
};

/// @brief A feature is not available in this build (maps to NotImplementedError).
class unsupported_feature : public error {
 public:
  explicit unsupported_feature(const std::string& message)
      : error("unsupported", errc::unsupported, message) {}
};

/// @brief An internal invariant failed: a bug in sdc (maps to RuntimeError).
class internal_error : public error {
 public:
  explicit internal_error(const std::string& message) : error("internal", errc::internal, message) {}
};

/// @brief Parses a stable error code name (the inverse of to_string(errc)), so bindings can
/// raise the core's errors without re-listing the codes.
/// @throws invalid_input (errc::invalid_argument) for an unknown name.
inline errc errc_from_string(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(errc::internal); ++i) {
    const auto code = static_cast<errc>(i);
    if (to_string(code) == name) return code;
  }
  throw invalid_input(errc::invalid_argument, "unknown error code '" + std::string(name) + "'");
}

}  // namespace sdc
