// The file-system seam (in the style of leveldb's Env and ninja's DiskInterface): every file the engine
// reads or writes goes through CurrentFileSystem(). The real implementation calls POSIX; tests install a
// fault-injecting one (tests/support/fault_file_system.h) that fails the Nth open, read, write, fsync,
// close or rename with a chosen errno, or makes writes short. Each call mirrors the system call it is
// named after: same arguments, same return value (-1 on failure) and errno set, so the code above the seam
// (engine/core/atomic_file.cc) handles a real failure and an injected one the same way.
//
// Not behind the seam: SQLite's own reads and page writes (engine/db/sqlite.cc; `db build` writes the
// database into a temporary whose fsync and rename do go through here), directory listings and
// existence checks (std::filesystem), and flock on the key file.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <cstddef>
#include <filesystem>

namespace pcf {

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  virtual int Stat(const std::filesystem::path& path, struct stat* info) = 0;   // stat(2): follows symlinks
  virtual int Open(const std::filesystem::path& path, int flags, mode_t mode) = 0;  // open(2): a descriptor
  virtual int FileStat(int fd, struct stat* info) = 0;                          // fstat(2)
  virtual ssize_t Read(int fd, void* buffer, std::size_t size) = 0;             // read(2)
  virtual ssize_t Write(int fd, const void* data, std::size_t size) = 0;        // write(2): may write less
  virtual int Sync(int fd) = 0;                                                 // fsync(2)
  virtual int SyncFileSystem(int fd) = 0;                                       // syncfs(2)
  virtual int Close(int fd) = 0;                                                // close(2)
  virtual int Rename(const std::filesystem::path& from, const std::filesystem::path& to) = 0;  // rename(2)
  virtual int Link(const std::filesystem::path& from, const std::filesystem::path& to) = 0;    // link(2)
  virtual int Remove(const std::filesystem::path& path) = 0;                    // unlink(2)
};

// The real file system (POSIX calls, nothing added).
FileSystem& RealFileSystem();

// The file system the engine uses: the real one unless a test installed another (like Env::Default()).
FileSystem& CurrentFileSystem();

// Makes `fs` the current file system while it lives, then restores the previous one. For tests: install
// it before and remove it after the I/O it should see (the pointer is read without a lock).
class ScopedFileSystem {
 public:
  explicit ScopedFileSystem(FileSystem& fs);
  ~ScopedFileSystem();
  ScopedFileSystem(const ScopedFileSystem&) = delete;
  ScopedFileSystem& operator=(const ScopedFileSystem&) = delete;

 private:
  FileSystem* previous_;
};

}  // namespace pcf
