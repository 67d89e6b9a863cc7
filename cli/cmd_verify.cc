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
#include <tuple>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/default_db.h"
#include "cli/exit_codes.h"
#include "cli/interrupt.h"
#include "cli/limits_option.h"
#include "cli/output.h"
#include "cli/verdict.h"
#include "engine/certify/certify.h"
#include "engine/certify/verification_report.h"
#include "engine/certify/certificate.h"
#include "engine/certify/submission.h"
#include "engine/certify/submission_zip.h"
#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/core/folder_files.h"
#include "engine/core/numbers.h"
#include "engine/db/model_store.h"

namespace pcf::cli {

namespace {

namespace fs = std::filesystem;

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
  bool recompute = false;     // --recompute: certificates are recomputed (else only when their inputs are at hand)
  bool no_recompute = false;
  std::string report;         // --report FILE.json|md|html
  std::string verifier;
  std::string language = "en";
  std::vector<std::string> limits;  // --limits
};

// Files and folders → files: a folder gives its *.json files (not recursive), sorted by name; a zip (*.zip, or
// known by its content) is extracted into `archives` and gives its submissions. A path that does not exist stays
// in the list and is reported as cannot_recompute.
std::vector<std::string> CollectSubmissions(const std::vector<std::string>& arguments, const Limits& limits,
                                            std::vector<std::unique_ptr<SubmissionArchive>>* archives) {
  std::vector<std::string> files;
  for (const std::string& argument : arguments) {
    std::error_code ec;
    if (IsZipArchive(argument)) {
      archives->push_back(std::make_unique<SubmissionArchive>(argument, ZipLimitsOf(limits)));
      const std::vector<std::string>& found = archives->back()->submissions();
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_directory(argument, ec)) {
      std::vector<std::string> found;
      for (const fs::path& file : FilesInFolder(argument, false, [](const fs::path& p) { return p.extension() == ".json"; }))
        found.push_back(file.string());
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(argument);
    }
  }
  return files;
}

bool IsDate(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t k = 0; k < text.size(); ++k)
    if (k != 4 && k != 7 && (text[k] < '0' || text[k] > '9')) return false;
  return true;
}

void Fill(VerificationEntry* e, SubmissionCheck check) {
  e->status = SubmissionStatusName(check.status);
  e->detail = std::move(check.detail);
  e->exit_code = SubmissionExitCode(check.status);
  e->figures_compared = check.figures_compared;
  e->differences = std::move(check.differences);
  e->product = std::move(check.product);
  e->declared_unit = std::move(check.declared_unit);
  e->unit = std::move(check.unit);
  e->claimed_total = check.claimed_total;
  e->recomputed_total = check.recomputed_total;
}

