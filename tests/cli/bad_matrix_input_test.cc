// `pcf db import-matrices` on malformed model folders: every mutation of a good folder must be refused
// with the file, the line and the reason on stderr, the right exit code, and no database left behind.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "cli/cli_harness.h"

namespace fs = std::filesystem;
using pcf::test::AppendLine;
using pcf::test::Contains;
using pcf::test::DeleteLine;
using pcf::test::MakeEmpty;
using pcf::test::Mutation;
using pcf::test::ReadText;
using pcf::test::Remove;
using pcf::test::ReplaceLine;
using pcf::test::RunPcf;
using pcf::test::RunResult;
using pcf::test::TempDir;
using pcf::test::VerificationDir;
using pcf::test::WriteText;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitBadInput = 3;
constexpr int kExitNotFound = 4;

const char* const kCase = "small/bw2calc-multi-lca-simple";

struct BadInputCase {
  std::string name;
  Mutation mutate;
  int exit_code;
  std::string file;    // relative to the model folder; "" = the folder itself
  int line;            // the line the message must point at; 0 = the message must carry no line
  std::string phrase;  // a key part of the reason
};

// A copy of a verification case in a fresh folder.
void CopyCase(const std::string& name, const fs::path& to) {
  fs::copy(VerificationDir(name), to, fs::copy_options::recursive);
}

