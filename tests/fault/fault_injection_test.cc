// Fault injection through the file-system seam (engine/core/file_system.h, docs/robustness.md "Fault
// injection"). Each scenario is what a command does, through the same engine entry points the command
// calls: calc, batch, db build, certify, keygen. A counting run first counts the calls of each kind
// (open, read, write, fsync, close, rename); then, for every kind and every N from 1 to that count, the Nth
// call fails (ENOSPC for write, fsync and close, EIO for the others) and the test checks: a pcf::Error of
// kind Io is thrown and names a file of the run; every output is either its previous content, byte for
// byte, or the complete content of the successful run (never a part); the file the error names, when it
// is an output, still holds its previous content; no temporary is left. The one failure that may pass: a
// close of a file opened for reading fails after the whole file was read (nothing is lost; the run must
// then give the successful run's bytes). A run with short writes (7 bytes
// per write) must succeed with the same bytes. PCF_FAULT_TABLE=1 prints the matrix that passed (the table
// in docs/robustness.md).
#include <doctest/doctest.h>

#include <cerrno>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "engine/calc/lci.h"
#include "engine/certify/certificate.h"
#include "engine/certify/certificate_html.h"
#include "engine/certify/key_files.h"
#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/core/output_guard.h"
#include "engine/db/background_build.h"
#include "engine/db/model_store.h"
#include "engine/run/batch.h"
#include "engine/run/product_run.h"
#include "support/fault_file_system.h"
#include "support/test_files.h"

namespace {

namespace fs = std::filesystem;
using pcf::test::Contains;
using pcf::test::FaultInjectingFileSystem;
using pcf::test::FileOp;
using pcf::test::ReadText;
using pcf::test::TempDir;
using pcf::test::WriteText;

const pcf::StoredModel& Hubei() {
  static const pcf::StoredModel db = pcf::LoadModel(PCF_HUBEI_DB);
  return db;
}

// A product with a background input and a supplier footprint: the run reads two files.
constexpr const char* kProduct = R"(pcf: 1
product:
  id: test board
  name: Test board
  company: Test Co.
  geography: CN-HB
  declared_unit: {amount: 1, unit: kg}
  reference_period: "2024"
  system_boundary: cradle-to-gate
method: GWP100-AR6
processes:
  - id: board making
    stage: A3
    outputs:
      - {product: test board, amount: 1, unit: kg}
    inputs:
      - {background: "electricity, life cycle, medium voltage, CN-HB", amount: 0.5, unit: kWh}
      - {supplier_pcf: suppliers/starch.json, amount: 0.1, unit: kg}
)";

constexpr const char* kSupplier = R"({"specVersion": "2.3.0", "productNameCompany": "Starch S", "companyName": "Supplier A",
  "pcf": {"declaredUnit": "kilogram", "unitaryProductAmount": "1", "pCfExcludingBiogenic": "1.25",
          "ipccCharacterizationFactorsSources": ["AR6"]}})";

void WriteProduct(const fs::path& dir, const std::string& name) {
  fs::create_directories(dir / "suppliers");
  WriteText(dir / name, kProduct);
  WriteText(dir / "suppliers" / "starch.json", kSupplier);
}

pcf::ProductRunOptions RunOptions() {
  pcf::ProductRunOptions options;
  options.render.created = "2025-01-01T00:00:00Z";
  return options;
}

// What a command does, in a folder prepared for it.
struct Scenario {
  std::string name;
  std::function<void(const fs::path&)> prepare;  // inputs and previous outputs (not through the fault file system)
  std::function<void(const fs::path&)> run;      // the command's engine calls
  std::vector<std::string> outputs;              // relative to the folder
  // Whether a failed run leaves every output as it was (one change); else each output is old or new.
  bool all_or_nothing = false;
  // Outputs that differ from run to run (a new key): a complete one is checked by this instead of bytes.
  std::function<bool(const std::string& name, const std::string& text)> complete;
};

std::optional<std::string> Content(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::nullopt;
  return ReadText(path);
}

using Snapshot = std::map<std::string, std::optional<std::string>>;

Snapshot Take(const Scenario& s, const fs::path& dir) {
  Snapshot snap;
  for (const std::string& o : s.outputs) snap[o] = Content(dir / o);
  return snap;
}

