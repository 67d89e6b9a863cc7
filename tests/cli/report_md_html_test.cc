// The ISO 14067 / GB/T 24067 study reports (issue 6): `pcf calc EXAMPLE --format md|html --lang en|zh`
// through the binary on the shipped Hubei database, for the cement and the economically allocated
// plasterboard examples. Checked: every report item's heading is there (a table per language), the exact
// total of the JSON result appears, the plasterboard's allocation section names its economic factors, no
// English label leaks into the Chinese report, the HTML is self-contained (no URLs, no scripts, no
// external files) and carries its SVG charts; then headless Chromium renders the HTML to a PNG screenshot
// and prints it to an A4 PDF.
//
// Chromium (/usr/bin/chromium, installed by scripts/install-deps.sh) is required: without it the browser
// test FAILS, unless PCF_SKIP_BROWSER_TESTS=1 is set (then it is skipped, saying so). With
// PCF_KEEP_SCREENSHOTS=DIR the screenshots are also copied to DIR for people to look at.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_harness.h"
#include "engine/core/numbers.h"
#include "engine/report/labels.h"

extern char** environ;

namespace fs = std::filesystem;
using pcf::test::SourceDir;
using nlohmann::json;
using pcf::test::ReadText;
using pcf::test::RunPcf;
using pcf::test::TempDir;

namespace {

const char* const kExamples[] = {"examples/cement/po425-cement.yaml", "examples/gypsum/pg-plasterboard-economic.yaml"};

// The ISO 14067 report items (standards.md §1.3) as headings or field labels of the report.
const std::vector<std::string> kItemsEn = {
    "Product carbon footprint study report", "Product and company", "Goal and scope", "Declared unit", "Reference flow",
    "System boundary", "Life-cycle stages included", "Life-cycle stages excluded", "Reference period",
    "Product category rules", "Unit processes of the manufacturer", "Use-stage and end-of-life scenarios", "Methods",
    "Characterization method", "GWP set", "Greenhouse gases covered", "Background database", "Database content hash",
    "Electricity modelling", "Data sources and data quality", "Primary (site-specific) data", "Secondary data",
    "Supplier data", "Allocation", "System expansion", "Cut-off criteria", "Results", "Total carbon footprint",
    "Results by life-cycle stage", "Results by greenhouse-gas category", "Fossil GHG emissions", "Biogenic GHG emissions",
    "Biogenic GHG removals", "Land-use change", "Aircraft emissions", "Results by data origin", "Contribution analysis",
    "Contribution tree", "Hotspots by process", "Hotspots by elementary flow", "Limitations", "Reproducibility",
    "Engine version", "Input files"};
const std::vector<std::string> kItemsZh = {
    "产品碳足迹研究报告", "产品与企业信息", "目的与范围", "声明单位", "基准流", "系统边界", "包含的生命周期阶段",
    "未包含的生命周期阶段", "数据时间范围", "产品种类规则", "企业自有单元过程", "使用阶段与寿命终止情景", "量化方法",
    "特征化方法", "全球增温潜势", "涵盖的温室气体", "背景数据库", "数据库内容哈希", "电力建模", "数据来源与数据质量",
    "初级数据", "次级数据", "供应商数据", "分配", "系统扩展", "取舍准则", "量化结果", "产品碳足迹总量",
    "按生命周期阶段的结果", "按温室气体类别的结果", "化石温室气体排放", "生物源温室气体排放", "生物源温室气体清除",
    "土地利用变化", "航空运输排放", "按数据来源的结果", "贡献分析", "贡献树", "按过程的热点", "按基本流的热点", "局限性",
    "可追溯性与复现信息", "计算软件版本", "输入文件"};

// Text of a report between the heading containing `from` and the next heading containing `to`.
std::string Between(const std::string& text, const std::string& from, const std::string& to) {
  const auto a = text.find(from);
  if (a == std::string::npos) return "";
  const auto b = text.find(to, a + from.size());
  return text.substr(a, b == std::string::npos ? std::string::npos : b - a);
}

void CheckItems(const std::string& text, pcf::Language language, const std::string& what) {
  for (const std::string& item : language == pcf::Language::kChinese ? kItemsZh : kItemsEn)
    CHECK_MESSAGE(text.find(item) != std::string::npos, what << ": report item missing: " << item);
  if (language != pcf::Language::kChinese) return;
  // No English heading and no English label in the Chinese report (case-sensitive; the product data,
  // dataset ids and company names may well be English).
  for (const std::string& item : kItemsEn)
    CHECK_MESSAGE(text.find(item) == std::string::npos, what << ": English heading in the Chinese report: " << item);
  for (int k = 0; k < static_cast<int>(pcf::Label::kCount); ++k) {
    const auto label = static_cast<pcf::Label>(k);
    std::string en(pcf::Tr(label, pcf::Language::kEnglish));
    if (en == pcf::Tr(label, pcf::Language::kChinese)) continue;
    en = en.substr(0, en.find("{}"));
    if (en.size() < 12 || en.find('`') != std::string::npos) continue;
    CHECK_MESSAGE(text.find(en) == std::string::npos, what << ": untranslated label in the Chinese report: " << en);
  }
}

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

void CheckHtml(const std::string& html, pcf::Language language, const std::string& what) {
  INFO(what);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find(language == pcf::Language::kChinese ? "<html lang=\"zh-CN\">" : "<html lang=\"en\">") != std::string::npos);
  CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);
  CHECK(html.find("@page { size: A4; margin: 15mm; }") != std::string::npos);
  // Self-contained: no URLs, no files, no scripts.
  for (const char* forbidden : {"http://", "https://", "src=", "<script", "<link", "<img", "<iframe", "url(", "@import"})
    CHECK_MESSAGE(html.find(forbidden) == std::string::npos, "found " << forbidden);
  // Well-formed enough: the charts are there and the containers are closed.
  CHECK(Count(html, "<svg") >= 2);
  for (const char* tag : {"svg", "table", "section", "figure", "ul", "dl"})
    CHECK_MESSAGE(Count(html, std::string("<") + tag + " ") + Count(html, std::string("<") + tag + ">") ==
                      Count(html, std::string("</") + tag + ">"),
                  "unbalanced <" << tag << ">");
  CHECK(html.find("</html>") != std::string::npos);
}

