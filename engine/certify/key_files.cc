#include "engine/certify/key_files.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/core/file_system.h"

namespace pcf {

void WriteKeyPairFiles(const std::filesystem::path& secret_path, const std::string& secret_text,
                       const std::filesystem::path& public_path, const std::string& public_text) {
  FileSystem& fs = CurrentFileSystem();
  const std::filesystem::path secret_tmp = WriteTemporaryBeside(secret_path, secret_text, true, /*private_file=*/true);
  std::filesystem::path public_tmp;
  try {
    public_tmp = WriteTemporaryBeside(public_path, public_text, true, /*private_file=*/false);
  } catch (...) {
    fs.Remove(secret_tmp);
    throw;
  }
  // The previous secret key, kept aside so that it can be put back.
  std::filesystem::path kept;
  struct stat info {};
  if (fs.Stat(secret_path, &info) == 0) {
    kept = TemporarySibling(secret_path);
    if (fs.Link(secret_path, kept) != 0) {
      const int err = errno;
      fs.Remove(secret_tmp);
      fs.Remove(public_tmp);
      throw Error(ErrorKind::kIo, fmt::format("cannot keep the previous key aside while replacing it: {}", std::strerror(err)),
                  {secret_path.string(), 0, 0, ""});
    }
  }
  try {
    RenameOver(secret_tmp, secret_path);
  } catch (...) {
    fs.Remove(public_tmp);
    if (!kept.empty()) fs.Remove(kept);
    throw;
  }
  try {
    RenameOver(public_tmp, public_path);
  } catch (const Error& e) {
    const bool restored = kept.empty() ? fs.Remove(secret_path) == 0 : fs.Rename(kept, secret_path) == 0;
    std::string state = secret_path.string() + (kept.empty() ? " was not written" : " was left as it was");
    if (!restored)  // the previous secret key is never deleted: it stays where it was kept
      state = kept.empty() ? fmt::format("{} holds a new secret key without its public key", secret_path.string())
                           : fmt::format("{} holds a new secret key; the previous one is in {}", secret_path.string(),
                                         kept.string());
    throw Error(ErrorKind::kIo, fmt::format("{}; {}", e.message(), state), e.where());
  }
  if (!kept.empty()) fs.Remove(kept);
}

}  // namespace pcf
