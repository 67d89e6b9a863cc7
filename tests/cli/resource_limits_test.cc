// Resource limits (issue 11, docs/robustness.md "Resource limits"): each limit refuses a file above it with
// the file, the place, the limit's key, the value found, the limit and how to raise it; exit 3, nothing on
// standard output, no output file. `--limits KEY=VALUE` raises or lowers a limit on calc, batch, verify and
// certify; an unknown key or a bad value is a usage error (exit 2).
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_harness.h"

namespace fs = std::filesystem;
using namespace pcf::test;  // RunPcf, TempDir, ReadText, WriteText, the kExit… codes, kBoardProductHeader

namespace {

// Two processes: pressing (board from 1 t of crushed limestone and 0.5 t of powder) and milling (powder).
const char* const kTwoProcesses = R"yaml(processes:
  - id: pressing
    stage: A3
    outputs:
      - {product: board, amount: 1, unit: t}
    inputs:
      - {background: "limestone, crushed, at quarry, CN-HB", amount: 1, unit: t}
      - {product: powder, amount: 0.5, unit: t}
  - id: milling
    stage: A3
    outputs:
      - {product: powder, amount: 1, unit: t}
    emissions:
      - {flow: "CO2, fossil", amount: 2, unit: kg}
)yaml";

// `pcf calc FILE -o DIR/result.json [extra…]`: exit code, the whole message, nothing written.
void CheckRefused(const fs::path& file, const std::vector<std::string>& extra, int exit_code, const std::string& message) {
  const fs::path output = file.parent_path() / "result.json";
  std::vector<std::string> args = {"calc", file.string(), "-o", output.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  const RunResult r = RunPcf(args);
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == exit_code);
  CHECK(r.err == "pcf: error: " + message + "\n");
  CHECK(r.out.empty());
  CHECK_FALSE(fs::exists(output));
}

bool Calculates(const fs::path& file, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"calc", file.string(), "-o", (file.parent_path() / "ok.json").string()};
  args.insert(args.end(), extra.begin(), extra.end());
  const RunResult r = RunPcf(args);
  INFO("stderr: " << r.err);
  fs::remove(file.parent_path() / "ok.json");
  return r.exit_code == kExitOk;
}

}  // namespace

TEST_CASE("limits: a product file above product_file_size is refused from its size, before it is read") {
  TempDir dir;
  const fs::path big = dir / "big.yaml";
  // 17 MiB (sparse: all zero bytes). Read, it would be refused as not UTF-8 text; the size comes first.
  constexpr std::uintmax_t k17MiB = 17u << 20;
  WriteText(big, kBoardProductHeader);
  fs::resize_file(big, k17MiB);
  CheckRefused(big, {}, kExitBadInput,
               big.string() + ": the file is " + std::to_string(k17MiB) + " bytes, above the limit product_file_size = " +
                   std::to_string(16u << 20) + " bytes; raise it with --limits product_file_size=N");
  // 1 TiB (sparse): refused at once, so it was never read (reading it would take hours and a terabyte).
  const fs::path huge = dir / "huge.yaml";
  WriteText(huge, kBoardProductHeader);
  std::error_code ec;
  fs::resize_file(huge, std::uintmax_t{1} << 40, ec);
  if (!ec) {
    const auto start = std::chrono::steady_clock::now();
    CheckRefused(huge, {}, kExitBadInput,
                 huge.string() + ": the file is " + std::to_string(std::uintmax_t{1} << 40) +
                     " bytes, above the limit product_file_size = 16777216 bytes; raise it with --limits product_file_size=N");
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));  // generous sanity bound
  } else {
    MESSAGE("no 1 TiB sparse file on this file system: " << ec.message());
  }
  // Lowered and raised with --limits (K, M, G suffixes): the small good file passes only under a limit above its size.
  const fs::path good = dir / "good.yaml";
  WriteText(good, std::string(kBoardProductHeader) + kTwoProcesses);
  const std::uintmax_t size = fs::file_size(good);
  REQUIRE(size <= 1024);
  CheckRefused(good, {"--limits", "product_file_size=" + std::to_string(size - 1)}, kExitBadInput,
               good.string() + ": the file is " + std::to_string(size) + " bytes, above the limit product_file_size = " +
                   std::to_string(size - 1) + " bytes; raise it with --limits product_file_size=N");
  CHECK(Calculates(good, {"--limits", "product_file_size=" + std::to_string(size)}));
  CHECK(Calculates(good, {"--limits", "product_file_size=1K"}));
  CHECK(Calculates(good));
}

