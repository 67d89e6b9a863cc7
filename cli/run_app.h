// Parses the command line of `app`, runs its subcommand and turns errors into a message on stderr and an
// exit code (docs/exit-codes.md). Shared by pcf and pcf-serve.
#pragma once

#include <CLI/CLI.hpp>

namespace pcf::cli {

int RunApp(CLI::App& app, int argc, char** argv);

// `pcf serve …` runs the program pcf-serve installed beside pcf with the same arguments (execv: the server
// replaces this process). Returns only when it cannot be started, with the exit code of that error.
int RunServeProgram(char** argv);

}  // namespace pcf::cli