std::vector<std::string> Temporaries(const fs::path& dir) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (Contains(entry.path().filename().string(), ".tmp-")) found.push_back(entry.path().string());
  return found;
}

struct Counts {
  std::map<FileOp, int> calls;
  int failures_checked = 0;  // runs with one failed call: the command failed cleanly
  int absorbed = 0;          // failed closes of a file opened for reading: the command succeeded, same bytes
};

// The same folder for every run of a scenario (results record paths), emptied and prepared again.
// `with_previous` false: the outputs are removed after preparing (a first run).
fs::path Fresh(const Scenario& s, const TempDir& root, bool with_previous) {
  const fs::path dir = root / "run";
  fs::remove_all(dir);
  fs::create_directories(dir);
  s.prepare(dir);
  if (!with_previous)
    for (const std::string& o : s.outputs) fs::remove(dir / o);
  return dir;
}

// The good run: counts the calls and gives the outputs' previous and new contents.
Counts CountingRun(const Scenario& s, const TempDir& root, bool with_previous, Snapshot* before, Snapshot* after) {
  const fs::path dir = Fresh(s, root, with_previous);
  *before = Take(s, dir);
  FaultInjectingFileSystem counting;
  {
    pcf::ScopedFileSystem installed(counting);
    s.run(dir);
  }
  *after = Take(s, dir);
  Counts counts;
  for (FileOp op : pcf::test::kAllFileOps) counts.calls[op] = counting.Calls(op);
  CHECK(Temporaries(dir).empty());
  return counts;
}

void CheckOutputs(const Scenario& s, const fs::path& dir, const Snapshot& before, const Snapshot& after,
                  const std::string& named_file) {
  for (const std::string& o : s.outputs) {
    const std::optional<std::string> now = Content(dir / o);
    const bool old = now == before.at(o);
    bool good = false;
    if (now && !s.all_or_nothing) good = now == after.at(o) || (s.complete && s.complete(o, *now));
    INFO("output: " << o);
    CHECK((old || good));
    if ((dir / o).string() == named_file) CHECK(old);  // the target of the failed write is untouched
  }
}

void FailEveryCall(const Scenario& s, bool with_previous, Counts* counts) {
  const TempDir root;
  Snapshot before, after;
  const Counts counted = CountingRun(s, root, with_previous, &before, &after);
  if (with_previous) counts->calls = counted.calls;
  for (FileOp op : pcf::test::kAllFileOps) {
    for (const int error : {EIO, ENOSPC})
    for (int n = 1; n <= counted.calls.at(op); ++n) {
      INFO(s.name << std::string(with_previous ? "" : " (no previous outputs)") << ": " << std::string(pcf::test::FileOpName(op))
                  << " call " << n << " fails with " << std::string(std::strerror(error)));
      const fs::path dir = Fresh(s, root, with_previous);
      FaultInjectingFileSystem faulty;
      faulty.FailNth(op, n, error);
      std::optional<pcf::Error> caught;
      {
        pcf::ScopedFileSystem installed(faulty);
        try {
          s.run(dir);
        } catch (const pcf::Error& e) {
          caught = e;
        }
      }
      CHECK(faulty.Fired());
      if (!caught && op == FileOp::kClose) {  // a failed close of a file already read in full changes nothing
        for (const std::string& o : s.outputs) CHECK(Content(dir / o) == after.at(o));
        CHECK(Temporaries(dir).empty());
        ++counts->absorbed;
        continue;
      }
      REQUIRE(caught.has_value());
      INFO("error: " << caught->ToString());
      CHECK(caught->kind() == pcf::ErrorKind::kIo);
      CHECK((Contains(caught->ToString(), dir.string()) ||  // names a file of the run
             Contains(caught->ToString(), pcf::test::MiniFixture().string())));
      CHECK(Contains(caught->ToString(), std::strerror(error)));
      CheckOutputs(s, dir, before, after, caught->where().file);
      CHECK(Temporaries(dir).empty());
      ++counts->failures_checked;
    }
  }
  // Short writes: looped over, same bytes.
  const fs::path dir = Fresh(s, root, with_previous);
  FaultInjectingFileSystem short_writes;
  short_writes.ShortWrites(7);
  {
    pcf::ScopedFileSystem installed(short_writes);
    s.run(dir);
  }
  for (const std::string& o : s.outputs) {
    const std::optional<std::string> now = Content(dir / o);
    REQUIRE(now.has_value());
    CHECK((now == after.at(o) || (s.complete && s.complete(o, *now))));
  }
  CHECK(Temporaries(dir).empty());
}