TEST_CASE("limits: supplier footprints above supplier_file_size and list files above list_file_size") {
  TempDir dir;
  const std::string supplier = R"({"specVersion": "2.3.0", "productNameCompany": "Starch S", "companyName": "Supplier A",
    "pcf": {"declaredUnit": "kilogram", "unitaryProductAmount": "1", "pCfExcludingBiogenic": "1.25"}})";
  WriteText(dir / "s.json", supplier);
  const fs::path product = dir / "p.yaml";
  WriteText(product, std::string(kBoardProductHeader) + R"yaml(processes:
  - id: pressing
    stage: A3
    outputs:
      - {product: board, amount: 1, unit: t}
    inputs:
      - {supplier_pcf: s.json, amount: 2, unit: kg}
)yaml");
  CHECK(Calculates(product));
  // The refusal points at the product file's reference and names the supplier file.
  CheckRefused(product, {"--limits", "supplier_file_size=100"}, kExitBadInput,
               product.string() + ":16:24: processes[0].inputs[0].supplier_pcf: supplier footprint " + (dir / "s.json").string() +
                   ": the file is " + std::to_string(supplier.size()) +
                   " bytes, above the limit supplier_file_size = 100 bytes; raise it with --limits supplier_file_size=N");

  // A batch list file: one line naming the product file.
  const fs::path list = dir / "inputs.txt";
  WriteText(list, "p.yaml\n");
  const fs::path out = dir / "out";
  RunResult r = RunPcf({"batch", list.string(), "-o", out.string(), "--limits", "list_file_size=4"});
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == kExitBadInput);
  CHECK(r.err == "pcf: error: " + list.string() +
                     ": the file is 7 bytes, above the limit list_file_size = 4 bytes; raise it with --limits list_file_size=N\n");
  CHECK(r.out.empty());
  CHECK_FALSE(fs::exists(out));
  r = RunPcf({"batch", list.string(), "-o", out.string()});
  CHECK(r.exit_code == kExitOk);
}

TEST_CASE("limits: processes, parameters, exchanges, id and formula lengths") {
  TempDir dir;
  const fs::path file = dir / "p.yaml";
  WriteText(file, std::string(kBoardProductHeader) + "parameters:\n  a: 1\n  b: a + 1\n" + kTwoProcesses);
  CHECK(Calculates(file));
  // Two processes, two parameters, 2 + 3 lines (pressing: 1 output, 2 inputs; milling: 1 output, 1 emission).
  CheckRefused(file, {"--limits", "processes=1"}, kExitBadInput,
               file.string() + ":14:3: processes: 2 processes, above the limit processes = 1; raise it with --limits processes=N");
  CheckRefused(file, {"--limits", "parameters=1"}, kExitBadInput,
               file.string() + ":11:3: parameters: 2 parameters, above the limit parameters = 1; raise it with --limits parameters=N");
  // pressing has 3 lines; milling's outputs bring the count to 4, above 3.
  CheckRefused(file, {"--limits", "exchanges=3"}, kExitBadInput,
               file.string() + ":24:7: processes[1].outputs: the processes have 4 lines (outputs, inputs, avoided, waste, "
                               "emissions, transport) up to here, above the limit exchanges = 3; raise it with --limits exchanges=N");
  CHECK(Calculates(file, {"--limits", "processes=2,parameters=2", "--limits", "exchanges=5"}));

  // id_length: 256 bytes by default.
  const std::string long_id(257, 'x');
  std::string text = std::string(kBoardProductHeader) + kTwoProcesses;
  text.replace(text.find("id: milling"), 11, "id: " + long_id);
  WriteText(file, text);
  CheckRefused(file, {}, kExitBadInput,
               file.string() + ":18:9: processes[1].id: the id is 257 bytes long, above the limit id_length = 256; raise it "
                               "with --limits id_length=N");
  CHECK(Calculates(file, {"--limits", "id_length=257"}));

  // formula_length: 4096 characters by default. 1 + 0 + 0 + … (4097 characters) is 1.
  std::string formula = "1";
  while (formula.size() < 4097) formula += formula.size() + 4 <= 4097 ? " + 0" : " ";
  REQUIRE(formula.size() == 4097);
  text = std::string(kBoardProductHeader) + kTwoProcesses;
  text.replace(text.find("amount: 2, unit: kg"), 9, "amount: \"" + formula + "\"");
  WriteText(file, text);
  CheckRefused(file, {}, kExitBadInput,
               file.string() + ":23:39: processes[1].emissions[0].amount: the formula is 4097 characters long, above the "
                               "limit formula_length = 4096; raise it with --limits formula_length=N");
  CHECK(Calculates(file, {"--limits", "formula_length=5000"}));
}

