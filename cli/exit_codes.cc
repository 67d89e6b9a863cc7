#include "cli/exit_codes.h"

namespace pcf::cli {

int ExitCodeFor(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kBadInput: return kExitBadInput;
    case ErrorKind::kNotFound: return kExitNotFound;
    case ErrorKind::kCorruptDatabase: return kExitCorruptDatabase;
    case ErrorKind::kIo: return kExitIo;
    case ErrorKind::kNumerical: return kExitNumerical;
    case ErrorKind::kUnsupported: return kExitUnsupported;
    case ErrorKind::kUsage: return kExitUsage;
  }
  return kExitInternal;
}

}  // namespace pcf::cli
