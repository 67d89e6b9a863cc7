// Files for tests: temporary folders, reading and writing whole files, lines of text, the test data
// shipped in tests/data, and "mutations" of one file of a copied fixture (for tables of bad inputs).
// Shared by all test executables (pcf_unit_tests, pcf_cli_tests, pcf_hubei_tests).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace pcf::test {

// --- Folders and files -----------------------------------------------------------------------------------

// A fresh empty directory under the system temp dir, removed (with everything in it) when the object goes
// away.
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

// The whole content of a file, byte for byte ("" when it cannot be read).
std::string ReadText(const std::filesystem::path& path);

// Replaces the content of a file (creating it), byte for byte.
void WriteText(const std::filesystem::path& path, const std::string& text);

// --- Test data (tests/data) ------------------------------------------------------------------------------

// The source tree's root (examples/, factors/, data/ below it).
std::filesystem::path SourceDir();

// A verification case shipped in tests/data/verification, e.g. "small/bw2calc-multi-lca-simple".
std::filesystem::path VerificationDir(const std::string& name);

// The 3-process background fixture tests/data/background-mini (with factors/ and data/ below it).
std::filesystem::path MiniFixture();

// --- Text ------------------------------------------------------------------------------------------------

bool Contains(const std::string& haystack, const std::string& needle);

// The lines of `text`, without their line breaks (a final line break does not start a new line).
std::vector<std::string> Lines(const std::string& text);

// The lines, each followed by a line break.
std::string JoinLines(const std::vector<std::string>& lines);

// --- Mutations ---------------------------------------------------------------------------------------------

// A mutation of one file of a fixture copy, given the folder of the copy (`file` is relative to it:
// "products.csv", "data/mini.yaml", …). Line numbers are 1-based, as in the error messages; the helpers
// that change a line first REQUIRE that it holds `expected_old`, so a change of the test data cannot
// silently turn a case into a different one.
using Mutation = std::function<void(const std::filesystem::path& dir)>;

// Line `line` (which must hold `expected_old`) becomes `replacement`.
Mutation ReplaceLine(std::string file, int line, std::string expected_old, std::string replacement);

// Line `line` (which must hold `expected_old`) goes away.
Mutation DeleteLine(std::string file, int line, std::string expected_old);

// `line` and a line break are added at the end of the file.
Mutation AppendLine(std::string file, std::string line);

// The file becomes empty.
Mutation MakeEmpty(std::string file);

// A file (new or replaced) with `text`.
Mutation NewFile(std::string file, std::string text);

// The file (which must exist) is removed.
Mutation Remove(std::string file);

// The file or folder `what` (which must exist) is removed with everything in it.
Mutation RemoveAll(std::string what);

}  // namespace pcf::test