void Run(const Options& o) {
  const std::atomic<bool>& interrupted = InstallInterruptHandler();  // from here on Ctrl-C only sets a flag
  if (!(o.rtol >= 0) || !std::isfinite(o.rtol)) throw CLI::ValidationError("--rtol", "must be a finite number ≥ 0");
  if (!o.today.empty() && !IsDate(o.today)) throw CLI::ValidationError("--today", "must be a date YYYY-MM-DD");
  if (o.recompute && o.no_recompute) throw CLI::ValidationError("--recompute", "and --no-recompute exclude each other");
  const Limits limits = LimitsFrom(o.limits);
  std::vector<std::unique_ptr<SubmissionArchive>> archives;  // extracted zips, removed when Run ends
  const std::vector<std::string> files = CollectSubmissions(o.submissions, limits, &archives);
  if (files.empty())  // "nothing to check" with exit 0 would read as a pass to a script
    throw Error(ErrorKind::kNotFound,
                fmt::format("no submission to check in {}: no *.json result, PACT footprint or certificate",
                            fmt::join(o.submissions, ", ")));
  const auto shown = [&archives](std::string text) {  // a member of a zip as ARCHIVE.zip:path, not its temporary copy
    for (const auto& archive : archives) text = archive->Shown(text);
    return text;
  };
  std::vector<NamedPath> inputs = {{o.product, "product file"}, {o.pubkey, "public key"}};
  for (const auto& archive : archives) inputs.push_back({archive->archive(), "submission"});
  for (const std::string& file : files) inputs.push_back({file, "submission"});
  try {  // the database too, when there is one (certificates alone need none)
    inputs.push_back({ResolveDatabase(o.database), "database"});
  } catch (const Error&) {
  }
  CheckOutputs(inputs, {{o.output, "-o"}, {o.report, "--report"}});
  const std::string format = OutputFormat(o.output, o.format, VerifyReportExtensions(), "text");
  const std::string report_format = o.report.empty() ? "" : OutputFormat(o.report, "", VerificationRecordExtensions(), "json", "--report");

  // Certificates and submissions apart; a certificate needs --pubkey (a usage error before any work).
  std::vector<VerificationEntry> entries(files.size());
  std::vector<std::size_t> submissions, certificates_to_recompute;
  std::vector<std::string> certificate_texts(files.size());
  std::optional<std::string> public_key;
  const std::string today = o.today.empty() ? TodayUtc() : o.today;
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
      throw CLI::ValidationError("--pubkey", fmt::format("{} is a certificate: give the issuer's public key with --pubkey KEY.pub", shown(files[k])));
    if (!public_key) public_key = ReadWholeFile(o.pubkey);
    const CertificateCheck check = VerifyCertificate(text, *public_key, today);
    VerificationEntry& e = entries[k];
    e.certificate = true;
    e.status = CertificateStatusName(check.status);
    e.detail = check.detail;
    e.exit_code = check.status == CertificateStatus::kValid ? kExitSuccess : kExitCertificateInvalid;
    if (IsVerificationRecordCertificate(text)) continue;  // a signed record: signature and dates only, no figures
    const SubmissionCheck about = DescribeSubmission(CertificateClaims(text));
    e.product = about.product;
    e.declared_unit = about.declared_unit;
    e.unit = about.unit;
    e.claimed_total = about.claimed_total;
    // A genuine certificate is recomputed with --recompute, and by default when its inputs are at hand.
    const std::string folder = fs::path(files[k]).parent_path().string();
    if (check.status == CertificateStatus::kValid && !o.no_recompute &&
        (o.recompute || CertificateInputsAtHand(text, folder, o.product))) {
      certificates_to_recompute.push_back(k);
      certificate_texts[k] = std::move(text);
    } else if (check.status == CertificateStatus::kValid) {
      e.detail += "; figures not recomputed (its inputs are not at hand: --recompute to require it)";
    }
  }

  // Submissions and certificates to recompute: the database is loaded once and shared (read-only).
  VerificationHeader header;
  header.date = TodayUtc();
  header.pcf_version = PCF_VERSION;
  header.rtol = o.rtol;
  header.verifier = o.verifier;
  const std::optional<SolveMethod> solver = o.solver_given ? std::optional<SolveMethod>(o.solver) : std::nullopt;
  std::vector<std::size_t> work_list = submissions;
  work_list.insert(work_list.end(), certificates_to_recompute.begin(), certificates_to_recompute.end());
  if (!work_list.empty()) {
    const std::string db_path = ResolveDatabase(o.database);
    const StoredModel database = LoadModel(db_path);
    header.db_name = database.info.name;
    header.db_version = database.info.version;
    header.db_sha256 = database.content_sha256;
    const std::size_t workers = std::min<std::size_t>(
        work_list.size(), o.jobs > 0 ? static_cast<std::size_t>(o.jobs) : std::max(1u, std::thread::hardware_concurrency()));
    std::atomic<std::size_t> next{0};
    auto work = [&] {
      for (std::size_t i = next++; i < work_list.size(); i = next++) {
        const std::size_t k = work_list[i];
        if (interrupted.load()) {  // Ctrl-C: no new file is started
          entries[k].status = "not_checked";
          entries[k].detail = "not checked: the verification was interrupted";
          entries[k].exit_code = kExitSuccess;
          continue;
        }
        VerificationEntry& e = entries[k];
        if (!e.certificate) {
          Fill(&e, VerifySubmission(e.file, o.product, database, o.rtol, solver, limits));
          continue;
        }
        const std::string signature_detail = e.detail;
        SubmissionCheck check = RecomputeCertificate(e.file, certificate_texts[k], fs::path(e.file).parent_path().string(),
                                                     o.product, database, o.rtol, solver, limits);
        const bool verified = check.status == SubmissionStatus::kVerified;
        Fill(&e, std::move(check));
        e.certificate = true;
        if (verified) {
          e.status = "valid";
          e.detail = signature_detail + "; recomputed: " + e.detail;
        } else {
          e.detail = "signature valid, but the certified figures do not recompute: " + e.detail;
        }
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

  for (VerificationEntry& e : entries) {
    e.file = shown(e.file);
    e.detail = shown(e.detail);
    for (FigureDifference& d : e.differences) {
      d.claimed_text = shown(d.claimed_text);
      d.recomputed_text = shown(d.recomputed_text);
    }
  }
  int exit_code = kExitSuccess;
  for (const VerificationEntry& e : entries) exit_code = std::max(exit_code, e.exit_code);
  // Everything is formatted before anything is written.
  for (const VerificationEntry& e : entries) header.interrupted = header.interrupted || e.status == "not_checked";
  std::string out = format == "json" ? FormatVerificationJson(header, entries, exit_code) : FormatVerificationText(entries);
  if (header.interrupted && format != "json") out += "interrupted: files marked not_checked were not verified\n";
  std::string record;
  const Language language = o.language == "zh" ? Language::kChinese : Language::kEnglish;
  if (report_format == "json") record = FormatVerificationJson(header, entries, exit_code);
  else if (report_format == "md") record = FormatVerificationMarkdown(header, entries, exit_code);
  else if (report_format == "html") record = FormatVerificationHtml(header, entries, exit_code, language);
  WriteOutput(o.output, out);
  if (!o.report.empty()) WriteOutput(o.report, record);
  if (header.interrupted) {
    std::fprintf(stderr, "pcf: interrupted: the report lists what was checked; the rest is not_checked\n");
    throw ExitWithCode{kExitInterrupted};
  }
  if (exit_code != kExitSuccess) throw ExitWithCode{exit_code};  // a verdict, not an error
}

}  // namespace

void AddVerifyCommand(CLI::App& app) {
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "verify", "recompute submitted results (pcf JSON, PACT with its product file) and check signed certificates");
  cmd->add_option("SUBMISSION", options->submissions,
                  "result JSON, PACT JSON or certificate files, folders of *.json, or a zip of a submission folder")
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
  cmd->add_flag("--recompute", options->recompute,
                "recompute the figures of certificates (default: when their inputs are at hand); missing inputs are then cannot_recompute");
  cmd->add_flag("--no-recompute", options->no_recompute, "check certificates' signatures and dates only");
  cmd->add_option("--report", options->report, "also write a verification record: FILE.json, FILE.md or FILE.html");
  cmd->add_option("--verifier", options->verifier, "the verifier's name, in the record's header");
  cmd->add_option("--lang", options->language, "language shown first in the HTML record: en or zh")
      ->check(CLI::IsMember({"en", "zh"}));
  CLI::Option* solver = AddSolverOption(*cmd, &options->solver);
  AddLimitsOption(*cmd, &options->limits);
  cmd->callback([options, solver] {
    options->solver_given = solver->count() > 0;
    Run(*options);
  });
}

}  // namespace pcf::cli
