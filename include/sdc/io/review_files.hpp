// SPDX-License-Identifier: MIT
/// @file review_files.hpp
/// @brief Reading the files of a variable-request review (docs/review.md): the data dictionary
/// and the request. Defined in src/io/review_files.cpp (library sdc::io).
///
/// * Dictionary: CSV (RFC 4180, comma-separated, header row) with the columns `variable` and
///   `role` (identifier, key, sensitive or other), and optionally `description`, `hierarchy`
///   (path of a hierarchy file in the ARX/Adult format, relative to the dictionary's folder),
///   `levels` (names of the hierarchy's levels, separated by `|`) and `hierarchy_delimiter`
///   (the hierarchy file's field separator, `;` by default).
/// * Request: CSV with the columns `variable` and `justification`, and optionally `level` (a
///   level number, 0 = original values, a level name, or `*`; empty = 0).
#pragma once

#include <string>

#include "sdc/risk/request_review.hpp"

namespace sdc::io {

/// @brief Reads a data dictionary and the hierarchy files it names.
/// @throws io_failure (errc::io_error, errc::parse_error, errc::empty_input) naming the file;
/// invalid_input (errc::invalid_argument) for a missing column, an empty or duplicate variable,
/// an unknown role or a malformed hierarchy, naming the file and line.
sdc::data_dictionary read_data_dictionary(const std::string& path);

/// @brief Reads a variable request.
/// @throws io_failure as read_data_dictionary; invalid_input (errc::invalid_argument) for a
/// missing column or an empty variable name, naming the file and line.
sdc::variable_request read_variable_request(const std::string& path);

}  // namespace sdc::io