// The table for docs/robustness.md, printed with PCF_FAULT_TABLE=1.
void Report(const std::string& name, const Counts& counts) {
  const char* table = std::getenv("PCF_FAULT_TABLE");
  if (!table || std::string(table) != "1") return;
  std::string row = fmt::format("| {} |", name);
  for (FileOp op : pcf::test::kAllFileOps) row += fmt::format(" {} |", counts.calls.at(op));
  row += fmt::format(" {} | {} |", counts.failures_checked, counts.absorbed);
  MESSAGE(row);
}

void RunMatrix(const Scenario& s) {
  Counts counts;
  FailEveryCall(s, /*with_previous=*/true, &counts);
  FailEveryCall(s, /*with_previous=*/false, &counts);
  CHECK(counts.failures_checked > 0);
  Report(s.name, counts);
}

// --- Scenarios -----------------------------------------------------------------------------------------------

// pcf calc PRODUCT.yaml -o RESULT: the output checks, the pipeline, the atomic write.
Scenario Calc() {
  Scenario s;
  s.name = "calc";
  s.outputs = {"board.result.json"};
  s.prepare = [](const fs::path& dir) {
    WriteProduct(dir, "board.yaml");
    WriteText(dir / "board.result.json", "previous result\n");
  };
  s.run = [](const fs::path& dir) {
    const std::string product = (dir / "board.yaml").string(), output = (dir / "board.result.json").string();
    pcf::CheckOutputs({{product, "product file"}}, {{output, "-o"}});
    const pcf::ProductRun run = pcf::RunProductFile(product, Hubei(), PCF_HUBEI_DB, RunOptions());
    pcf::WriteFileAtomically(output, run.rendered);
  };
  return s;
}

// pcf batch IN -o OUT: results written without fsync, one syncfs, then summary.csv; a failed input is a
// row of the summary, and the command then fails (as cmd_batch does, with the kind of the first failure).
Scenario Batch() {
  Scenario s;
  s.name = "batch";
  s.outputs = {"out/a.result.json", "out/b.result.json", "out/summary.csv"};
  s.prepare = [](const fs::path& dir) {
    WriteProduct(dir / "in", "a.yaml");
    WriteText(dir / "in" / "b.yaml", kProduct);
    fs::create_directories(dir / "out");
    WriteText(dir / "out" / "a.result.json", "previous a\n");
    WriteText(dir / "out" / "b.result.json", "previous b\n");
    WriteText(dir / "out" / "summary.csv", "previous summary\n");
  };
  s.run = [](const fs::path& dir) {
    pcf::BatchOptions options;
    options.run = RunOptions();
    options.output_dir = (dir / "out").string();
    const std::vector<std::string> inputs = pcf::CollectBatchInputs({(dir / "in").string()});
    const std::vector<pcf::BatchOutcome> outcomes = pcf::RunBatch(inputs, Hubei(), PCF_HUBEI_DB, options, nullptr);
    pcf::WriteFileAtomically(dir / "out" / "summary.csv", pcf::FormatBatchSummary(outcomes));
    for (const pcf::BatchOutcome& out : outcomes)
      if (!out.ok) throw pcf::Error(out.error_kind.value_or(pcf::ErrorKind::kBadInput), out.error);
  };
  // The summary of a run whose input failed records the failure: complete, but not the good run's bytes.
  s.complete = [](const std::string& name, const std::string& text) {
    if (name != "out/summary.csv") return false;
    const std::vector<std::string> lines = pcf::test::Lines(text);
    return lines.size() == 3 && Contains(lines[0], "file,product,total,status") && text.back() == '\n';
  };
  return s;
}

// pcf db build FACTORS DATA -o DB: SQLite writes a temporary; its fsync and rename go through the seam.
Scenario DbBuild() {
  Scenario s;
  s.name = "db build";
  s.outputs = {"mini.sqlite"};
  s.prepare = [](const fs::path& dir) { WriteText(dir / "mini.sqlite", "previous database\n"); };
  s.run = [](const fs::path& dir) {
    const fs::path factors = pcf::test::MiniFixture() / "factors", data = pcf::test::MiniFixture() / "data";
    const std::string output = (dir / "mini.sqlite").string();
    pcf::CheckOutputs({{factors.string(), "factor folder"}, {data.string(), "data folder"}}, {{output, "-o"}});
    const pcf::BackgroundModel built = pcf::BuildBackground(factors, data);
    pcf::FactorizeTechnosphere(built.model);
    pcf::SaveModel(built.model, output, "mini", built.info);
  };
  return s;
}

