#include "cli/default_db.h"

#include <cstdlib>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "engine/core/error.h"

namespace pcf::cli {

std::string ResolveDatabase(const std::string& explicit_path) {
  if (!explicit_path.empty()) return explicit_path;
  if (const char* env = std::getenv("PCF_DB"); env && *env) return env;
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path exe_dir = fs::read_symlink("/proc/self/exe", ec).parent_path();
  const std::vector<fs::path> candidates = {exe_dir / "hubei.sqlite", exe_dir / ".." / "share" / "pcf" / "hubei.sqlite"};
  std::string looked;
  for (const fs::path& c : candidates) {
    if (fs::is_regular_file(c, ec)) return c.lexically_normal().string();
    looked += (looked.empty() ? "" : ", ") + c.lexically_normal().string();
  }
  throw Error(ErrorKind::kNotFound,
              fmt::format("no default database (looked for $PCF_DB, {}); build it with `pcf db build factors data -o "
                          "hubei.sqlite` or pass --db",
                          looked));
}

}  // namespace pcf::cli
