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
  struct stat before {};
  if (::stat(path.c_str(), &before) != 0) {
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
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) throw Error(ErrorKind::kIo, fmt::format("cannot open: {}", std::strerror(errno)), {path.string(), 0, 0, ""});
  struct stat opened {};
  if (::fstat(fd, &opened) != 0 || !S_ISREG(opened.st_mode)) {
    const mode_t mode = opened.st_mode;
    ::close(fd);
    NotRegular(path, mode);
  }
  std::string text;
  text.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(static_cast<std::uint64_t>(opened.st_size), limit.max_bytes)));
  char buffer[65536];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      const int err = errno;
      ::close(fd);
      throw Error(ErrorKind::kIo, fmt::format("read failed: {}", std::strerror(err)), {path.string(), 0, 0, ""});
    }
    text.append(buffer, static_cast<std::size_t>(got));
    if (text.size() > limit.max_bytes) {  // the file grew after the stat
      ::close(fd);
      CheckFileSize(path, text.size(), limit);
    }
  }
  ::close(fd);
  return text;
}

std::filesystem::path TemporarySibling(const std::filesystem::path& target) {
  static std::atomic<unsigned> counter{0};
  std::filesystem::path tmp = target;
  tmp += fmt::format(".tmp-{}-{}", ::getpid(), counter++);
  return tmp;
}

void RenameOver(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (std::rename(from.c_str(), to.c_str()) != 0) {
    int err = errno;
    std::filesystem::remove(from);
    throw Error(ErrorKind::kIo, fmt::format("cannot replace the file: {}", std::strerror(err)), {to.string(), 0, 0, ""});
  }
}

void FlushFileSystem(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  ::syncfs(fd);
  ::close(fd);
}

void WriteFileAtomically(const std::filesystem::path& path, std::string_view content, bool durable) {
  const std::filesystem::path tmp = TemporarySibling(path);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    throw Error(ErrorKind::kIo, fmt::format("cannot create the output file: {}", std::strerror(errno)),
                {path.string(), 0, 0, ""});
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t written = ::write(fd, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      std::filesystem::remove(tmp);
      throw Error(ErrorKind::kIo, fmt::format("write failed: {}", std::strerror(err)), {path.string(), 0, 0, ""});
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  const int sync_rc = durable ? ::fsync(fd) : 0;
  const int sync_errno = errno;
  const int close_rc = ::close(fd);
  if (sync_rc != 0 || close_rc != 0) {
    int err = sync_rc != 0 ? sync_errno : errno;
    std::filesystem::remove(tmp);
    throw Error(ErrorKind::kIo, fmt::format("write failed: {}", std::strerror(err)), {path.string(), 0, 0, ""});
  }
  RenameOver(tmp, path);
}

}  // namespace pcf
