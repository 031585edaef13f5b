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
