// Issue 10, items 2, 3 and 12 through the binary: strict numbers (a comma, a thousands separator, a
// full-width digit, NaN … in the cement example are refused with file:line:column, field and hint), UTF-8
// only input (GBK product, supplier and list files are refused at their first bad byte; a BOM is fine),
// and numbers for people (no 17-digit numbers in the text summary, the reports and the certificate page,
// while the JSON keeps the exact double). Expected positions are found in the test from the edited text.
#include <doctest/doctest.h>

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <optional>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_harness.h"
#include "engine/core/numbers.h"
#include "engine/core/sha256.h"
#include "engine/core/utf8.h"

namespace fs = std::filesystem;
using pcf::test::SourceDir;
using nlohmann::json;
using pcf::test::ReadText;
using pcf::test::RunPcf;
using pcf::test::RunResult;
using pcf::test::TempDir;
using pcf::test::WriteText;

namespace {

using pcf::test::kExitBadInput;
using pcf::test::kExitOk;

std::string Cement() { return ReadText(SourceDir() / "examples/cement/po425-cement.yaml"); }

// 1-based line and column (in characters) of byte `at` of `text`.
std::pair<int, int> LineColumn(const std::string& text, std::size_t at) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') { ++line; column = 1; }
    else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;  // not a continuation byte
  }
  return {line, column};
}

// `text` with the only occurrence of `prefix + old` changed to `prefix + replacement`, and "line:column"
// of where the value starts.
std::pair<std::string, std::string> Edit(std::string text, const std::string& prefix, const std::string& old,
                                         const std::string& replacement) {
  const std::size_t at = text.find(prefix + old);
  REQUIRE_MESSAGE(at != std::string::npos, (prefix + old));
  REQUIRE(text.find(prefix + old, at + 1) == std::string::npos);
  const auto [line, column] = LineColumn(text, at + prefix.size());
  text.replace(at + prefix.size(), old.size(), replacement);
  return {text, std::to_string(line) + ":" + std::to_string(column)};
}

std::set<std::string> FileNames(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) names.insert(fs::relative(entry.path(), dir).string());
  return names;
}

// `pcf calc` of the product file must fail with exactly `message`, exit code 3, nothing on stdout and no
// new file.
void CheckRefused(const fs::path& dir, const fs::path& product, const std::string& message) {
  const std::set<std::string> before = FileNames(dir);
  const fs::path output = dir / "result.json";
  const RunResult r = RunPcf({"calc", product.string(), "-o", output.string()});
  CHECK(r.exit_code == kExitBadInput);
  CHECK(r.out.empty());
  CHECK(r.err == "pcf: error: " + message + "\n");
  CHECK_FALSE(fs::exists(output));
  CHECK(FileNames(dir) == before);
}

// The text in GBK, converted by the C library (std::nullopt where it has no GBK converter). A character
// GBK lacks (the example's "≤", "⁻¹") becomes "?", as an editor saving as GBK would write it.
std::optional<std::string> ToGbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string in = utf8, out(utf8.size() * 2 + 16, '\0');
  char* src = in.data();
  char* dst = out.data();
  std::size_t src_left = in.size(), dst_left = out.size();
  while (src_left > 0) {
    if (iconv(cd, &src, &src_left, &dst, &dst_left) != static_cast<std::size_t>(-1)) break;
    REQUIRE(errno == EILSEQ);
    *dst++ = '?';
    --dst_left;
    do { ++src; --src_left; } while (src_left > 0 && (static_cast<unsigned char>(*src) & 0xC0) == 0x80);
  }
  iconv_close(cd);
  out.resize(out.size() - dst_left);
  return out;
}

// Decimal numbers with 8 or more significant digits ("733.5724238298118"), as written in `text`.
std::vector<std::string> LongNumbers(const std::string& text) {
  std::vector<std::string> found;
  for (std::size_t i = 0; i < text.size();) {
    if (!(text[i] >= '0' && text[i] <= '9') ||
        (i > 0 && (std::isalnum(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '.'))) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && ((text[j] >= '0' && text[j] <= '9') || text[j] == '.')) ++j;
    const std::string run = text.substr(i, j - i);
    std::string digits;
    for (char c : run)
      if (c != '.') digits += c;
    digits.erase(0, digits.find_first_not_of('0'));
    if (std::count(run.begin(), run.end(), '.') == 1 && digits.size() >= 8) found.push_back(run);
    i = j;
  }
  return found;
}

}  // namespace

