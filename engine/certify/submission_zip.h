// A zip of a submission (issue 12): `pcf verify` accepts a zip of a submission folder as it accepts the
// folder. The archive is hostile input: it is checked from its central directory, extracted into a private
// temporary folder with every limit enforced again while inflating, and the folder is verified as before.
// Rules and limits: docs/certification.md, "Zip archives".
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/limits.h"

namespace pcf {

struct ZipLimits {
  std::uint64_t max_entries = 10'000;
  std::uint64_t max_total_bytes = std::uint64_t{1} << 30;   // all members inflated (and the archive file itself)
  std::uint64_t max_member_bytes = std::uint64_t{256} << 20;  // one member inflated
  double max_ratio = 1000;                                    // inflated : compressed, for members above…
  std::uint64_t ratio_from_bytes = std::uint64_t{1} << 20;    // … this inflated size (small files compress well)
};

// The zip limits of --limits (zip_members, zip_size, zip_member_size, zip_ratio).
ZipLimits ZipLimitsOf(const Limits& limits);

// True when `path` is a regular file named *.zip, or whose content starts like a zip archive (a local
// file header `PK\3\4`, or `PK\5\6`: the end record of an empty archive) whatever its name.
bool IsZipArchive(const std::filesystem::path& path);

// A zip archive extracted into a private temporary folder (mode 0700 under the system temporary folder),
// removed with everything in it when the object goes away (also when the extraction fails).
class SubmissionArchive {
 public:
  // Extracts `archive`. Throws Error(kBadInput) naming the archive and the member for: a file that is not
  // a zip or is damaged; a member name that is absolute, has a drive letter, a backslash, a control
  // character, an empty, `.` or `..` component; a symbolic link or other special file; a name given
  // twice; an encrypted member; more than `max_entries` members; a member or all members together larger
  // than the limits, or compressed more than `max_ratio`:1 — from the central directory and again from the
  // bytes actually inflated (a header that understates a size is refused when the data passes it).
  explicit SubmissionArchive(const std::string& archive, const ZipLimits& limits = {});
  ~SubmissionArchive();
  SubmissionArchive(const SubmissionArchive&) = delete;
  SubmissionArchive& operator=(const SubmissionArchive&) = delete;

  const std::string& archive() const { return archive_; }
  const std::filesystem::path& folder() const { return folder_; }

  // The extracted files to verify, sorted: the `*.json` files of every folder of the archive that holds a
  // `summary.csv` (pcf batch output folders); when there is none, the `*.json` files of the archive's top
  // folder (or of its only folder, when the top holds nothing else, as in a zip of a folder).
  const std::vector<std::string>& submissions() const { return submissions_; }

  // `text` with the temporary folder replaced by the archive: "/tmp/pcf-zip-x/out/a.json" becomes
  // "ARCHIVE.zip:out/a.json", so reports name members as they are in the archive.
  std::string Shown(const std::string& text) const;

 private:
  std::string archive_;
  std::filesystem::path folder_;
  std::vector<std::string> submissions_;
};

}  // namespace pcf
