// pcf verify of a zip of a submission (issue 12): a zipped batch submission verifies with the same outcomes
// as its folder, and its members are named ARCHIVE:path in every report (never the temporary copy); every
// hostile archive (zip-slip names, links, duplicates, too many members, sizes and ratios above the limits,
// a header that understates a size, encryption, damage) is refused with exit code 3 naming the archive and
// the member, no report is written and nothing is left in the temporary folder. The zips are written here
// with libzip; sizes are edited in the written bytes where a test needs a header that lies.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <zip.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/board_submission.h"
#include "cli/cli_harness.h"

namespace fs = std::filesystem;
using nlohmann::json;
using pcf::test::Contains;
using pcf::test::WriteBatchSubmission;
using pcf::test::ReadText;
using pcf::test::RunPcfWithEnv;
using pcf::test::RunResult;
using pcf::test::TempDir;
using pcf::test::WriteText;

namespace {

struct Member {
  std::string name;
  std::string data;
  bool deflate = true;
  zip_uint32_t unix_mode = 0;     // external attributes' file type and permissions (0: none set)
  const char* password = nullptr;  // encrypt with this password
};

// Writes `members` into a new zip `path` with libzip.
void WriteZip(const fs::path& path, const std::vector<Member>& members) {
  int error = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  REQUIRE(zip != nullptr);
  for (const Member& m : members) {
    zip_source_t* source = zip_source_buffer(zip, m.data.data(), m.data.size(), 0);
    REQUIRE(source != nullptr);
    const bool folder = !m.name.empty() && m.name.back() == '/';
    const zip_int64_t index = folder ? zip_dir_add(zip, m.name.substr(0, m.name.size() - 1).c_str(), 0)
                                     : zip_file_add(zip, m.name.c_str(), source, 0);
    if (folder) zip_source_free(source);
    REQUIRE_MESSAGE(index >= 0, zip_strerror(zip));
    const auto i = static_cast<zip_uint64_t>(index);
    if (!folder) REQUIRE(zip_set_file_compression(zip, i, m.deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 9) == 0);
    if (m.unix_mode != 0) REQUIRE(zip_file_set_external_attributes(zip, i, 0, ZIP_OPSYS_UNIX, m.unix_mode << 16) == 0);
    if (m.password) REQUIRE_MESSAGE(zip_file_set_encryption(zip, i, ZIP_EM_TRAD_PKWARE, m.password) == 0, zip_strerror(zip));
  }
  REQUIRE_MESSAGE(zip_close(zip) == 0, zip_strerror(zip));
}

// Every regular file below `folder`, named `prefix` + its path relative to `folder`.
std::vector<Member> FolderMembers(const fs::path& folder, const std::string& prefix) {
  std::vector<Member> members;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(folder))
    if (e.is_regular_file()) members.push_back({prefix + e.path().lexically_relative(folder).generic_string(), ReadText(e.path())});
  return members;
}

std::uint32_t Le32(const std::string& bytes, std::size_t at) {
  std::uint32_t v = 0;
  for (int k = 3; k >= 0; --k) v = (v << 8) | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(k)]);
  return v;
}
void SetLe32(std::string* bytes, std::size_t at, std::uint32_t v) {
  for (std::size_t k = 0; k < 4; ++k) (*bytes)[at + k] = static_cast<char>((v >> (8 * k)) & 0xff);
}

