// SPDX-License-Identifier: MIT
// Readable and JSON reports of a checked table, shared by `sdc table` and `sdc check-table`.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <ostream>
#include <string>

#include "sdc/tables/check_table.hpp"
#include "sdc/tables/suppression.hpp"
#include "sdc/tables/table.hpp"

namespace sdc::cli {

/// Number of leading dimensions shown down the side of the grid (the others go across).
struct table_layout {
  std::size_t row_dimensions = 1;
};

/// The readable report: a grid with failing cells marked, then the reasons.
void print_table_report(std::ostream& out, const table& t, const table_check& check,
                        const std::optional<suppression_summary>& suppression, const table_layout& layout,
                        const std::string& title);

/// The JSON report (format documented in docs/json-format.md).
nlohmann::ordered_json table_report_json(const table& t, const table_check& check,
                                 const std::optional<suppression_summary>& suppression);

/// The published table as CSV: one row per cell, suppressed values left empty.
void write_table_csv(std::ostream& out, const table& t, const table_check& check);

}  // namespace sdc::cli
