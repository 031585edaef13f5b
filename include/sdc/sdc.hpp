// SPDX-License-Identifier: MIT
/// @file sdc.hpp
/// @brief Umbrella header: everything public in sdc.
#pragma once

#include "sdc/core/config.hpp"
#include "sdc/core/error.hpp"
#include "sdc/core/column_view.hpp"
#include "sdc/core/factorize.hpp"
#include "sdc/risk/grouping.hpp"
#include "sdc/tables/statistic.hpp"
#include "sdc/tables/rules.hpp"
#include "sdc/tables/profiles.hpp"
#include "sdc/tables/table.hpp"
#include "sdc/tables/build_table.hpp"
#include "sdc/tables/check_table.hpp"
#include "sdc/tables/suppression.hpp"
#include "sdc/tables/aggregated_table.hpp"
#include "sdc/tables/table_columns.hpp"
#include "sdc/tables/linear_relations.hpp"
#include "sdc/tables/gauss_suppression.hpp"
#include "sdc/tables/cell_system.hpp"
#include "sdc/detail/sha256.hpp"
#include "sdc/risk/frequencies.hpp"
#include "sdc/risk/k_anonymity.hpp"
#include "sdc/risk/individual_risk.hpp"
#include "sdc/risk/global_risk.hpp"
#include "sdc/risk/household_risk.hpp"
#include "sdc/risk/attacker_models.hpp"
#include "sdc/risk/l_diversity.hpp"
#include "sdc/risk/t_closeness.hpp"
#include "sdc/risk/suda2.hpp"
#include "sdc/risk/risk_columns.hpp"
#include "sdc/risk/population_uniqueness.hpp"
#include "sdc/risk/combination_scan.hpp"
#include "sdc/risk/trajectory_unicity.hpp"
#include "sdc/risk/hierarchy.hpp"
#include "sdc/risk/lattice_search.hpp"
#include "sdc/risk/local_suppression.hpp"
#include "sdc/risk/request_review.hpp"
// Compiled parts are declared in their own headers and not included here: sdc/io/*.hpp (link
// sdc::io) and sdc/tables/audit.hpp (link the solver library). cell_system.hpp declares the audit
// too: its find_recovered_cells() needs the solver library, the rest is header-only.
