#include "engine/core/folder_files.h"

#include <type_traits>

#include <fmt/format.h>

#include "engine/core/error.h"

namespace pcf {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void CannotList(const fs::path& folder, const std::error_code& ec) {
  throw Error(ErrorKind::kIo, fmt::format("cannot list the folder: {}", ec.message()), {folder.string(), 0, 0, ""});
}

// A wanted entry whose type cannot be found: a symlink loop, or a file that cannot be examined.
bool IsRegular(const fs::directory_entry& entry) {
  std::error_code ec;
  const bool regular = entry.is_regular_file(ec);
  if (!ec || ec == std::errc::no_such_file_or_directory) return regular;  // a dangling symlink: no file
  if (ec == std::errc::too_many_symbolic_link_levels)
    throw Error(ErrorKind::kBadInput, "too many levels of symbolic links (a symlink loop)", {entry.path().string(), 0, 0, ""});
  throw Error(ErrorKind::kIo, fmt::format("cannot examine the file: {}", ec.message()), {entry.path().string(), 0, 0, ""});
}

template <typename Iterator>
std::vector<fs::path> Walk(const fs::path& folder, const std::function<bool(const fs::path&)>& wanted) {
  constexpr bool kRecursive = std::is_same_v<Iterator, fs::recursive_directory_iterator>;
  std::vector<fs::path> files;
  std::error_code ec;
  Iterator it(folder, ec);
  if (ec) CannotList(folder, ec);
  while (it != Iterator()) {
    if (wanted(it->path()) && IsRegular(*it)) files.push_back(it->path());
    // A failing increment names the folder it was entering (a recursive walk enters a folder entry that is
    // not a symlink), else the folder being listed.
    fs::path listing = it->path().parent_path();
    std::error_code type_ec;
    if (kRecursive && it->is_directory(type_ec) && !it->is_symlink(type_ec)) listing = it->path();
    it.increment(ec);
    if (ec) CannotList(listing, ec);
  }
  return files;
}

}  // namespace

std::vector<fs::path> FilesInFolder(const fs::path& folder, bool recursive,
                                    const std::function<bool(const fs::path&)>& wanted) {
  return recursive ? Walk<fs::recursive_directory_iterator>(folder, wanted) : Walk<fs::directory_iterator>(folder, wanted);
}

}  // namespace pcf