// Rewrites, in both the central directory and the local header, the inflated size of every member to
// `size` (a header that lies), and renames member `rename_from` to `rename_to` (same length). Walks the
// structure from the end-of-central-directory record, so compressed data is never mistaken for a header.
void EditZip(const fs::path& path, std::optional<std::uint32_t> size, const std::string& rename_from = "",
             const std::string& rename_to = "") {
  std::string bytes = ReadText(path);
  const std::size_t end = bytes.rfind(std::string("PK\x05\x06", 4));
  REQUIRE(end != std::string::npos);
  const std::size_t entries = Le32(bytes, end + 8) & 0xffff;
  std::size_t at = Le32(bytes, end + 16);  // the central directory's offset
  for (std::size_t k = 0; k < entries; ++k) {
    REQUIRE(bytes.compare(at, 4, "PK\x01\x02", 4) == 0);
    const std::size_t name_length = Le32(bytes, at + 28) & 0xffff, extra = Le32(bytes, at + 30) & 0xffff,
                      comment = Le32(bytes, at + 32) & 0xffff;
    const std::size_t local = Le32(bytes, at + 42);
    REQUIRE(bytes.compare(local, 4, "PK\x03\x04", 4) == 0);
    if (size) {
      SetLe32(&bytes, at + 24, *size);
      SetLe32(&bytes, local + 22, *size);
    }
    if (!rename_from.empty() && bytes.compare(at + 46, name_length, rename_from) == 0) {
      REQUIRE(rename_from.size() == rename_to.size());
      bytes.replace(at + 46, name_length, rename_to);
      bytes.replace(local + 30, name_length, rename_to);
    }
    at += 46 + name_length + extra + comment;
  }
  WriteText(path, bytes);
}

// `pcf verify ARGS…` with TMPDIR set to `tmp`, where the archive is extracted.
RunResult Verify(const fs::path& tmp, std::vector<std::string> args) {
  args.insert(args.begin(), "verify");
  return RunPcfWithEnv("TMPDIR", tmp.string(), args);
}

bool IsEmptyFolder(const fs::path& folder) { return fs::is_directory(folder) && fs::is_empty(folder); }

// The rows of a JSON verify report without their file names.
json RowsWithoutFiles(const std::string& report) {
  json rows = json::parse(report)["submissions"];
  for (json& row : rows) row.erase("file");
  return rows;
}

}  // namespace

TEST_CASE("verify zip: a zipped batch submission verifies like its folder and is named ARCHIVE:path in every report") {
  TempDir tmp;
  const fs::path extract = tmp / "t";
  fs::create_directories(extract);
  WriteBatchSubmission(tmp / "sub");
  const fs::path archive = tmp / "sub.zip";
  WriteZip(archive, FolderMembers(tmp / "sub", "sub/"));
  fs::rename(tmp / "sub", tmp / "moved");  // the paths the batch was given are gone: the inputs come from the zip

  const RunResult folder = Verify(extract, {(tmp / "moved" / "out").string(), "--format", "json"});
  REQUIRE_MESSAGE(folder.exit_code == 0, (folder.out + folder.err));
  const RunResult zipped = Verify(extract, {archive.string(), "--format", "json", "--report", (tmp / "r.json").string()});
  CHECK_MESSAGE(zipped.exit_code == 0, (zipped.out + zipped.err));
  const json report = json::parse(zipped.out);
  REQUIRE(report["submissions"].size() == 2u);  // out/*.json beside summary.csv; in/v2.json is an input
  CHECK(report["submissions"][0]["file"] == archive.string() + ":sub/out/cement.result.json");
  CHECK(report["submissions"][1]["file"] == archive.string() + ":sub/out/p.result.json");
  CHECK(report["summary"]["verified"] == 2);
  CHECK(RowsWithoutFiles(zipped.out) == RowsWithoutFiles(folder.out));
  CHECK(RowsWithoutFiles(ReadText(tmp / "r.json")) == RowsWithoutFiles(folder.out));
  CHECK(IsEmptyFolder(extract));  // the temporary copy is gone

  // Detected by its content too: the same zip under another name.
  fs::copy_file(archive, tmp / "submission.bin");
  const RunResult renamed = Verify(extract, {(tmp / "submission.bin").string()});
  CHECK_MESSAGE(renamed.exit_code == 0, (renamed.out + renamed.err));
  CHECK(Contains(renamed.out, "2 files checked: 2 verified"));

  // An edited product file in the zip: inputs_changed like the folder, the file named in the archive in
  // the text, JSON, Markdown and HTML reports, and the temporary path nowhere.
  WriteText(tmp / "moved" / "in" / "p.yaml", ReadText(tmp / "moved" / "in" / "p.yaml") + "# edited\n");
  WriteZip(archive, FolderMembers(tmp / "moved", "sub/"));
  const RunResult folder_changed = Verify(extract, {(tmp / "moved" / "out").string(), "--format", "json"});
  CHECK(folder_changed.exit_code == 11);
  for (const std::string format : {"txt", "json", "md", "html"}) {
    CAPTURE(format);
    const fs::path record = (tmp / "record").replace_extension(format);
    const std::vector<std::string> args =
        format == "txt" ? std::vector<std::string>{archive.string()}
                        : std::vector<std::string>{archive.string(), "--report", record.string(), "--verifier", "V"};
    const RunResult changed = Verify(extract, args);
    CHECK(changed.exit_code == 11);
    const std::string text = format == "txt" ? changed.out : ReadText(record);
    CHECK_MESSAGE(Contains(text, archive.string() + ":sub/in/p.yaml"), text);
    CHECK_MESSAGE(Contains(text, archive.string() + ":sub/out/p.result.json"), text);
    CHECK(!Contains(text, extract.string()));
    CHECK(!Contains(text, "pcf-zip-"));
    CHECK(IsEmptyFolder(extract));
  }
  const RunResult zip_changed = Verify(extract, {archive.string(), "--format", "json"});
  json expected = RowsWithoutFiles(folder_changed.out), got = RowsWithoutFiles(zip_changed.out);
  REQUIRE(expected.size() == 2u);
  REQUIRE(got.size() == 2u);
  for (json* rows : {&expected, &got}) (*rows)[1].erase("detail");  // names the changed file by its location
  CHECK(got == expected);
  CHECK(zip_changed.exit_code == 11);
}

