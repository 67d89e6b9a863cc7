// UTF-8 only: product files, supplier footprints and list files are UTF-8 (a BOM is allowed and skipped).
// A file saved in another encoding (GBK, the default of Chinese Windows editors) is refused at its first
// invalid byte, with line and column, instead of passing its bytes on into JSON, PACT and HTML outputs.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/atomic_file.h"

namespace pcf {

// One character decoded at `at` (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
// An invalid byte gives valid = false and length 1.
struct Utf8Char {
  char32_t code_point = 0;
  std::size_t length = 1;
  bool valid = false;
};
Utf8Char DecodeUtf8(std::string_view text, std::size_t at);

// Where the first invalid byte is: byte offset, 1-based line, and 1-based column counted in characters
// (a leading BOM is not counted).
struct Utf8Position {
  std::size_t byte = 0;
  int line = 1;
  int column = 1;
};
std::optional<Utf8Position> FindInvalidUtf8(std::string_view text);

// The text without a leading UTF-8 byte order mark (EF BB BF).
std::string_view SkipUtf8Bom(std::string_view text);

// Throws Error(kBadInput) at file:line:column of the first invalid byte, with the hint to convert a GBK
// file (`iconv -f GBK -t UTF-8`).
void CheckUtf8(std::string_view text, const std::string& file);

// ReadWholeFile, then CheckUtf8; the BOM, if any, is left out of the returned text.
std::string ReadTextFileUtf8(const std::filesystem::path& path, const FileSizeLimit& limit = {});

}  // namespace pcf