TEST_CASE("strict numbers: the cement example with kiln_heat_gj 3,25 and other slips is refused where written") {
  struct Case {
    std::string prefix, old, replacement, field, message;
  };
  const std::vector<Case> cases = {
      {"kiln_heat_gj: ", "3.10", "3,25", "parameters.kiln_heat_gj",
       "\"3,25\" is not a number: a comma is not a decimal mark: write 3.25"},
      {"quarry_km: ", "15", "\"1,000\"", "parameters.quarry_km",
       "\"1,000\" is not a number: numbers take no thousands separator and no decimal comma: write 1000 (or 1.000 if "
       "the comma is a decimal mark)"},
      {"quarry_km: ", "15", "55,0", "parameters.quarry_km", "\"55,0\" is not a number: a comma is not a decimal mark: write 55.0"},
      {"kiln_heat_gj: ", "3.10", "３.１０", "parameters.kiln_heat_gj",
       "\"３\" (U+FF13) is not allowed: write formulas in ASCII (half-width) characters: write 3.10"},
      {"kiln_heat_gj: ", "3.10", "3．10", "parameters.kiln_heat_gj",
       "\"．\" (U+FF0E) is not allowed: write formulas in ASCII (half-width) characters: write 3.10"},
      {"{mass: ", "\"1 t\"", "\"1,5 t\"", "processes[1].transport[0].mass",
       "\"1,5\" is not a number: a comma is not a decimal mark: write 1.5"},
      {"distance: ", "\"quarry_km km\"", "\"1 000 km\"", "processes[1].transport[0].distance",
       "a number cannot contain spaces (\"1 000\"): write 1000"},
      {"{product: clinker, amount: ", "clinker_ratio", "\"0.825 t\"", "processes[3].inputs[0].amount",
       "\"t\" is a unit: an amount is a number or a formula, its unit goes under \"unit\" (write 0.825)"},
      {"quarry_km: ", "15", "0/0", "parameters.quarry_km",
       "\"0/0\" evaluates to NaN (not a number, e.g. 0/0 or the root or logarithm of a negative value): a result must "
       "be a finite number"},
      {"quarry_km: ", "15", "15 * _pi / 3", "parameters.quarry_km",
       "muParser's _pi is 3.141592653589 (13 digits only): write 3.141592653589793 or define a parameter"},
      {"quarry_km: ", "15", "\"3 < 2 < 1 ? 15 : 0\"", "parameters.quarry_km",
       "\"3 < 2 < 1 ? 15 : 0\": comparisons do not chain (muParser reads \"3 < 2 < 1\" as (3 < 2) < 1, which is 1): "
       "write a < b && b < c"},
      {"quarry_km: ", "15", "15 km", "parameters.quarry_km",
       "\"km\" is a unit: an amount is a number or a formula, its unit goes under \"unit\" (write 15)"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.replacement);
    TempDir dir;
    const auto [text, at] = Edit(Cement(), c.prefix, c.old, c.replacement);
    WriteText(dir / "product.yaml", text);
    CheckRefused(dir.path(), dir / "product.yaml", (dir / "product.yaml").string() + ":" + at + ": " + c.field + ": " + c.message);
  }
  // The same file with the number written right calculates.
  TempDir dir;
  WriteText(dir / "product.yaml", Edit(Cement(), "kiln_heat_gj: ", "3.10", "3.25").first);
  const RunResult r = RunPcf({"calc", (dir / "product.yaml").string(), "-o", (dir / "result.json").string()});
  CHECK_MESSAGE(r.exit_code == kExitOk, r.err);
}

