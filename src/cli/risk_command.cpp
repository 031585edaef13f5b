// SPDX-License-Identifier: MIT
#include "cli/commands.hpp"

namespace sdc::cli {
void register_risk_commands(CLI::App&, command_list&) {}
}  // namespace sdc::cli
