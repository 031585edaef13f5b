// SPDX-License-Identifier: MIT
// Choosing a reader by file extension (include/sdc/io/read_table.hpp).
#include "sdc/io/read_table.hpp"

#include <filesystem>

#include "sdc/io/readstat.hpp"

namespace sdc::io {

dataset read_data_file(const std::string& path, const csv_options& options) {
  std::string extension = std::filesystem::path(path).extension().string();
  for (auto& c : extension) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (extension == ".csv" || extension == ".txt") return read_csv_file(path, options);
  if (extension == ".tsv") {
    csv_options tab = options;
    tab.delimiter = '\t';
    return read_csv_file(path, tab);
  }
  if (extension == ".dta" || extension == ".sav" || extension == ".zsav" || extension == ".por" ||
      extension == ".sas7bdat" || extension == ".xpt") {
    return read_stat_file(path);
  }
  throw io_failure(errc::unsupported,
                   "cannot read '" + path + "': unsupported file type" +
                       (extension.empty() ? std::string(" (no extension)")
                                          : " '" + extension + "'") +
                       "; supported: .csv, .txt, .tsv (delimited text), .dta (Stata), .sav, "
                       ".zsav, .por (SPSS), .sas7bdat, .xpt (SAS)");
}

}  // namespace sdc::io
