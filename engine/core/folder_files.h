// The files of a folder (and the folders below it), for inputs given as a folder (`pcf batch DIR`,
// `pcf verify DIR`). A folder that cannot be listed (permission denied) or an entry that cannot be
// examined (a symlink loop) is an Error naming it, never an uncaught std::filesystem exception.
#pragma once

#include <filesystem>
#include <functional>
#include <vector>

namespace pcf {

// Regular files (symlinks followed) in `folder` — and, when `recursive`, in every folder below it (symlinks
// to folders are not followed, so a folder loop cannot be entered) — whose path `wanted` accepts, in
// directory order. Throws Error(kIo) "cannot list the folder …" naming the folder that cannot be opened,
// Error(kBadInput) for a wanted entry that is a symlink loop or cannot be examined.
std::vector<std::filesystem::path> FilesInFolder(const std::filesystem::path& folder, bool recursive,
                                                 const std::function<bool(const std::filesystem::path&)>& wanted);

}  // namespace pcf
