// SPDX-License-Identifier: MIT
/// @file read_table.hpp
/// @brief Reading any supported data file into a dataset, choosing the reader by extension.
/// Defined in src/io/read_table.cpp (library sdc::io).
#pragma once

#include <string>

#include "sdc/io/csv.hpp"
#include "sdc/io/dataset.hpp"

namespace sdc::io {

/// @brief Reads a data file, choosing the reader by its extension (case-insensitive):
/// `.csv` and `.txt` with read_csv_file(path, options); `.tsv` likewise but tab-delimited
/// (options.delimiter is ignored); `.dta`, `.sav`, `.zsav`, `.por`, `.sas7bdat` and `.xpt` with
/// read_stat_file(path) (options are ignored).
/// @throws io_failure (errc::unsupported) for any other extension, listing the formats; otherwise
/// the errors of the chosen reader.
dataset read_data_file(const std::string& path, const csv_options& options = {});

}  // namespace sdc::io
