#include "cli/output.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>

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

std::string CreationTime() {
  std::time_t t = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) t = static_cast<std::time_t>(std::atoll(epoch));
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

}  // namespace pcf::cli
