// Hostile inputs of issue 11 that computed a result silently or surfaced as internal errors: supplier
// footprints that would share one row id, empty ids, parameters named like muParser's functions, a process
// that uses as much of its product as it makes, and folders that cannot be walked. Each refusal: the whole
// message naming file and field, the exit code, nothing on standard output and no output file.
#include <doctest/doctest.h>
#include <dirent.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_harness.h"

namespace fs = std::filesystem;
using namespace pcf::test;  // RunPcf, TempDir, ReadText, WriteText, the kExit… codes, kBoardProductHeader

namespace {

// kBoardProductHeader plus one process `pressing` making 1 t of board, with `lines` (already indented) below it.
std::string Product(const std::string& lines) {
  return std::string(kBoardProductHeader) + "processes:\n  - id: pressing\n    stage: A3\n    outputs:\n      - {product: board, amount: 1, unit: t}\n" +
         lines;
}

const char* const kLimestone = "      - {background: \"limestone, crushed, at quarry, CN-HB\", amount: 1, unit: t}\n";

void CheckRefused(const fs::path& file, int exit_code, const std::string& message) {
  const fs::path output = file.parent_path() / "result.json";
  const RunResult r = RunPcf({"calc", file.string(), "-o", output.string()});
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == exit_code);
  CHECK(r.err == "pcf: error: " + message + "\n");
  CHECK(r.out.empty());
  CHECK_FALSE(fs::exists(output));
}

double Total(const fs::path& file) {
  const fs::path output = file.parent_path() / (file.stem().string() + ".json");
  const RunResult r = RunPcf({"calc", file.string(), "-o", output.string()});
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == kExitOk);
  return nlohmann::json::parse(ReadText(output))["method"]["total"].get<double>();
}

std::string Supplier(const std::string& name) {
  return R"({"specVersion": "2.3.0", "productNameCompany": )" + nlohmann::json(name).dump() +
         R"(, "companyName": "Supplier A", "pcf": {"declaredUnit": "kilogram", "unitaryProductAmount": "1", "pCfExcludingBiogenic": "1.25"}})";
}

}  // namespace

TEST_CASE("hostile: two supplier footprints whose names and paths read as one row id are refused, naming both") {
  // A supplier's row is "supplier footprint: NAME [PATH]". File a.json named "S [DIR/k]" and the file
  // DIR/k] [DIR/a.json named "S" both read "supplier footprint: S [DIR/k] [DIR/a.json]".
  TempDir dir;
  const std::string d = dir.path().string();
  const fs::path a = dir / "a.json";
  const fs::path b = fs::path(d + "/k] [" + d + "/a.json");
  fs::create_directories(b.parent_path());
  WriteText(a, Supplier("S [" + d + "/k]"));
  WriteText(b, Supplier("S"));
  const fs::path file = dir / "p.yaml";
  WriteText(file, Product("    inputs:\n      - {supplier_pcf: a.json, amount: 1, unit: kg}\n"
                          "      - {supplier_pcf: \"k] [" + d + "/a.json\", amount: 1, unit: kg}\n"));
  const std::string id = "supplier footprint: S [" + d + "/k] [" + d + "/a.json]";
  CheckRefused(file, kExitBadInput,
               file.string() + ":17:24: processes[0].inputs[1].supplier_pcf: the supplier footprints " + b.string() + " and " +
                   a.string() + " (used at " + file.string() + ":16:24 processes[0].inputs[0].supplier_pcf) would both take the id \"" +
                   id + "\": rename the product (productNameCompany) or the file of one of them");
  // Each alone is fine: 1 kg at 1.25 kg CO2e.
  WriteText(file, Product("    inputs:\n      - {supplier_pcf: a.json, amount: 1, unit: kg}\n"));
  CHECK(Total(file) == doctest::Approx(1.25).epsilon(1e-12));
}

TEST_CASE("hostile: an empty id or one of blanks only is refused, naming the field") {
  TempDir dir;
  const fs::path file = dir / "p.yaml";
  for (const std::string id : {"\"\"", "\"   \"", "\"\t\""}) {
    CAPTURE(id);
    std::string text = Product(std::string("    inputs:\n") + kLimestone);
    text.replace(text.find("id: board"), 9, "id: " + id);
    WriteText(file, text);
    CheckRefused(file, kExitBadInput, file.string() + ":3:7: product.id: \"id\" is empty or only blanks: write an id");
    text = Product(std::string("    inputs:\n") + kLimestone);
    text.replace(text.find("id: pressing"), 12, "id: " + id);
    WriteText(file, text);
    CheckRefused(file, kExitBadInput, file.string() + ":11:9: processes[0].id: \"id\" is empty or only blanks: write an id");
  }
  std::string text = Product(std::string("    inputs:\n") + kLimestone);
  text.replace(text.find("{product: board"), 15, "{product: \" \"");
  WriteText(file, text);
  CheckRefused(file, kExitBadInput,
               file.string() + ":14:19: processes[0].outputs[0].product: \"product\" is empty or only blanks: write an id");
}

