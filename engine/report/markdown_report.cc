// The ISO 14067 / GB/T 24067 study report as Markdown (CommonMark with GFM tables), English or Chinese.
// The content is the StudyReport document (study_report.h); this file only writes it out.
#include <fmt/format.h>

#include "engine/report/render.h"
#include "engine/report/study_report.h"

namespace pcf {

namespace {

bool WordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
}

// Plain text as Markdown: characters that would start markup are backslash-escaped; `_` only where it
// could open or close emphasis (at a word's edge), so ids such as pg_price stay readable. Line breaks
// become blanks (a cell or a list item is one line).
std::string EscapePlain(std::string_view text, bool in_table) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '\\': case '*': case '[': case ']': case '<': case '>': case '`':
        out += '\\';
        out += c;
        break;
      case '|':
        out += in_table ? "\\|" : "|";
        break;
      case '_': {
        const bool inner = i > 0 && i + 1 < text.size() && WordChar(text[i - 1]) && WordChar(text[i + 1]);
        if (!inner) out += '\\';
        out += c;
        break;
      }
      case '\n': case '\r':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string CodeSpan(std::string_view code, bool in_table) {
  std::string body(code);
  if (in_table) {  // GFM splits cells at | even inside code spans unless escaped
    std::string escaped;
    for (char c : body) {
      if (c == '|') escaped += '\\';
      escaped += c;
    }
    body = escaped;
  }
  const std::string fence = body.find('`') == std::string::npos ? "`" : "``";
  const bool pad = fence.size() > 1 || (!body.empty() && (body.front() == '`' || body.back() == '`'));
  return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

// Text with kCodeBegin…kCodeEnd spans.
std::string Md(std::string_view text, bool in_table = false) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto begin = text.find(kCodeBegin, i);
    if (begin == std::string_view::npos) {
      out += EscapePlain(text.substr(i), in_table);
      break;
    }
    out += EscapePlain(text.substr(i, begin - i), in_table);
    auto end = text.find(kCodeEnd, begin + 1);
    if (end == std::string_view::npos) end = text.size();
    out += CodeSpan(text.substr(begin + 1, end - begin - 1), in_table);
    i = end + 1;
  }
  return out;
}

void WriteTable(std::string& out, const ReportTable& t) {
  out += "|";
  for (const std::string& h : t.header) {
    out += ' ';
    out += Md(h, true);
    out += " |";
  }
  out += "\n|";
  for (std::size_t c = 0; c < t.header.size(); ++c) out += c < t.numeric.size() && t.numeric[c] ? "---:|" : "---|";
  out += "\n";
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const bool bold = t.last_row_is_total && r + 1 == t.rows.size();
    out += "|";
    for (const std::string& cell : t.rows[r]) {
      const std::string text = Md(cell, true);
      const char* mark = bold && !text.empty() ? "**" : "";
      out += ' ';
      out += mark;
      out += text;
      out += mark;
      out += " |";
    }
    out += "\n";
  }
  out += "\n";
}

void WriteTree(std::string& out, const std::vector<ReportTreeLine>& lines) {
  for (const ReportTreeLine& l : lines) {
    out += std::string(2 * static_cast<std::size_t>(l.depth), ' ') + "- ";
    if (l.below_cutoff) out += fmt::format("*{}* ({}): {} ({})", Md(l.name), Md(l.detail), Md(l.value), Md(HumanShare(l.share)));
    else out += fmt::format("**{}** ({}): {} ({})", Md(l.name), Md(l.detail), Md(l.value), Md(HumanShare(l.share)));
    if (!l.direct.empty()) out += "; " + Md(l.direct);
    out += "\n";
  }
  out += "\n";
}

}  // namespace

std::string FormatFootprintMarkdown(const FootprintReport& report, Language language) {
  const StudyReport doc = BuildStudyReport(report, language);
  std::string out = fmt::format("# {}\n\n", Md(doc.title));
  out += fmt::format("{}\n\n", Md(doc.subtitle));
  out += fmt::format("**{}**\n\n", Md(doc.product_line));
  out += fmt::format("> **{}: {}** {}  \n> {}\n\n", Md(doc.headline_label), Md(doc.headline_value), Md(doc.headline_unit),
                     Md(doc.headline_exact));
  for (const ReportSection& s : doc.sections) {
    out += fmt::format("{} {} {}\n\n", std::string(static_cast<std::size_t>(s.level), '#'), s.number + (s.level == 2 ? "." : ""),
                       Md(s.title));
    for (const ReportBlock& b : s.blocks) {
      switch (b.kind) {
        case BlockKind::kParagraph:
          out += Md(b.text) + "\n\n";
          break;
        case BlockKind::kHeading:
          out += fmt::format("**{}**\n\n", Md(b.text));
          break;
        case BlockKind::kFields:
          for (const auto& [label, value] : b.fields) out += fmt::format("- **{}**: {}\n", Md(label), Md(value));
          out += "\n";
          break;
        case BlockKind::kTable:
          WriteTable(out, b.table);
          break;
        case BlockKind::kBullets:
          for (const std::string& item : b.items) out += "- " + Md(item) + "\n";
          out += "\n";
          break;
        case BlockKind::kTree:
          WriteTree(out, b.tree);
          break;
        case BlockKind::kChart:  // the numbers are in the table next to it; charts are drawn by the HTML view
        case BlockKind::kHistogram:
        case BlockKind::kTornado:
          break;
      }
    }
  }
  return out;
}

}  // namespace pcf
