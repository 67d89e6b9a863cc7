// Outputs never destroy files (issue 10, docs/exit-codes.md "Outputs that are refused"): every writing
// command refuses, with exit 2 and a message naming both files, an output that is one of its inputs (also
// through a symlink or another spelling of the path), two outputs that are the same file, an output that
// is a pcf key, and an -o extension that is unknown or does not hold the format. After each refusal every
// file of the work folder is byte-identical and no file has appeared.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cli/cli_harness.h"

namespace fs = std::filesystem;
using pcf::test::ReadText;
using pcf::test::RunPcf;
using pcf::test::TempDir;
using pcf::test::WriteText;

namespace {

fs::path Repo() { return fs::path(PCF_TEST_DATA).parent_path().parent_path(); }
fs::path HubeiDb() { return fs::path(PCF_BINARY).parent_path() / "hubei.sqlite"; }

// Every file below `dir` with its bytes (symlinks as their target's name).
std::map<std::string, std::string> Snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_symlink()) files[e.path().string()] = "-> " + fs::read_symlink(e.path()).string();
    else if (e.is_regular_file()) files[e.path().string()] = ReadText(e.path());
  }
  return files;
}

// Runs `args` in a work folder and checks the refusal: exit 2, `message` in the error, nothing changed.
void Refused(const fs::path& work, const std::vector<std::string>& args, const std::string& message) {
  const auto before = Snapshot(work);
  const auto run = RunPcf(args);
  CHECK_MESSAGE(run.exit_code == 2, run.err);
  CHECK_MESSAGE(run.err.find(message) != std::string::npos, run.err);
  CHECK(run.err.rfind("pcf: error: ", 0) == 0);
  CHECK(Snapshot(work) == before);  // inputs byte-identical, no output, no temporary left
}

struct Work {
  TempDir dir;
  fs::path product = dir / "po425.yaml";
  Work() { fs::copy_file(Repo() / "examples/cement/po425-cement.yaml", product); }
};

}  // namespace

TEST_CASE("safe outputs: calc refuses to write over its product file, also through a symlink or another spelling") {
  Work w;
  Refused(w.dir.path(), {"calc", w.product.string(), "-o", w.product.string()},
          "is the same file as the product file");
  Refused(w.dir.path(), {"calc", w.product.string(), "--format", "json", "-o", (w.dir / "." / "po425.yaml").string()},
          "is the same file as the product file");
  fs::create_directories(w.dir / "sub");
  Refused(w.dir.path(), {"calc", w.product.string(), "-o", (w.dir / "sub" / ".." / "po425.yaml").string()},
          "is the same file as the product file");
  fs::create_symlink(w.product, w.dir / "link.json");
  Refused(w.dir.path(), {"calc", w.product.string(), "-o", (w.dir / "link.json").string()},
          "is the same file as the product file");
}

TEST_CASE("safe outputs: calc refuses to write over the database and over a supplier footprint it reads") {
  Work w;
  fs::copy_file(HubeiDb(), w.dir / "db.sqlite");
  Refused(w.dir.path(), {"calc", w.product.string(), "--db", (w.dir / "db.sqlite").string(), "-o", (w.dir / "db.sqlite").string()},
          "is the same file as the database");
  fs::create_directories(w.dir / "suppliers");
  WriteText(w.dir / "suppliers" / "gypsum.json",
            R"({"specVersion": "2.3.0", "productNameCompany": "phosphogypsum", "pcf": {"pCfExcludingBiogenic": "0.01", "declaredUnit": "kilogram"}})");
  std::string text = ReadText(w.product);
  const std::string from = R"({background: "phosphogypsum, residue, cut-off, CN-HB", amount: gypsum_ratio, unit: t})";
  REQUIRE(text.find(from) != std::string::npos);
  text.replace(text.find(from), from.size(), R"({supplier_pcf: suppliers/gypsum.json, amount: "gypsum_ratio * 1000", unit: kg})");
  WriteText(w.product, text);
  Refused(w.dir.path(), {"calc", w.product.string(), "-o", (w.dir / "suppliers" / "gypsum.json").string()},
          "is the same file as the supplier footprint");
  // scores and a demand calculation: not over their database or demand file.
  Refused(w.dir.path(), {"scores", "--db", (w.dir / "db.sqlite").string(), "-o", (w.dir / "db.sqlite").string()},
          "is the same file as the database");
  fs::copy_file(Repo() / "examples/demand-po425-cement-1t.csv", w.dir / "demand.csv");
  Refused(w.dir.path(), {"calc", "--demand", (w.dir / "demand.csv").string(), "-o", (w.dir / "demand.csv").string()},
          "is the same file as the demand");
}

