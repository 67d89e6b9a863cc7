// The printable certificate page (certificate_html.h): A4, inline CSS, Chinese and English labels side by
// side. Shared report terms come from the label table (engine/report/labels.h); the few certificate terms
// are below, written by hand in both languages.
#include "engine/report/html_escape.h"
#include "engine/certify/certificate_html.h"

#include <cmath>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/certify/certificate.h"
#include "engine/core/error.h"
#include "engine/core/numbers.h"
#include "engine/core/sha256.h"
#include "engine/report/labels.h"

namespace pcf {

namespace {

using nlohmann::json;

struct Text {
  std::string_view en;
  std::string_view zh;
};

constexpr Text kTitle = {"Product Carbon Footprint Certificate", "产品碳足迹证书"};
constexpr Text kSubtitle = {"according to ISO 14067:2018 / GB/T 24067-2024", "依据 ISO 14067:2018 / GB/T 24067-2024"};
constexpr Text kValidity = {"Validity", "有效期"};
constexpr Text kValidFrom = {"Valid from", "有效期自"};
constexpr Text kValidUntil = {"Valid until", "有效期至"};
constexpr Text kIssued = {"Date of issue", "签发日期"};
constexpr Text kIssuer = {"Issued by", "签发机构"};
constexpr Text kKeyId = {"Signing key id", "签名密钥标识"};
constexpr Text kSignature = {"Digital signature", "数字签名"};
constexpr Text kCertificateHash = {"Certificate hash (SHA-256 of the certificate file)", "证书哈希（证书文件的 SHA-256）"};
constexpr Text kVerify = {
    "This page shows the content of a signed certificate file. Its authenticity is established only by "
    "checking the file's signature: pcf verify CERTIFICATE --pubkey KEY.pub",
    "本页面展示已签名证书文件的内容。证书真伪仅以对证书文件数字签名的验证为准：pcf verify 证书文件 --pubkey 公钥文件"};
constexpr Text kExactValue = {"exact value", "精确值"};
constexpr Text kProductId = {"Product identifier", "产品标识"};
constexpr Text kNumber = {"Certificate number", "证书编号"};
constexpr Text kScheme = {"Certification scheme", "认证方案"};
constexpr Text kBackdated = {"BACKDATED: valid from a day before the date of issue",
                             "追溯生效：有效期起始日早于签发日期"};
constexpr Text kVerification = {"Verification before signing", "签发前复核"};
constexpr Text kOutcome = {"Outcome (recomputed by pcf)", "结论（pcf 复算）"};
constexpr Text kRtol = {"Relative tolerance", "相对容差"};
constexpr Text kModuleD = {"Module D (reported apart, not in the total)", "D 模块（单独报告，不计入总量）"};
constexpr Text kCbam = {"EU CBAM specific embedded emissions", "欧盟 CBAM 单位隐含排放"};
constexpr Text kCbamDirect = {"Direct (t CO2 / t)", "直接排放（t CO2 / t）"};
constexpr Text kCbamIndirect = {"Indirect (t CO2 / t)", "间接排放（t CO2 / t）"};
constexpr Text kCbamTotal = {"Total (t CO2 / t)", "合计（t CO2 / t）"};

std::string Escape(std::string_view text) { return HtmlEscape(text); }

class Page {
 public:
  explicit Page(Language language) : language_(language) {}

  // Both labels, the page's language first.
  std::string Both(Text text) const {
    const bool zh_first = language_ == Language::kChinese;
    return fmt::format("<span class=\"l1\">{}</span><span class=\"l2\">{}</span>", Escape(zh_first ? text.zh : text.en),
                       Escape(zh_first ? text.en : text.zh));
  }
  std::string Both(Label label) const {
    return Both(Text{Tr(label, Language::kEnglish), Tr(label, Language::kChinese)});
  }
  void Row(const std::string& label_html, const std::string& value_html) {
    body_ += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", label_html, value_html);
  }
  void Heading(const std::string& label_html) { body_ += fmt::format("<h2>{}</h2>\n", label_html); }
  std::string& body() { return body_; }

