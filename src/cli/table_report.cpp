// SPDX-License-Identifier: MIT
#include "cli/table_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sdc/core/config.hpp"
#include "sdc/tables/profiles.hpp"

namespace sdc::cli {
namespace {

std::string format_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (value == std::floor(value) && std::abs(value) < 1e15) return fmt::format("{:.0f}", value);
  return fmt::format("{:.4g}", value);
}

std::string label(const table& t, std::size_t d, std::int32_t coordinate) {
  return coordinate == margin_coordinate ? std::string("Total") : t.dimensions[d].labels[coordinate];
}

std::string mark(const cell_verdict& verdict) {
  if (verdict.suppressed) return " [x]";
  if (verdict.status == cell_status::fail) return " [F]";
  if (verdict.status == cell_status::review) return " [R]";
  return "";
}

}  // namespace

void print_table_report(std::ostream& out, const table& t, const table_check& check,
                        const std::optional<suppression_summary>& suppression, const table_layout& layout,
                        const std::string& title) {
  const std::size_t n_dims = t.dimensions.size();
  const std::size_t side = std::min(std::max<std::size_t>(layout.row_dimensions, 1), n_dims);
  out << title << '\n';
  out << fmt::format("status: {}  ({} cells fail, {} need review, of {}; rules: {})\n",
                     to_string(check.status), check.n_fail, check.n_review, t.cells.size(), check.rules.profile);
  if (suppression) {
    out << fmt::format("after primary suppression: {}  ({} cells suppressed, {} margins give a suppressed cell back)\n",
                       to_string(suppression->published_status), suppression->n_suppressed,
                       suppression->n_revealing_margins);
  }
  out << '\n';

  // Grid: rows are combinations of the first `side` dimensions, columns those of the rest.
  std::vector<std::size_t> radix(n_dims);
  for (std::size_t d = 0; d < n_dims; ++d) radix[d] = t.dimensions[d].labels.size() + 1;
  std::size_t n_rows = 1, n_columns = 1;
  for (std::size_t d = 0; d < side; ++d) n_rows *= radix[d];
  for (std::size_t d = side; d < n_dims; ++d) n_columns *= radix[d];
  auto coords_of = [&](std::size_t row, std::size_t column) {
    std::vector<std::int32_t> coords(n_dims);
    for (std::size_t d = side; d-- > 0;) {
      const std::size_t c = row % radix[d];
      row /= radix[d];
      coords[d] = c + 1 == radix[d] ? margin_coordinate : static_cast<std::int32_t>(c);
    }
    for (std::size_t d = n_dims; d-- > side;) {
      const std::size_t c = column % radix[d];
      column /= radix[d];
      coords[d] = c + 1 == radix[d] ? margin_coordinate : static_cast<std::int32_t>(c);
    }
    return coords;
  };
  std::vector<std::vector<std::string>> grid(n_rows + 1, std::vector<std::string>(n_columns + 1));
  std::string corner;
  for (std::size_t d = 0; d < side; ++d) corner += (d ? " / " : "") + t.dimensions[d].name;
  if (side < n_dims) {
    corner += " \\ ";
    for (std::size_t d = side; d < n_dims; ++d) corner += (d > side ? " / " : "") + t.dimensions[d].name;
  }
  grid[0][0] = corner;
  for (std::size_t column = 0; column < n_columns; ++column) {
    const auto coords = coords_of(0, column);
    std::string heading;
    for (std::size_t d = side; d < n_dims; ++d) heading += (d > side ? " / " : "") + label(t, d, coords[d]);
    grid[0][column + 1] = side < n_dims ? heading : std::string(to_string(t.stat));
  }
  for (std::size_t row = 0; row < n_rows; ++row) {
    const auto coords = coords_of(row, 0);
    std::string heading;
    for (std::size_t d = 0; d < side; ++d) heading += (d ? " / " : "") + label(t, d, coords[d]);
    grid[row + 1][0] = heading;
    for (std::size_t column = 0; column < n_columns; ++column) {
      const std::size_t index = t.index_of(coords_of(row, column));
      const auto& verdict = check.cells[index];
      grid[row + 1][column + 1] =
          (verdict.suppressed ? std::string("x") : format_value(t.cells[index].value)) + mark(verdict);
    }
  }
  std::vector<std::size_t> width(n_columns + 1, 0);
  for (const auto& line : grid) {
    for (std::size_t j = 0; j < line.size(); ++j) width[j] = std::max(width[j], line[j].size());
  }
  for (std::size_t i = 0; i < grid.size(); ++i) {
    for (std::size_t j = 0; j < grid[i].size(); ++j) {
      out << (j ? " | " : "") << (j ? fmt::format("{:>{}}", grid[i][j], width[j]) : fmt::format("{:<{}}", grid[i][j], width[j]));
    }
    out << '\n';
    if (i == 0) {
      for (std::size_t j = 0; j < grid[i].size(); ++j) out << (j ? "-+-" : "") << std::string(width[j], '-');
      out << '\n';
    }
  }
  out << "\n[F] fails  [R] needs review" << (suppression ? "  [x] suppressed" : "") << "\n";

  bool any = false;
  for (std::size_t i = 0; i < t.cells.size(); ++i) {
    for (const auto& r : check.cells[i].reasons) {
      if (!any) out << "\nReasons:\n";
      any = true;
      out << fmt::format("  {:<6} {:<24} {}\n", r.level == severity::fail ? "FAIL" : "REVIEW", to_string(r.code),
                         r.message);
    }
  }
}