TEST_CASE("safe outputs: -o extensions choose formats only when known, and must hold the format asked for") {
  Work w;
  Refused(w.dir.path(), {"calc", w.product.string(), "-o", (w.dir / "report.xlsx").string()},
          "\".xlsx\" is not an extension pcf writes");
  Refused(w.dir.path(), {"calc", w.product.string(), "-o", (w.dir / "report.pdf").string()},
          "\".pdf\" is not an extension pcf writes");
  Refused(w.dir.path(), {"calc", w.product.string(), "-o", (w.dir / "report").string()}, "the name has no extension");
  Refused(w.dir.path(), {"calc", w.product.string(), "--format", "md", "-o", (w.dir / "report.json").string()},
          "a \".json\" file does not hold --format md");
  Refused(w.dir.path(), {"calc", w.product.string(), "--format", "pact-v3", "-o", (w.dir / "report.html").string()},
          "does not hold --format pact-v3");

  // Extensions compare in lower case: .HTML is an HTML report, .JSON a JSON result.
  auto run = RunPcf({"calc", w.product.string(), "-o", (w.dir / "report.HTML").string()});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(ReadText(w.dir / "report.HTML").find("<html") != std::string::npos);
  // cbam is Markdown; pact is JSON; standard output takes any format.
  CHECK(RunPcf({"calc", w.product.string(), "--format", "cbam", "-o", (w.dir / "po425.cbam.md").string()}).exit_code == 0);
  CHECK(RunPcf({"calc", w.product.string(), "--format", "pact-v2", "-o", (w.dir / "po425.pact.json").string()}).exit_code == 0);
  run = RunPcf({"calc", w.product.string(), "--format", "html", "-o", "-"});
  CHECK(run.exit_code == 0);
  CHECK(run.out.find("<html") != std::string::npos);
  // Without -o the file is named after the format.
  const fs::path cwd = fs::current_path();
  fs::current_path(w.dir.path());
  run = RunPcf({"calc", w.product.string(), "--format", "md"});
  fs::current_path(cwd);
  CHECK(run.exit_code == 0);
  CHECK(fs::exists(w.dir / "po425.report.md"));

  // A demand result is json or text, scores are CSV.
  Refused(w.dir.path(), {"calc", "--demand", (Repo() / "examples/demand-po425-cement-1t.csv").string(), "-o", (w.dir / "d.md").string()},
          "\".md\" is not an extension pcf writes");
  Refused(w.dir.path(), {"scores", "-o", (w.dir / "scores.json").string()}, "\".json\" is not an extension pcf writes");
}

