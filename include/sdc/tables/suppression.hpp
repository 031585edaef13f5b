// SPDX-License-Identifier: MIT
/// @file suppression.hpp
/// @brief Primary suppression, and detection of margins that give a suppressed cell back.
///
/// Masking a failing cell is useless if its row total minus the other published cells of the
/// row gives it back. This header masks the failing cells and flags every such line; full
/// secondary suppression (choosing extra cells to mask) is a separate feature.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sdc/tables/check_table.hpp"
#include "sdc/tables/table.hpp"

namespace sdc {

/// @brief Summary of a primary suppression.
struct suppression_summary {
  std::size_t n_suppressed = 0;           ///< cells masked
  std::size_t n_revealing_margins = 0;    ///< published margins that give a masked cell back
  std::size_t n_recoverable_margins = 0;  ///< masked margins equal to a sum of published cells
  /// Verdict of the table as published after suppression: `fail` cannot remain (failing cells
  /// are masked); `review` if a masked cell can be recovered, or a cell needs review.
  table_status published_status = table_status::pass;
};

/// @brief Masks every failing cell (margins are still computed from all records) and flags, as
/// `review` with reason `reveals_suppressed`, every published margin that is the total of a line
/// with exactly one masked member, and, with `recoverable_by_addition`, every masked margin
/// whose members are all published.
/// @param t the table checked
/// @param check its verdicts; updated in place (suppressed flags and added reasons)
inline suppression_summary apply_primary_suppression(const table& t, table_check& check) {
  suppression_summary summary;
  for (auto& verdict : check.cells) {
    verdict.suppressed = verdict.status == cell_status::fail;
    if (verdict.suppressed) ++summary.n_suppressed;
  }
  const std::size_t n_dims = t.dimensions.size();
  std::vector<std::size_t> radix(n_dims), stride(n_dims, 1);
  for (std::size_t d = 0; d < n_dims; ++d) radix[d] = t.dimensions[d].labels.size() + 1;
  for (std::size_t d = n_dims; d-- > 1;) stride[d - 1] = stride[d] * radix[d];
  for (std::size_t d = 0; d < n_dims; ++d) {
    const std::size_t k = radix[d] - 1;
    for (std::size_t total_index = 0; total_index < t.cells.size(); ++total_index) {
      if (t.cells[total_index].coords[d] != margin_coordinate) continue;
      std::size_t masked = 0, masked_member = 0;
      for (std::size_t c = 0; c < k; ++c) {
        const std::size_t member = total_index - (k - c) * stride[d];
        if (check.cells[member].suppressed) {
          ++masked;
          masked_member = member;
        }
      }
      cell_verdict& total = check.cells[total_index];
      if (masked == 1 && !total.suppressed) {
        detail::add_reason(total, reason_code::reveals_suppressed, severity::review,
                           "margin " + t.describe(t.cells[total_index]) + " minus the other published cells along " +
                               t.dimensions[d].name + " gives back the suppressed cell " +
                               t.describe(t.cells[masked_member]) + "; secondary suppression is needed");
        ++summary.n_revealing_margins;
      } else if (masked == 0 && total.suppressed && k > 0) {
        detail::add_reason(total, reason_code::recoverable_by_addition, severity::review,
                           "suppressed margin " + t.describe(t.cells[total_index]) +
                               " is the sum of its published cells along " + t.dimensions[d].name);
        ++summary.n_recoverable_margins;
      }
    }
  }
  // Recount after the added reasons.
  check.n_fail = check.n_review = 0;
  bool review = false;
  for (const auto& verdict : check.cells) {
    if (verdict.status == cell_status::fail) ++check.n_fail;
    if (verdict.status == cell_status::review) ++check.n_review;
    if (!verdict.suppressed && verdict.status == cell_status::review) review = true;
    if (verdict.suppressed && verdict.status == cell_status::fail) {
      for (const auto& r : verdict.reasons) {
        if (r.code == reason_code::recoverable_by_addition) review = true;
      }
    }
  }
  check.status = check.n_fail > 0 ? table_status::fail : check.n_review > 0 ? table_status::review : table_status::pass;
  summary.published_status = review ? table_status::review : table_status::pass;
  return summary;
}

}  // namespace sdc
