// Hostile and broken inputs (issue 11): each class the held-out adversarial corpus found, on the real pcf
// binary against the shipped Hubei database. Every refusal: the exact message naming file and field, the
// documented exit code (docs/exit-codes.md), nothing on standard output and no output file left behind.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_harness.h"

namespace fs = std::filesystem;
using namespace pcf::test;  // RunPcf, TempDir, ReadText, WriteText, the kExit… codes, kBoardProductHeader

namespace {

// kBoardProductHeader plus one process making 1 t of board from `inputs` (list lines, already indented).
std::string Product(const std::string& inputs, const std::string& product_id = "board") {
  std::string header = kBoardProductHeader;
  if (product_id != "board") header.replace(header.find("id: board"), 9, "id: \"" + product_id + "\"");
  return header + "processes:\n  - id: pressing\n    stage: A3\n    outputs:\n      - {product: \"" + product_id +
         "\", amount: 1, unit: t}\n" + inputs;
}

const char* const kLimestone = "    inputs:\n      - {background: \"limestone, crushed, at quarry, CN-HB\", amount: 1, unit: t}\n";

// Runs `pcf calc FILE -o DIR/result.json` and checks a refusal: exit code, the whole message, nothing
// written.
void CheckRefused(const fs::path& dir, const fs::path& file, int exit_code, const std::string& message) {
  const fs::path output = dir / "result.json";
  const RunResult r = RunPcf({"calc", file.string(), "-o", output.string()});
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == exit_code);
  CHECK(r.err == "pcf: error: " + message + "\n");
  CHECK(r.out.empty());
  CHECK_FALSE(fs::exists(output));
}

// Opens the FIFO for writing and closes it again after a few seconds, so that a pcf that (wrongly) waits
// on the FIFO gets an end of file and the test fails instead of hanging.
class FifoWatchdog {
 public:
  explicit FifoWatchdog(fs::path fifo)
      : thread_([this, fifo] {
          for (int k = 0; k < 100 && !done_; ++k) std::this_thread::sleep_for(std::chrono::milliseconds(100));
          while (!done_) {
            const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
            if (fd >= 0) ::close(fd);
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
          }
        }) {}
  ~FifoWatchdog() {
    done_ = true;
    thread_.join();
  }

