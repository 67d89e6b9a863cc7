// Ctrl-C and SIGTERM during `pcf batch` and `pcf verify` (issue 12, docs/exit-codes.md "Interrupts"): the
// handler only sets a flag; the engine's loops read it (they never see signals), stop taking new work,
// and the command writes what finished, marked interrupted, and exits 130.
#pragma once

#include <atomic>

namespace pcf::cli {

constexpr int kExitInterrupted = 130;  // 128 + SIGINT, as shells report a Ctrl-C

// Installs the SIGINT and SIGTERM handlers (a second signal ends the process the default way) and returns
// the flag they set.
const std::atomic<bool>& InstallInterruptHandler();

}  // namespace pcf::cli