TEST_CASE("limits: YAML nested 100000 deep and a billion laughs are refused before yaml-cpp builds anything") {
  TempDir dir;
  const fs::path file = dir / "p.yaml";
  // [[[[…]]]] 100,000 deep as the product: depth 1 (the top mapping) + 64 brackets reaches the limit at
  // the 64th bracket; yaml-cpp (which recurses per level) never sees the text.
  WriteText(file, "pcf: 1\nproduct: " + std::string(100000, '[') + std::string(100000, ']') + "\n");
  const auto start = std::chrono::steady_clock::now();
  CheckRefused(file, {}, kExitBadInput,
               file.string() + ":2:73: lists and mappings nested more than 64 deep, above the limit yaml_depth = 64; raise "
                               "it with --limits yaml_depth=N");
  // The same in block style: "- - - … x", one level per two characters.
  WriteText(file, "pcf: 1\nproduct:\n" + [] {
    std::string dashes;
    for (int k = 0; k < 50000; ++k) dashes += "- ";
    return dashes;
  }() + "x\n");
  // Levels: the top mapping's line (1), then "- " entries at columns 1, 3, 5, …: the 64th entry is at column 127
  // and opens its node at column 129.
  CheckRefused(file, {}, kExitBadInput,
               file.string() + ":3:129: lists and mappings nested more than 64 deep, above the limit yaml_depth = 64; "
                               "raise it with --limits yaml_depth=N");

  // A billion laughs: 9 strings, each level 9 aliases of the level below: about 3.9e9 nodes expanded from
  // a file of a few hundred bytes. Level k (a list, line k + 2) holds n(k) = 1 + 9 n(k-1) nodes, n(0) = 10:
  // 10, 91, 820, 7381, 66430, 597871. The aliases of levels 1-5 expand 9 (10 + 91 + 820 + 7381 + 66430) =
  // 672,588 nodes; the first alias of level 6 (line 8, column 10) adds 597,871: above 1,000,000.
  std::string laughs = "pcf: 1\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int k = 1; k < 10; ++k) {
    const std::string level = std::to_string(k), below = std::to_string(k - 1);
    laughs.append("l").append(level).append(": &l").append(level).append(" [");
    for (int a = 0; a < 9; ++a) laughs.append(a ? ", *l" : "*l").append(below);
    laughs.append("]\n");
  }
  WriteText(file, laughs + "product: *l9\n");
  CheckRefused(file, {}, kExitBadInput,
               file.string() + ":8:10: the aliases (*name) expand to more than 1000000 nodes, above the limit "
                               "yaml_alias_nodes = 1000000 (a \"billion laughs\" file?); raise it with --limits yaml_alias_nodes=N");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));  // generous sanity bound for all three

  // An alias inside the node it names: a cycle, refused.
  WriteText(file, "pcf: 1\nproduct: &p [*p]\n");
  CheckRefused(file, {}, kExitBadInput,
               file.string() + ":2:14: an alias to a node that contains it (a cycle): YAML aliases must not refer to themselves");

  // Anchors and aliases within the limit keep working (an alias per unit).
  WriteText(file, std::string(kBoardProductHeader) + "processes:\n  - id: pressing\n    stage: A3\n    outputs:\n"
                                         "      - {product: board, amount: 1, unit: &t t}\n    inputs:\n"
                                         "      - {background: \"limestone, crushed, at quarry, CN-HB\", amount: 1, unit: *t}\n");
  CHECK(Calculates(file));
}

