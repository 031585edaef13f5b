// SPDX-License-Identifier: MIT
/// @file readstat.hpp
/// @brief Reading Stata, SPSS and SAS data files into a dataset, with ReadStat. Defined in
/// src/io/readstat_reader.cpp (library sdc::io, which links libreadstat).
///
/// How variables become columns:
/// * Numeric variables become numeric columns. System missing (`.`), Stata's extended missing
///   values (`.a`-`.z`), SAS special missing values and SPSS user-defined missing values are all
///   missing (NaN, category code -1).
/// * A numeric variable with value labels keeps its codes as numbers, but the category labels are
///   the value-label texts (a value without a label keeps its number as label). Categories stay
///   ordered by numeric code, as in Stata/SPSS tables, not by label text. Two codes sharing a
///   label text remain two categories.
/// * String variables become text columns (never numeric, even if they hold digits); an empty
///   string is missing (Stata has no other missing string). Value labels of SPSS string variables
///   replace the category labels the same way.
/// * Text is converted to UTF-8 by ReadStat (pre-Stata-14 files are taken to be Windows-1252).
#pragma once

#include <string>

#include "sdc/io/dataset.hpp"

namespace sdc::io {

/// @brief Reads a Stata (.dta), SPSS (.sav, .zsav, .por) or SAS (.sas7bdat, .xpt) data file; the
/// format is chosen by the file extension (case-insensitive).
/// @throws io_failure: errc::io_error (cannot open), errc::parse_error (not a valid file of that
/// format), errc::empty_input (no variables or no records), errc::unsupported (another extension);
/// every message names the file.
dataset read_stat_file(const std::string& path);

}  // namespace sdc::io
