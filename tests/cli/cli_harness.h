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
