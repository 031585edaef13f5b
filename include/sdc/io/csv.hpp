// SPDX-License-Identifier: MIT
/// @file csv.hpp
/// @brief Reading delimited text (RFC 4180 CSV) into a dataset. Defined in src/io/csv_reader.cpp
/// (library sdc::io).
///
/// The format accepted:
/// * UTF-8 (a leading byte-order mark is skipped); anything else is an error naming the line and
///   column, so that a Latin-1 export is noticed rather than garbled.
/// * A header row with unique, non-empty column names is required.
/// * Records end with LF, CRLF or CR. Fields may be quoted with `"`; a quoted field may contain
///   the delimiter, line breaks and doubled quotes (`""` for one `"`). Text after a closing quote
///   (`"ab"c`) and a quote left open at the end of the file are errors. A quote inside an
///   unquoted field (`5'11"`) is kept literally, as R and pandas do.
/// * Every record has as many fields as the header. Blank lines are skipped, except in a
///   one-column file, where a blank line is an empty (by default missing) value.
/// * Fields are not trimmed: " 12" is text, not the number 12.
/// * A field whose content (after unquoting, so `"NA"` too) equals one of
///   csv_options::missing_values is missing. A column is numeric when every other value is a
///   finite decimal number (quoted or not); see dataset.hpp for the category labels.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sdc/io/dataset.hpp"

namespace sdc::io {

/// @brief Options of the CSV reader.
struct csv_options {
  char delimiter = ',';                                ///< field separator (';' and '\t' common)
  std::vector<std::string> missing_values{"", "NA"};   ///< field contents read as missing
  std::size_t max_categories = 10'000'000;             ///< per column, guards memory
};

/// @brief Reads a CSV file (the whole file is read at once).
/// @throws io_failure: errc::io_error (cannot open or read), errc::empty_input (empty file or
/// header only), errc::parse_error (invalid UTF-8, bad quoting, ragged record, empty or duplicate
/// column name), errc::too_many_categories; every message names the file, and the line and column
/// where applicable.
dataset read_csv_file(const std::string& path, const csv_options& options = {});

/// @brief Reads CSV text held in memory; errors are those of read_csv_file, naming
/// `source_name` instead of a file.
dataset read_csv_text(std::string_view text, const csv_options& options = {},
                      std::string_view source_name = "<text>");

}  // namespace sdc::io
