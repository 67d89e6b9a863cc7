// A FileSystem for tests (engine/core/file_system.h) that passes every call to the real one, counts the
// calls of each kind, and can fail the Nth call of one kind with a chosen errno, or make every write short.
// Installed with pcf::ScopedFileSystem.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>

#include "engine/core/file_system.h"

namespace pcf::test {

// The kinds of call a fault can hit. Open counts opens for reading and for writing; Sync counts fsync and
// syncfs. Stat, FileStat, Link and Remove are passed through and never fail.
enum class FileOp { kOpen, kRead, kWrite, kSync, kClose, kRename };
inline constexpr std::array<FileOp, 6> kAllFileOps = {FileOp::kOpen, FileOp::kRead,  FileOp::kWrite,
                                                      FileOp::kSync, FileOp::kClose, FileOp::kRename};
const char* FileOpName(FileOp op);

class FaultInjectingFileSystem final : public FileSystem {
 public:
  // Fails the `nth` call (1-based) of `op` with errno `error`; the other calls go through. A failed close
  // still closes the descriptor (as close(2) on Linux does); the other failed calls do nothing.
  void FailNth(FileOp op, int nth, int error);
  // Every write writes at most `bytes` bytes (0: no limit), as a full disk or a signal can make write(2) do.
  void ShortWrites(std::size_t bytes) { short_write_bytes_ = bytes; }
  int Calls(FileOp op) const { return calls_[static_cast<std::size_t>(op)].load(); }
  bool Fired() const { return fired_.load(); }  // whether the chosen call was reached and failed

  int Stat(const std::filesystem::path& path, struct stat* info) override;
  int Open(const std::filesystem::path& path, int flags, mode_t mode) override;
  int FileStat(int fd, struct stat* info) override;
  ssize_t Read(int fd, void* buffer, std::size_t size) override;
  ssize_t Write(int fd, const void* data, std::size_t size) override;
  int Sync(int fd) override;
  int SyncFileSystem(int fd) override;
  int Close(int fd) override;
  int Rename(const std::filesystem::path& from, const std::filesystem::path& to) override;
  int Link(const std::filesystem::path& from, const std::filesystem::path& to) override;
  int Remove(const std::filesystem::path& path) override;

 private:
  // Counts a call of `op`; true (errno set) when this is the one to fail.
  bool Fails(FileOp op);

  FileSystem& real_ = RealFileSystem();
  std::array<std::atomic<int>, 6> calls_{};
  FileOp fail_op_ = FileOp::kOpen;
  int fail_nth_ = 0;  // 0: nothing fails
  int fail_errno_ = 0;
  std::atomic<bool> fired_{false};
  std::size_t short_write_bytes_ = 0;
};

}  // namespace pcf::test
