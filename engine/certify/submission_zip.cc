// Extracting a submission zip safely (issue 12). libzip reads the archive (zip64, deflate, the central
// directory's sizes before any byte is inflated); the checks against zip-slip, links and zip bombs are here.
// Nothing is trusted that the archive says about itself: sizes are checked from the central directory and
// again by counting the bytes libzip actually inflates (libzip reads past a size that a header understates).
#include "engine/certify/submission_zip.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <set>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "engine/certify/zip_library.h"
#include "engine/core/error.h"
#include "engine/core/limits.h"

namespace pcf {

namespace {

namespace fs = std::filesystem;

struct ZipCloser {
  void operator()(zip_t* z) const { Libzip().discard(z); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { Libzip().fclose(f); }
};

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int Release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

// Refusals name the archive and the member.
[[noreturn]] void Refuse(const std::string& archive, const std::string& member, const std::string& why) {
  throw Error(ErrorKind::kBadInput, why, {archive, 0, 0, member.empty() ? "" : "member " + member});
}

std::string Bytes(std::uint64_t n) { return fmt::format("{} bytes", n); }

// A member name must stay inside the folder it is extracted to, on every system that might unpack it.
void CheckName(const std::string& archive, const std::string& name) {
  if (name.empty()) Refuse(archive, "(empty name)", "a member without a name");
  for (const unsigned char c : name)
    if (c < 0x20 || c == 0x7f) Refuse(archive, name, "a control character in the member name");
  if (name.front() == '/') Refuse(archive, name, "an absolute path (zip-slip): members must be relative");
  if (name.find('\\') != std::string::npos) Refuse(archive, name, "a backslash in the member name (zip-slip on Windows)");
  if (name.size() >= 2 && name[1] == ':' && std::isalpha(static_cast<unsigned char>(name[0])))
    Refuse(archive, name, "a drive letter (zip-slip): members must be relative");
  const std::string path = name.back() == '/' ? name.substr(0, name.size() - 1) : name;  // a folder ends in '/'
  std::size_t start = 0;
  while (true) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    const std::string part = path.substr(start, end - start);
    if (part == "..") Refuse(archive, name, "a `..` component (zip-slip): the member would leave the archive's folder");
    if (part.empty() || part == ".") Refuse(archive, name, "an empty or `.` path component");
    if (end == path.size()) break;
    start = end + 1;
  }
}

// Creates `relative`'s folders below `root` (never following a link: only real folders are accepted).
void MakeFolders(const std::string& archive, const std::string& member, const fs::path& root, const fs::path& relative) {
  fs::path at = root;
  for (const fs::path& part : relative) {
    at /= part;
    if (::mkdir(at.c_str(), 0700) == 0) continue;
    struct stat st {};
    if (errno != EEXIST || ::lstat(at.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
      Refuse(archive, member, fmt::format("cannot create the folder {}: a file of the archive has that name",
                                          relative.generic_string()));
  }
}

// Inflates one member into `target`, writing at most `declared` bytes: a member whose data goes on past
// the size its header declares is refused when it does.
void ExtractMember(zip_t* zip, zip_uint64_t index, const std::string& archive, const std::string& name,
                   const fs::path& target, std::uint64_t declared) {
  Fd out(::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (out.get() < 0) Refuse(archive, name, fmt::format("cannot be extracted: {}", std::strerror(errno)));
  const std::unique_ptr<zip_file_t, ZipFileCloser> in(Libzip().fopen_index(zip, index, 0));
  if (!in) Refuse(archive, name, fmt::format("cannot be read: {}", Libzip().strerror(zip)));
  std::array<char, 1 << 16> buffer{};
  std::uint64_t written = 0;
  while (true) {
    const zip_int64_t got = Libzip().fread(in.get(), buffer.data(), buffer.size());
    if (got < 0) Refuse(archive, name, fmt::format("damaged: {}", Libzip().file_strerror(in.get())));
    if (got == 0) break;
    if (static_cast<std::uint64_t>(got) > declared - written)
      Refuse(archive, name, fmt::format("inflates to more than the {} its header declares (a zip bomb?)", Bytes(declared)));
    for (zip_int64_t done = 0; done < got;) {
      const ssize_t w = ::write(out.get(), buffer.data() + done, static_cast<std::size_t>(got - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) throw Error(ErrorKind::kIo, fmt::format("cannot write {}: {}", name, std::strerror(errno)), {archive, 0, 0, ""});
      done += w;
    }
    written += static_cast<std::uint64_t>(got);
  }
  if (written != declared)
    Refuse(archive, name, fmt::format("damaged: {} inflated, its header declares {}", Bytes(written), Bytes(declared)));
  if (::close(out.Release()) != 0) throw Error(ErrorKind::kIo, fmt::format("cannot write {}: {}", name, std::strerror(errno)), {archive, 0, 0, ""});
}

struct Member {
  zip_uint64_t index;
  std::string name;
  std::uint64_t size;        // inflated, as the central directory says
  std::uint64_t compressed;
  bool folder;
};

// The central directory's view of every member, checked before anything is extracted.
std::vector<Member> CheckedMembers(zip_t* zip, const std::string& archive, const ZipLimits& limits) {
  const zip_int64_t count = Libzip().get_num_entries(zip, 0);
  if (count < 0) Refuse(archive, "", "not a readable zip archive");
  if (static_cast<std::uint64_t>(count) > limits.max_entries)
    Refuse(archive, "", fmt::format("{} members, more than the limit of {}; {}", count, limits.max_entries, RaiseHint("zip_members")));
  std::vector<Member> members;
  std::set<std::string> names;
  std::uint64_t total = 0;
  for (zip_uint64_t k = 0; k < static_cast<zip_uint64_t>(count); ++k) {
    const char* raw = Libzip().get_name(zip, k, 0);
    if (!raw) Refuse(archive, fmt::format("#{}", k + 1), fmt::format("unreadable name: {}", Libzip().strerror(zip)));
    const std::string name = raw;
    CheckName(archive, name);
    const bool folder = name.back() == '/';
    if (!names.insert(folder ? name.substr(0, name.size() - 1) : name).second)
      Refuse(archive, name, "the name is given twice in the archive");
    zip_stat_t st;
    Libzip().stat_init(&st);
    if (Libzip().stat_index(zip, k, 0, &st) != 0) Refuse(archive, name, fmt::format("unreadable: {}", Libzip().strerror(zip)));
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
      Refuse(archive, name, "an encrypted member: pcf verify reads unencrypted archives only");
    if (!(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE)) Refuse(archive, name, "no size in the central directory");
    zip_uint8_t system = 0;
    zip_uint32_t attributes = 0;
    if (Libzip().file_get_external_attributes(zip, k, 0, &system, &attributes) != 0)
      Refuse(archive, name, fmt::format("unreadable attributes: {}", Libzip().strerror(zip)));
    if (system == ZIP_OPSYS_UNIX) {  // the upper 16 bits are the Unix mode; 0 when the writer set none
      const mode_t type = static_cast<mode_t>(attributes >> 16) & S_IFMT;
      if (type == S_IFLNK) Refuse(archive, name, "a symbolic link: links are not extracted");
      if (type != 0 && type != S_IFREG && type != S_IFDIR) Refuse(archive, name, "a special file (device, pipe or socket)");
    }
    if (st.size > limits.max_member_bytes)
      Refuse(archive, name, fmt::format("{} inflated, more than the limit of {} per member; {}", Bytes(st.size), Bytes(limits.max_member_bytes), RaiseHint("zip_member_size")));
    total += st.size;
    if (total > limits.max_total_bytes)
      Refuse(archive, name, fmt::format("the members inflate to more than the limit of {} in all; {}", Bytes(limits.max_total_bytes), RaiseHint("zip_size")));
    members.push_back({k, name, st.size, st.comp_size, folder});
  }
  for (const Member& m : members) {  // after the sizes, so a total above the limit is named as such
    const double ratio = static_cast<double>(m.size) / static_cast<double>(std::max<std::uint64_t>(m.compressed, 1));
    if (m.size > limits.ratio_from_bytes && ratio > limits.max_ratio)
      Refuse(archive, m.name, fmt::format("compressed {:.0f}:1 ({} from {}), more than {:.0f}:1 (a zip bomb?); {}", ratio,
                                          Bytes(m.size), Bytes(m.compressed), limits.max_ratio, RaiseHint("zip_ratio")));
  }
  return members;
}

// The files to verify (see the header): folders with a summary.csv, else the top folder (or its only
// folder).
std::vector<std::string> SubmissionFiles(const fs::path& root, const std::vector<Member>& members) {
  std::set<fs::path> folders;
  for (const Member& m : members)
    if (!m.folder && fs::path(m.name).filename() == "summary.csv") folders.insert(fs::path(m.name).parent_path());
  if (folders.empty()) {
    fs::path top;
    while (true) {  // descend while the folder holds one folder and nothing else
      std::set<std::string> children;
      for (const Member& m : members) {
        const fs::path relative = top.empty() ? fs::path(m.name) : fs::path(m.name).lexically_relative(top);
        if (relative.empty() || *relative.begin() == ".." || *relative.begin() == ".") continue;  // elsewhere, or top itself
        children.insert(relative.begin()->string());
      }
      std::error_code ec;
      if (children.size() != 1 || !fs::is_directory(root / top / *children.begin(), ec)) break;
      top /= *children.begin();
    }
    folders.insert(top);
  }
  std::vector<std::string> files;
  for (const Member& m : members) {
    const fs::path path(m.name);
    if (!m.folder && path.extension() == ".json" && folders.count(path.parent_path())) files.push_back((root / path).string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Opens the archive with libzip's consistency checks (every local header against the central directory).
// libzip refuses a name given twice without saying which: the archive is then opened without the checks
// so that CheckedMembers names it.
zip_t* OpenZip(const std::string& archive, const ZipLimits& limits) {
  int code = 0;
  if (zip_t* zip = Libzip().open(archive.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code)) return zip;
  if (code == ZIP_ER_EXISTS)
    if (const std::unique_ptr<zip_t, ZipCloser> unchecked(Libzip().open(archive.c_str(), ZIP_RDONLY, nullptr)); unchecked)
      CheckedMembers(unchecked.get(), archive, limits);  // throws, naming the member given twice
  zip_error_t error;
  Libzip().error_init_with_code(&error, code);
  const std::string why = Libzip().error_strerror(&error);
  Libzip().error_fini(&error);
  Refuse(archive, "", fmt::format("not a readable zip archive: {}", why));
}

}  // namespace

bool IsZipArchive(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return false;
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (extension == ".zip") return true;
  std::ifstream in(path, std::ios::binary);
  std::array<char, 4> magic{};
  if (!in.read(magic.data(), magic.size())) return false;
  return magic[0] == 'P' && magic[1] == 'K' && ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6));
}

ZipLimits ZipLimitsOf(const Limits& limits) {
  ZipLimits zip;
  zip.max_entries = limits.zip_members;
  zip.max_total_bytes = limits.zip_size;
  zip.max_member_bytes = limits.zip_member_size;
  zip.max_ratio = static_cast<double>(limits.zip_ratio);
  return zip;
}

SubmissionArchive::SubmissionArchive(const std::string& archive, const ZipLimits& limits) : archive_(archive) {
  std::error_code ec;
  const std::uintmax_t archive_size = fs::file_size(archive, ec);
  if (ec) throw Error(ErrorKind::kNotFound, fmt::format("cannot read the archive: {}", ec.message()), {archive, 0, 0, ""});
  if (archive_size > limits.max_total_bytes)
    Refuse(archive, "", fmt::format("the archive has {}, more than the limit of {}; {}", Bytes(archive_size), Bytes(limits.max_total_bytes), RaiseHint("zip_size")));
  const std::unique_ptr<zip_t, ZipCloser> zip(OpenZip(archive, limits));
  const std::vector<Member> members = CheckedMembers(zip.get(), archive, limits);

  // A private folder (mode 0700, a name nobody can predict) that only this process writes into.
  std::string pattern = (fs::temp_directory_path(ec) / "pcf-zip-XXXXXX").string();
  if (ec || !::mkdtemp(pattern.data()))
    throw Error(ErrorKind::kIo, fmt::format("cannot create a temporary folder to extract into: {}", std::strerror(errno)), {archive, 0, 0, ""});
  folder_ = pattern;
  try {
    for (const Member& m : members) {
      const fs::path relative(m.name);
      if (m.folder) {
        MakeFolders(archive, m.name, folder_, relative.parent_path());  // the parent of "a/b/" is "a/b"
        continue;
      }
      MakeFolders(archive, m.name, folder_, relative.parent_path());
      ExtractMember(zip.get(), m.index, archive, m.name, folder_ / relative, m.size);
    }
    submissions_ = SubmissionFiles(folder_, members);
  } catch (...) {
    fs::remove_all(folder_, ec);
    throw;
  }
}

SubmissionArchive::~SubmissionArchive() {
  std::error_code ec;
  fs::remove_all(folder_, ec);  // best effort: a destructor does not throw
}

std::string SubmissionArchive::Shown(const std::string& text) const {
  std::string out = text;
  const std::string root = folder_.string();
  for (const auto& [from, to] : {std::pair{root + "/", archive_ + ":"}, std::pair{root, archive_}})
    for (std::size_t at = out.find(from); at != std::string::npos; at = out.find(from, at + to.size()))
      out.replace(at, from.size(), to);
  return out;
}

}  // namespace pcf
