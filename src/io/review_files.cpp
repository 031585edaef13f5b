// SPDX-License-Identifier: MIT
// Readers of the data dictionary and of the variable request (include/sdc/io/review_files.hpp).
#include "sdc/io/review_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sdc/core/error.hpp"
#include "sdc/io/csv.hpp"
#include "sdc/risk/hierarchy.hpp"

namespace sdc::io {
namespace {

/// The text of a column at a row ("" for a missing value), or "" if the column is absent.
std::string cell(const dataset& data, const char* column, std::size_t row) {
  if (!data.has_column(column)) return "";
  const auto& categories = data.column(column).categories;
  const std::int32_t code = categories.codes[row];
  return code < 0 ? std::string() : categories.labels[static_cast<std::size_t>(code)];
}

void require_column(const dataset& data, const char* column, const std::string& path) {
  if (!data.has_column(column)) {
    throw invalid_input(errc::invalid_argument, "'" + path + "' has no column '" + column + "'");
  }
}

std::string where(const std::string& path, std::size_t row) {
  return "'" + path + "', line " + std::to_string(row + 2);  // the header is line 1
}

/// An error's message without its "[sdc...] " id, to be wrapped in another message.
std::string message_of(const error& e) {
  const std::string text = e.what();
  const auto end = text.find("] ");
  return end == std::string::npos ? text : text.substr(end + 2);
}

dataset read_review_csv(const std::string& path) {
  csv_options options;
  options.missing_values = {""};  // "NA" is a valid level name or justification
  return read_csv_file(path, options);
}

}  // namespace

sdc::data_dictionary read_data_dictionary(const std::string& path) {
  const dataset data = read_review_csv(path);
  require_column(data, "variable", path);
  require_column(data, "role", path);
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  sdc::data_dictionary dictionary;
  for (std::size_t row = 0; row < data.n_rows(); ++row) {
    sdc::dictionary_entry entry;
    entry.variable = cell(data, "variable", row);
    if (entry.variable.empty()) {
      throw invalid_input(errc::invalid_argument, where(path, row) + ": empty variable name");
    }
    if (dictionary.find(entry.variable) != nullptr) {
      throw invalid_input(errc::invalid_argument,
                          where(path, row) + ": variable '" + entry.variable + "' is listed twice");
    }
    entry.description = cell(data, "description", row);
    try {
      entry.role = sdc::variable_role_from_string(cell(data, "role", row));
    } catch (const invalid_input&) {
      throw invalid_input(errc::invalid_argument, where(path, row) + ": unknown role '" +
                                                      cell(data, "role", row) +
                                                      "' (identifier, key, sensitive or other)");
    }
    const std::string hierarchy = cell(data, "hierarchy", row);
    if (!hierarchy.empty()) {
      const std::filesystem::path file = folder / hierarchy;
      std::ifstream in(file, std::ios::binary);
      if (!in) {
        throw io_failure(errc::io_error, where(path, row) + ": cannot open the hierarchy file '" +
                                             file.string() + "' of '" + entry.variable + "'");
      }
      std::ostringstream text;
      text << in.rdbuf();
      const std::string delimiter = cell(data, "hierarchy_delimiter", row);
      if (delimiter.size() > 1) {
        throw invalid_input(errc::invalid_argument,
                            where(path, row) + ": hierarchy_delimiter must be one character");
      }
      try {
        entry.hierarchy = sdc::hierarchy_from_text(
            text.str(), delimiter.empty() ? ';' : delimiter[0], entry.variable);
      } catch (const invalid_input& e) {
        throw invalid_input(e.code(), "hierarchy file '" + file.string() + "': " + message_of(e));
      }
      const std::string levels = cell(data, "levels", row);
      if (!levels.empty()) {
        std::stringstream names(levels);
        for (std::string name; std::getline(names, name, '|');)
          entry.hierarchy.level_names.push_back(name);
        try {
          sdc::validate(entry.hierarchy);
        } catch (const invalid_input& e) {
          throw invalid_input(e.code(), where(path, row) + ": " + message_of(e));
        }
      }
    } else if (!cell(data, "levels", row).empty()) {
      throw invalid_input(errc::invalid_argument, where(path, row) + ": level names given for '" +
                                                      entry.variable +
                                                      "', which has no hierarchy file");
    }
    dictionary.entries.push_back(std::move(entry));
  }
  return dictionary;
}

sdc::variable_request read_variable_request(const std::string& path) {
  const dataset data = read_review_csv(path);
  require_column(data, "variable", path);
  require_column(data, "justification", path);
  sdc::variable_request request;
  for (std::size_t row = 0; row < data.n_rows(); ++row) {
    sdc::requested_variable item;
    item.variable = cell(data, "variable", row);
    if (item.variable.empty()) {
      throw invalid_input(errc::invalid_argument, where(path, row) + ": empty variable name");
    }
    item.level = cell(data, "level", row);
    if (item.level.empty()) item.level = "0";
    item.justification = cell(data, "justification", row);
    request.variables.push_back(std::move(item));
  }
  return request;
}

}  // namespace sdc::io