// The names of the files in `dir` (sorted), to see what an import left behind.
std::vector<std::string> FileNames(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// `pcf: error: <path>:<line>: …` — checks the path, that the line is (or is not) given, and the phrase.
void CheckMessage(const RunResult& r, const fs::path& path, int line, const std::string& phrase) {
  INFO("stderr: " << r.err);
  CHECK(r.err.rfind("pcf: error: ", 0) == 0);
  CHECK(r.err.find('\n') == r.err.size() - 1);  // one line
  if (line > 0) {
    CHECK(Contains(r.err, "pcf: error: " + path.string() + ":" + std::to_string(line) + ": "));
  } else {
    CHECK(Contains(r.err, "pcf: error: " + path.string() + ": "));
  }
  CHECK(Contains(r.err, phrase));
}

std::vector<BadInputCase> BadInputCases() {
  const int bad = kExitBadInput, missing = kExitNotFound;
  std::vector<BadInputCase> cases = {
      // Headers of the four index files: missing (the first data row is taken as the header) and wrong.
      {"products.csv without header", DeleteLine("products.csv", 1, "id,name,unit"), bad, "products.csv", 1,
       "wrong header \"100,product 100 (L),unit\": expected \"id,name,unit\""},
      {"processes.csv without header", DeleteLine("processes.csv", 1, "id,name,unit"), bad, "processes.csv", 1,
       "expected \"id,name,unit\""},
      {"flows.csv without header", DeleteLine("flows.csv", 1, "id,name,unit,compartment"), bad, "flows.csv", 1,
       "expected \"id,name,unit,compartment\""},
      {"indicators.csv without header", DeleteLine("indicators.csv", 1, "id,name,unit"), bad, "indicators.csv", 1,
       "expected \"id,name,unit\""},
      {"products.csv wrong header", ReplaceLine("products.csv", 1, "id,name,unit", "id,name,units"), bad,
       "products.csv", 1, "header: wrong header \"id,name,units\": expected \"id,name,unit\""},
      {"processes.csv header in other case", ReplaceLine("processes.csv", 1, "id,name,unit", "ID,Name,Unit"), bad,
       "processes.csv", 1, "wrong header \"ID,Name,Unit\""},
      {"flows.csv header without compartment", ReplaceLine("flows.csv", 1, "id,name,unit,compartment", "id,name,unit"),
       bad, "flows.csv", 1, "wrong header \"id,name,unit\": expected \"id,name,unit,compartment\""},
      {"indicators.csv semicolon header", ReplaceLine("indicators.csv", 1, "id,name,unit", "id;name;unit"), bad,
       "indicators.csv", 1, "wrong header \"id;name;unit\""},

      // Empty files (0 bytes).
      {"empty products.csv", MakeEmpty("products.csv"), bad, "products.csv", 1,
       "file is empty (expected the header \"id,name,unit\")"},
      {"empty flows.csv", MakeEmpty("flows.csv"), bad, "flows.csv", 1,
       "file is empty (expected the header \"id,name,unit,compartment\")"},
      {"empty A.mtx", MakeEmpty("A.mtx"), bad, "A.mtx", 1, "file is empty"},
      {"empty demand file", MakeEmpty("demands/gamma.csv"), bad, "demands/gamma.csv", 1, "file is empty"},

      // Missing files: no line to point at.
      {"no products.csv", Remove("products.csv"), missing, "products.csv", 0, "file not found"},
      {"no processes.csv", Remove("processes.csv"), missing, "processes.csv", 0, "file not found"},
      {"no flows.csv", Remove("flows.csv"), missing, "flows.csv", 0, "file not found"},
      {"no indicators.csv", Remove("indicators.csv"), missing, "indicators.csv", 0, "file not found"},
      {"no A.mtx", Remove("A.mtx"), missing, "A.mtx", 0, "file not found"},
      {"no B.mtx", Remove("B.mtx"), missing, "B.mtx", 0, "file not found"},
      {"no C.mtx", Remove("C.mtx"), missing, "C.mtx", 0, "file not found"},

      // Records of the index files.
      {"duplicate product id", AppendLine("products.csv", "100,another product 100,unit"), bad, "products.csv", 8,
       "id: duplicate id \"100\" (first defined on line 2)"},
      {"duplicate process id", ReplaceLine("processes.csv", 5, "4,activity 4 (delta),unit", "2,activity 4 (delta),unit"),
       bad, "processes.csv", 5, "duplicate id \"2\" (first defined on line 3)"},
      {"empty product id", ReplaceLine("products.csv", 3, "101,product 101 (M),unit", ",product 101 (M),unit"), bad,
       "products.csv", 3, "id: empty id"},
      {"empty flow id", ReplaceLine("flows.csv", 5, "203,biosphere flow 203,unit,", ",biosphere flow 203,unit,"), bad,
       "flows.csv", 5, "empty id"},
      {"too many fields", ReplaceLine("processes.csv", 4, "3,activity 3 (gamma),unit", "3,activity 3, gamma,unit"), bad,
       "processes.csv", 4, "expected 3 fields, found 4"},
      {"too few fields", ReplaceLine("flows.csv", 3, "201,biosphere flow 201,unit,", "201,biosphere flow 201,unit"), bad,
       "flows.csv", 3, "expected 4 fields, found 3"},
      // An unterminated quote runs to the end of the file, so the message points where it opened.
      {"unterminated quote",
       ReplaceLine("indicators.csv", 3, "second,\"method (second, category): CF 10 on flows 201 and 203\",unit",
                   "second,\"method (second, category): CF 10 on flows 201 and 203,unit"),
       bad, "indicators.csv", 3, "unterminated quoted field"},
      {"unterminated quote in an id", AppendLine("products.csv", "\"106,product 106 (R),unit"), bad, "products.csv", 8,
       "unterminated quoted field"},
      {"text after a closing quote",
       ReplaceLine("indicators.csv", 3, "second,\"method (second, category): CF 10 on flows 201 and 203\",unit",
                   "second,\"method (second, category)\": CF 10,unit"),
       bad, "indicators.csv", 3, "unexpected text after a closing quote"},

      // Matrix Market headers.
      {"A.mtx without header", DeleteLine("A.mtx", 1, "%%MatrixMarket matrix coordinate real general"), bad, "A.mtx",
       1, "missing header"},
      {"A.mtx without size line", [](const fs::path& dir) {
         WriteText(dir / "A.mtx", "%%MatrixMarket matrix coordinate real general\n% no size line\n");
       }, bad, "A.mtx", 2, "missing size line \"rows cols entries\""},
      {"B.mtx array format",
       ReplaceLine("B.mtx", 1, "%%MatrixMarket matrix coordinate real general", "%%MatrixMarket matrix array real general"),
       bad, "B.mtx", 1, "unsupported header \"%%MatrixMarket matrix array real general\""},
      {"C.mtx complex values",
       ReplaceLine("C.mtx", 1, "%%MatrixMarket matrix coordinate real general",
                   "%%MatrixMarket matrix coordinate complex general"),
       bad, "C.mtx", 1, "unsupported header"},
      {"A.mtx symmetric",
       ReplaceLine("A.mtx", 1, "%%MatrixMarket matrix coordinate real general",
                   "%%MatrixMarket matrix coordinate real symmetric"),
       bad, "A.mtx", 1, "unsupported header"},
      {"A.mtx pattern",
       ReplaceLine("A.mtx", 1, "%%MatrixMarket matrix coordinate real general",
                   "%%MatrixMarket matrix coordinate pattern general"),
       bad, "A.mtx", 1, "unsupported header"},

      // Size lines.
      {"A.mtx size line with wrong rows", ReplaceLine("A.mtx", 3, "6 6 15", "7 6 15"), bad, "A.mtx", 3,
       "size line says 7 × 6, but the index files give 6 × 6"},
      {"B.mtx size line with wrong cols", ReplaceLine("B.mtx", 3, "4 6 12", "4 5 12"), bad, "B.mtx", 3,
       "size line says 4 × 5, but the index files give 4 × 6"},
      {"C.mtx size line with two numbers", ReplaceLine("C.mtx", 3, "2 4 6", "2 4"), bad, "C.mtx", 3,
       "size line must be \"rows cols entries\""},
      {"A.mtx declares more entries than present", ReplaceLine("A.mtx", 3, "6 6 15", "6 6 16"), bad, "A.mtx", 3,
       "the size line declares 16 entries but the file has 15"},
      {"A.mtx declares fewer entries than present", ReplaceLine("A.mtx", 3, "6 6 15", "6 6 14"), bad, "A.mtx", 18,
       "more entries than the 14 declared on the size line (line 3)"},
      {"C.mtx declares more entries than the matrix holds", ReplaceLine("C.mtx", 3, "2 4 6", "2 4 9"), bad, "C.mtx", 3,
       "size line declares 9 entries, more than a 2 × 4 matrix holds"},

      // Entries.
      {"row index 0", ReplaceLine("A.mtx", 4, "1 1 -0.2", "0 1 -0.2"), bad, "A.mtx", 4,
       "row: row index 0 is out of range 1..6"},
      {"row index above rows", ReplaceLine("A.mtx", 18, "6 6 1.0", "7 6 1.0"), bad, "A.mtx", 18,
       "row: row index 7 is out of range 1..6"},
      {"negative row index", ReplaceLine("B.mtx", 4, "1 1 2.0", "-1 1 2.0"), bad, "B.mtx", 4,
       "row: expected a non-negative whole number, got \"-1\""},
      {"column index above cols", ReplaceLine("B.mtx", 15, "4 6 3.0", "4 7 3.0"), bad, "B.mtx", 15,
       "col: column index 7 is out of range 1..6"},
      {"column index 0", ReplaceLine("C.mtx", 5, "1 2 1.0", "1 0 1.0"), bad, "C.mtx", 5,
       "col: column index 0 is out of range 1..4"},
      {"non-numeric value", ReplaceLine("C.mtx", 6, "2 2 10.0", "2 2 ten"), bad, "C.mtx", 6,
       "value: expected a number, got \"ten\""},
      {"value with trailing text", ReplaceLine("C.mtx", 6, "2 2 10.0", "2 2 10.0kg"), bad, "C.mtx", 6,
       "expected a number, got \"10.0kg\""},
      {"nan value", ReplaceLine("B.mtx", 5, "2 1 1.0", "2 1 nan"), bad, "B.mtx", 5,
       "value: value \"nan\" is not finite (NaN and Inf are not allowed)"},
      {"NaN value", ReplaceLine("B.mtx", 6, "1 2 4.0", "1 2 NaN"), bad, "B.mtx", 6, "value \"NaN\" is not finite"},
      {"inf value", ReplaceLine("A.mtx", 5, "2 1 1.0", "2 1 inf"), bad, "A.mtx", 5, "value \"inf\" is not finite"},
      {"-Infinity value", ReplaceLine("A.mtx", 6, "3 1 -0.5", "3 1 -Infinity"), bad, "A.mtx", 6,
       "value \"-Infinity\" is not finite"},
      {"value out of the range of a double", ReplaceLine("C.mtx", 9, "2 4 10.0", "2 4 1e999"), bad, "C.mtx", 9,
       "value: number \"1e999\" is out of the range of a double"},
      {"entry with 2 fields", ReplaceLine("B.mtx", 7, "2 2 2.0", "2 2"), bad, "B.mtx", 7,
       "an entry must be \"row col value\", got \"2 2\""},
      {"entry with 4 fields", ReplaceLine("B.mtx", 7, "2 2 2.0", "2 2 2.0 1.0"), bad, "B.mtx", 7,
       "an entry must be \"row col value\""},

      // Demands.
      {"demand with unknown product", ReplaceLine("demands/gamma.csv", 2, "100,1.0", "999,1.0"), missing,
       "demands/gamma.csv", 2, "product_id: unknown product id \"999\""},
      {"demand with non-numeric amount", ReplaceLine("demands/zeta.csv", 2, "105,3.0", "105,three"), bad,
       "demands/zeta.csv", 2, "amount: expected a number, got \"three\""},
      {"demand with infinite amount", ReplaceLine("demands/zeta.csv", 2, "105,3.0", "105,inf"), bad,
       "demands/zeta.csv", 2, "amount: value \"inf\" is not finite"},
      {"demand with wrong header", ReplaceLine("demands/epsilon.csv", 1, "product_id,amount", "product,amount"), bad,
       "demands/epsilon.csv", 1, "wrong header \"product,amount\": expected \"product_id,amount\""},
      {"demand with 3 fields", AppendLine("demands/epsilon.csv", "100,1.0,kg"), bad, "demands/epsilon.csv", 3,
       "expected 2 fields, found 3"},

      // The folder itself.
      {"model folder missing", [](const fs::path& dir) { fs::remove_all(dir); }, missing, "", 0,
       "matrix model folder not found"},
  };
  return cases;
}

}  // namespace

