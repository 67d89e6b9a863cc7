// engine/core/utf8.h: UTF-8 only. Valid sequences of every length pass; overlong forms, surrogates, code
// points above U+10FFFF, stray continuation bytes, truncated sequences and GBK text are refused at the
// right line and column; a BOM is skipped.
#include <doctest/doctest.h>

#include <string>

#include "engine/core/error.h"
#include "engine/core/utf8.h"
#include "support/test_files.h"

using pcf::FindInvalidUtf8;

namespace {

// "line:column" of the first invalid byte, or "valid".
std::string Where(const std::string& text) {
  const auto at = FindInvalidUtf8(text);
  return at ? std::to_string(at->line) + ":" + std::to_string(at->column) : "valid";
}

}  // namespace

TEST_CASE("utf8: valid text of every sequence length passes and decodes") {
  CHECK(Where("") == "valid");
  CHECK(Where("name: cement\n") == "valid");
  CHECK(Where("P·O 42.5 水泥 € 𝄞 \U0010FFFF \uFFFD") == "valid");
  CHECK(pcf::DecodeUtf8("水", 0).code_point == 0x6C34);
  CHECK(pcf::DecodeUtf8("水", 0).length == 3);
  CHECK(pcf::DecodeUtf8("𝄞", 0).code_point == 0x1D11E);
  CHECK(pcf::DecodeUtf8("\xC2\x80", 0).code_point == 0x80);              // smallest 2-byte form
  CHECK(pcf::DecodeUtf8("\xE0\xA0\x80", 0).code_point == 0x800);         // smallest 3-byte form
  CHECK(pcf::DecodeUtf8("\xED\x9F\xBF", 0).code_point == 0xD7FF);        // last before the surrogates
  CHECK(pcf::DecodeUtf8("\xF0\x90\x80\x80", 0).code_point == 0x10000);   // smallest 4-byte form
  CHECK(pcf::DecodeUtf8("\xF4\x8F\xBF\xBF", 0).code_point == 0x10FFFF);  // the last code point
}

TEST_CASE("utf8: overlong forms, surrogates, beyond U+10FFFF, stray and truncated bytes are invalid") {
  for (const char* bad : {"\xC0\xAF", "\xC1\xBF", "\xE0\x80\xAF", "\xE0\x9F\xBF", "\xF0\x80\x80\xAF", "\xF0\x8F\xBF\xBF",
                          "\xED\xA0\x80", "\xED\xBF\xBF", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFF", "\xFE", "\x80",
                          "\xBF", "\xE6\xB0", "\xF0\x9D\x84", "\xC2"}) {
    CAPTURE(std::string(bad));
    CHECK(Where(std::string("ab") + bad) == "1:3");
    CHECK_FALSE(pcf::DecodeUtf8(bad, 0).valid);
  }
}

TEST_CASE("utf8: GBK text is refused at its line and column, counted in characters, with the iconv hint") {
  // 水泥 in GBK is CB AE C4 E0. CB AE is also valid UTF-8 (U+02EE): the first bad byte is C4, at column 8.
  // The line before holds multi-byte UTF-8, which counts one column per character.
  const std::string text = "a: 1\nname_zh: 普通硅酸盐\nsite: \xCB\xAE\xC4\xE0\n";
  CHECK(Where(text) == "3:8");
  try {
    pcf::CheckUtf8(text, "product.yaml");
    FAIL("accepted");
  } catch (const pcf::Error& e) {
    CHECK(e.kind() == pcf::ErrorKind::kBadInput);
    CHECK(e.ToString() == "product.yaml:3:8: not valid UTF-8 (byte 0xC4): pcf reads UTF-8 files only. A file saved by a "
                          "Chinese editor is often GBK: convert it, e.g. iconv -f GBK -t UTF-8 OLD > NEW, or save it as UTF-8");
  }
  // After a BOM the columns are those an editor shows.
  CHECK(Where("\xEF\xBB\xBF" "ab\xC8") == "1:3");
}

TEST_CASE("utf8: a BOM is skipped when the file is read") {
  pcf::test::TempDir dir;
  pcf::test::WriteText(dir / "with-bom.txt", "\xEF\xBB\xBF" "水泥\n");
  CHECK(pcf::ReadTextFileUtf8(dir / "with-bom.txt") == "水泥\n");
  CHECK(pcf::SkipUtf8Bom("abc") == "abc");
  pcf::test::WriteText(dir / "gbk.txt", "\xC4\xE0\xCB\xAE\n");  // 泥水 in GBK
  CHECK_THROWS_AS(pcf::ReadTextFileUtf8(dir / "gbk.txt"), pcf::Error);
}
