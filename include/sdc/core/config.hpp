// SPDX-License-Identifier: MIT
/// @file config.hpp
/// @brief Version of the sdc library (the single source of truth, parsed by CMake).
#pragma once

#define SDC_VERSION_MAJOR 0
#define SDC_VERSION_MINOR 1
#define SDC_VERSION_PATCH 0

namespace sdc {
/// @brief The library version as "major.minor.patch".
inline constexpr const char* version_string = "0.1.0";
}  // namespace sdc