TEST_CASE("verify zip: a zip of results at its top, of one folder, and a folder still verify") {
  TempDir tmp;
  const fs::path extract = tmp / "t";
  fs::create_directories(extract);
  WriteBatchSubmission(tmp / "sub");
  fs::rename(tmp / "sub", tmp / "moved");  // the paths the batch was given are gone
  // A result with its product file beside it (found by its bare name), no summary: the top folder's *.json.
  std::vector<Member> flat = {{"cement.result.json", ReadText(tmp / "moved" / "out" / "cement.result.json")},
                              {"cement.yaml", ReadText(tmp / "moved" / "in" / "cement.yaml")}};
  WriteZip(tmp / "flat.zip", flat);
  RunResult run = Verify(extract, {(tmp / "flat.zip").string()});
  CHECK_MESSAGE(run.exit_code == 0, (run.out + run.err));
  CHECK(Contains(run.out, (tmp / "flat.zip").string() + ":cement.result.json"));
  CHECK(Contains(run.out, "1 file checked: 1 verified"));

  // The same below one folder (a zip of the folder itself), with a folder entry.
  std::vector<Member> nested = {{"a/", ""}, {"a/b/", ""}};
  for (Member m : flat) nested.push_back({"a/b/" + m.name, m.data});
  WriteZip(tmp / "nested.zip", nested);
  run = Verify(extract, {(tmp / "nested.zip").string()});
  CHECK_MESSAGE(run.exit_code == 0, (run.out + run.err));
  CHECK(Contains(run.out, (tmp / "nested.zip").string() + ":a/b/cement.result.json"));
  CHECK(IsEmptyFolder(extract));

  run = Verify(extract, {(tmp / "moved" / "out").string()});
  CHECK_MESSAGE(run.exit_code == 0, (run.out + run.err));
  CHECK(Contains(run.out, "2 files checked: 2 verified"));
}

