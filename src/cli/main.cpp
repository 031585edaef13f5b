// SPDX-License-Identifier: MIT
// The sdc command-line tool: one subcommand per file (table_command.cpp, ...), registered here.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.hpp"
#include "sdc/core/config.hpp"
#include "sdc/core/error.hpp"

int main(int argc, char** argv) {
  CLI::App app{"sdc: statistical disclosure control for research outputs and data requests"};
  app.set_version_flag("--version", sdc::version_string);
  app.require_subcommand(1);
  sdc::cli::command_list commands;
  sdc::cli::register_all(app, commands);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : sdc::cli::exit_error;
  }
  try {
    for (auto& command : commands) {
      if (command.subcommand->parsed()) return command.run();
    }
  } catch (const sdc::error& e) {
    std::cerr << "sdc: error: " << e.what() << '\n';
    return sdc::cli::exit_error;
  } catch (const std::exception& e) {
    std::cerr << "sdc: unexpected error: " << e.what() << '\n';
    return sdc::cli::exit_error;
  }
  return sdc::cli::exit_error;
}
