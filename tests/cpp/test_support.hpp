// SPDX-License-Identifier: MIT
// Small helpers shared by several test files (header only; the test binary globs test_*.cpp,
// so this file is not compiled on its own).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <sdc/core/column_view.hpp>

namespace sdc_test {

/// A categorical column with its labels, owning its codes: labels in order of first appearance,
/// an empty string is a missing value (code -1).
struct column {
  std::string name;
  std::vector<std::string> labels;
  std::vector<std::int32_t> codes;
  column() = default;
  column(std::string n, const std::vector<std::string>& values) : name(std::move(n)) {
    for (const auto& v : values) {
      if (v.empty()) {  // missing
        codes.push_back(-1);
        continue;
      }
      auto it = std::find(labels.begin(), labels.end(), v);
      if (it == labels.end()) {
        labels.push_back(v);
        it = labels.end() - 1;
      }
      codes.push_back(static_cast<std::int32_t>(it - labels.begin()));
    }
  }
  sdc::categorical_view view() const {
    sdc::categorical_view v;
    v.name = name;
    v.codes = codes.data();
    v.size = codes.size();
    v.n_categories = static_cast<std::int32_t>(labels.size());
    return v;
  }
};

}  // namespace sdc_test