 private:
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace

TEST_CASE("hostile: a FIFO, a device, a directory or a symlink loop as an input file is refused at once") {
  TempDir dir;
  const fs::path fifo = dir / "product.yaml";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  {
    FifoWatchdog watchdog(fifo);
    CheckRefused(dir.path(), fifo, kExitBadInput, fifo.string() + ": is a FIFO (named pipe), expected a regular file");
  }
  const fs::path loop = dir / "loop.yaml";
  fs::create_symlink(dir / "loop2.yaml", loop);
  fs::create_symlink(loop, dir / "loop2.yaml");
  CheckRefused(dir.path(), loop, kExitBadInput, loop.string() + ": too many levels of symbolic links (a symlink loop)");
  CheckRefused(dir.path(), "/dev/null", kExitBadInput, "/dev/null: is a character device, expected a regular file");

  // The same through supplier_pcf: a FIFO, a device and a symlink loop named by the product file.
  fs::create_directories(dir / "suppliers");
  const fs::path supplier_fifo = dir / "suppliers" / "gypsum.json";
  REQUIRE(::mkfifo(supplier_fifo.c_str(), 0600) == 0);
  const std::string input = "    inputs:\n      - {supplier_pcf: SUPPLIER, amount: 50, unit: kg}\n";
  auto with_supplier = [&](const std::string& supplier) {
    std::string text = Product(input);
    text.replace(text.find("SUPPLIER"), 8, supplier);
    WriteText(dir / "p.yaml", text);
    return dir / "p.yaml";
  };
  const std::string where = (dir / "p.yaml").string() + ":16:24: processes[0].inputs[0].supplier_pcf: supplier footprint ";
  {
    FifoWatchdog watchdog(supplier_fifo);
    CheckRefused(dir.path(), with_supplier("suppliers/gypsum.json"), kExitBadInput,
                 where + supplier_fifo.string() + ": is a FIFO (named pipe), expected a regular file");
  }
  CheckRefused(dir.path(), with_supplier("/dev/zero"), kExitBadInput,
               where + "/dev/zero: is a character device, expected a regular file");
  CheckRefused(dir.path(), with_supplier("loop.yaml"), kExitBadInput,
               where + loop.string() + ": too many levels of symbolic links (a symlink loop)");

  // A FIFO as the database.
  WriteText(dir / "ok.yaml", Product(kLimestone));
  {
    FifoWatchdog watchdog(supplier_fifo);
    const RunResult r = RunPcf({"calc", (dir / "ok.yaml").string(), "--db", supplier_fifo.string(), "-o", (dir / "r.json").string()});
    CHECK(r.exit_code == kExitBadInput);
    CHECK(r.err == "pcf: error: " + supplier_fifo.string() + ": is not a regular file (a directory, FIFO or device): expected a database file\n");
    CHECK_FALSE(fs::exists(dir / "r.json"));
  }
}

TEST_CASE("hostile: a second YAML document is refused, not ignored") {
  TempDir dir;
  const std::string one = Product(kLimestone);
  WriteText(dir / "p.yaml", one + "---\n" + one);
  // The second document starts at the "---" line after the first document's lines.
  const int second_line = static_cast<int>(std::count(one.begin(), one.end(), '\n')) + 1;
  CheckRefused(dir.path(), dir / "p.yaml", kExitBadInput,
               (dir / "p.yaml").string() + ":" + std::to_string(second_line) +
                   ":1: a second YAML document (after \"---\"): the file must hold exactly one document");
  // A document end marker alone is one document: accepted.
  WriteText(dir / "q.yaml", one + "...\n");
  CHECK(RunPcf({"calc", (dir / "q.yaml").string(), "-o", (dir / "q.json").string()}).exit_code == kExitOk);
  // Found by the product_reader fuzz target: on ",c: " yaml-cpp 0.7 yields empty documents forever, so
  // reading every document (YAML::LoadAll) hung. Refused at once.
  WriteText(dir / "hang.yaml", ",c: ");
  CheckRefused(dir.path(), dir / "hang.yaml", kExitBadInput,
               (dir / "hang.yaml").string() + ":1:1: malformed YAML: the parser makes no progress here");
}

TEST_CASE("hostile: a foreground product named like a supplier footprint row is refused, not a heap overflow") {
  TempDir dir;
  WriteText(dir / "v2.json", R"({"specVersion": "2.3.0", "productNameCompany": "Starch S", "companyName": "Supplier A",
    "pcf": {"declaredUnit": "kilogram", "unitaryProductAmount": "1", "pCfExcludingBiogenic": "1.25"}})");
  // pcf names a supplier's row "supplier footprint: NAME [PATH]" (PATH as resolved from the product file).
  const std::string row_id = "supplier footprint: Starch S [" + (dir / "v2.json").string() + "]";
  WriteText(dir / "p.yaml", Product("    inputs:\n      - {supplier_pcf: v2.json, amount: 1, unit: kg}\n", row_id));
  CheckRefused(dir.path(), dir / "p.yaml", kExitBadInput,
               (dir / "p.yaml").string() + ":14:19: processes[0].outputs[0].product: \"" + row_id +
                   "\" is also the id of a supplier footprint row (from a supplier_pcf input); give the foreground product "
                   "its own id");
}

