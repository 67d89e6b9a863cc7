// Exit codes of the pcf command (docs/exit-codes.md). The only place that maps error kinds to codes.
#pragma once

#include "engine/core/error.h"

namespace pcf::cli {

enum ExitCode : int {
  kExitSuccess = 0,
  kExitInternal = 1,       // a bug: an unexpected exception
  kExitUsage = 2,          // bad command line
  kExitBadInput = 3,
  kExitNotFound = 4,
  kExitCorruptDatabase = 5,
  kExitIo = 6,
  kExitNumerical = 7,
  kExitUnsupported = 8,
};

int ExitCodeFor(ErrorKind kind);

// Thrown by a command whose outcome is a verdict with its own exit code (pcf verify): everything was
// printed already, main() only returns the code.
struct ExitWithCode {
  int code;
};

}  // namespace pcf::cli
