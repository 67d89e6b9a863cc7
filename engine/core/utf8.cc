#include "engine/core/utf8.h"

#include <fmt/format.h>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"

namespace pcf {

namespace {

bool Continuation(std::string_view text, std::size_t at, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
  if (at >= text.size()) return false;
  const auto c = static_cast<unsigned char>(text[at]);
  return c >= lo && c <= hi;
}

}  // namespace

Utf8Char DecodeUtf8(std::string_view text, std::size_t at) {
  const auto c = static_cast<unsigned char>(text[at]);
  if (c < 0x80) return {c, 1, true};
  // The second byte's range depends on the first (Unicode table 3-7): it excludes overlong forms
  // (E0 80–9F, F0 80–8F), surrogates (ED A0–BF) and code points above U+10FFFF (F4 90–BF).
  std::size_t length = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  char32_t cp = 0;
  if (c >= 0xC2 && c <= 0xDF) { length = 2; cp = c & 0x1F; }
  else if (c >= 0xE0 && c <= 0xEF) { length = 3; cp = c & 0x0F; lo = c == 0xE0 ? 0xA0 : 0x80; hi = c == 0xED ? 0x9F : 0xBF; }
  else if (c >= 0xF0 && c <= 0xF4) { length = 4; cp = c & 0x07; lo = c == 0xF0 ? 0x90 : 0x80; hi = c == 0xF4 ? 0x8F : 0xBF; }
  else return {};
  if (!Continuation(text, at + 1, lo, hi)) return {};
  for (std::size_t k = 2; k < length; ++k)
    if (!Continuation(text, at + k)) return {};
  for (std::size_t k = 1; k < length; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[at + k]) & 0x3F);
  return {cp, length, true};
}

std::string_view SkipUtf8Bom(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return text;
}

std::optional<Utf8Position> FindInvalidUtf8(std::string_view text) {
  const std::size_t start = text.size() - SkipUtf8Bom(text).size();
  Utf8Position at;
  for (std::size_t i = start; i < text.size();) {
    const Utf8Char c = DecodeUtf8(text, i);
    if (!c.valid) {
      at.byte = i;
      return at;
    }
    if (c.code_point == '\n') {
      ++at.line;
      at.column = 1;
    } else {
      ++at.column;
    }
    i += c.length;
  }
  return std::nullopt;
}

void CheckUtf8(std::string_view text, const std::string& file) {
  const std::optional<Utf8Position> bad = FindInvalidUtf8(text);
  if (!bad) return;
  throw Error(ErrorKind::kBadInput,
              fmt::format("not valid UTF-8 (byte 0x{:02X}): pcf reads UTF-8 files only. A file saved by a Chinese "
                          "editor is often GBK: convert it, e.g. iconv -f GBK -t UTF-8 OLD > NEW, or save it as UTF-8",
                          static_cast<unsigned char>(text[bad->byte])),
              {file, bad->line, bad->column, ""});
}

std::string ReadTextFileUtf8(const std::filesystem::path& path, const FileSizeLimit& limit) {
  std::string text = ReadWholeFile(path, limit);
  CheckUtf8(text, path.string());
  return std::string(SkipUtf8Bom(text));
}

}  // namespace pcf
