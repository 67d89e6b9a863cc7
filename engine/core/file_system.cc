#include "engine/core/file_system.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>

namespace pcf {

namespace {

class PosixFileSystem final : public FileSystem {
 public:
  int Stat(const std::filesystem::path& path, struct stat* info) override { return ::stat(path.c_str(), info); }
  int Open(const std::filesystem::path& path, int flags, mode_t mode) override { return ::open(path.c_str(), flags, mode); }
  int FileStat(int fd, struct stat* info) override { return ::fstat(fd, info); }
  ssize_t Read(int fd, void* buffer, std::size_t size) override { return ::read(fd, buffer, size); }
  ssize_t Write(int fd, const void* data, std::size_t size) override { return ::write(fd, data, size); }
  int Sync(int fd) override { return ::fsync(fd); }
  int SyncFileSystem(int fd) override { return ::syncfs(fd); }
  int Close(int fd) override { return ::close(fd); }
  int Rename(const std::filesystem::path& from, const std::filesystem::path& to) override {
    return std::rename(from.c_str(), to.c_str());
  }
  int Link(const std::filesystem::path& from, const std::filesystem::path& to) override {
    return ::link(from.c_str(), to.c_str());
  }
  int Remove(const std::filesystem::path& path) override { return ::unlink(path.c_str()); }
};

std::atomic<FileSystem*> current{nullptr};

}  // namespace

FileSystem& RealFileSystem() {
  static PosixFileSystem real;
  return real;
}

FileSystem& CurrentFileSystem() {
  FileSystem* fs = current.load();
  return fs ? *fs : RealFileSystem();
}

ScopedFileSystem::ScopedFileSystem(FileSystem& fs) : previous_(current.exchange(&fs)) {}

ScopedFileSystem::~ScopedFileSystem() { current.store(previous_); }

}  // namespace pcf
