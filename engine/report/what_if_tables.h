// Plain tables and a self-contained HTML page for the what-if reports (`pcf sensitivity`, `pcf compare`):
// the same rows as aligned text, Markdown or HTML, so every format shows the same figures.
#pragma once

#include <string>
#include <vector>

namespace pcf {

struct PlainTable {
  std::vector<std::string> header;
  std::vector<bool> numeric;  // per column: right-aligned
  std::vector<std::vector<std::string>> rows;
};

std::string TextTable(const PlainTable& table);      // columns padded to their widest cell (UTF-8 aware)
std::string MarkdownTable(const PlainTable& table);  // pipes in cells escaped
std::string HtmlTable(const PlainTable& table);      // cells escaped

// `<!DOCTYPE html>` … with inline CSS and `body` as given (already HTML); lang "en" or "zh".
std::string HtmlPage(const std::string& title, const std::string& lang, const std::string& body);

}  // namespace pcf