TEST_CASE("utf8: a GBK product file is refused at its first byte that is not UTF-8, with the iconv hint") {
  const std::string hint = "not valid UTF-8 (byte 0x{}): pcf reads UTF-8 files only. A file saved by a Chinese editor is "
                           "often GBK: convert it, e.g. iconv -f GBK -t UTF-8 OLD > NEW, or save it as UTF-8";
  auto message = [&](const fs::path& file, const std::string& at, const std::string& byte) {
    std::string m = hint;
    m.replace(m.find("{}"), 2, byte);
    return file.string() + ":" + at + ": " + m;
  };
  {  // The Chinese name written in GBK: 水泥 is CB AE C4 E0. CB AE happens to be valid UTF-8 (U+02EE, one
     // character), so the first bad byte is C4, one column after the value's start.
    TempDir dir;
    const auto [text, at] = Edit(Cement(), "  name_zh: ", "P·O 42.5 普通硅酸盐水泥（散装，出厂）", "\xCB\xAE\xC4\xE0");
    WriteText(dir / "product.yaml", text);
    const std::size_t colon = at.find(':');
    const std::string next = at.substr(0, colon + 1) + std::to_string(std::stoi(at.substr(colon + 1)) + 1);
    CheckRefused(dir.path(), dir / "product.yaml", message(dir / "product.yaml", next, "C4"));
  }
  const std::optional<std::string> gbk = ToGbk(Cement());
  if (!gbk) MESSAGE("no GBK converter in the C library: the whole-file GBK case is skipped");
  if (gbk) {  // the whole example saved as GBK
    REQUIRE(gbk->find("\xCB\xAE\xC4\xE0") != std::string::npos);  // 水泥, as the converter wrote it
    const std::string utf8 = Cement();
    const std::size_t first = static_cast<std::size_t>(
        std::find_if(utf8.begin(), utf8.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }) - utf8.begin());
    const auto [line, column] = LineColumn(utf8, first);
    char byte[3];
    const auto lead = static_cast<unsigned char>((*gbk)[first]);  // same offset: only ASCII before it
    REQUIRE((lead >= 0x80 && lead <= 0xC1));  // a byte that starts no UTF-8 sequence: the first bad byte is here
    std::snprintf(byte, sizeof byte, "%02X", lead);
    TempDir dir;
    WriteText(dir / "product.yaml", *gbk);
    CheckRefused(dir.path(), dir / "product.yaml",
                 message(dir / "product.yaml", std::to_string(line) + ":" + std::to_string(column), byte));
  }
  {  // A supplier footprint in GBK: the supplier file's own line and column.
    TempDir dir;
    WriteText(dir / "product.yaml", std::string(pcf::test::kBoardProductHeader) + R"yaml(processes:
  - id: pressing
    stage: A3
    outputs:
      - {product: board, amount: 1, unit: t}
    inputs:
      - {background: "limestone, crushed, at quarry, CN-HB", amount: 1, unit: t}
      - {supplier_pcf: suppliers/gypsum.json, amount: 50, unit: kg}
)yaml");
    fs::create_directories(dir / "suppliers");
    const std::string supplier = "{\n  \"productNameCompany\": \"\xC4\xE0\xCB\xAE\"\n}\n";  // 泥水
    WriteText(dir / "suppliers/gypsum.json", supplier);
    CheckRefused(dir.path(), dir / "product.yaml", message(dir / "suppliers/gypsum.json", "2:26", "C4"));
  }
  {  // A batch list file in GBK.
    TempDir dir;
    WriteText(dir / "product.yaml", Cement());
    WriteText(dir / "list.txt", "product.yaml\n\xC4\xE0\xCB\xAE.yaml\n");  // 泥水.yaml
    const RunResult r = RunPcf({"batch", (dir / "list.txt").string(), "-o", (dir / "out").string()});
    CHECK(r.exit_code == kExitBadInput);
    CHECK(r.out.empty());
    CHECK(r.err == "pcf: error: " + message(dir / "list.txt", "2:1", "C4") + "\n");
    CHECK_FALSE(fs::exists(dir / "out"));
  }
}