TEST_CASE("hostile: overflow and denormals after unit conversion or allocation name the field, not a singular matrix") {
  TempDir dir;
  const fs::path file = dir / "p.yaml";
  // 1e306 t of CO2 is 1e309 kg: beyond the largest double (1.8e308).
  WriteText(file, Product(std::string(kLimestone) + "    emissions:\n      - {flow: \"CO2, fossil\", amount: 1e306, unit: t}\n"));
  CheckRefused(dir.path(), file, kExitBadInput,
               file.string() + ":18:39: processes[0].emissions[0].amount: the amount in \"kg\" for flow \"CO2, fossil\" is not "
                               "a finite number (overflow after unit conversion or allocation)");
  // 1e-306 g of limestone is 1e-309 kg: a denormal.
  WriteText(file, Product("    inputs:\n      - {background: \"limestone, crushed, at quarry, CN-HB\", amount: 1e-306, unit: g}\n"));
  CheckRefused(dir.path(), file, kExitBadInput,
               file.string() + ":16:70: processes[0].inputs[0].amount: the amount in \"kg\" for \"limestone, crushed, at "
                               "quarry, CN-HB\" is 1e-309, too small to compute with (a denormal number, after unit "
                               "conversion or allocation)");
  // A denormal written as such (1e-300 * 1e-10 = 1e-310).
  WriteText(file, Product("    inputs:\n      - {background: \"limestone, crushed, at quarry, CN-HB\", amount: 1e-300 * 1e-10, unit: t}\n"));
  CheckRefused(dir.path(), file, kExitBadInput,
               file.string() + ":16:70: processes[0].inputs[0].amount: \"1e-300 * 1e-10\" is too small to compute with (a "
                               "denormal number)");
  // Economic allocation: 1e10 t at a price of 1e300 is an infinite revenue.
  std::string text = kBoardProductHeader;
  text += R"yaml(processes:
  - id: pressing
    stage: A3
    allocation: economic
    outputs:
      - {product: board, amount: 1e10, unit: t, price: 1e300}
      - {product: dust, amount: 1, unit: t, price: 1}
)yaml";
  WriteText(file, text + kLimestone);
  CheckRefused(dir.path(), file, kExitBadInput,
               file.string() + ":15:56: processes[0].outputs[0].price: the allocation key is not a finite number (overflow "
                               "after unit conversion or allocation)");
}

TEST_CASE("hostile: a chain of 30000 parameters is evaluated without recursion and gives the literal's result") {
  TempDir dir;
  constexpr int kChain = 30000;
  std::string params = "parameters:\n  p0: 1\n";
  for (int k = 1; k < kChain; ++k) params += "  p" + std::to_string(k) + ": p" + std::to_string(k - 1) + " + 1\n";
  // p_k = k + 1, so the last parameter is kChain: the same as writing the number.
  const std::string chained = Product("    inputs:\n      - {background: \"limestone, crushed, at quarry, CN-HB\", amount: p" +
                                      std::to_string(kChain - 1) + ", unit: kg}\n");
  const std::string literal = Product("    inputs:\n      - {background: \"limestone, crushed, at quarry, CN-HB\", amount: " +
                                      std::to_string(kChain) + ", unit: kg}\n");
  WriteText(dir / "chain.yaml", std::string(chained).insert(chained.find("processes:"), params));
  WriteText(dir / "literal.yaml", literal);
  const RunResult a = RunPcf({"calc", (dir / "chain.yaml").string(), "-o", (dir / "chain.json").string()});
  const RunResult b = RunPcf({"calc", (dir / "literal.yaml").string(), "-o", (dir / "literal.json").string()});
  INFO("stderr: " << a.err);
  REQUIRE(a.exit_code == kExitOk);
  REQUIRE(b.exit_code == kExitOk);
  const auto total = [](const fs::path& file) { return nlohmann::json::parse(ReadText(file))["method"]["total"].get<double>(); };
  CHECK(total(dir / "chain.json") == total(dir / "literal.json"));
  CHECK(total(dir / "chain.json") > 0);
}

namespace {

// Everything in `dir` (recursively), for "nothing was written".
std::vector<std::string> FilesBelow(const fs::path& dir) {
  std::vector<std::string> files;
  if (fs::exists(dir))
    for (const auto& e : fs::recursive_directory_iterator(dir)) files.push_back(e.path().string());
  return files;
}

}  // namespace

