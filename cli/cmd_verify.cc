// pcf verify SUBMISSION… [--db DB] [--product PRODUCT.yaml] [--rtol 1e-9] [--format text|json] [-o FILE]
//                        [--pubkey KEY.pub] [--today YYYY-MM-DD] [--jobs N]
// Recomputes submissions (pcf results, PACT footprints with their product file) against one database,
// and checks signed certificates. Report format and exit codes: docs/certification.md,
// docs/exit-codes.md ("pcf verify").
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/default_db.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "engine/certify/certificate.h"
#include "engine/certify/submission.h"
#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/core/numbers.h"
#include "engine/db/model_store.h"
#include "engine/report/json_writer.h"

namespace pcf::cli {

namespace {

namespace fs = std::filesystem;

// Exit codes of `pcf verify` beyond the common ones (docs/exit-codes.md): the highest that occurs.
constexpr int kExitMismatch = 10;
constexpr int kExitInputsChanged = 11;
constexpr int kExitDatabaseDiffers = 12;
constexpr int kExitCannotRecompute = 13;
constexpr int kExitCertificateInvalid = 14;

struct Options {
  std::vector<std::string> submissions;
  std::string database;
  std::string product;
  double rtol = 1e-9;
  std::string format;  // text or json; default: from the -o extension, else text
  std::string output;
  std::string pubkey;
  std::string today;
  int jobs = 0;
  SolveMethod solver = SolveMethod::kBlockTriangular;
  bool solver_given = false;  // else each result is recomputed with the solver its manifest records
};

// One line of the report: a submission or a certificate.
struct Entry {
  std::string file;
  std::string status;  // summary key: verified, mismatch, …, valid, tampered, …
  std::string detail;
  int exit_code = 0;
  bool certificate = false;
  std::size_t figures_compared = 0;
  std::vector<FigureDifference> differences;
};


int SubmissionExitCode(SubmissionStatus status) {
  switch (status) {
    case SubmissionStatus::kVerified: return kExitSuccess;
    case SubmissionStatus::kMismatch: return kExitMismatch;
    case SubmissionStatus::kInputsChanged: return kExitInputsChanged;
    case SubmissionStatus::kDatabaseDiffers: return kExitDatabaseDiffers;
    case SubmissionStatus::kCannotRecompute: return kExitCannotRecompute;
  }
  return kExitCannotRecompute;
}

// Files and folders → files: a folder gives its *.json files (not recursive), sorted by name. A path
// that does not exist stays in the list and is reported as cannot_recompute.
std::vector<std::string> CollectSubmissions(const std::vector<std::string>& arguments) {
  std::vector<std::string> files;
  for (const std::string& argument : arguments) {
    std::error_code ec;
    if (fs::is_directory(argument, ec)) {
      std::vector<std::string> found;
      for (const fs::directory_entry& e : fs::directory_iterator(argument, ec))
        if (e.path().extension() == ".json" && e.is_regular_file(ec)) found.push_back(e.path().string());
      if (ec) throw Error(ErrorKind::kIo, fmt::format("cannot list the folder {}: {}", argument, ec.message()));
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(argument);
    }
  }
  return files;
}

std::string Today() {
  const std::time_t t = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &utc);
  return buffer;
}

bool IsDate(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t k = 0; k < text.size(); ++k)
    if (k != 4 && k != 7 && (text[k] < '0' || text[k] > '9')) return false;
  return true;
}

std::string Number(double value) { return std::isfinite(value) ? FormatDouble(value) : std::string("(absent)"); }

const std::vector<std::string>& SummaryKeys() {
  static const std::vector<std::string> kKeys = {"verified", "mismatch",  "inputs_changed", "database_differs",
                                                 "cannot_recompute", "valid", "tampered", "wrong_key",
                                                 "expired", "not_yet_valid", "malformed"};
  return kKeys;
}

std::string FormatText(const std::vector<Entry>& entries, const std::map<std::string, std::size_t>& counts) {
  std::string out;
  for (const Entry& e : entries) {
    out += fmt::format("{:<16}  {}  {}\n", e.status, e.file, e.detail);
    for (const FigureDifference& d : e.differences)
      out += fmt::format("    {}: claimed {}, recomputed {}\n", d.figure, Number(d.claimed), Number(d.recomputed));
  }
  std::string summary;
  for (const std::string& key : SummaryKeys())
    if (const auto it = counts.find(key); it != counts.end() && it->second > 0)
      summary += fmt::format("{}{} {}", summary.empty() ? "" : ", ", it->second, key);
  out += fmt::format("{} file{} checked: {}\n", entries.size(), entries.size() == 1 ? "" : "s",
                     summary.empty() ? "nothing to check" : summary);
  return out;
}

std::string FormatJson(const std::vector<Entry>& entries, const std::map<std::string, std::size_t>& counts, int exit_code) {
  JsonWriter w;
  w.BeginObject().Key("submissions").BeginArray();
  for (const Entry& e : entries) {
    w.BeginObject().Field("file", e.file).Field("kind", e.certificate ? "certificate" : "submission");
    w.Field("status", e.status).Field("detail", e.detail);
    w.Key("figures_compared").Integer(static_cast<long long>(e.figures_compared));
    w.Key("differences").BeginArray();
    for (const FigureDifference& d : e.differences) {
      w.BeginObject().Field("figure", d.figure);
      w.Key("claimed");
      if (std::isfinite(d.claimed)) w.Number(d.claimed);
      else w.Null();
      w.Key("recomputed");
      if (std::isfinite(d.recomputed)) w.Number(d.recomputed);
      else w.Null();
      w.EndObject();
    }
    w.EndArray().EndObject();
  }
  w.EndArray();
  w.Key("summary").BeginObject().Key("files").Integer(static_cast<long long>(entries.size()));
  for (const std::string& key : SummaryKeys()) {
    const auto it = counts.find(key);
    w.Key(key).Integer(static_cast<long long>(it == counts.end() ? 0 : it->second));
  }
  w.Key("exit_code").Integer(exit_code);
  w.EndObject().EndObject();
  return w.Finish();
}

