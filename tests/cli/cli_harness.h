// Runs the pcf binary in a child process and captures what a user would see.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

// TempDir, ReadText, WriteText, VerificationDir, … (namespace pcf::test), for every CLI test that
// includes this header.
#include "support/test_files.h"

namespace pcf::test {

// Exit codes of docs/exit-codes.md.
inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitBadInput = 3;
inline constexpr int kExitNotFound = 4;
inline constexpr int kExitCorruptDatabase = 5;
inline constexpr int kExitIo = 6;
inline constexpr int kExitNumerical = 7;
inline constexpr int kExitUnsupported = 8;
inline constexpr int kExitCannotRecompute = 13;

// The product header of the hand-written test products: a board of 1 t, CN-HB, 2024, cradle-to-gate.
inline constexpr const char* kBoardProductHeader = R"yaml(pcf: 1
product:
  id: board
  name: Test board
  company: Test Co.
  geography: CN-HB
  declared_unit: {amount: 1, unit: t}
  reference_period: "2024"
  system_boundary: cradle-to-gate
)yaml";

struct RunResult {
  int exit_code = -1;
  std::string out;  // standard output
  std::string err;  // standard error
};

// Runs `pcf args…` (no shell: arguments are passed as they are).
RunResult RunPcf(const std::vector<std::string>& args);

// Runs `pcf args…` with one environment variable set to `value` (unset when there is none), restoring it
// afterwards (posix_spawn passes environ).
RunResult RunPcfWithEnv(const std::string& name, const std::optional<std::string>& value,
                        const std::vector<std::string>& args);

// A pcf process left running (for tests that signal it): start it with StartPcf, wait with FinishPcf.
struct RunningPcf {
  int pid = -1;
  std::filesystem::path out_path, err_path;  // where its standard output and error go (in `capture`)
};

// Starts `pcf args…` without waiting; its output is captured in files under `capture` (a folder that
// must outlive the process).
RunningPcf StartPcf(const std::vector<std::string>& args, const std::filesystem::path& capture);

// Waits for the process and returns what it printed and its exit code (128 + signal when it was killed).
RunResult FinishPcf(const RunningPcf& process);

}  // namespace pcf::test
