// The verification record (verification_report.h). JSON through nlohmann::json (doubles in shortest
// round-trip form); the HTML page is A4, inline CSS, every label in Chinese and English.
#include "engine/certify/verification_report.h"

#include <cmath>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/core/numbers.h"
#include "engine/report/html_escape.h"

namespace pcf {

namespace {

using nlohmann::json;

std::string Number(double value) { return std::isfinite(value) ? FormatDouble(value) : std::string("(absent)"); }

json NumberOrNull(double value) { return std::isfinite(value) ? json(value) : json(nullptr); }

// A difference's value as JSON: the number, the text (as it was in the document) or null.
json Value(const FigureDifference& d, bool claimed) {
  if (!d.is_text) return NumberOrNull(claimed ? d.claimed : d.recomputed);
  try {
    return json::parse(claimed ? d.claimed_text : d.recomputed_text);
  } catch (const json::exception&) {
    return claimed ? d.claimed_text : d.recomputed_text;
  }
}

std::string Shown(const FigureDifference& d, bool claimed) {
  if (!d.is_text) return Number(claimed ? d.claimed : d.recomputed);
  return claimed ? d.claimed_text : d.recomputed_text;
}

std::string SummaryLine(const std::vector<VerificationEntry>& entries) {
  std::string summary;
  const auto counts = CountStatuses(entries);
  for (const std::string& key : VerificationStatuses())
    if (counts.at(key) > 0) summary += fmt::format("{}{} {}", summary.empty() ? "" : ", ", counts.at(key), key);
  return fmt::format("{} file{} checked: {}", entries.size(), entries.size() == 1 ? "" : "s",
                     summary.empty() ? "nothing to check" : summary);
}

struct Text {
  std::string_view en, zh;
};

constexpr Text kTitle = {"Verification record", "核查记录"};
constexpr Text kDate = {"Date", "日期"};
constexpr Text kVersion = {"pcf version", "pcf 版本"};
constexpr Text kDatabase = {"Database", "数据库"};
constexpr Text kDatabaseHash = {"Database content hash (SHA-256)", "数据库内容哈希（SHA-256）"};
constexpr Text kRtol = {"Relative tolerance", "相对容差"};
constexpr Text kVerifier = {"Verifier", "核查人"};
constexpr Text kFile = {"File", "文件"};
constexpr Text kProduct = {"Product", "产品"};
constexpr Text kDeclaredUnit = {"Declared unit", "声明单位"};
constexpr Text kClaimed = {"Claimed total", "声明总量"};
constexpr Text kRecomputed = {"Recomputed total", "复算总量"};
constexpr Text kOutcome = {"Outcome", "结论"};
constexpr Text kDifferences = {"Differences", "差异"};
constexpr Text kTotals = {"Totals per outcome", "各结论数量"};
constexpr Text kSignature = {"Signature of the verifier", "核查人签字"};
constexpr Text kExitCode = {"Exit code", "退出码"};
constexpr Text kNone = {"none", "无"};

std::string Both(Text text, Language language) {
  const bool zh = language == Language::kChinese;
  return fmt::format("<span class=\"l1\">{}</span><span class=\"l2\">{}</span>", HtmlEscape(zh ? text.zh : text.en),
                     HtmlEscape(zh ? text.en : text.zh));
}

std::string MdBoth(Text text, Language language) {
  return language == Language::kChinese ? fmt::format("{} / {}", text.zh, text.en) : fmt::format("{} / {}", text.en, text.zh);
}

std::string Total(double value, const std::string& unit) {
  return std::isfinite(value) ? fmt::format("{} {}", FormatDouble(value), unit) : std::string("–");
}

std::string Database(const VerificationHeader& h) {
  return h.db_name.empty() ? std::string("–") : fmt::format("{} {}", h.db_name, h.db_version);
}

constexpr std::string_view kStyle = R"(
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       color: #1b2a1f; margin: 0; font-size: 9pt; line-height: 1.3; }
.page { max-width: 186mm; margin: 0 auto; }
h1 { color: #2e6b3a; font-size: 16pt; margin: 0 0 3mm; }
h2 { font-size: 10.5pt; border-bottom: 1px solid #2e6b3a; margin: 4mm 0 1.5mm; color: #2e6b3a; }
.l2::before { content: " / "; color: #999; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: 0.6mm 1.2mm; border-bottom: 1px solid #dde5de; }
tr { page-break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.hash, .file { font-family: "DejaVu Sans Mono", monospace; font-size: 7.5pt; word-break: break-all; }
td.file { min-width: 26mm; }  /* a path breaks anywhere, but not down to one character a line */
.bad { color: #a02020; font-weight: bold; }
.ok { color: #2e6b3a; font-weight: bold; }
ul { margin: 0; padding-left: 4mm; }
.sign { margin-top: 10mm; border-top: 1px solid #333; width: 70mm; padding-top: 1mm; }
)";

}  // namespace

const std::vector<std::string>& VerificationStatuses() {
  static const std::vector<std::string> kStatuses = {"verified", "mismatch",  "inputs_changed", "database_differs",
                                                     "cannot_recompute", "valid", "tampered", "wrong_key",
                                                     "expired", "not_yet_valid", "malformed", "not_checked"};
  return kStatuses;
}

std::map<std::string, std::size_t> CountStatuses(const std::vector<VerificationEntry>& entries) {
  std::map<std::string, std::size_t> counts;
  for (const std::string& key : VerificationStatuses()) counts[key] = 0;
  for (const VerificationEntry& e : entries) ++counts[e.status];
  return counts;
}

std::string FormatVerificationText(const std::vector<VerificationEntry>& entries) {
  std::string out;
  for (const VerificationEntry& e : entries) {
    out += fmt::format("{:<16}  {}  {}\n", e.status, e.file, e.detail);
    for (const FigureDifference& d : e.differences)
      out += fmt::format("    {}: claimed {}, recomputed {}\n", d.figure, Shown(d, true), Shown(d, false));
  }
  return out + SummaryLine(entries) + "\n";
}

std::string FormatVerificationJson(const VerificationHeader& header, const std::vector<VerificationEntry>& entries,
                                   int exit_code) {
  json report = json::object();
  report["header"] = {{"date", header.date},
                      {"pcf_version", header.pcf_version},
                      {"database", {{"name", header.db_name}, {"version", header.db_version}, {"sha256", header.db_sha256}}},
                      {"rtol", header.rtol},
                      {"verifier", header.verifier}};
  json rows = json::array();
  for (const VerificationEntry& e : entries) {
    json row = {{"file", e.file},
                {"kind", e.certificate ? "certificate" : "submission"},
                {"status", e.status},
                {"detail", e.detail},
                {"figures_compared", e.figures_compared},
                {"product", e.product},
                {"declared_unit", e.declared_unit},
                {"unit", e.unit},
                {"claimed_total", NumberOrNull(e.claimed_total)},
                {"recomputed_total", NumberOrNull(e.recomputed_total)}};
    json differences = json::array();
    for (const FigureDifference& d : e.differences)
      differences.push_back({{"figure", d.figure}, {"claimed", Value(d, true)}, {"recomputed", Value(d, false)}});
    row["differences"] = std::move(differences);
    rows.push_back(std::move(row));
  }
  report["submissions"] = std::move(rows);
  json summary = {{"files", entries.size()}, {"exit_code", exit_code}, {"interrupted", header.interrupted}};
  for (const auto& [status, count] : CountStatuses(entries)) summary[status] = count;
  report["summary"] = std::move(summary);
  return report.dump(2) + "\n";
}

std::string FormatVerificationMarkdown(const VerificationHeader& h, const std::vector<VerificationEntry>& entries,
                                       int exit_code) {
  const Language l = Language::kEnglish;
  std::string out = fmt::format("# {}\n\n", MdBoth(kTitle, l));
  out += fmt::format("| | |\n|---|---|\n| {} | {} |\n| {} | {} |\n| {} | {} |\n| {} | `{}` |\n| {} | {} |\n| {} | {} |\n\n",
                     MdBoth(kDate, l), h.date, MdBoth(kVersion, l), h.pcf_version, MdBoth(kDatabase, l), Database(h),
                     MdBoth(kDatabaseHash, l), h.db_sha256.empty() ? "–" : h.db_sha256, MdBoth(kRtol, l),
                     FormatDouble(h.rtol), MdBoth(kVerifier, l), h.verifier.empty() ? "–" : h.verifier);
  const auto cell = [](std::string text) {
    for (std::size_t at = text.find('|'); at != std::string::npos; at = text.find('|', at + 2)) text.replace(at, 1, "\\|");
    for (char& c : text)
      if (c == '\n') c = ' ';
    return text;
  };
  out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n|---|---|---|---:|---:|---|---|\n", MdBoth(kFile, l),
                     MdBoth(kProduct, l), MdBoth(kDeclaredUnit, l), MdBoth(kClaimed, l), MdBoth(kRecomputed, l),
                     MdBoth(kOutcome, l), MdBoth(kDifferences, l));
  for (const VerificationEntry& e : entries) {
    std::string differences;
    for (const FigureDifference& d : e.differences)
      differences += fmt::format("{}{}: claimed {}, recomputed {}", differences.empty() ? "" : "<br>", d.figure,
                                 Shown(d, true), Shown(d, false));
    if (differences.empty() && e.status != "verified" && e.status != "valid") differences = e.detail;
    out += fmt::format("| {} | {} | {} | {} | {} | **{}** | {} |\n", cell(e.file), cell(e.product), cell(e.declared_unit),
                       cell(Total(e.claimed_total, e.unit)), cell(Total(e.recomputed_total, e.unit)), e.status,
                       cell(differences.empty() ? "–" : differences));
  }
  out += fmt::format("\n## {}\n\n{}; {} {}{}\n", MdBoth(kTotals, l), SummaryLine(entries), MdBoth(kExitCode, l), exit_code,
                     h.interrupted ? "; INTERRUPTED / 已中断" : "");
  return out;
}

std::string FormatVerificationHtml(const VerificationHeader& h, const std::vector<VerificationEntry>& entries,
                                   int exit_code, Language l) {
  std::string out = fmt::format("<h1>{}</h1>\n<table>\n", Both(kTitle, l));
  const auto row = [&](Text label, const std::string& value_html) {
    out += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", Both(label, l), value_html);
  };
  row(kDate, HtmlEscape(h.date));
  row(kVersion, HtmlEscape(h.pcf_version));
  row(kDatabase, HtmlEscape(Database(h)));
  row(kDatabaseHash, fmt::format("<span class=\"hash\">{}</span>", HtmlEscape(h.db_sha256.empty() ? "–" : h.db_sha256)));
  row(kRtol, HtmlEscape(FormatDouble(h.rtol)));
  row(kVerifier, HtmlEscape(h.verifier.empty() ? "–" : h.verifier));
  out += "</table>\n";
  out += fmt::format("<h2>{}</h2>\n<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
                     Both(kOutcome, l), Both(kFile, l), Both(kProduct, l), Both(kDeclaredUnit, l), Both(kClaimed, l),
                     Both(kRecomputed, l), Both(kOutcome, l), Both(kDifferences, l));
  for (const VerificationEntry& e : entries) {
    std::string differences;
    for (const FigureDifference& d : e.differences)
      differences += fmt::format("<li>{}: {} → {}</li>", HtmlEscape(d.figure), HtmlEscape(Shown(d, true)), HtmlEscape(Shown(d, false)));
    if (!differences.empty()) differences = "<ul>" + differences + "</ul>";
    else if (e.status != "verified" && e.status != "valid") differences = HtmlEscape(e.detail);
    else differences = Both(kNone, l);
    const bool good = e.status == "verified" || e.status == "valid";
    out += fmt::format(
        "<tr><td class=\"file\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"{}\">{}</td><td>{}</td></tr>\n",
        HtmlEscape(e.file), HtmlEscape(e.product), HtmlEscape(e.declared_unit), HtmlEscape(Total(e.claimed_total, e.unit)),
        HtmlEscape(Total(e.recomputed_total, e.unit)), good ? "ok" : "bad", HtmlEscape(e.status), differences);
  }
  out += "</table>\n";
  out += fmt::format("<h2>{}</h2>\n<table>\n", Both(kTotals, l));
  for (const auto& [status, count] : CountStatuses(entries))
    if (count > 0) out += fmt::format("<tr><th>{}</th><td class=\"num\">{}</td></tr>\n", HtmlEscape(status), count);
  out += fmt::format("<tr><th>{}</th><td class=\"num\">{}</td></tr>\n</table>\n", Both(kExitCode, l), exit_code);
  if (h.interrupted) out += "<p class=\"bad\">INTERRUPTED / 已中断: not_checked files were not verified / 未核查</p>\n";
  out += fmt::format("<p class=\"sign\">{}</p>\n", Both(kSignature, l));
  return fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n"
                     "<style>{}</style>\n</head>\n<body>\n<div class=\"page\">\n{}</div>\n</body>\n</html>\n",
                     LanguageTag(l), HtmlEscape(l == Language::kChinese ? kTitle.zh : kTitle.en), kStyle, out);
}

}  // namespace pcf