TEST_CASE("hostile: a parameter named like a muParser function or constant is refused") {
  // muParser 2.3 defines these functions and the constants _pi and _e. Before: `sin: 2` was accepted and
  // "sin * 2" gave 4 while "sin(2)" called the function.
  TempDir dir;
  const fs::path file = dir / "p.yaml";
  for (const std::string name : {"sin", "exp", "ln", "log10", "sqrt", "min", "max", "sum", "avg", "abs", "rint", "sign", "atan2"}) {
    CAPTURE(name);
    std::string text = Product("    inputs:\n      - {background: \"limestone, crushed, at quarry, CN-HB\", amount: " + name +
                               " * 2, unit: t}\n");
    text.insert(text.find("processes:"), "parameters:\n  " + name + ": 2\n");
    WriteText(file, text);
    CheckRefused(file, kExitBadInput,
                 file.string() + ":11:" + std::to_string(name.size() + 5) + ": parameters." + name + ": \"" + name +
                     "\" is a built-in function of muParser (a formula could not tell the parameter from the function): "
                     "choose another name");
  }
  // A name that only starts like one is fine: sine * 2 = 4 t of limestone, as 4 written out.
  std::string text = Product("    inputs:\n      - {background: \"limestone, crushed, at quarry, CN-HB\", amount: sine * 2, unit: t}\n");
  text.insert(text.find("processes:"), "parameters:\n  sine: 2\n");
  WriteText(file, text);
  WriteText(dir / "four.yaml",
            Product("    inputs:\n      - {background: \"limestone, crushed, at quarry, CN-HB\", amount: 4, unit: t}\n"));
  CHECK(Total(file) == Total(dir / "four.yaml"));
}

TEST_CASE("hostile: a process that uses as much of its own product as it makes, or more, is refused") {
  TempDir dir;
  const fs::path file = dir / "p.yaml";
  // 1 t made, 1 t used: no net output (before: "numerically singular", exit 7).
  WriteText(file, Product(std::string("    inputs:\n") + kLimestone + "      - {product: board, amount: 1, unit: t}\n"));
  CheckRefused(file, kExitBadInput,
               file.string() + ":11:9: processes[0].id: process \"pressing\" makes 1 t of \"board\" and uses 1 t of it: a "
                               "process must make more of its product than it uses");
  // 1 t made, 1200 kg used (1.2 t after conversion; before: a negative footprint).
  WriteText(file, Product(std::string("    inputs:\n") + kLimestone + "      - {product: board, amount: 1200, unit: kg}\n"));
  CheckRefused(file, kExitBadInput,
               file.string() + ":11:9: processes[0].id: process \"pressing\" makes 1 t of \"board\" and uses 1.2 t of it: a "
                               "process must make more of its product than it uses");
  // Using less than it makes is allowed: 1 t made from 1 t of limestone and 0.5 t of itself makes 0.5 t
  // net, so 1 t of board needs 2 t of limestone — the same total as writing 2 t of limestone.
  WriteText(file, Product(std::string("    inputs:\n") + kLimestone + "      - {product: board, amount: 0.5, unit: t}\n"));
  WriteText(dir / "two.yaml",
            Product("    inputs:\n      - {background: \"limestone, crushed, at quarry, CN-HB\", amount: 2, unit: t}\n"));
  CHECK(Total(file) == doctest::Approx(Total(dir / "two.yaml")).epsilon(1e-12));
}

TEST_CASE("hostile: folders that cannot be walked in batch and verify are clear errors, not internal errors") {
  TempDir dir;
  const fs::path in = dir / "in";
  fs::create_directories(in);
  WriteText(in / "p.yaml", Product(std::string("    inputs:\n") + kLimestone));
  // A symlink loop named like an input (before: an uncaught filesystem_error, exit 1).
  fs::create_symlink("loop.yaml", in / "loop.yaml");
  const fs::path out = dir / "out";
  RunResult r = RunPcf({"batch", in.string(), "-o", out.string()});
  CHECK(r.exit_code == kExitBadInput);
  CHECK(r.err == "pcf: error: " + (in / "loop.yaml").string() + ": too many levels of symbolic links (a symlink loop)\n");
  CHECK(r.out.empty());
  CHECK_FALSE(fs::exists(out));
  fs::remove(in / "loop.yaml");
  fs::create_symlink("loop.json", in / "loop.json");
  r = RunPcf({"verify", in.string(), "-o", (dir / "v.txt").string()});
  CHECK(r.exit_code == kExitBadInput);
  CHECK(r.err == "pcf: error: " + (in / "loop.json").string() + ": too many levels of symbolic links (a symlink loop)\n");
  CHECK(r.out.empty());
  CHECK_FALSE(fs::exists(dir / "v.txt"));
  fs::remove(in / "loop.json");

  // A folder that cannot be listed: a subfolder without permissions (not for root, who reads it anyway),
  // else /proc/1/map_files where even root may not list it.
  fs::path unreadable;
  if (::geteuid() != 0) {
    fs::create_directories(in / "locked");
    fs::permissions(in / "locked", fs::perms::none);
    unreadable = in / "locked";
  } else if (DIR* d = ::opendir("/proc/1/map_files")) {
    const bool denied = ::readdir(d) == nullptr;
    ::closedir(d);
    if (denied) unreadable = "/proc/1/map_files";
  }
  if (unreadable.empty()) {
    MESSAGE("no folder this user cannot list: the permission case is not run");
    return;
  }
  const fs::path walked = unreadable == in / "locked" ? in : unreadable;
  r = RunPcf({"batch", walked.string(), "-o", out.string()});
  CHECK(r.exit_code == kExitIo);
  CHECK(r.err == "pcf: error: " + unreadable.string() + ": cannot list the folder: Permission denied\n");
  CHECK(r.out.empty());
  CHECK_FALSE(fs::exists(out));
  if (unreadable == in / "locked") fs::permissions(in / "locked", fs::perms::owner_all);
}