TEST_CASE("limits: an unknown key or a bad value of --limits is a usage error on every command that takes it") {
  TempDir dir;
  const fs::path file = dir / "p.yaml";
  WriteText(file, std::string(kBoardProductHeader) + kTwoProcesses);
  const std::string keys =
      " (keys: product_file_size, supplier_file_size, list_file_size, processes, parameters, exchanges, id_length, "
      "formula_length, yaml_depth, yaml_alias_nodes, zip_members, zip_size, zip_member_size, zip_ratio)";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"processe=3", "--limits: unknown key \"processe\" (did you mean \"processes\"?)" + keys},
      {"processes=0", "--limits processes=0: must be at least 1"},
      {"processes=many", "--limits processes=many: expected a whole number"},
      {"processes=3K", "--limits processes=3K: expected a whole number"},
      {"product_file_size=16X",
       "--limits product_file_size=16X: expected a whole number of bytes, optionally with K, M or G (16M)"},
      {"yaml_depth", "--limits \"yaml_depth\": expected KEY=VALUE" + keys},
  };
  for (const auto& [value, message] : cases) {
    for (const std::string command : {"calc", "batch", "verify", "certify"}) {
      CAPTURE(value);
      CAPTURE(command);
      std::vector<std::string> args = {command, file.string()};
      if (command == "certify") args = {command, file.string(), "--key", (dir / "key").string(), "--issuer", "Body"};
      args.insert(args.end(), {"-o", (dir / "out").string(), "--limits", value});
      const RunResult r = RunPcf(args);
      CHECK(r.exit_code == kExitUsage);
      CHECK(r.err == "pcf: error: " + message + "\n");
      CHECK(r.out.empty());
      CHECK_FALSE(fs::exists(dir / "out"));
    }
  }
}

TEST_CASE("limits: pcf verify and pcf certify recompute under --limits") {
  TempDir dir;
  const fs::path product = dir / "p.yaml";
  WriteText(product, std::string(kBoardProductHeader) + kTwoProcesses);
  REQUIRE(RunPcf({"calc", product.string(), "-o", (dir / "r.json").string()}).exit_code == kExitOk);
  REQUIRE(RunPcf({"verify", (dir / "r.json").string()}).exit_code == kExitOk);
  // Under a lower limit the product file cannot be read: the submission cannot be recomputed (13), the
  // detail names the limit.
  RunResult r = RunPcf({"verify", (dir / "r.json").string(), "--limits", "processes=1", "-o", (dir / "v.json").string()});
  CHECK(r.exit_code == kExitCannotRecompute);
  const nlohmann::json report = nlohmann::json::parse(ReadText(dir / "v.json"));
  CHECK(report.dump().find("2 processes, above the limit processes = 1; raise it with --limits processes=N") != std::string::npos);
  // certify refuses to sign what it cannot recompute, and writes nothing.
  REQUIRE(RunPcf({"keygen", "-o", (dir / "key").string()}).exit_code == kExitOk);
  r = RunPcf({"certify", (dir / "r.json").string(), "--key", (dir / "key").string(), "--issuer", "Test Body", "-o",
              (dir / "c.cert").string(), "--limits", "processes=1"});
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == kExitCannotRecompute);
  CHECK(r.err.find("2 processes, above the limit processes = 1; raise it with --limits processes=N") != std::string::npos);
  CHECK(r.out.empty());
  CHECK_FALSE(fs::exists(dir / "c.cert"));
  r = RunPcf({"certify", (dir / "r.json").string(), "--key", (dir / "key").string(), "--issuer", "Test Body", "-o",
              (dir / "c.cert").string(), "--limits", "processes=2"});
  CHECK(r.exit_code == kExitOk);
}
