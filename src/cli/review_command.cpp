// SPDX-License-Identifier: MIT
#include "cli/commands.hpp"

namespace sdc::cli {
void register_review_commands(CLI::App&, command_list&) {}
}  // namespace sdc::cli