 private:
  Language language_;
  std::string body_;
};

std::string String(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

double Number(const json& value) { return value.is_number() ? value.get<double>() : 0.0; }

std::string Hash(const std::string& text) { return fmt::format("<span class=\"hash\">{}</span>", Escape(text)); }

std::string Exact(const json& value) { return value.is_number() ? FormatDouble(value.get<double>()) : std::string("–"); }

// A figure rounded for reading (docs/report-formats.md, "Numbers for people"): more digits only where it would
// print like a different one of `neighbours`. The headline's exact value is printed beside it.
std::string Human(const json& value, const std::vector<double>& neighbours = {}) {
  return value.is_number() ? HumanNumberAmong(value.get<double>(), neighbours) : std::string("–");
}

std::string Unit(const json& declared_unit) {
  if (!declared_unit.is_object()) return "";
  return fmt::format("{} {}", Human(declared_unit.value("amount", json())), String(declared_unit, "unit"));
}

Label GasLabel(const std::string& key, bool* known) {
  *known = true;
  if (key == "fossil") return Label::kGasFossil;
  if (key == "biogenic_emissions") return Label::kGasBiogenicEmissions;
  if (key == "biogenic_removals") return Label::kGasBiogenicRemovals;
  if (key == "land_use_change") return Label::kGasLandUseChange;
  if (key == "aircraft") return Label::kGasAircraft;
  *known = false;
  return Label::kNone;
}

constexpr std::string_view kStyle = R"(
@page { size: A4; margin: 14mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       color: #1b2a1f; margin: 0; font-size: 10pt; line-height: 1.35; }
.cert { max-width: 182mm; margin: 0 auto; border: 3px double #2e6b3a; padding: 9mm 10mm; }
h1 { text-align: center; margin: 0 0 1mm; color: #2e6b3a; font-size: 20pt; }
h1 .l2 { display: block; font-size: 13pt; }
.subtitle { text-align: center; margin: 0 0 5mm; color: #555; font-size: 9pt; }
.subtitle .l2::before, th .l2::before, .figure .l2::before { content: " / "; color: #999; }
.product { text-align: center; font-size: 13pt; font-weight: bold; margin: 0 0 1mm; }
.company { text-align: center; margin: 0 0 4mm; }
.figure { text-align: center; border: 1px solid #2e6b3a; background: #eef6ef; padding: 3mm; margin: 0 0 4mm; }
.figure .value { font-size: 24pt; font-weight: bold; color: #2e6b3a; }
.figure .exact { font-size: 8.5pt; color: #555; }
h2 { font-size: 10.5pt; border-bottom: 1px solid #2e6b3a; margin: 3.5mm 0 1.5mm; color: #2e6b3a; }
h2 .l2::before { content: " / "; color: #999; }
table { width: 100%; border-collapse: collapse; page-break-inside: avoid; }
th, td { text-align: left; vertical-align: top; padding: 0.7mm 1.5mm; border-bottom: 1px solid #dde5de; }
th { width: 42%; font-weight: normal; color: #333; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.hash { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; word-break: break-all; }
.backdated { text-align: center; color: #a02020; font-weight: bold; border: 1px solid #a02020; padding: 1mm; }
.backdated .l2 { display: block; }
.note { font-size: 8pt; color: #555; margin-top: 4mm; }
.note .l2 { display: block; }
)";

}  // namespace

std::string FormatCertificateHtml(const std::string& certificate_text, Language language) {
  if (!IsCertificate(certificate_text)) throw Error(ErrorKind::kBadInput, "not a pcf certificate");
  const json certificate = json::parse(certificate_text);
  for (const char* key : {"product", "figures", "manifest", "issuer", "signature"})
    if (!certificate.contains(key) || !certificate.at(key).is_object())
      throw Error(ErrorKind::kBadInput, fmt::format("certificate: '{}' is missing or not an object", key));
  const json& product = certificate.at("product");
  const json& figures = certificate.at("figures");
  const json& manifest = certificate.at("manifest");
  const json& issuer = certificate.at("issuer");
  const json& signature = certificate.at("signature");
  const std::string unit = String(figures, "unit");
  const std::string declared_unit = Unit(figures.value("declared_unit", json()));

  Page page(language);
  std::string& out = page.body();
  out += fmt::format("<h1>{}</h1>\n<p class=\"subtitle\">{}</p>\n", page.Both(kTitle), page.Both(kSubtitle));
  const std::string name = String(product, "name");
  const std::string name_zh = String(product, "name_zh");
  out += fmt::format("<p class=\"product\">{}</p>\n", Escape(name_zh.empty()   ? name
                                                             : name.empty()    ? name_zh
                                                             : language == Language::kChinese ? name_zh + " / " + name
                                                                                              : name + " / " + name_zh));
  out += fmt::format("<p class=\"company\">{}</p>\n", Escape(String(product, "company")));
  if (const auto it = certificate.find("backdated"); it != certificate.end() && it->is_boolean() && it->get<bool>())
    out += fmt::format("<p class=\"backdated\">{}</p>\n", page.Both(kBackdated));
  const json total = figures.value("total", json());
  std::vector<double> shown = {Number(total)};  // the figures of the results table, kept apart when they differ
  if (figures.contains("stages") && figures.at("stages").is_array())
    for (const json& stage : figures.at("stages")) shown.push_back(Number(stage.value("total", json())));
  if (figures.contains("gas_groups") && figures.at("gas_groups").is_object())
    for (const auto& [key, value] : figures.at("gas_groups").items()) shown.push_back(Number(value));
  out += fmt::format(
      "<div class=\"figure\"><div class=\"value\">{} {}</div><div>{} ({})  · {}</div>"
      "<div class=\"exact\">{}: {} {}</div></div>\n",
      Escape(Human(total, shown)), Escape(unit), page.Both(Label::kPerDeclaredUnit), Escape(declared_unit),
      Escape(String(figures, "indicator")), page.Both(kExactValue), Escape(Exact(total)), Escape(unit));

  page.Heading(page.Both(Label::kSecProduct));
  out += "<table>\n";
  page.Row(page.Both(Label::kProductName), name_zh.empty() ? Escape(name) : fmt::format("{}<br>{}", Escape(name), Escape(name_zh)));
  page.Row(page.Both(kProductId), Escape(String(product, "id")));
  page.Row(page.Both(Label::kCompany), Escape(String(product, "company")));
  if (!String(product, "site").empty()) page.Row(page.Both(Label::kSite), Escape(String(product, "site")));
  if (!String(product, "geography").empty()) page.Row(page.Both(Label::kGeography), Escape(String(product, "geography")));
  page.Row(page.Both(Label::kDeclaredUnit), Escape(declared_unit));
  if (const std::string boundary = String(product, "system_boundary"); !boundary.empty())
    page.Row(page.Both(Label::kSystemBoundary), Escape(SystemBoundaryName(boundary, Language::kChinese)) + " / " +
                                                    Escape(SystemBoundaryName(boundary, Language::kEnglish)));
  if (!String(product, "reference_period").empty())
    page.Row(page.Both(Label::kReferencePeriod), Escape(String(product, "reference_period")));
  if (!String(product, "pcr").empty()) page.Row(page.Both(Label::kPcr), Escape(String(product, "pcr")));
  out += "</table>\n";

  page.Heading(page.Both(Label::kSecResults));
  out += "<table>\n";
  page.Row(page.Both(Label::kCharacterizationMethod),
           Escape(fmt::format("{} — {}", String(figures, "indicator"), String(figures, "indicator_name"))));
  page.Row(page.Both(Label::kTotal), fmt::format("{} {}", Escape(Human(total, shown)), Escape(unit)));
  if (figures.contains("stages") && figures.at("stages").is_array())
    for (const json& stage : figures.at("stages")) {
      const std::string module = String(stage, "stage");
      page.Row(fmt::format("{} {} <span class=\"l1\">{}</span><span class=\"l2\">{}</span>", page.Both(Label::kStage),
                           Escape(module), Escape(StageDescription(module, language)),
                           Escape(StageDescription(module, language == Language::kChinese ? Language::kEnglish
                                                                                          : Language::kChinese))),
               fmt::format("{} {}", Escape(Human(stage.value("total", json()), shown)), Escape(unit)));
    }
  if (figures.contains("gas_groups") && figures.at("gas_groups").is_object())
    for (const char* key : {"fossil", "biogenic_emissions", "biogenic_removals", "land_use_change", "aircraft"})
      if (figures.at("gas_groups").contains(key)) {
        bool known = false;
        const Label label = GasLabel(key, &known);
        page.Row(page.Both(label), fmt::format("{} {}", Escape(Human(figures.at("gas_groups").at(key), shown)), Escape(unit)));
      }
  if (figures.contains("impacts") && figures.at("impacts").is_array())
    for (const json& impact : figures.at("impacts")) {
      if (String(impact, "indicator") == String(figures, "indicator")) continue;
      page.Row(fmt::format("{} · {}", page.Both(Label::kSecResultsOther), Escape(String(impact, "indicator"))),
               fmt::format("{} {}", Escape(Human(impact.value("total", json()))), Escape(String(impact, "unit"))));
    }
  out += "</table>\n";

  if (const auto d = certificate.find("statement"); d != certificate.end() && d->is_object() && d->contains("module_d") &&
                                                    d->at("module_d").is_number() && d->at("module_d").get<double>() != 0) {
    out += "<table>\n";
    page.Row(page.Both(kModuleD), fmt::format("{} {}", Escape(Human(d->at("module_d"))), Escape(unit)));
    out += "</table>\n";
  }
  if (const auto cbam = certificate.find("cbam"); cbam != certificate.end() && cbam->is_object()) {
    page.Heading(page.Both(kCbam) + " · " + Escape(String(*cbam, "good")));
    out += "<table>\n";
    page.Row(page.Both(kCbamDirect), Escape(Human(cbam->value("specific_direct", json()))));
    page.Row(page.Both(kCbamIndirect), Escape(Human(cbam->value("specific_indirect", json()))));
    page.Row(page.Both(kCbamTotal), Escape(Human(cbam->value("specific_total", json()))));
    out += "</table>\n";
  }
  if (const auto v = certificate.find("verification"); v != certificate.end() && v->is_object()) {
    page.Heading(page.Both(kVerification));
    out += "<table>\n";
    page.Row(page.Both(kOutcome), Escape(String(*v, "outcome")) + " · pcf " + Escape(String(*v, "pcf_version")));
    page.Row(page.Both(kRtol), Escape(Exact(v->value("rtol", json()))));
    out += "</table>\n";
  }

  page.Heading(page.Both(kValidity));
  out += "<table>\n";
  if (!String(certificate, "certificate_number").empty())
    page.Row(page.Both(kNumber), Escape(String(certificate, "certificate_number")));
  if (!String(certificate, "scheme").empty()) page.Row(page.Both(kScheme), Escape(String(certificate, "scheme")));
  page.Row(page.Both(kValidFrom), Escape(String(certificate, "valid_from")));
  page.Row(page.Both(kValidUntil), Escape(String(certificate, "valid_until")));
  page.Row(page.Both(kIssued), Escape(String(certificate, "issued")));
  page.Row(page.Both(kIssuer), Escape(String(issuer, "name")));
  page.Row(page.Both(kKeyId), Hash(String(issuer, "key_id")));
  page.Row(page.Both(kSignature), Escape(String(signature, "algorithm")));
  page.Row(page.Both(kCertificateHash), Hash(Sha256Hex(certificate_text)));
  out += "</table>\n";

  page.Heading(page.Both(Label::kSecManifest));
  out += "<table>\n";
  page.Row(page.Both(Label::kEngineVersion), Escape(String(manifest, "engine_version")));
  page.Row(page.Both(Label::kDatabase),
           Escape(fmt::format("{} {}", String(manifest, "db_name"), String(manifest, "db_version"))));
  page.Row(page.Both(Label::kDatabaseHash), Hash(String(manifest, "db_sha256")));
  if (manifest.contains("inputs") && manifest.at("inputs").is_array())
    for (const json& input : manifest.at("inputs"))
      page.Row(fmt::format("{} · {}", page.Both(Label::kInputFiles), Escape(String(input, "file"))),
               Hash(String(input, "sha256")));
  out += "</table>\n";
  out += fmt::format("<p class=\"note\">{}</p>\n", page.Both(kVerify));

  const std::string title = language == Language::kChinese ? fmt::format("{} — {}", kTitle.zh, name_zh.empty() ? name : name_zh)
                                                           : fmt::format("{} — {}", kTitle.en, name.empty() ? name_zh : name);
  return fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{}</style>\n"
                     "</head>\n<body>\n<div class=\"cert\">\n{}</div>\n</body>\n</html>\n",
                     LanguageTag(language), Escape(title), kStyle, out);
}

}  // namespace pcf
