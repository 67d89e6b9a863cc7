// Runs the pcf binary in a child process and captures what a user would see.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace pcf::test {

struct RunResult {
  int exit_code = -1;
  std::string out;  // standard output
  std::string err;  // standard error
};

// Runs `pcf args…` (no shell: arguments are passed as they are).
RunResult RunPcf(const std::vector<std::string>& args);

// A fresh empty directory under the system temp dir, removed when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

std::string ReadText(const std::filesystem::path& path);
void WriteText(const std::filesystem::path& path, const std::string& text);

// The verification data shipped in tests/data/verification.
std::filesystem::path VerificationDir(const std::string& name);

}  // namespace pcf::test
