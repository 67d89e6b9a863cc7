// Whole-file reads and atomic writes. A write goes to a temporary file beside the target, is flushed
// to disk, then renamed over the target, so a reader sees the old file or the new one, never a part.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace pcf {

// Throws Error(kNotFound) when the file does not exist, Error(kIo) when it cannot be read.
std::string ReadWholeFile(const std::filesystem::path& path);

// Throws Error(kIo) naming the path; on failure the target is untouched and no temporary is left.
void WriteFileAtomically(const std::filesystem::path& path, std::string_view content);

// A temporary path beside `target` (same directory, so rename is atomic), unique to this process.
std::filesystem::path TemporarySibling(const std::filesystem::path& target);

// Renames `from` over `to` (atomic on POSIX). Throws Error(kIo).
void RenameOver(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace pcf
