#include "cli/output.h"

#include <cstdio>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"

namespace pcf::cli {

void WriteOutput(const std::string& path, std::string_view content) {
  if (path.empty() || path == "-") {
    if (std::fwrite(content.data(), 1, content.size(), stdout) != content.size() || std::fflush(stdout) != 0)
      throw Error(ErrorKind::kIo, "cannot write to standard output");
    return;
  }
  WriteFileAtomically(path, content);
}

}  // namespace pcf::cli