TEST_CASE("verify zip: --limits sets the zip limits (members, sizes, ratio), each refusal says which key raises it") {
  TempDir tmp;
  const fs::path extract = tmp / "t";
  fs::create_directories(extract);
  const std::string text(3000, 'x');  // 3000 bytes that deflate far below 1:1
  WriteZip(tmp / "two.zip", {{"a.json", text}, {"b.json", text}});
  const std::string zip = (tmp / "two.zip").string();
  struct Case {
    std::string limits, why;
  };
  const std::vector<Case> cases = {
      {"zip_members=1", "2 members, more than the limit of 1; raise it with --limits zip_members=N"},
      {"zip_member_size=2999", "more than the limit of 2999 bytes per member; raise it with --limits zip_member_size=N"},
      {"zip_size=5999", "raise it with --limits zip_size=N"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.limits);
    const RunResult r = Verify(extract, {zip, "--limits", c.limits});
    CHECK(r.exit_code == 3);
    CHECK_MESSAGE(Contains(r.err, c.why), r.err);
    CHECK(IsEmptyFolder(extract));
  }
  // At the limits themselves the archive is read (its members are no results: cannot be recomputed, exit 13).
  const RunResult at = Verify(extract, {zip, "--limits", "zip_members=2,zip_member_size=3000,zip_size=1M"});
  CHECK_MESSAGE(at.exit_code != 3, at.err);
  // The ratio applies from 1 MiB inflated: 2 MiB of zeros (about 1000:1) pass with zip_ratio raised.
  WriteZip(tmp / "zeros.zip", {{"zeros.json", std::string(2u << 20, '0')}});
  const RunResult bomb = Verify(extract, {(tmp / "zeros.zip").string()});
  CHECK(bomb.exit_code == 3);
  CHECK_MESSAGE(Contains(bomb.err, "raise it with --limits zip_ratio=N"), bomb.err);
  const RunResult raised = Verify(extract, {(tmp / "zeros.zip").string(), "--limits", "zip_ratio=100000"});
  CHECK_MESSAGE(raised.exit_code != 3, raised.err);
  CHECK(IsEmptyFolder(extract));
}

