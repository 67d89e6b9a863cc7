#include "fuzz/fuzz_support.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace pcf::fuzz {

namespace fs = std::filesystem;

namespace {

struct Folder {
  fs::path path;
  Folder() {
    path = fs::temp_directory_path() / ("pcf-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(path);
  }
  ~Folder() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

}  // namespace

const fs::path& WorkDir() {
  static Folder folder;
  return folder.path;
}

fs::path WriteInput(const std::string& name, std::string_view content) {
  const fs::path path = WorkDir() / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) Fail("cannot write the fuzz input " + path.string());
  return path;
}

fs::path DatabasePath() {
  if (const char* env = std::getenv("PCF_FUZZ_DB"); env && *env) return env;
  return PCF_FUZZ_DEFAULT_DB;
}

void Fail(const std::string& what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what.c_str());
  std::abort();
}

}  // namespace pcf::fuzz