TEST_CASE("import-matrices refuses malformed input with file, line and reason, and writes nothing") {
  for (const BadInputCase& c : BadInputCases()) {
    SUBCASE(c.name.c_str()) {
      TempDir work;
      const fs::path model = work / "model";
      CopyCase(kCase, model);
      c.mutate(model);
      const fs::path out_dir = work / "out";
      fs::create_directories(out_dir);
      const fs::path db = out_dir / "model.sqlite";

      const RunResult r = RunPcf({"db", "import-matrices", model.string(), "-o", db.string()});
      CHECK(r.exit_code == c.exit_code);
      CHECK(r.out.empty());
      CheckMessage(r, c.file.empty() ? model : model / c.file, c.line, c.phrase);
      CHECK_FALSE(fs::exists(db));
      CHECK(FileNames(out_dir).empty());  // in particular no model.sqlite.tmp-*
    }
  }
}

TEST_CASE("a failed import leaves an existing database at the output path byte for byte as it was") {
  TempDir work;
  const fs::path db = work / "model.sqlite";
  const RunResult good = RunPcf({"db", "import-matrices", VerificationDir(kCase).string(), "-o", db.string()});
  REQUIRE(good.exit_code == kExitOk);
  const std::string before = ReadText(db);
  REQUIRE(!before.empty());

  SUBCASE("bad input") {
    const fs::path model = work / "bad";
    CopyCase(kCase, model);
    ReplaceLine("A.mtx", 4, "1 1 -0.2", "1 1 NaN")(model);
    const RunResult r = RunPcf({"db", "import-matrices", model.string(), "-o", db.string()});
    CHECK(r.exit_code == kExitBadInput);
    CheckMessage(r, model / "A.mtx", 4, "not finite");
  }
  SUBCASE("missing folder") {
    const RunResult r = RunPcf({"db", "import-matrices", (work / "nowhere").string(), "-o", db.string()});
    CHECK(r.exit_code == kExitNotFound);
    CheckMessage(r, work / "nowhere", 0, "matrix model folder not found");
  }
  CHECK(ReadText(db) == before);
  for (const std::string& name : FileNames(work.path())) CHECK_MESSAGE(!Contains(name, ".tmp-"), name);
}