TEST_CASE("verify zip: hostile archives are refused naming the archive and the member, exit 3, no report") {
  TempDir tmp;
  const fs::path extract = tmp / "t";
  fs::create_directories(extract);
  const std::string ok = R"({"a": 1})";
  const std::string zeros_4mb(4u << 20, '\0');  // deflates about 1030:1
  struct Case {
    std::string label;
    std::vector<Member> members;
    std::string member;  // named in the message
    std::string why;     // part of the message
    std::optional<std::uint32_t> lie = std::nullopt;  // every member's inflated size rewritten to this
    std::string rename_from = "", rename_to = "";
  };
  std::vector<Member> many;
  for (int k = 0; k <= 10'000; ++k) many.push_back({std::to_string(k) + ".txt", "", false});
  std::vector<Member> five;
  for (int k = 1; k <= 5; ++k) five.push_back({std::to_string(k) + ".json", ok});
  const std::vector<Case> cases = {
      {"zip-slip ..", {{"a.json", ok}, {"../evil", "x"}}, "member ../evil", "`..` component"},
      {"zip-slip .. inside", {{"a/../../evil.json", "x"}}, "member a/../../evil.json", "`..` component"},
      {"absolute path", {{"/tmp/evil.json", "x"}}, "member /tmp/evil.json", "absolute path"},
      {"backslash", {{"..\\evil.json", "x"}}, "member ..\\evil.json", "backslash"},
      {"drive letter", {{"C:evil.json", "x"}}, "member C:evil.json", "drive letter"},
      {"symbolic link", {{"link.json", "/etc/passwd", false, S_IFLNK | 0777}}, "member link.json", "symbolic link"},
      {"special file", {{"fifo.json", "", false, S_IFIFO | 0644}}, "member fifo.json", "special file"},
      {"duplicate names", {{"a.json", ok}, {"b.json", ok}}, "member a.json", "given twice", std::nullopt, "b.json", "a.json"},
      {"too many members", many, "", "10001 members, more than the limit of 10000"},
      {"member above its limit (a 2 GB lie)", {{"big.json", ok}}, "member big.json",
       "2147483647 bytes inflated, more than the limit of 268435456 bytes per member", 0x7fffffffu},
      {"total above its limit", five, "member 5.json", "more than the limit of 1073741824 bytes in all", 250u << 20},
      {"zip bomb (ratio)", {{"zeros.json", zeros_4mb}}, "member zeros.json", "more than 1000:1 (a zip bomb?)"},
      {"header understating the size", {{"zeros.json", zeros_4mb}}, "member zeros.json",
       "inflates to more than the 1000 bytes its header declares", 1000u},
      {"encrypted", {{"secret.json", ok, true, 0, "password"}}, "member secret.json", "encrypted"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.label);
    const fs::path archive = tmp / "bad.zip";
    WriteZip(archive, c.members);
    if (c.lie || !c.rename_from.empty()) EditZip(archive, c.lie, c.rename_from, c.rename_to);
    const fs::path report = tmp / "report.json", out = tmp / "out.json";
    const RunResult r = Verify(extract, {archive.string(), "--report", report.string(), "-o", out.string()});
    CHECK(r.exit_code == 3);
    CHECK_MESSAGE(Contains(r.err, archive.string() + ": " + c.member), r.err);
    CHECK_MESSAGE(Contains(r.err, c.why), r.err);
    CHECK(!fs::exists(report));
    CHECK(!fs::exists(out));
    CHECK(IsEmptyFolder(extract));  // nothing extracted is left, nothing was written beside the private folder
    CHECK(!fs::exists(tmp / "evil"));
    CHECK(!fs::exists(tmp / "evil.json"));
  }
}

TEST_CASE("verify zip: a damaged archive and a file that is not a zip are refused with libzip's reason") {
  TempDir tmp;
  const fs::path extract = tmp / "t";
  fs::create_directories(extract);
  WriteZip(tmp / "good.zip", {{"a.json", std::string(100'000, 'x')}});
  const std::string bytes = ReadText(tmp / "good.zip");
  WriteText(tmp / "truncated.zip", bytes.substr(0, bytes.size() / 2));  // starts with PK\3\4, no central directory
  WriteText(tmp / "text.zip", "not a zip at all\n");                    // named .zip
  for (const std::string name : {"truncated.zip", "text.zip"}) {
    CAPTURE(name);
    const RunResult r = Verify(extract, {(tmp / name).string(), "--report", (tmp / "r.json").string()});
    CHECK(r.exit_code == 3);
    CHECK_MESSAGE(Contains(r.err, (tmp / name).string() + ": not a readable zip archive: Not a zip archive"), r.err);
    CHECK(!fs::exists(tmp / "r.json"));
    CHECK(IsEmptyFolder(extract));
  }

  // Damaged compressed data (the central directory intact): refused while inflating, naming the member.
  std::string lines;
  for (int k = 0; k < 20'000; ++k) lines += std::to_string(k * 7919 % 10007) + "\n";
  WriteZip(tmp / "flipped.zip", {{"a.json", lines}});
  std::string flipped = ReadText(tmp / "flipped.zip");
  const std::size_t data = 30 + std::string("a.json").size();  // after the first local header (no extra field)
  REQUIRE(flipped.size() > data + 2000);
  for (std::size_t k = data + 1000; k < data + 1010; ++k) flipped[k] = static_cast<char>(~flipped[k]);
  WriteText(tmp / "flipped.zip", flipped);
  const RunResult r = Verify(extract, {(tmp / "flipped.zip").string(), "--report", (tmp / "r.json").string()});
  CHECK(r.exit_code == 3);
  CHECK_MESSAGE(Contains(r.err, (tmp / "flipped.zip").string() + ": member a.json: damaged: "), r.err);
  CHECK(!fs::exists(tmp / "r.json"));
  CHECK(IsEmptyFolder(extract));
}

TEST_CASE("verify: an empty folder or a zip without a submission is refused (exit 4), never passed") {
  TempDir tmp;
  const fs::path extract = tmp / "t", empty = tmp / "empty";
  fs::create_directories(extract);
  fs::create_directories(empty);
  WriteText(empty / "notes.txt", "no results here");
  WriteZip(tmp / "empty.zip", {{"notes.txt", "no results here"}});
  for (const fs::path& given : {empty, tmp / "empty.zip"}) {
    CAPTURE(given);
    const fs::path report = tmp / "report.json";
    const RunResult r = Verify(extract, {given.string(), "--report", report.string()});
    CHECK(r.exit_code == 4);
    CHECK_MESSAGE(Contains(r.err, "no submission to check in " + given.string()), r.err);
    CHECK(r.out.empty());
    CHECK(!fs::exists(report));
    CHECK(IsEmptyFolder(extract));
  }
}
