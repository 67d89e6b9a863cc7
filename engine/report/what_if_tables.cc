#include "engine/report/what_if_tables.h"

#include <algorithm>

#include <fmt/format.h>

#include "engine/report/html_escape.h"

namespace pcf {

namespace {

// Columns a cell takes on a terminal: CJK and full-width characters two, the rest one.
std::size_t DisplayWidth(const std::string& text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    width += lead >= 0xE3 && lead <= 0xEF ? 2 : 1;  // U+3000 and above (CJK, full-width forms)
    i += length;
  }
  return width;
}

std::string Pad(const std::string& text, std::size_t width, bool right) {
  const std::size_t have = DisplayWidth(text);
  const std::string fill(width > have ? width - have : 0, ' ');
  return right ? fill + text : text + fill;
}

}  // namespace

std::string TextTable(const PlainTable& table) {
  std::vector<std::size_t> widths(table.header.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) widths[c] = std::max(widths[c], DisplayWidth(row[c]));
  };
  measure(table.header);
  for (const auto& row : table.rows) measure(row);
  auto line = [&](const std::vector<std::string>& row) {
    std::string out = " ";
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      out += ' ';  // appended piece by piece: GCC 12 warns (-Wrestrict, falsely) on " " + string
      out += Pad(row[c], widths[c], c < table.numeric.size() && table.numeric[c]);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(table.header);
  for (const auto& row : table.rows) out += line(row);
  return out;
}

std::string MarkdownTable(const PlainTable& table) {
  auto cell = [](std::string text) {
    std::string out;
    for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
  };
  std::string out = "|";
  for (const std::string& h : table.header) out += fmt::format(" {} |", cell(h));
  out += "\n|";
  for (std::size_t c = 0; c < table.header.size(); ++c) out += c < table.numeric.size() && table.numeric[c] ? "---:|" : "---|";
  out += "\n";
  for (const auto& row : table.rows) {
    out += "|";
    for (const std::string& v : row) out += fmt::format(" {} |", cell(v));
    out += "\n";
  }
  return out;
}

std::string HtmlTable(const PlainTable& table) {
  auto cls = [&](std::size_t c) { return c < table.numeric.size() && table.numeric[c] ? " class=\"num\"" : ""; };
  std::string out = "<table>\n<thead><tr>";
  for (std::size_t c = 0; c < table.header.size(); ++c) out += fmt::format("<th{}>{}</th>", cls(c), HtmlEscape(table.header[c]));
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : table.rows) {
    out += "<tr>";
    for (std::size_t c = 0; c < row.size(); ++c) out += fmt::format("<td{}>{}</td>", cls(c), HtmlEscape(row[c]));
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

std::string HtmlPage(const std::string& title, const std::string& lang, const std::string& body) {
  constexpr const char* kStyle = R"(
body { font-family: "Noto Sans", "Noto Sans CJK SC", "Microsoft YaHei", Arial, sans-serif; font-size: 13px; color: #222; margin: 24px; max-width: 1000px; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 24px; }
table { border-collapse: collapse; margin: 8px 0; } th, td { border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; } th { background: #f3f3f3; }
.note { color: #555; } svg text { font-size: 12px; fill: #222; } .plus { fill: #3b6ea5; } .minus { fill: #d08a2e; } .axis { stroke: #222; }
@media print { body { margin: 0; } }
)";
  return fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{}</style>\n"
                     "</head>\n<body>\n{}</body>\n</html>\n",
                     lang == "zh" ? "zh-CN" : "en", HtmlEscape(title), kStyle, body);
}

}  // namespace pcf