TEST_CASE("hostile: a truncated or byte-flipped database is refused by calc, batch and verify before any result") {
  TempDir dir;
  const fs::path shipped = fs::path(PCF_BINARY).parent_path() / "hubei.sqlite";
  const std::string clean = ReadText(shipped);
  REQUIRE(clean.size() > 8192);
  const fs::path db = dir / "db.sqlite";
  const fs::path product = dir / "p.yaml";
  WriteText(product, Product(kLimestone));
  WriteText(db, clean);
  // The clean result (also the submission `pcf verify` recomputes) and its database hash.
  REQUIRE(RunPcf({"calc", product.string(), "--db", db.string(), "-o", (dir / "clean.json").string()}).exit_code == kExitOk);
  const std::string clean_result = ReadText(dir / "clean.json");
  const std::string hash = nlohmann::json::parse(clean_result)["manifest"]["db_sha256"].get<std::string>();
  REQUIRE(hash.size() == 64);

  const fs::path out = dir / "out";
  // Runs calc, batch and verify on the current db.sqlite; each must fail with exit 5 naming the database,
  // or (for a byte no calculation reads: free space in a page, an index) give exactly the clean result.
  // Returns how many of the three refused.
  auto run_all = [&](const std::string& what) {
    CAPTURE(what);
    int refused = 0;
    const std::vector<std::vector<std::string>> commands = {
        {"calc", product.string(), "--db", db.string(), "-o", (out / "result.json").string()},
        {"batch", product.string(), "--db", db.string(), "-o", (out / "batch").string()},
        {"verify", (dir / "clean.json").string(), "--db", db.string(), "-o", (out / "report.txt").string()}};
    for (const auto& command : commands) {
      fs::remove_all(out);
      fs::create_directories(out);
      const RunResult r = RunPcf(command);
      CAPTURE(command[0]);
      INFO("stderr: " << r.err);
      if (r.exit_code == kExitCorruptDatabase) {
        ++refused;
        CHECK(r.err.rfind("pcf: error: " + db.string() + ": ", 0) == 0);
        CHECK(FilesBelow(out).empty());
      } else {
        CHECK(r.exit_code == kExitOk);
        if (command[0] == "calc") CHECK(ReadText(out / "result.json") == clean_result);
      }
    }
    return refused;
  };

  // Truncated anywhere, down to an empty file: always refused.
  for (const std::size_t size : {std::size_t{0}, std::size_t{100}, std::size_t{4096}, clean.size() / 2, clean.size() - 4096,
                                 clean.size() - 1}) {
    WriteText(db, clean.substr(0, size));
    CHECK(run_all("truncated to " + std::to_string(size) + " bytes") == 3);
  }

  // The recorded hash itself flipped: the exact message, recorded and computed hashes derived here.
  const std::size_t at = clean.find(hash);
  REQUIRE(at != std::string::npos);
  std::string flipped = clean;
  flipped[at + 63] = flipped[at + 63] == '0' ? '1' : '0';
  WriteText(db, flipped);
  const RunResult r = RunPcf({"calc", product.string(), "--db", db.string(), "-o", (dir / "r.json").string()});
  CHECK(r.exit_code == kExitCorruptDatabase);
  CHECK(r.err == "pcf: error: " + db.string() + ": content hash mismatch: recorded " + flipped.substr(at, 64) + ", computed " +
                     hash + " (the file was changed after it was built)\n");
  CHECK_FALSE(fs::exists(dir / "r.json"));

  // One byte flipped at 24 places spread over the file: refused, or the very same result.
  int refused = 0;
  for (std::size_t k = 0; k < 24; ++k) {
    std::string bytes = clean;
    const std::size_t position = k * clean.size() / 24 + 13 * k % 4096;
    bytes[position] = static_cast<char>(bytes[position] ^ 0xFF);
    WriteText(db, bytes);
    refused += run_all("byte " + std::to_string(position) + " flipped");
  }
  CHECK(refused > 0);
}

