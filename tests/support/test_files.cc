#include "support/test_files.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <utility>

namespace pcf::test {

namespace fs = std::filesystem;

TempDir::TempDir() {
  std::random_device rd;
  path_ = fs::temp_directory_path() /
          ("pcf-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()) + std::to_string(rd()));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  // $PCF_TEST_KEEP_DIR: keep a copy of every file a test wrote (scripts/fuzz-seeds.sh turns them into seeds).
  if (const char* keep = std::getenv("PCF_TEST_KEEP_DIR"); keep && *keep)
    fs::copy(path_, fs::path(keep) / path_.filename(), fs::copy_options::recursive | fs::copy_options::skip_symlinks, ec);
  fs::remove_all(path_, ec);
}

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

fs::path VerificationDir(const std::string& name) { return fs::path(PCF_TEST_DATA) / "verification" / name; }

fs::path SourceDir() { return fs::path(PCF_TEST_DATA).parent_path().parent_path(); }

fs::path MiniFixture() { return fs::path(PCF_TEST_DATA) / "background-mini"; }

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return lines;
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

namespace {

// The lines of `dir / file`, after checking that line `line` exists and holds `expected_old`.
std::vector<std::string> LinesWith(const fs::path& path, int line, const std::string& expected_old) {
  std::vector<std::string> lines = Lines(ReadText(path));
  REQUIRE(line >= 1);
  REQUIRE(static_cast<int>(lines.size()) >= line);
  REQUIRE(lines[static_cast<std::size_t>(line - 1)] == expected_old);
  return lines;
}

}  // namespace

Mutation ReplaceLine(std::string file, int line, std::string expected_old, std::string replacement) {
  return [file = std::move(file), line, expected_old = std::move(expected_old),
          replacement = std::move(replacement)](const fs::path& dir) {
    std::vector<std::string> lines = LinesWith(dir / file, line, expected_old);
    lines[static_cast<std::size_t>(line - 1)] = replacement;
    WriteText(dir / file, JoinLines(lines));
  };
}

Mutation DeleteLine(std::string file, int line, std::string expected_old) {
  return [file = std::move(file), line, expected_old = std::move(expected_old)](const fs::path& dir) {
    std::vector<std::string> lines = LinesWith(dir / file, line, expected_old);
    lines.erase(lines.begin() + (line - 1));
    WriteText(dir / file, JoinLines(lines));
  };
}

Mutation AppendLine(std::string file, std::string line) {
  return [file = std::move(file), line = std::move(line)](const fs::path& dir) {
    WriteText(dir / file, ReadText(dir / file) + line + "\n");
  };
}

Mutation MakeEmpty(std::string file) {
  return [file = std::move(file)](const fs::path& dir) { WriteText(dir / file, ""); };
}

Mutation NewFile(std::string file, std::string text) {
  return [file = std::move(file), text = std::move(text)](const fs::path& dir) { WriteText(dir / file, text); };
}

Mutation Remove(std::string file) {
  return [file = std::move(file)](const fs::path& dir) { REQUIRE(fs::remove(dir / file)); };
}

Mutation RemoveAll(std::string what) {
  return [what = std::move(what)](const fs::path& dir) { REQUIRE(fs::remove_all(dir / what) > 0); };
}

}  // namespace pcf::test