// Runs a program (no shell) and returns its exit code; output goes to `log`.
int Run(const std::vector<std::string>& args, const fs::path& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  std::vector<std::string> storage = args;
  std::vector<char*> argv;
  for (std::string& a : storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int started = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (started != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

constexpr const char* kChromium = "/usr/bin/chromium";

std::vector<std::string> ChromiumArgs(const fs::path& profile) {
  // timeout(1) bounds a hanging browser; the flags keep it off the network.
  return {"/usr/bin/timeout", "180", kChromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--user-data-dir=" + profile.string()};
}

struct Rendered {
  std::string example;
  std::string md_en, md_zh, html_en, html_zh;
  json result;
};

Rendered Render(const std::string& example, const TempDir& dir) {
  Rendered r;
  r.example = example;
  const std::string product = (SourceDir() / example).string();
  const auto calc = RunPcf({"calc", product, "-o", "-"});
  REQUIRE_MESSAGE(calc.exit_code == 0, calc.err);
  r.result = json::parse(calc.out);
  const auto md_en = RunPcf({"calc", product, "--format", "md", "--lang", "en", "-o", (dir / "report.en.md").string()});
  REQUIRE_MESSAGE(md_en.exit_code == 0, md_en.err);
  r.md_en = ReadText(dir / "report.en.md");
  const auto md_zh = RunPcf({"calc", product, "--format", "md", "--lang", "zh", "-o", (dir / "report.zh.md").string()});
  REQUIRE_MESSAGE(md_zh.exit_code == 0, md_zh.err);
  r.md_zh = ReadText(dir / "report.zh.md");
  const auto html_en = RunPcf({"calc", product, "-o", (dir / "report.html").string()});  // format from the extension
  REQUIRE_MESSAGE(html_en.exit_code == 0, html_en.err);
  r.html_en = ReadText(dir / "report.html");
  const auto html_zh = RunPcf({"calc", product, "--format", "html", "--lang", "zh", "-o", "-"});
  REQUIRE_MESSAGE(html_zh.exit_code == 0, html_zh.err);
  r.html_zh = html_zh.out;
  pcf::test::WriteText(dir / "report.zh.html", r.html_zh);
  return r;
}

}  // namespace

TEST_CASE("md and html study reports carry every ISO 14067 item and the exact total in English and Chinese") {
  for (const char* example : kExamples) {
    TempDir dir;
    const Rendered r = Render(example, dir);
    const std::string total = pcf::FormatDouble(r.result["method"]["total"].get<double>());
    INFO(example << ", total " << total);
    for (const auto& [text, language, what] :
         {std::tuple{&r.md_en, pcf::Language::kEnglish, "md en"}, {&r.md_zh, pcf::Language::kChinese, "md zh"},
          {&r.html_en, pcf::Language::kEnglish, "html en"}, {&r.html_zh, pcf::Language::kChinese, "html zh"}}) {
      CheckItems(*text, language, what);
      CHECK_MESSAGE(text->find(total) != std::string::npos, what << ": exact total missing");
      CHECK_MESSAGE(text->find(r.result["manifest"]["db_sha256"].get<std::string>()) != std::string::npos, what);
      CHECK_MESSAGE(text->find("GWP100-AR6") != std::string::npos, what);
      CHECK_MESSAGE(text->find("IPCC AR6") != std::string::npos, what);
    }
    CheckHtml(r.html_en, pcf::Language::kEnglish, std::string(example) + " html en");
    CheckHtml(r.html_zh, pcf::Language::kChinese, std::string(example) + " html zh");
    // Markdown: one top-level title, numbered sections.
    CHECK(Count(r.md_en, "\n# ") + (r.md_en.rfind("# ", 0) == 0 ? 1 : 0) == 1);
    CHECK(r.md_en.find("## 7. Results") != std::string::npos);
    CHECK(r.md_zh.find("## 7. 量化结果") != std::string::npos);
  }
}

TEST_CASE("the allocation section of the economic plasterboard names the economic factors") {
  TempDir dir;
  const Rendered r = Render("examples/gypsum/pg-plasterboard-economic.yaml", dir);
  const json& allocation = r.result["allocation"];
  REQUIRE(allocation.size() == 1);
  REQUIRE(allocation[0]["method"] == "economic");
  for (const auto& [text, from, to, method] :
       {std::tuple{&r.md_en, "5. Allocation", "6. Cut-off criteria", "economic allocation"},
        {&r.md_zh, "5. 分配", "6. 取舍准则", "按经济价值分配"},
        {&r.html_en, "5. Allocation", "6. Cut-off criteria", "economic allocation"},
        {&r.html_zh, "5. 分配", "6. 取舍准则", "按经济价值分配"}}) {
    const std::string section = Between(*text, from, to);
    REQUIRE_MESSAGE(!section.empty(), from);
    INFO(section);
    CHECK(section.find("phosphoric acid plant") != std::string::npos);
    CHECK(section.find(method) != std::string::npos);
    for (const auto& [product, factor] : allocation[0]["factors"].items()) {
      CHECK(section.find(product) != std::string::npos);
      CHECK(section.find(pcf::HumanNumber(factor.get<double>())) != std::string::npos);  // rounded for people
    }
  }
  // The cement has no multi-output process, and says so.
  TempDir cement_dir;
  const Rendered cement = Render("examples/cement/po425-cement.yaml", cement_dir);
  CHECK(Between(cement.md_en, "5. Allocation", "6. Cut-off criteria").find("No multi-output processes") != std::string::npos);
  CHECK(Between(cement.md_zh, "5. 分配", "6. 取舍准则").find("无多产出过程") != std::string::npos);
}

TEST_CASE("the html study report renders in headless Chromium, on screen and printed on A4") {
  if (!fs::exists(kChromium)) {
    const char* skip = std::getenv("PCF_SKIP_BROWSER_TESTS");
    if (skip && std::string(skip) == "1") {
      MESSAGE("skipped: " << kChromium << " is absent and PCF_SKIP_BROWSER_TESTS=1");
      return;
    }
    FAIL(kChromium << " is absent: install it (scripts/install-deps.sh), or set PCF_SKIP_BROWSER_TESTS=1 to skip this test");
  }
  const char* keep = std::getenv("PCF_KEEP_SCREENSHOTS");
  for (const char* example : kExamples) {
    TempDir dir;
    Render(example, dir);
    for (const char* name : {"report.html", "report.zh.html"}) {
      INFO(example << " " << name);
      const fs::path html = dir / name;
      const fs::path png = dir / (std::string(name) + ".png"), pdf = dir / (std::string(name) + ".pdf");
      const fs::path log = dir / "chromium.log";
      std::vector<std::string> shot = ChromiumArgs(dir / "profile-shot");
      shot.push_back("--screenshot=" + png.string());
      shot.push_back("--window-size=1240,1754");
      shot.push_back("file://" + html.string());
      const int shot_code = Run(shot, log);
      CHECK_MESSAGE(shot_code == 0, ReadText(log));
      REQUIRE(fs::exists(png));
      CHECK(fs::file_size(png) > 30000);
      CHECK(ReadText(png).substr(0, 8) == "\x89PNG\r\n\x1a\n");
      std::vector<std::string> print = ChromiumArgs(dir / "profile-pdf");
      print.push_back("--no-pdf-header-footer");
      print.push_back("--print-to-pdf=" + pdf.string());
      print.push_back("file://" + html.string());
      const int print_code = Run(print, log);
      CHECK_MESSAGE(print_code == 0, ReadText(log));
      REQUIRE(fs::exists(pdf));
      const std::string bytes = ReadText(pdf);
      CHECK(bytes.rfind("%PDF-", 0) == 0);
      CHECK(bytes.size() > 20000);
      // A4 is 595.3 × 841.9 pt.
      CHECK_MESSAGE(bytes.find("/MediaBox [0 0 594.") != std::string::npos, "the PDF pages are not A4");
      if (keep && *keep) {
        fs::create_directories(keep);
        const std::string stem = fs::path(example).stem().string() + (std::string(name) == "report.html" ? "-en" : "-zh");
        fs::copy_file(png, fs::path(keep) / (stem + ".png"), fs::copy_options::overwrite_existing);
        fs::copy_file(pdf, fs::path(keep) / (stem + ".pdf"), fs::copy_options::overwrite_existing);
      }
    }
  }
}
