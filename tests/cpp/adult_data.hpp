// SPDX-License-Identifier: MIT
// The UCI Adult data and its ARX generalisation hierarchies (shared data folder), read for the
// hierarchy, lattice search, local suppression and request review tests.
#pragma once

#include <sdc/io/csv.hpp>
#include <sdc/risk/hierarchy.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace sdc_test {

/// The nine key variables of the Adult benchmark, in the file's column order.
inline const std::vector<std::string>& adult_keys() {
  static const std::vector<std::string> keys{
      "sex",       "age",        "race",        "marital-status", "education", "native-country",
      "workclass", "occupation", "salary-class"};
  return keys;
}

inline std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline sdc::io::dataset read_adult() {
  sdc::io::csv_options options;
  options.delimiter = ';';
  return sdc::io::read_csv_file(SDC_SHARED_DATA_DIR "/adult/adult.csv", options);
}

inline sdc::generalisation_hierarchy adult_hierarchy(const std::string& variable) {
  return sdc::hierarchy_from_text(
      read_text_file(SDC_SHARED_DATA_DIR "/adult/adult_hierarchy_" + variable + ".csv"), ';',
      variable);
}

}  // namespace sdc_test
