// SPDX-License-Identifier: MIT
// Registration of the CLI's subcommands and its exit codes.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <vector>

namespace sdc::cli {

/// Exit codes, documented in docs/cli.md: distinct for each verdict.
inline constexpr int exit_pass = 0;
inline constexpr int exit_fail = 1;    ///< at least one cell (or record) fails
inline constexpr int exit_review = 3;  ///< nothing fails, but a person must decide
inline constexpr int exit_error = 2;   ///< bad input or usage: nothing was checked

struct command {
  CLI::App* subcommand = nullptr;
  std::function<int()> run;
};
using command_list = std::vector<command>;

// Each subcommand file defines one of these.
void register_table_commands(CLI::App& app, command_list& commands);   // table_command.cpp
void register_risk_commands(CLI::App& app, command_list& commands);    // risk_command.cpp
void register_review_commands(CLI::App& app, command_list& commands);  // review_command.cpp
void register_protect_commands(CLI::App& app, command_list& commands); // protect_command.cpp

inline void register_all(CLI::App& app, command_list& commands) {
  register_table_commands(app, commands);
  register_risk_commands(app, commands);
  register_review_commands(app, commands);
  register_protect_commands(app, commands);
}

}  // namespace sdc::cli
