// Shared by the fuzz targets (tests/fuzz/fuzz_*.cc): the readers that take a path get the input through
// one temporary file per process, and the pipeline targets find the shipped database once.
// Built two ways (tests/fuzz/CMakeLists.txt): with clang's libFuzzer (PCF_FUZZ=ON, scripts/fuzz.sh) and as
// a plain replay program in the normal build, whose main() (replay_main.cc) feeds every corpus and
// regression file to LLVMFuzzerTestOneInput.
//
// The contract every target checks: an input is either accepted or refused with a pcf::Error. Anything
// else that leaves the engine (another exception, a crash, a sanitizer report, a hang) is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace pcf::fuzz {

// The bytes as a string.
inline std::string Text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// A fresh per-process folder under the temp dir (created on first use, removed at exit).
const std::filesystem::path& WorkDir();

// Writes `content` to WorkDir()/name, replacing it, and returns the path.
std::filesystem::path WriteInput(const std::string& name, std::string_view content);

// The database the pipeline targets use: $PCF_FUZZ_DB, else the build's hubei.sqlite.
std::filesystem::path DatabasePath();

// Aborts with `what` on standard error: a broken invariant (libFuzzer and the replay test report it).
[[noreturn]] void Fail(const std::string& what);

}  // namespace pcf::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
