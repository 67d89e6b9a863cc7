// Each subcommand registers itself on the app; one file per subcommand, each thin: parse, call the
// engine, write the output.
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "engine/matrix/factorization.h"

namespace pcf::cli {

void AddDbImportCommand(CLI::App& db);
void AddDbExportCommand(CLI::App& db);
void AddDbBuildCommand(CLI::App& db);
void AddDbInspectCommands(CLI::App& db);
void AddCalcCommand(CLI::App& app);
void AddScoresCommand(CLI::App& app);
void AddVerifyCommand(CLI::App& app);
void AddKeygenCommand(CLI::App& app);
void AddCertifyCommand(CLI::App& app);
void AddBatchCommand(CLI::App& app);
void AddSensitivityCommand(CLI::App& app);
void AddCompareCommand(CLI::App& app);
void AddPublishCommand(CLI::App& app);
void AddClientsCommand(CLI::App& app);
void AddServeCommand(CLI::App& app);

// The --solver option shared by the commands that factorize.
CLI::Option* AddSolverOption(CLI::App& command, SolveMethod* method);

// --mc N and --seed S (which needs --mc), shared by calc and batch; `what` ends --mc's help. Returns --mc.
CLI::Option* AddMonteCarloOptions(CLI::App& command, std::uint64_t* draws, std::uint64_t* seed, const std::string& what);

}  // namespace pcf::cli
