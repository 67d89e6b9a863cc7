// pcf certify RESULT.json --key KEY -o CERT [--issuer NAME] [--valid-from DATE] [--valid-until DATE]
//             [--html CERT.html] [--lang en|zh]
// Signs a `pcf calc PRODUCT.yaml` result as a low-carbon certificate (docs/certification.md).
#include <memory>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "engine/certify/certificate.h"
#include "engine/certify/certificate_html.h"
#include "engine/core/atomic_file.h"
#include "engine/core/error.h"

namespace pcf::cli {

void AddCertifyCommand(CLI::App& app) {
  struct Options {
    std::string result;
    std::string key;
    std::string output;
    std::string issuer;
    std::string valid_from;
    std::string valid_until;
    std::string html;
    std::string language = "en";
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("certify", "sign a product result as a low-carbon certificate (Ed25519)");
  cmd->add_option("RESULT", options->result, "result JSON of `pcf calc PRODUCT.yaml`")->required();
  cmd->add_option("--key", options->key, "secret key file written by `pcf keygen`")->required();
  cmd->add_option("-o,--output", options->output, "certificate file to write (- for standard output)")->required();
  cmd->add_option("--issuer", options->issuer, "issuer name (default: the one in the key file)");
  cmd->add_option("--valid-from", options->valid_from, "first day of validity, YYYY-MM-DD (default: today, UTC)");
  cmd->add_option("--valid-until", options->valid_until, "last day of validity, YYYY-MM-DD (default: valid-from + 1 year)");
  cmd->add_option("--html", options->html, "also write the certificate as a printable bilingual HTML page");
  cmd->add_option("--lang", options->language, "language shown first on the HTML page: en or zh")
      ->check(CLI::IsMember({"en", "zh"}));
  cmd->callback([options] {
    // Nothing is read or signed when an output would overwrite the result, the key or the other output.
    CheckOutputs({{options->result, "result"}, {options->key, "key"}}, {{options->output, "-o"}, {options->html, "--html"}});
    OutputFormat(options->output, "", CertificateExtensions(), "json");
    if (!options->html.empty()) OutputFormat(options->html, "", HtmlPageExtensions(), "html", "--html");
    CertificateRequest request;
    request.result_json = ReadWholeFile(options->result);
    request.issuer = options->issuer;
    request.issued = TodayUtc();
    request.valid_from = options->valid_from.empty() ? request.issued : options->valid_from;
    if (!IsCalendarDate(request.valid_from))
      throw Error(ErrorKind::kBadInput, fmt::format("--valid-from '{}' is not a date YYYY-MM-DD", request.valid_from));
    request.valid_until = options->valid_until.empty() ? AddYears(request.valid_from, 1) : options->valid_until;
    const std::string key_text = ReadWholeFile(options->key);
    const std::string certificate = IssueCertificate(request, key_text);
    // Everything is rendered before anything is written.
    const std::string html = options->html.empty()
                                 ? std::string()
                                 : FormatCertificateHtml(certificate, options->language == "zh" ? Language::kChinese
                                                                                                : Language::kEnglish);
    WriteOutput(options->output, certificate);
    if (!options->html.empty()) WriteOutput(options->html, html);
    if (options->output != "-")
      std::fprintf(stderr, "%s\n",
                   fmt::format("certified {}: valid {} to {}; certificate {}{}", options->result, request.valid_from,
                               request.valid_until, options->output,
                               options->html.empty() ? "" : ", page " + options->html).c_str());
  });
}

}  // namespace pcf::cli
