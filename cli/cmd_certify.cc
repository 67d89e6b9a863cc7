// pcf certify --verification-report REPORT.json --key KEY -o CERT [--issuer …] [--valid-from …] [--valid-until …]
//             [--allow-backdate] [--scheme NAME] [--passphrase-file F]: signs a `pcf verify --report` JSON record.
// pcf certify RESULT.json --key KEY -o CERT [--issuer NAME] [--valid-from DATE] [--valid-until DATE]
//             [--allow-backdate] [--scheme NAME] [--db DB] [--product PRODUCT.yaml] [--rtol R] [--solver S]
//             [--html CERT.html] [--lang en|zh] [--passphrase-file F]
// Recomputes a `pcf calc PRODUCT.yaml` result as `pcf verify` does and, only when it is verified, signs
// it as a low-carbon certificate (docs/certification.md).
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/default_db.h"
#include "cli/limits_option.h"
#include "cli/output.h"
#include "cli/verdict.h"
#include "engine/certify/certificate.h"
#include "engine/certify/certificate_html.h"
#include "engine/certify/certify.h"
#include "engine/certify/key_encryption.h"
#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/core/numbers.h"
#include "engine/db/model_store.h"

namespace pcf::cli {

namespace {

struct Options {
  std::string result;
  std::string key;
  std::string output;
  std::string issuer;
  std::string valid_from;
  std::string valid_until;
  bool allow_backdate = false;
  std::string scheme;
  std::string database;
  std::string product;
  double rtol = 1e-9;
  SolveMethod solver = SolveMethod::kBlockTriangular;
  bool solver_given = false;
  std::string html;
  std::string language = "en";
  std::string passphrase_file;
  std::string verification_report;
  std::vector<std::string> limits;  // --limits
};

// The secret key file's text, decrypted with the passphrase when the file is encrypted. An unencrypted key
// still works, with a warning.
std::string ReadSecretKey(const Options& o) {
  const std::string text = ReadWholeFile(o.key);
  if (IsEncryptedSecretKey(text)) {
    if (o.passphrase_file.empty())
      throw Error(ErrorKind::kBadInput, "the secret key is encrypted: give its passphrase with --passphrase-file F",
                  {o.key, 0, 0, ""});
    return DecryptSecretKey(text, ReadPassphraseFile(o.passphrase_file), o.key);
  }
  std::fprintf(stderr, "%s\n",
               fmt::format("pcf: warning: the secret key {} is not encrypted{} (`pcf keygen --passphrase-file F` makes "
                           "one that is)", o.key, o.passphrase_file.empty() ? "" : "; --passphrase-file is not used").c_str());
  return text;
}

// The refusal: what verify would have said, on standard error; nothing is written.
[[noreturn]] void Refuse(const std::string& result, const SubmissionCheck& check) {
  std::string message = fmt::format("not certified: {} is {}: {}\n", result, SubmissionStatusName(check.status), check.detail);
  for (const FigureDifference& d : check.differences)
    message += fmt::format("    {}: claimed {}, recomputed {}\n", d.figure,
                           d.is_text ? d.claimed_text : (std::isfinite(d.claimed) ? FormatDouble(d.claimed) : "(absent)"),
                           d.is_text ? d.recomputed_text : (std::isfinite(d.recomputed) ? FormatDouble(d.recomputed) : "(absent)"));
  std::fputs(message.c_str(), stderr);
  throw ExitWithCode{SubmissionExitCode(check.status)};
}

// Issuer, dates and scheme of the certificate from the options (exit 3 for impossible dates).
CertificateRequest Request(const Options& o) {
  CertificateRequest request;
  request.issuer = o.issuer;
  request.issued = TodayUtc();
  request.valid_from = o.valid_from.empty() ? request.issued : o.valid_from;
  if (!IsCalendarDate(request.valid_from))
    throw Error(ErrorKind::kBadInput, fmt::format("--valid-from '{}' is not a date YYYY-MM-DD", request.valid_from));
  if (request.valid_from < request.issued && !o.allow_backdate)
    throw Error(ErrorKind::kBadInput,
                fmt::format("--valid-from {} is before today ({}): a backdated certificate needs --allow-backdate "
                            "(it is then marked backdated)", request.valid_from, request.issued));
  request.valid_until = o.valid_until.empty() ? AddYears(request.valid_from, 1) : o.valid_until;
  request.scheme = o.scheme;
  return request;
}

// pcf certify --verification-report: signs the record; nothing is recomputed.
void RunRecord(const Options& o) {
  const std::string counter = o.key + ".counter";
  CheckOutputs({{o.verification_report, "verification report"}, {o.key, "key"}, {o.passphrase_file, "passphrase file"}},
               {{o.output, "-o"}, {counter, "certificate counter"}});
  OutputFormat(o.output, "", CertificateExtensions(), "json");
  if (!o.html.empty()) throw CLI::ValidationError("--html", "the printable page is for product certificates, not for a verification record");
  CertificateRequest request = Request(o);
  const std::string key_text = ReadSecretKey(o);
  const std::string report = ReadWholeFile(o.verification_report);
  (void)IssueReportCertificate(report, request, key_text);  // not a record, a bad key: refused before a number is used
  request.number = NextCertificateNumber(o.key, key_text);
  WriteOutput(o.output, IssueReportCertificate(report, request, key_text));
  if (o.output != "-")
    std::fprintf(stderr, "%s\n", fmt::format("signed the verification record {}: certificate {} valid {} to {}{}; written to {}",
                                             o.verification_report, request.number, request.valid_from, request.valid_until,
                                             request.valid_from < request.issued ? " (backdated)" : "", o.output).c_str());
}

void Run(const Options& o) {
  const Limits limits = LimitsFrom(o.limits);
  const std::string db_path = ResolveDatabase(o.database);
  const std::string counter = o.key + ".counter";
  // Nothing is read or signed when an output would overwrite an input, the key or the counter.
  CheckOutputs({{o.result, "result"}, {o.key, "key"}, {o.product, "product file"}, {db_path, "database"},
                {o.passphrase_file, "passphrase file"}},
               {{o.output, "-o"}, {o.html, "--html"}, {counter, "certificate counter"}});
  OutputFormat(o.output, "", CertificateExtensions(), "json");
  if (!o.html.empty()) OutputFormat(o.html, "", HtmlPageExtensions(), "html", "--html");
  if (!(o.rtol >= 0) || !std::isfinite(o.rtol)) throw CLI::ValidationError("--rtol", "must be a finite number ≥ 0");

  CertificateRequest request = Request(o);
  const std::string key_text = ReadSecretKey(o);
  const std::string result_text = ReadWholeFile(o.result);

  // Not a product result, a bad key, an impossible request: refused (exit 3) before any recomputation.
  request.result_json = result_text;
  (void)IssueCertificate(request, key_text);
  // Recompute: only a verified result is signed.
  const StoredModel database = LoadModel(db_path);
  const Certification certification =
      RecomputeForCertificate(o.result, result_text, std::filesystem::path(o.result).parent_path().string(), o.product,
                              database, o.rtol, o.solver_given ? std::optional<SolveMethod>(o.solver) : std::nullopt, limits);
  if (certification.check.status != SubmissionStatus::kVerified) Refuse(o.result, certification.check);
  request.record_json = certification.record_json;
  request.number = NextCertificateNumber(o.key, key_text);
  const std::string certificate = IssueCertificate(request, key_text);
  // Everything is rendered before anything is written.
  const std::string html = o.html.empty() ? std::string()
                                          : FormatCertificateHtml(certificate, o.language == "zh" ? Language::kChinese
                                                                                                  : Language::kEnglish);
  WriteOutput(o.output, certificate);
  if (!o.html.empty()) WriteOutput(o.html, html);
  if (o.output != "-")
    std::fprintf(stderr, "%s\n",
                 fmt::format("certified {} (recomputed: {}): certificate {} valid {} to {}{}; written to {}{}", o.result,
                             certification.check.detail, request.number, request.valid_from, request.valid_until,
                             request.valid_from < request.issued ? " (backdated)" : "", o.output,
                             o.html.empty() ? "" : ", page " + o.html).c_str());
}

}  // namespace

void AddCertifyCommand(CLI::App& app) {
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("certify", "recompute a product result and sign it as a low-carbon certificate (Ed25519)");
  cmd->add_option("RESULT", options->result, "result JSON of `pcf calc PRODUCT.yaml`");
  cmd->add_option("--verification-report", options->verification_report,
                  "sign this verification record (the JSON of `pcf verify --report FILE.json`) instead of a result");
  cmd->add_option("--key", options->key, "secret key file written by `pcf keygen`")->required();
  cmd->add_option("-o,--output", options->output, "certificate file to write (- for standard output)")->required();
  cmd->add_option("--issuer", options->issuer, "issuer name (default: the one in the key file)");
  cmd->add_option("--valid-from", options->valid_from, "first day of validity, YYYY-MM-DD (default: today, UTC)");
  cmd->add_option("--valid-until", options->valid_until, "last day of validity, YYYY-MM-DD (default: valid-from + 1 year)");
  cmd->add_flag("--allow-backdate", options->allow_backdate, "allow --valid-from before today (marked backdated)");
  cmd->add_option("--scheme", options->scheme, "the certification scheme, e.g. the Hubei low-carbon product label");
  cmd->add_option("--db", options->database, "database to recompute with (default: $PCF_DB, else the shipped Hubei database)");
  cmd->add_option("--product", options->product, "where to look for the result's product file when it is not where the manifest says");
  cmd->add_option("--rtol", options->rtol, "relative tolerance of the recomputation (default 1e-9)");
  CLI::Option* solver = AddSolverOption(*cmd, &options->solver);
  AddLimitsOption(*cmd, &options->limits);
  cmd->add_option("--html", options->html, "also write the certificate as a printable bilingual HTML page");
  cmd->add_option("--lang", options->language, "language shown first on the HTML page: en or zh")
      ->check(CLI::IsMember({"en", "zh"}));
  cmd->add_option("--passphrase-file", options->passphrase_file,
                  "the passphrase of an encrypted secret key (first line of the file)");
  cmd->callback([options, solver] {
    options->solver_given = solver->count() > 0;
    if (options->result.empty() == options->verification_report.empty())
      throw CLI::ValidationError("RESULT", "give either a result to certify or --verification-report REPORT.json");
    if (!options->verification_report.empty()) RunRecord(*options);
    else Run(*options);
  });
}

}  // namespace pcf::cli