void Run(const Options& o) {
  if (!(o.rtol >= 0) || !std::isfinite(o.rtol)) throw CLI::ValidationError("--rtol", "must be a finite number ≥ 0");
  if (!o.today.empty() && !IsDate(o.today)) throw CLI::ValidationError("--today", "must be a date YYYY-MM-DD");
  const std::vector<std::string> files = CollectSubmissions(o.submissions);
  std::vector<NamedPath> inputs = {{o.product, "product file"}, {o.pubkey, "public key"}};
  for (const std::string& file : files) inputs.push_back({file, "submission"});
  try {  // the database too, when there is one (certificates alone need none)
    inputs.push_back({ResolveDatabase(o.database), "database"});
  } catch (const Error&) {
  }
  CheckOutputs(inputs, {{o.output, "-o"}});
  const std::string format = OutputFormat(o.output, o.format, VerifyReportExtensions(), "text");

  // Certificates and submissions apart; a certificate needs --pubkey (a usage error before any work).
  std::vector<Entry> entries(files.size());
  std::vector<std::size_t> submissions;
  std::optional<std::string> public_key;
  const std::string today = o.today.empty() ? Today() : o.today;
  for (std::size_t k = 0; k < files.size(); ++k) {
    entries[k].file = files[k];
    std::string text;
    try {
      text = ReadWholeFile(files[k]);
    } catch (const Error&) {
      submissions.push_back(k);  // reported as cannot_recompute by the verification
      continue;
    }
    if (!IsCertificate(text)) {
      submissions.push_back(k);
      continue;
    }
    if (o.pubkey.empty())
      throw CLI::ValidationError("--pubkey", fmt::format("{} is a certificate: give the issuer's public key with --pubkey KEY.pub", files[k]));
    if (!public_key) public_key = ReadWholeFile(o.pubkey);
    const CertificateCheck check = VerifyCertificate(text, *public_key, today);
    entries[k].certificate = true;
    entries[k].status = CertificateStatusName(check.status);
    entries[k].detail = check.detail;
    entries[k].exit_code = check.status == CertificateStatus::kValid ? kExitSuccess : kExitCertificateInvalid;
  }

  // Submissions: the database is loaded once and shared (read-only) by the workers.
  if (!submissions.empty()) {
    const std::string db_path = ResolveDatabase(o.database);
    const StoredModel database = LoadModel(db_path);
    const std::size_t workers = std::min<std::size_t>(
        submissions.size(), o.jobs > 0 ? static_cast<std::size_t>(o.jobs) : std::max(1u, std::thread::hardware_concurrency()));
    std::atomic<std::size_t> next{0};
    auto work = [&] {
      for (std::size_t i = next++; i < submissions.size(); i = next++) {
        Entry& e = entries[submissions[i]];
        SubmissionCheck check = VerifySubmission(e.file, o.product, database, o.rtol,
                                                 o.solver_given ? std::optional<SolveMethod>(o.solver) : std::nullopt);
        e.status = SubmissionStatusName(check.status);
        e.detail = std::move(check.detail);
        e.exit_code = SubmissionExitCode(check.status);
        e.figures_compared = check.figures_compared;
        e.differences = std::move(check.differences);
      }
    };
    if (workers <= 1) {
      work();
    } else {
      std::vector<std::thread> pool;
      for (std::size_t t = 0; t < workers; ++t) pool.emplace_back(work);
      for (std::thread& t : pool) t.join();
    }
  }

  std::map<std::string, std::size_t> counts;
  int exit_code = kExitSuccess;
  for (const Entry& e : entries) {
    ++counts[e.status];
    exit_code = std::max(exit_code, e.exit_code);
  }
  WriteOutput(o.output, format == "json" ? FormatJson(entries, counts, exit_code) : FormatText(entries, counts));
  if (exit_code != kExitSuccess) throw ExitWithCode{exit_code};  // a verdict, not an error
}

}  // namespace

void AddVerifyCommand(CLI::App& app) {
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "verify", "recompute submitted results (pcf JSON, PACT with its product file) and check signed certificates");
  cmd->add_option("SUBMISSION", options->submissions, "result JSON, PACT JSON or certificate files, or folders of *.json")
      ->required();
  cmd->add_option("--db", options->database, "database to recompute with (default: $PCF_DB, else the shipped Hubei database)");
  cmd->add_option("--product", options->product,
                  "the product file of a PACT footprint (and where to look for a result's product file it cannot find)");
  cmd->add_option("--rtol", options->rtol, "relative tolerance of every figure (default 1e-9)");
  cmd->add_option("--format", options->format, "text or json (default: from the -o extension, else text)")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("-o,--output", options->output, "write the report to FILE (default: standard output)");
  cmd->add_option("--pubkey", options->pubkey, "the issuer's public key (KEY.pub), to verify certificates");
  cmd->add_option("--today", options->today, "the date certificates are checked against (default: today, UTC)");
  cmd->add_option("--jobs", options->jobs, "parallel workers (default: the number of cores)")->check(CLI::Range(1, 1024));
  CLI::Option* solver = AddSolverOption(*cmd, &options->solver);
  cmd->callback([options, solver] {
    options->solver_given = solver->count() > 0;
    Run(*options);
  });
}

}  // namespace pcf::cli