TEST_CASE("ids with spaces, slashes, commas and quotes survive import, export and re-import") {
  TempDir work;
  const fs::path model = work / "model";
  fs::create_directories(model / "demands");
  // Two products made by two processes; every id needs care in CSV.
  const std::string products =
      "id,name,unit\n"
      "\"steel, hot rolled\",\"steel, hot rolled\",kg\n"
      "cement/CEM I 42.5,cement,kg\n";
  const std::string processes =
      "id,name,unit\n"
      "\"rolling mill \"\"north\"\", EU\",rolling mill,kg\n"
      "kiln 1/2,kiln,kg\n";
  const std::string flows =
      "id,name,unit,compartment\n"
      "\"Carbon dioxide, fossil\",carbon dioxide,kg,air/urban air\n";
  const std::string indicators =
      "id,name,unit\n"
      "IPCC 2021/GWP 100,\"climate change, fossil\",kg CO2-eq\n";
  WriteText(model / "products.csv", products);
  WriteText(model / "processes.csv", processes);
  WriteText(model / "flows.csv", flows);
  WriteText(model / "indicators.csv", indicators);
  WriteText(model / "A.mtx",
            "%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1.0\n2 1 -0.25\n2 2 1.0\n");
  WriteText(model / "B.mtx", "%%MatrixMarket matrix coordinate real general\n1 2 2\n1 1 2.5\n1 2 0.75\n");
  WriteText(model / "C.mtx", "%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 1.0\n");
  WriteText(model / "demands" / "one tonne.csv", "product_id,amount\n\"steel, hot rolled\",1000\n");

  const fs::path db1 = work / "first.sqlite";
  const RunResult import1 = RunPcf({"db", "import-matrices", model.string(), "-o", db1.string()});
  INFO("stderr: " << import1.err);
  REQUIRE(import1.exit_code == kExitOk);
  CHECK(Contains(import1.err, "imported 2 products, 2 processes, 1 flows, 1 indicators; content sha256 "));

  const fs::path exported = work / "exported";
  const RunResult export1 = RunPcf({"db", "export-matrices", db1.string(), "-o", exported.string()});
  INFO("export stderr: " << export1.err);
  REQUIRE(export1.exit_code == kExitOk);
  // The exporter quotes exactly the fields that need it, so these files come back as written.
  CHECK(ReadText(exported / "products.csv") == products);
  CHECK(ReadText(exported / "processes.csv") == processes);
  CHECK(ReadText(exported / "flows.csv") == flows);
  CHECK(ReadText(exported / "indicators.csv") == indicators);
  CHECK(ReadText(exported / "demands" / "one tonne.csv") == "product_id,amount\n\"steel, hot rolled\",1000\n");

  const fs::path db2 = work / "second.sqlite";
  const RunResult import2 = RunPcf({"db", "import-matrices", exported.string(), "-o", db2.string()});
  INFO("re-import stderr: " << import2.err);
  REQUIRE(import2.exit_code == kExitOk);
  // Same content hash: same ids, names, units and matrix values, bit for bit.
  const auto hash_of = [](const std::string& err) {
    const std::string key = "content sha256 ";
    const std::size_t at = err.find(key);
    return at == std::string::npos ? std::string() : err.substr(at + key.size(), 64);
  };
  CHECK(hash_of(import1.err).size() == 64);
  CHECK(hash_of(import1.err) == hash_of(import2.err));
}