TEST_CASE("hostile: pcf certify of a result with a number beyond a double is bad input, not an internal error") {
  // Found by the certify_json fuzz target (tests/fuzz/regressions/certify_json): nlohmann-json throws
  // out_of_range, not parse_error, for 1e309.
  TempDir dir;
  REQUIRE(RunPcf({"keygen", "-o", (dir / "key").string()}).exit_code == kExitOk);
  WriteText(dir / "result.json", R"({"method": {"total": 1e309}})");
  const RunResult r = RunPcf({"certify", (dir / "result.json").string(), "--key", (dir / "key").string(), "--issuer",
                              "Test Body", "-o", (dir / "c.cert").string()});
  CHECK(r.exit_code == kExitBadInput);
  // (The unencrypted key's warning comes first; the error is the last line.)
  CHECK(r.err.ends_with("pcf: error: the result is not JSON: [json.exception.out_of_range.406] number overflow parsing '1e309'\n"));
  CHECK(r.out.empty());
  CHECK_FALSE(fs::exists(dir / "c.cert"));
}

TEST_CASE("hostile: a product file that is not UTF-8 is refused at the first bad byte") {
  // Found by the calc_pipeline fuzz target: the bytes reached the JSON result, which then was not JSON.
  TempDir dir;
  std::string text = Product(kLimestone);
  const std::size_t at = text.find("Test board");  // line 4: "  name: Test board"
  text.replace(at, 4, "T\xE9st");                  // "Tést" in Latin-1
  WriteText(dir / "p.yaml", text);
  // The byte is on line 4, after "  name: T" (9 bytes).
  CheckRefused(dir.path(), dir / "p.yaml", kExitBadInput,
               (dir / "p.yaml").string() + ":4:10: not valid UTF-8 (byte 0xE9): pcf reads UTF-8 files only. A file saved by a "
               "Chinese editor is often GBK: convert it, e.g. iconv -f GBK -t UTF-8 OLD > NEW, or save it as UTF-8");
  // Overlong forms and UTF-16 surrogates are not UTF-8 either.
  for (const std::string& bad : {std::string("\xC0\xAF"), std::string("\xED\xA0\x80"), std::string("\xF4\x90\x80\x80")}) {
    std::string t = Product(kLimestone);
    t.replace(t.find("Test board"), 4, bad);
    WriteText(dir / "p.yaml", t);
    const RunResult r = RunPcf({"calc", (dir / "p.yaml").string(), "-o", (dir / "r.json").string()});
    CHECK(r.exit_code == kExitBadInput);
    CHECK(r.err.find(":4:9: not valid UTF-8") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "r.json"));
  }
}

TEST_CASE("hostile: a result that carries a warning verifies against its own recomputation") {
  // Found by the calc_pipeline fuzz target: pcf verify recomputed without the warnings (supplier gates,
  // plausibility), so every result with a warning was a "mismatch".
  TempDir dir;
  std::string text = Product(kLimestone);
  // 1 t of limestone as 1 t of "cement": far below the published cement range, hence a warning.
  text.insert(text.find("  reference_period:"), "  kind: \"cement, P·O 42.5, CN-HB\"\n");
  WriteText(dir / "p.yaml", text);
  REQUIRE(RunPcf({"calc", (dir / "p.yaml").string(), "-o", (dir / "r.json").string()}).exit_code == kExitOk);
  const auto result = nlohmann::json::parse(ReadText(dir / "r.json"));
  REQUIRE(result["warnings"].size() == 1);
  CHECK(result["warnings"][0]["code"] == "result-plausibility");
  const RunResult r = RunPcf({"verify", (dir / "r.json").string()});
  INFO("stdout: " << r.out);
  CHECK(r.exit_code == kExitOk);
  CHECK(r.out.find("verified") != std::string::npos);
}
