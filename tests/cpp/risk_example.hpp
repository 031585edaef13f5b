// SPDX-License-Identifier: MIT
// The 10-record example of the SDC Practice Guide (methods.md 4.1), shared by the risk tests.
#pragma once

#include <sdc/core/factorize.hpp>

#include <string>
#include <vector>

namespace sdc_test {

struct practice_guide_example {
  std::vector<sdc::factorized_column> keys;
  std::vector<double> weights{180, 180, 215, 76, 186, 76, 180, 215, 186, 76};

  practice_guide_example() {
    keys.push_back(sdc::factorize("Residence", {"Urban", "Urban", "Urban", "Urban", "Rural",
                                                "Urban", "Urban", "Urban", "Urban", "Urban"}));
    keys.push_back(sdc::factorize("Gender", {"Female", "Female", "Female", "Male", "Female",
                                             "Male", "Female", "Male", "Female", "Female"}));
    keys.push_back(sdc::factorize(
        "Education", {"Secondary incomplete", "Secondary incomplete", "Primary incomplete",
                      "Secondary complete", "Secondary complete", "Secondary complete",
                      "Primary complete", "Post-secondary", "Secondary incomplete",
                      "Secondary incomplete"}));
    keys.push_back(sdc::factorize("Labor", {"Employed", "Employed", "Non-LF", "Employed",
                                            "Unemployed", "Employed", "Non-LF", "Unemployed",
                                            "Non-LF", "Non-LF"}));
  }

  std::vector<sdc::categorical_view> views() const {
    std::vector<sdc::categorical_view> result;
    for (const auto& key : keys) result.push_back(key.view());
    return result;
  }

  sdc::numeric_view weight_view() const {
    sdc::numeric_view view;
    view.name = "W";
    view.values = weights.data();
    view.size = weights.size();
    return view;
  }
};

inline std::vector<sdc::categorical_view> views_of(const std::vector<sdc::factorized_column>& columns) {
  std::vector<sdc::categorical_view> result;
  for (const auto& column : columns) result.push_back(column.view());
  return result;
}

inline sdc::numeric_view numeric(const char* name, const std::vector<double>& values) {
  sdc::numeric_view view;
  view.name = name;
  view.values = values.data();
  view.size = values.size();
  return view;
}

}  // namespace sdc_test
