#include "engine/core/output_guard.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <variant>

#include <fmt/format.h>

#include "engine/core/error.h"

namespace pcf {

namespace {

namespace fs = std::filesystem;

// Who a path is: (device, inode) of what it names after following symlinks; for a path that does not
// exist, its folder made canonical plus its name (so "a/../b.json" and "./b.json" agree).
using Identity = std::variant<std::pair<dev_t, ino_t>, std::string>;

Identity IdentityOf(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) return std::make_pair(info.st_dev, info.st_ino);
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec);
  const fs::path folder = fs::weakly_canonical(absolute.parent_path(), ec);
  return (folder / absolute.filename()).lexically_normal().string();
}

bool IsStandardOutput(const std::string& path) { return path.empty() || path == "-"; }

std::string Quoted(const NamedPath& p) { return p.role.empty() ? p.path : fmt::format("{} {}", p.role, p.path); }

}  // namespace

bool IsKeyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[22] = {};
  in.read(head, sizeof head);
  const std::string start(head, static_cast<std::size_t>(in.gcount()));
  return start == "pcf-ed25519-secret-key" || start == "pcf-ed25519-public-key";
}

void CheckOutputs(const std::vector<NamedPath>& inputs, const std::vector<NamedPath>& outputs) {
  // Every input file, folders expanded to the files below them.
  std::vector<std::pair<Identity, NamedPath>> read;
  for (const NamedPath& input : inputs) {
    if (IsStandardOutput(input.path)) continue;
    read.emplace_back(IdentityOf(input.path), input);
    std::error_code ec;
    if (fs::is_directory(input.path, ec))
      for (auto it = fs::recursive_directory_iterator(input.path, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec))
        if (it->is_regular_file(ec)) read.emplace_back(IdentityOf(it->path().string()), NamedPath{it->path().string(), "file of the " + input.role});
  }
  std::vector<std::pair<Identity, NamedPath>> written;
  for (const NamedPath& output : outputs) {
    if (IsStandardOutput(output.path)) continue;
    const Identity id = IdentityOf(output.path);
    for (const auto& [input_id, input] : read)
      if (input_id == id)
        throw Error(ErrorKind::kUsage,
                    fmt::format("{} is the same file as the {} {} this command reads: refusing to overwrite an input",
                                Quoted(output), input.role, input.path));
    for (const auto& [other_id, other] : written)
      if (other_id == id)
        throw Error(ErrorKind::kUsage,
                    fmt::format("{} and {} are the same file: give each output its own name", Quoted(other), Quoted(output)));
    if (IsKeyFile(output.path))
      throw Error(ErrorKind::kUsage,
                  fmt::format("{} is a pcf key file: refusing to overwrite it (only `pcf keygen --force` replaces a key)",
                              Quoted(output)));
    written.emplace_back(id, output);
  }
}

}  // namespace pcf