TEST_CASE("safe outputs: certify never writes over the secret key, the result or its own other output") {
  Work w;
  const fs::path key = w.dir / "issuer.key", result = w.dir / "po425.json";
  REQUIRE(RunPcf({"keygen", "-o", key.string()}).exit_code == 0);
  REQUIRE(RunPcf({"calc", w.product.string(), "-o", result.string()}).exit_code == 0);
  const std::string c = (w.dir / "c.json").string();
  Refused(w.dir.path(), {"certify", result.string(), "--key", key.string(), "-o", c, "--html", key.string()},
          "is the same file as the key");
  Refused(w.dir.path(), {"certify", result.string(), "--key", key.string(), "-o", key.string()}, "is the same file as the key");
  Refused(w.dir.path(), {"certify", result.string(), "--key", key.string(), "-o", result.string()},
          "is the same file as the result");
  Refused(w.dir.path(), {"certify", result.string(), "--key", key.string(), "-o", c, "--html", c},
          "-o " + c + " and --html " + c + " are the same file");
  Refused(w.dir.path(), {"certify", result.string(), "--key", key.string(), "-o", c, "--html", (w.dir / "page.pdf").string()},
          "--html " + (w.dir / "page.pdf").string() + ": \".pdf\" is not an extension pcf writes");
  // The public key is a key too: no command writes over it.
  Refused(w.dir.path(), {"certify", result.string(), "--key", key.string(), "-o", c, "--html", (w.dir / "issuer.key.pub").string()},
          "is a pcf key file");
  fs::copy_file(w.dir / "issuer.key.pub", w.dir / "pub.json");
  Refused(w.dir.path(), {"calc", w.product.string(), "-o", (w.dir / "pub.json").string()}, "is a pcf key file");
}

TEST_CASE("safe outputs: verify, batch and the db commands refuse outputs that are inputs or collide") {
  Work w;
  const fs::path result = w.dir / "po425.json";
  REQUIRE(RunPcf({"calc", w.product.string(), "-o", result.string()}).exit_code == 0);
  Refused(w.dir.path(), {"verify", result.string(), "-o", result.string()}, "is the same file as the submission");
  Refused(w.dir.path(), {"verify", result.string(), "--format", "json", "-o", (w.dir / "report.txt").string()},
          "does not hold --format json");

  // batch: a.yaml twice and a-2.yaml would all write a-2.result.json; a list file named like the summary.
  fs::create_directories(w.dir / "x");
  fs::create_directories(w.dir / "y");
  fs::copy_file(w.product, w.dir / "x" / "a.yaml");
  fs::copy_file(w.product, w.dir / "y" / "a.yaml");
  fs::copy_file(w.product, w.dir / "x" / "a-2.yaml");
  Refused(w.dir.path(), {"batch", (w.dir / "x").string(), (w.dir / "y").string(), "-o", (w.dir / "out").string()},
          "are the same file");
  fs::create_directories(w.dir / "out2");
  WriteText(w.dir / "out2" / "summary.csv", "../po425.yaml\n");
  Refused(w.dir.path(), {"batch", (w.dir / "out2" / "summary.csv").string(), "-o", (w.dir / "out2").string()},
          "is the same file as the input");

  // db build / import-matrices: no output inside the folders they read; export: not over the database.
  const fs::path mini = w.dir / "mini";
  fs::copy(pcf::test::MiniFixture(), mini, fs::copy_options::recursive);
  const fs::path some_factor_file = [&] {
    for (const auto& e : fs::directory_iterator(mini / "factors"))
      if (e.is_regular_file()) return e.path();
    return fs::path();
  }();
  REQUIRE(!some_factor_file.empty());
  Refused(w.dir.path(), {"db", "build", (mini / "factors").string(), (mini / "data").string(), "-o", some_factor_file.string()},
          "is the same file as the file of the factor folder");
  const fs::path model = w.dir / "model";
  fs::copy(pcf::test::VerificationDir("small/bw2calc-multi-lca-simple"), model, fs::copy_options::recursive);
  Refused(w.dir.path(), {"db", "import-matrices", model.string(), "-o", (model / "A.mtx").string()},
          "is the same file as the file of the model folder");
  REQUIRE(RunPcf({"db", "import-matrices", model.string(), "-o", (w.dir / "m.sqlite").string()}).exit_code == 0);
  fs::create_directories(w.dir / "exp");
  fs::copy_file(w.dir / "m.sqlite", w.dir / "exp" / "A.mtx");
  Refused(w.dir.path(), {"db", "export-matrices", (w.dir / "exp" / "A.mtx").string(), "-o", (w.dir / "exp").string()},
          "is the same file as the database");
}
