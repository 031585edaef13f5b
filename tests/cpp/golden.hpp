// SPDX-License-Identifier: MIT
// A small reader for the test data and golden CSV files: skips lines starting with '#',
// handles double-quoted fields (no embedded newlines), and gives columns as text or numbers.
// Deliberately independent of the library's own CSV reader, so tests do not check the reader
// with itself.
#pragma once

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace sdc_test {

struct csv_table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  std::size_t column_index(const std::string& name) const {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return i;
    }
    throw std::runtime_error("golden file has no column '" + name + "'");
  }
  std::vector<std::string> text(const std::string& name) const {
    const auto j = column_index(name);
    std::vector<std::string> out;
    for (const auto& row : rows) out.push_back(row.at(j));
    return out;
  }
  std::vector<double> numbers(const std::string& name) const {
    std::vector<double> out;
    for (const auto& value : text(name)) {
      if (value == "NA" || value.empty() || value == "NaN") {
        out.push_back(std::numeric_limits<double>::quiet_NaN());
      } else {
        out.push_back(std::strtod(value.c_str(), nullptr));
      }
    }
    return out;
  }
};

inline std::vector<std::string> split_csv_line(const std::string& line, char delimiter) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == delimiter) {
      fields.push_back(field);
      field.clear();
    } else if (c != '\r') {
      field += c;
    }
  }
  fields.push_back(field);
  return fields;
}

inline csv_table read_csv(const std::string& path, char delimiter = ',') {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open test data " + path);
  csv_table table;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto fields = split_csv_line(line, delimiter);
    if (table.header.empty()) {
      table.header = std::move(fields);
    } else {
      table.rows.push_back(std::move(fields));
    }
  }
  return table;
}

}  // namespace sdc_test
