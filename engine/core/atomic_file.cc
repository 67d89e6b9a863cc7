#include "engine/core/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "engine/core/error.h"

namespace pcf {

std::string ReadWholeFile(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    throw Error(ErrorKind::kNotFound, "file not found", {path.string(), 0, 0, ""});
  if (std::filesystem::is_directory(path, ec))
    throw Error(ErrorKind::kBadInput, "is a directory, expected a file", {path.string(), 0, 0, ""});
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::kIo, fmt::format("cannot open: {}", std::strerror(errno)), {path.string(), 0, 0, ""});
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw Error(ErrorKind::kIo, "read failed", {path.string(), 0, 0, ""});
  return std::move(buffer).str();
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