// pcf certify RESULT --key KEY -o CERT --html PAGE: reads the result and the key, advances the counter
// (KEY.counter), writes the certificate and its page. (The recomputation, which `pcf verify` shares, is left
// out: it reports a read failure as its verdict "cannot recompute".)
Scenario Certify() {
  Scenario s;
  s.name = "certify";
  s.outputs = {"key.counter", "cert.json", "cert.html"};
  s.prepare = [](const fs::path& dir) {
    WriteProduct(dir, "board.yaml");
    WriteText(dir / "board.result.json",
              pcf::RunProductFile((dir / "board.yaml").string(), Hubei(), PCF_HUBEI_DB, RunOptions()).rendered);
    static const pcf::KeyPair keys = pcf::GenerateKeyPair("Test issuer");
    WriteText(dir / "key", keys.secret_key_text);
    const std::string key_id = keys.public_key_text.substr(keys.public_key_text.find("key-id: ") + 8, 16);
    WriteText(dir / "key.counter", fmt::format("pcf-certificate-counter v1\nkey-id: {}\nlast: 1\n", key_id));
    WriteText(dir / "cert.json", "previous certificate\n");
    WriteText(dir / "cert.html", "previous page\n");
  };
  s.run = [](const fs::path& dir) {
    const std::string key = (dir / "key").string(), result = (dir / "board.result.json").string();
    pcf::CheckOutputs({{result, "result"}, {key, "key"}},
                      {{(dir / "cert.json").string(), "-o"}, {(dir / "cert.html").string(), "--html"},
                       {key + ".counter", "certificate counter"}});
    const std::string key_text = pcf::ReadWholeFile(key);
    pcf::CertificateRequest request;
    request.issuer = "Test issuer";
    request.issued = request.valid_from = "2025-01-01";
    request.valid_until = "2026-01-01";
    request.result_json = pcf::ReadWholeFile(result);
    request.number = pcf::NextCertificateNumber(key, key_text);
    const std::string certificate = pcf::IssueCertificate(request, key_text);
    const std::string page = pcf::FormatCertificateHtml(certificate, pcf::Language::kEnglish);
    pcf::WriteFileAtomically(dir / "cert.json", certificate);
    pcf::WriteFileAtomically(dir / "cert.html", page);
  };
  return s;
}

// pcf keygen -o KEY --force: both key files, as one change.
Scenario Keygen() {
  Scenario s;
  s.name = "keygen";
  s.outputs = {"key", "key.pub"};
  s.all_or_nothing = true;
  s.prepare = [](const fs::path& dir) {
    static const pcf::KeyPair old = pcf::GenerateKeyPair("Old issuer");
    WriteText(dir / "key", old.secret_key_text);
    WriteText(dir / "key.pub", old.public_key_text);
  };
  s.run = [](const fs::path& dir) {
    const pcf::KeyPair pair = pcf::GenerateKeyPair("New issuer");
    pcf::WriteKeyPairFiles(dir / "key", pair.secret_key_text, dir / "key.pub", pair.public_key_text);
  };
  s.complete = [](const std::string& name, const std::string& text) {
    return Contains(text, name == "key" ? "pcf-ed25519-secret-key" : "pcf-ed25519-public-key") &&
           Contains(text, "New issuer") && text.back() == '\n';
  };
  return s;
}

}  // namespace

TEST_CASE("fault injection: calc fails cleanly at every file call") { RunMatrix(Calc()); }
TEST_CASE("fault injection: batch fails cleanly at every file call") { RunMatrix(Batch()); }
TEST_CASE("fault injection: db build fails cleanly at every file call") { RunMatrix(DbBuild()); }
TEST_CASE("fault injection: certify fails cleanly at every file call") { RunMatrix(Certify()); }
TEST_CASE("fault injection: keygen replaces both key files or neither") { RunMatrix(Keygen()); }
