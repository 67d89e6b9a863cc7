#include "engine/core/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "engine/core/error.h"
#include "engine/core/file_system.h"

namespace pcf {

namespace {

// What a non-regular file is, for the message.
const char* FileTypeName(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

[[noreturn]] void NotRegular(const std::filesystem::path& path, mode_t mode) {
  throw Error(ErrorKind::kBadInput, fmt::format("is {}, expected a regular file", FileTypeName(mode)), {path.string(), 0, 0, ""});
}

}  // namespace

void CheckFileSize(const std::filesystem::path& path, std::uint64_t size, const FileSizeLimit& limit) {
  if (size <= limit.max_bytes) return;
  throw Error(ErrorKind::kBadInput,
              fmt::format("the file is {} bytes, above the limit {} = {} bytes; raise it with --limits {}=N", size, limit.key,
                          limit.max_bytes, limit.key),
              {path.string(), 0, 0, ""});
}

// Only regular files are read: a FIFO or a device (/dev/zero) would block or never end. The type is checked
// before opening (opening a FIFO for reading blocks until a writer comes) and again on the opened
// descriptor (opened non-blocking), so a file swapped in between is refused too.
std::string ReadWholeFile(const std::filesystem::path& path, const FileSizeLimit& limit) {
  FileSystem& fs = CurrentFileSystem();
  struct stat before {};
  if (fs.Stat(path, &before) != 0) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) throw Error(ErrorKind::kNotFound, "file not found", {path.string(), 0, 0, ""});
    if (err == ELOOP)
      throw Error(ErrorKind::kBadInput, "too many levels of symbolic links (a symlink loop)", {path.string(), 0, 0, ""});
    throw Error(ErrorKind::kIo, fmt::format("cannot open: {}", std::strerror(err)), {path.string(), 0, 0, ""});
  }
  if (S_ISDIR(before.st_mode))
    throw Error(ErrorKind::kBadInput, "is a directory, expected a file", {path.string(), 0, 0, ""});
  if (!S_ISREG(before.st_mode)) NotRegular(path, before.st_mode);
  CheckFileSize(path, static_cast<std::uint64_t>(before.st_size), limit);  // before reading a byte
  const int fd = fs.Open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0) throw Error(ErrorKind::kIo, fmt::format("cannot open: {}", std::strerror(errno)), {path.string(), 0, 0, ""});
  struct stat opened {};
  if (fs.FileStat(fd, &opened) != 0 || !S_ISREG(opened.st_mode)) {
    const mode_t mode = opened.st_mode;
    fs.Close(fd);
    NotRegular(path, mode);
  }
  std::string text;
  text.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(static_cast<std::uint64_t>(opened.st_size), limit.max_bytes)));
  char buffer[65536];
  for (;;) {
    const ssize_t got = fs.Read(fd, buffer, sizeof buffer);
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      const int err = errno;
      fs.Close(fd);
      throw Error(ErrorKind::kIo, fmt::format("read failed: {}", std::strerror(err)), {path.string(), 0, 0, ""});
    }
    text.append(buffer, static_cast<std::size_t>(got));
    if (text.size() > limit.max_bytes) {  // the file grew after the stat
      fs.Close(fd);
      CheckFileSize(path, text.size(), limit);
    }
  }
  fs.Close(fd);
  return text;
}

std::filesystem::path TemporarySibling(const std::filesystem::path& target) {
  static std::atomic<unsigned> counter{0};
  std::filesystem::path tmp = target;
  tmp += fmt::format(".tmp-{}-{}", ::getpid(), counter++);
  return tmp;
}

void RenameOver(const std::filesystem::path& from, const std::filesystem::path& to) {
  FileSystem& fs = CurrentFileSystem();
  if (fs.Rename(from, to) != 0) {
    const int err = errno;
    fs.Remove(from);
    throw Error(ErrorKind::kIo, fmt::format("cannot replace the file: {}", std::strerror(err)), {to.string(), 0, 0, ""});
  }
}

// A batch has written its files without fsync: one syncfs now. A failure is reported (the files may not
// be on disk), naming the folder.
void FlushFileSystem(const std::filesystem::path& path) {
  FileSystem& fs = CurrentFileSystem();
  const int fd = fs.Open(path, O_RDONLY | O_CLOEXEC, 0);
  const int rc = fd < 0 ? -1 : fs.SyncFileSystem(fd);
  const int err = errno;
  if (fd >= 0) fs.Close(fd);
  if (rc != 0)
    throw Error(ErrorKind::kIo, fmt::format("cannot flush the written files to disk: {}", std::strerror(err)),
                {path.string(), 0, 0, ""});
}

std::filesystem::path WriteTemporaryBeside(const std::filesystem::path& target, std::string_view content, bool durable,
                                           bool private_file) {
  FileSystem& fs = CurrentFileSystem();
  const std::filesystem::path tmp = TemporarySibling(target);
  const int fd = fs.Open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, private_file ? 0600 : 0644);
  if (fd < 0)
    throw Error(ErrorKind::kIo, fmt::format("cannot create the output file: {}", std::strerror(errno)),
                {target.string(), 0, 0, ""});
  int error = private_file && ::fchmod(fd, 0600) != 0 ? errno : 0;  // exactly 0600, whatever the umask
  const char* data = content.data();
  std::size_t left = content.size();
  while (error == 0 && left > 0) {  // a short write is not an error: write the rest
    const ssize_t written = fs.Write(fd, data, left);
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) error = errno;
    else if (written == 0) error = EIO;  // no progress: never loop forever
    else {
      data += written;
      left -= static_cast<std::size_t>(written);
    }
  }
  if (error == 0 && durable && fs.Sync(fd) != 0) error = errno;
  const int close_rc = fs.Close(fd);  // a close error can be a delayed write error (NFS)
  if (error == 0 && close_rc != 0) error = errno;
  if (error != 0) {
    fs.Remove(tmp);
    throw Error(ErrorKind::kIo, fmt::format("write failed: {}", std::strerror(error)), {target.string(), 0, 0, ""});
  }
  return tmp;
}

void WriteFileAtomically(const std::filesystem::path& path, std::string_view content, bool durable) {
  RenameOver(WriteTemporaryBeside(path, content, durable, /*private_file=*/false), path);
}

void WritePrivateFileAtomically(const std::filesystem::path& path, std::string_view content) {
  RenameOver(WriteTemporaryBeside(path, content, /*durable=*/true, /*private_file=*/true), path);
}

}  // namespace pcf
