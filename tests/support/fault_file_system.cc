#include "support/fault_file_system.h"

#include <algorithm>
#include <cerrno>

namespace pcf::test {

const char* FileOpName(FileOp op) {
  switch (op) {
    case FileOp::kOpen: return "open";
    case FileOp::kRead: return "read";
    case FileOp::kWrite: return "write";
    case FileOp::kSync: return "fsync";
    case FileOp::kClose: return "close";
    case FileOp::kRename: return "rename";
  }
  return "?";
}

void FaultInjectingFileSystem::FailNth(FileOp op, int nth, int error) {
  fail_op_ = op;
  fail_nth_ = nth;
  fail_errno_ = error;
}

bool FaultInjectingFileSystem::Fails(FileOp op) {
  const int n = ++calls_[static_cast<std::size_t>(op)];
  if (fail_nth_ == 0 || op != fail_op_ || n != fail_nth_) return false;
  fired_ = true;
  errno = fail_errno_;
  return true;
}

int FaultInjectingFileSystem::Stat(const std::filesystem::path& path, struct stat* info) { return real_.Stat(path, info); }

int FaultInjectingFileSystem::Open(const std::filesystem::path& path, int flags, mode_t mode) {
  return Fails(FileOp::kOpen) ? -1 : real_.Open(path, flags, mode);
}

int FaultInjectingFileSystem::FileStat(int fd, struct stat* info) { return real_.FileStat(fd, info); }

ssize_t FaultInjectingFileSystem::Read(int fd, void* buffer, std::size_t size) {
  return Fails(FileOp::kRead) ? -1 : real_.Read(fd, buffer, size);
}

ssize_t FaultInjectingFileSystem::Write(int fd, const void* data, std::size_t size) {
  if (Fails(FileOp::kWrite)) return -1;
  return real_.Write(fd, data, short_write_bytes_ ? std::min(size, short_write_bytes_) : size);
}

int FaultInjectingFileSystem::Sync(int fd) { return Fails(FileOp::kSync) ? -1 : real_.Sync(fd); }

int FaultInjectingFileSystem::SyncFileSystem(int fd) { return Fails(FileOp::kSync) ? -1 : real_.SyncFileSystem(fd); }

int FaultInjectingFileSystem::Close(int fd) {
  const int rc = real_.Close(fd);
  if (!Fails(FileOp::kClose)) return rc;
  return -1;  // errno set by Fails
}

int FaultInjectingFileSystem::Rename(const std::filesystem::path& from, const std::filesystem::path& to) {
  return Fails(FileOp::kRename) ? -1 : real_.Rename(from, to);
}

int FaultInjectingFileSystem::Link(const std::filesystem::path& from, const std::filesystem::path& to) {
  return real_.Link(from, to);
}

int FaultInjectingFileSystem::Remove(const std::filesystem::path& path) { return real_.Remove(path); }

}  // namespace pcf::test
