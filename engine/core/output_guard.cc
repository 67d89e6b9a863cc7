#include "engine/core/output_guard.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include <filesystem>
#include <optional>
#include <variant>

#include <fmt/format.h>

#include "engine/core/error.h"
#include "engine/core/file_system.h"

namespace pcf {

namespace {

namespace fs = std::filesystem;

// Who a path is: (device, inode) of what it names after following symlinks; for a path that does not
// exist, its folder made canonical plus its name (so "a/../b.json" and "./b.json" agree).
using Identity = std::variant<std::pair<dev_t, ino_t>, std::string>;

Identity IdentityOf(const std::string& path) {
  struct stat info {};
  if (CurrentFileSystem().Stat(path, &info) == 0) return std::make_pair(info.st_dev, info.st_ino);
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec);
  const fs::path folder = fs::weakly_canonical(absolute.parent_path(), ec);
  return (folder / absolute.filename()).lexically_normal().string();
}

bool IsStandardOutput(const std::string& path) { return path.empty() || path == "-"; }

std::string Quoted(const NamedPath& p) { return p.role.empty() ? p.path : fmt::format("{} {}", p.role, p.path); }

}  // namespace

// Read through the file-system seam. An existing file that cannot be read is an error (Error kIo naming
// it), never "not a key": the guard must not wave through a file it could not look at.
bool IsKeyFile(const std::string& path) {
  FileSystem& fs = CurrentFileSystem();
  struct stat info {};
  if (fs.Stat(path, &info) != 0 || !S_ISREG(info.st_mode)) return false;  // absent, or nothing a key is written to
  const int fd = fs.Open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0) {
    if (errno == ENOENT) return false;  // gone since the stat
    throw Error(ErrorKind::kIo, fmt::format("cannot open to check that it is not a pcf key: {}", std::strerror(errno)),
                {path, 0, 0, ""});
  }
  char head[22] = {};
  std::size_t got = 0;
  while (got < sizeof head) {
    const ssize_t n = fs.Read(fd, head + got, sizeof head - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      fs.Close(fd);
      throw Error(ErrorKind::kIo, fmt::format("cannot read to check that it is not a pcf key: {}", std::strerror(err)),
                  {path, 0, 0, ""});
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  fs.Close(fd);
  const std::string start(head, got);
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
