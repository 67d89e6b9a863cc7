// Whole-file reads and atomic writes, all through the file-system seam (engine/core/file_system.h). A
// write goes to a temporary file beside the target, is flushed to disk, then renamed over the target, so a
// reader sees the old file or the new one, never a part.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace pcf {

// The largest file a read accepts, and the --limits key that raises it (engine/core/limits.h).
struct FileSizeLimit {
  std::uint64_t max_bytes = UINT64_MAX;
  const char* key = "";
};

// Throws Error(kBadInput) naming the file, its size, the limit and its key when `size` > limit.max_bytes.
void CheckFileSize(const std::filesystem::path& path, std::uint64_t size, const FileSizeLimit& limit);

// Throws Error(kNotFound) when the file does not exist, Error(kIo) when it cannot be read, Error(kBadInput)
// for a directory, a FIFO, a device or a socket (never blocks on one), for a symlink loop and for a file
// larger than `limit` (checked on its size before reading, and again while reading).
std::string ReadWholeFile(const std::filesystem::path& path, const FileSizeLimit& limit = {});

// Throws Error(kIo) naming the path; on failure the target is untouched and no temporary is left.
// `durable` flushes the file to disk before the rename (survives a power cut); a batch writing thousands
// of files passes false and flushes once at the end (FlushFileSystem).
void WriteFileAtomically(const std::filesystem::path& path, std::string_view content, bool durable = true);

// Like WriteFileAtomically (durable), but the file is created with mode 0600 from the start, so a secret
// key is never readable by others, not even for a moment.
void WritePrivateFileAtomically(const std::filesystem::path& path, std::string_view content);

// The first half of an atomic write, for several files that should all be replaced or none: `content` is
// written (and flushed when `durable`) into a new temporary beside `target` (mode 0600 when
// `private_file`), whose path is returned; the caller renames it over the target (RenameOver) or removes
// it. Throws like WriteFileAtomically, leaving no temporary.
std::filesystem::path WriteTemporaryBeside(const std::filesystem::path& target, std::string_view content, bool durable,
                                           bool private_file);

// Flushes everything written to the file system holding `path` (one syncfs instead of one fsync per file).
// Throws Error(kIo) naming `path` when the flush fails.
void FlushFileSystem(const std::filesystem::path& path);

// A temporary path beside `target` (same directory, so rename is atomic), unique to this process.
std::filesystem::path TemporarySibling(const std::filesystem::path& target);

// Renames `from` over `to` (atomic on POSIX). Throws Error(kIo).
void RenameOver(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace pcf