nlohmann::ordered_json table_report_json(const table& t, const table_check& check,
                                 const std::optional<suppression_summary>& suppression) {
  using json = nlohmann::ordered_json;
  json report;
  report["sdc_version"] = version_string;
  report["status"] = to_string(check.status);
  if (suppression) {
    report["published_status"] = to_string(suppression->published_status);
    report["suppression"] = {{"suppressed_cells", suppression->n_suppressed},
                             {"revealing_margins", suppression->n_revealing_margins},
                             {"recoverable_margins", suppression->n_recoverable_margins}};
  }
  report["statistic"] = to_string(t.stat);
  if (t.stat == statistic::percentile || t.stat == statistic::median) report["percentile"] = t.percentile;
  report["value"] = t.value_name.empty() ? json(nullptr) : json(t.value_name);
  report["weighted"] = t.weighted;
  report["unit"] = t.unit_name.empty() ? json(nullptr) : json(t.unit_name);
  report["holding"] = t.holding_name.empty() ? json(nullptr) : json(t.holding_name);
  json dimensions = json::array();
  for (const auto& d : t.dimensions) dimensions.push_back({{"name", d.name}, {"labels", d.labels}});
  report["dimensions"] = dimensions;
  json rules = json::object();
  for (const auto& [name, value] : rule_settings(check.rules)) rules[name] = value;
  rules["source"] = check.rules.source;
  report["rules"] = rules;
  report["counts"] = {{"cells", t.cells.size()}, {"fail", check.n_fail}, {"review", check.n_review}};
  json cells = json::array();
  for (std::size_t i = 0; i < t.cells.size(); ++i) {
    const auto& cell = t.cells[i];
    const auto& verdict = check.cells[i];
    json coords = json::object();
    for (std::size_t d = 0; d < t.dimensions.size(); ++d) {
      coords[t.dimensions[d].name] =
          cell.coords[d] == margin_coordinate ? json(nullptr) : json(t.dimensions[d].labels[cell.coords[d]]);
    }
    json reasons = json::array();
    for (const auto& r : verdict.reasons) {
      reasons.push_back({{"code", to_string(r.code)}, {"severity", to_string(r.level)}, {"message", r.message}});
    }
    json out = {{"coords", coords},
                {"margin", cell.is_margin()},
                {"status", to_string(verdict.status)},
                {"reasons", reasons},
                {"suppressed", verdict.suppressed}};
    if (verdict.suppressed) {
      // A suppressed cell's numbers are never written where the table may travel.
      out["n"] = nullptr;
      out["value"] = nullptr;
    } else {
      const auto& e = cell.evidence;
      out["n"] = e.n_contributors;
      out["value"] = std::isnan(cell.value) ? json(nullptr) : json(cell.value);
      json evidence = {{"records", e.n_records}, {"units", e.n_units}, {"holdings", e.n_holdings},
                       {"weighted_count", e.weighted_count}};
      if (t.stat != statistic::count) {
        evidence["missing_values"] = e.n_missing;
        evidence["negative_values"] = e.n_negative;
        if (e.has_top_contributions) evidence["top_contributions"] = e.top_contributions;
        if (e.has_sum) evidence["dominance_total"] = e.dominance_total;
      }
      out["evidence"] = evidence;
    }
    cells.push_back(out);
  }
  report["cells"] = cells;
  return report;
}

void write_table_csv(std::ostream& out, const table& t, const table_check& check) {
  auto quote = [](const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) {
      if (c == '"') quoted += '"';
      quoted += c;
    }
    return quoted + "\"";
  };
  for (const auto& d : t.dimensions) out << quote(d.name) << ',';
  out << to_string(t.stat) << ",status\n";
  for (std::size_t i = 0; i < t.cells.size(); ++i) {
    const auto& cell = t.cells[i];
    for (std::size_t d = 0; d < t.dimensions.size(); ++d) out << quote(label(t, d, cell.coords[d])) << ',';
    const auto& verdict = check.cells[i];
    if (!verdict.suppressed && !std::isnan(cell.value)) out << fmt::format("{}", cell.value);
    out << ',' << (verdict.suppressed ? "suppressed" : to_string(verdict.status)) << '\n';
  }
}

}  // namespace sdc::cli