TEST_CASE("utf8: a BOM is accepted and every output of the cement example is valid UTF-8") {
  TempDir dir;
  WriteText(dir / "plain.yaml", Cement());
  WriteText(dir / "bom.yaml", "\xEF\xBB\xBF" + Cement());
  const RunResult plain = RunPcf({"calc", (dir / "plain.yaml").string(), "-o", (dir / "plain.json").string()});
  const RunResult bom = RunPcf({"calc", (dir / "bom.yaml").string(), "-o", (dir / "bom.json").string()});
  REQUIRE_MESSAGE(plain.exit_code == kExitOk, plain.err);
  REQUIRE_MESSAGE(bom.exit_code == kExitOk, bom.err);
  CHECK(json::parse(ReadText(dir / "bom.json"))["method"]["total"] == json::parse(ReadText(dir / "plain.json"))["method"]["total"]);
  // The manifest hashes the file as it is, byte-order mark included (what `pcf verify` and sha256sum see),
  // from the same read that was parsed.
  const json manifest = json::parse(ReadText(dir / "bom.json"))["manifest"];
  CHECK(manifest["input_sha256"] == pcf::Sha256Hex(ReadText(dir / "bom.yaml")));
  CHECK(manifest["input_sha256"] != pcf::Sha256Hex(Cement()));
  CHECK(manifest["inputs"][0]["sha256"] == manifest["input_sha256"]);
  for (const char* format : {"json", "text", "md", "html", "csv", "pact-v2", "pact-v3"}) {
    CAPTURE(format);
    const RunResult r = RunPcf({"calc", (dir / "bom.yaml").string(), "--format", format, "--lang", "zh", "-o", "-"});
    REQUIRE_MESSAGE(r.exit_code == kExitOk, r.err);
    CHECK_FALSE(pcf::FindInvalidUtf8(r.out).has_value());
    if (std::string(format) != "csv") CHECK(r.out.find("普通硅酸盐水泥") != std::string::npos);  // the Chinese name came through
  }
}

TEST_CASE("human numbers: summary, reports and certificate show no 17-digit numbers while the JSON keeps the double") {
  TempDir dir;
  const std::string product = (SourceDir() / "examples/cement/po425-cement.yaml").string();
  const RunResult calc = RunPcf({"calc", product, "-o", (dir / "result.json").string()});
  REQUIRE_MESSAGE(calc.exit_code == kExitOk, calc.err);
  const std::string raw = ReadText(dir / "result.json");
  const double total = json::parse(raw)["method"]["total"].get<double>();
  const std::string exact = pcf::FormatDouble(total);
  // The JSON carries the shortest round-trip digits, so reading them gives the same double.
  CHECK(raw.find("\"total\": " + exact + "\n") != std::string::npos);
  CHECK(std::stod(exact) == total);
  CHECK(LongNumbers(exact).size() == 1);  // the cement total needs more than 7 digits: the scans below mean something

  const RunResult text = RunPcf({"calc", product, "--format", "text", "-o", "-"});
  REQUIRE(text.exit_code == kExitOk);
  CHECK(LongNumbers(text.out) == std::vector<std::string>{});
  CHECK(text.out.find(": " + pcf::HumanNumber(total) + " kg CO2e") != std::string::npos);

  // The reports: one labelled exact total, every other number rounded.
  for (const auto& [format, language, label] : {std::tuple{"md", "en", "exact value"}, {"md", "zh", "精确值"},
                                                {"html", "en", "exact value"}, {"html", "zh", "精确值"}}) {
    CAPTURE(format);
    CAPTURE(language);
    const RunResult r = RunPcf({"calc", product, "--format", format, "--lang", language, "-o", "-"});
    REQUIRE(r.exit_code == kExitOk);
    std::string page = r.out;
    CHECK(page.find(exact) != std::string::npos);
    for (std::size_t at = page.find(exact); at != std::string::npos; at = page.find(exact)) {
      const std::size_t label_at = page.rfind(label, at);
      CHECK((label_at != std::string::npos && at - label_at < 40));  // each exact value stands beside its label
      page.erase(at, exact.size());
    }
    CHECK(LongNumbers(page) == std::vector<std::string>{});
    CHECK(page.find(pcf::HumanNumber(total)) != std::string::npos);
  }

  // The certificate page.
  const fs::path key = dir / "issuer.key";
  REQUIRE(RunPcf({"keygen", "-o", key.string(), "--issuer", "Test issuer"}).exit_code == kExitOk);
  const RunResult cert = RunPcf({"certify", (dir / "result.json").string(), "--key", key.string(), "-o",
                                 (dir / "c.cert").string(), "--html", (dir / "c.html").string()});
  REQUIRE_MESSAGE(cert.exit_code == kExitOk, cert.err);
  std::string page = ReadText(dir / "c.html");
  const std::size_t at = page.find(exact);
  REQUIRE(at != std::string::npos);
  page.erase(at, exact.size());
  CHECK(LongNumbers(page) == std::vector<std::string>{});
  CHECK(page.find(pcf::HumanNumber(total) + " kg CO2e") != std::string::npos);
  CHECK(json::parse(ReadText(dir / "c.cert"))["figures"]["total"].get<double>() == total);  // signed in full
}
