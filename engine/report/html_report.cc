// The ISO 14067 / GB/T 24067 study report as one self-contained HTML file: inline CSS, inline SVG charts
// (stage breakdown, largest contributions), no scripts, no external resources; printable on A4. The
// content is the StudyReport document (study_report.h), as in the Markdown view.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "engine/report/html_escape.h"
#include "engine/report/labels.h"
#include "engine/report/render.h"
#include "engine/report/study_report.h"

namespace pcf {

namespace {

std::string Escape(std::string_view text) { return HtmlEscape(text); }

// Text with kCodeBegin…kCodeEnd spans, escaped.
std::string Html(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto begin = text.find(kCodeBegin, i);
    if (begin == std::string_view::npos) {
      out += Escape(text.substr(i));
      break;
    }
    out += Escape(text.substr(i, begin - i));
    auto end = text.find(kCodeEnd, begin + 1);
    if (end == std::string_view::npos) end = text.size();
    out += "<code>" + Escape(text.substr(begin + 1, end - begin - 1)) + "</code>";
    i = end + 1;
  }
  return out;
}

// The text without code marks (for attributes and SVG titles).
std::string Plain(std::string_view text) {
  std::string out;
  for (char c : text)
    if (c != kCodeBegin && c != kCodeEnd) out += c;
  return out;
}

// Approximate width in px at 12 px font size: CJK and full-width forms are one em, the rest about half.
double TextWidth(std::string_view text, std::size_t* cut_at = nullptr, double limit = 0) {
  double width = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 1;
    unsigned code = lead;
    if (lead >= 0xF0) length = 4, code = lead & 0x07u;
    else if (lead >= 0xE0) length = 3, code = lead & 0x0Fu;
    else if (lead >= 0xC0) length = 2, code = lead & 0x1Fu;
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k) code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
    const double w = code >= 0x2E80 ? 12.0 : 6.3;
    if (cut_at && width + w > limit) {
      *cut_at = i;
      return width;
    }
    width += w;
    i += length;
  }
  if (cut_at) *cut_at = text.size();
  return width;
}

std::string Fit(const std::string& text, double limit) {
  if (TextWidth(text) <= limit) return text;
  std::size_t cut = 0;
  TextWidth(text, &cut, limit - 12);
  return text.substr(0, cut) + "…";
}

// A horizontal bar chart: one bar per item from a zero axis (negative values to the left).
std::string BarChart(const ReportChart& chart) {
  constexpr double kWidth = 680, kLabel = 250, kValue = 120, kRow = 24, kTop = 6;
  const double area = kWidth - kLabel - kValue - 16;
  double lo = 0, hi = 0;
  for (const ReportBar& b : chart.bars) lo = std::min(lo, b.value), hi = std::max(hi, b.value);
  if (hi - lo <= 0) hi = lo + 1;
  auto x = [&](double v) { return kLabel + 8 + (v - lo) / (hi - lo) * area; };
  const double height = kTop * 2 + kRow * static_cast<double>(chart.bars.size());
  std::string svg = fmt::format(
      "<figure class=\"chart\">\n<figcaption>{}</figcaption>\n"
      "<svg viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\">\n",
      Escape(chart.title), kWidth, height, kWidth, height, Escape(chart.title));
  double y = kTop;
  for (const ReportBar& b : chart.bars) {
    const double x0 = x(0), x1 = x(b.value);
    const double left = std::min(x0, x1), w = std::max(std::fabs(x1 - x0), b.value != 0 ? 1.0 : 0.0);
    svg += fmt::format("<g><title>{}: {}</title>", Escape(b.label), Escape(b.value_text));
    svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" class=\"label\">{}</text>", kLabel, y + kRow * 0.65,
                       Escape(Fit(b.label, kLabel - 4)));
    svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" class=\"{}\"/>", left, y + 4, w, kRow - 8,
                       b.value < 0 ? "bar neg" : "bar");
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"value\">{}</text></g>\n", kLabel + 16 + area, y + kRow * 0.65,
                       Escape(b.value_text));
    y += kRow;
  }
  svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" class=\"axis\"/>\n", x(0), kTop - 2, height - kTop + 2);
  svg += "</svg>\n</figure>\n";
  return svg;
}

// A histogram of Monte Carlo draws: vertical bars over the value axis, marked values as dashed lines.
std::string Histogram(const ReportHistogram& h) {
  constexpr double kWidth = 680, kHeight = 220, kLeft = 16, kRight = 16, kTop = 22, kBottom = 34;
  const double area_w = kWidth - kLeft - kRight, area_h = kHeight - kTop - kBottom;
  std::size_t most = 1;
  for (std::size_t c : h.counts) most = std::max(most, c);
  const double span = h.width * static_cast<double>(h.counts.size());
  auto x = [&](double v) { return kLeft + (span > 0 ? (v - h.lo) / span : 0.5) * area_w; };
  std::string svg = fmt::format(
      "<figure class=\"chart\">\n<figcaption>{}</figcaption>\n"
      "<svg viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\">\n",
      Escape(h.title), kWidth, kHeight, kWidth, kHeight, Escape(h.title));
  const double bar_w = h.counts.empty() ? 0 : area_w / static_cast<double>(h.counts.size());
  for (std::size_t i = 0; i < h.counts.size(); ++i) {
    const double bh = area_h * static_cast<double>(h.counts[i]) / static_cast<double>(most);
    svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" class=\"bar\"><title>{}</title></rect>\n",
                       kLeft + bar_w * static_cast<double>(i) + 0.5, kTop + area_h - bh, std::max(bar_w - 1, 0.5), bh, h.counts[i]);
  }
  for (const auto& [value, label] : h.markers) {
    svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" class=\"marker\"/>", x(value), kTop - 4, kTop + area_h);
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" class=\"value\">{}</text>\n", x(value), kTop - 8, Escape(label));
  }
  svg += fmt::format("<line x1=\"{0}\" y1=\"{2:.1f}\" x2=\"{1:.1f}\" y2=\"{2:.1f}\" class=\"axis\"/>\n", kLeft, kLeft + area_w, kTop + area_h);
  svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" class=\"label\">{}</text>", kLeft, kHeight - 10, Escape(h.lo_text));
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" class=\"label\">{}</text>\n", kLeft + area_w, kHeight - 10,
                     Escape(h.hi_text));
  svg += "</svg>\n</figure>\n";
  return svg;
}

void WriteTable(std::string& out, const ReportTable& t) {
  out += "<table>\n<thead><tr>";
  for (std::size_t c = 0; c < t.header.size(); ++c)
    out += fmt::format("<th{}>{}</th>", c < t.numeric.size() && t.numeric[c] ? " class=\"num\"" : "", Html(t.header[c]));
  out += "</tr></thead>\n<tbody>\n";
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    out += t.last_row_is_total && r + 1 == t.rows.size() ? "<tr class=\"total\">" : "<tr>";
    for (std::size_t c = 0; c < t.rows[r].size(); ++c)
      out += fmt::format("<td{}>{}</td>", c < t.numeric.size() && t.numeric[c] ? " class=\"num\"" : "", Html(t.rows[r][c]));
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
}

void WriteTree(std::string& out, const std::vector<ReportTreeLine>& lines, Language language) {
  out += fmt::format("<table class=\"tree\">\n<thead><tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th></th></tr></thead>\n<tbody>\n",
                     Escape(Tr(Label::kProcess, language)), Escape(Tr(Label::kTotal, language)), Escape(Tr(Label::kShare, language)));
  for (const ReportTreeLine& l : lines) {
    const double percent = std::min(100.0, std::fabs(l.share) * 100);
    out += fmt::format("<tr class=\"{}\"><td style=\"padding-left:{}px\"><span class=\"node\">{}</span> <span class=\"detail\">{}{}</span></td>",
                       l.below_cutoff ? "hidden" : l.foreground ? "fg" : "bg", 4 + 14 * l.depth, Escape(l.name), Escape(l.detail),
                       l.direct.empty() ? "" : "; " + Escape(l.direct));
    out += fmt::format("<td class=\"num\">{}</td><td class=\"num\">{}</td>", Escape(l.value), Escape(HumanShare(l.share)));
    out += fmt::format("<td class=\"barcell\"><span class=\"minibar{}\" style=\"width:{:.1f}%\"></span></td></tr>\n",
                       l.share < 0 ? " neg" : "", percent);
  }
  out += "</tbody>\n</table>\n";
}

constexpr const char* kStyle = R"(
@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC",
       "Noto Sans", "DejaVu Sans", Arial, sans-serif; font-size: 10pt; line-height: 1.45; color: #1d2329;
       max-width: 180mm; margin: 0 auto; padding: 10mm 0; background: #fff; }
h1 { font-size: 19pt; margin: 0 0 2mm; color: #123a52; }
h2 { font-size: 13.5pt; margin: 7mm 0 2.5mm; padding-bottom: 1mm; border-bottom: 1.5px solid #2f6f8f; color: #123a52;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 5mm 0 2mm; color: #1d4f6b; break-after: avoid; page-break-after: avoid; }
p { margin: 1.5mm 0 2.5mm; }
.subtitle { color: #4b5863; margin: 0 0 1mm; }
.product { font-weight: bold; margin: 0 0 4mm; }
.headline { border: 1.5px solid #2f6f8f; border-radius: 2mm; padding: 3mm 4mm; margin: 3mm 0 5mm; background: #f1f7fa;
            break-inside: avoid; }
.headline .big { font-size: 17pt; font-weight: bold; color: #123a52; }
.headline .exact { color: #4b5863; font-size: 9pt; }
nav ol { columns: 2; margin: 0 0 4mm; padding-left: 5mm; font-size: 9.5pt; }
nav a { color: #1d4f6b; text-decoration: none; }
dl.fields { display: grid; grid-template-columns: 55mm 1fr; gap: 1mm 4mm; margin: 2mm 0 3mm; }
dl.fields dt { font-weight: bold; color: #33424d; }
dl.fields dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 9pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border-bottom: 0.5px solid #c8d2d9; padding: 1mm 1.5mm; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #e4eef3; color: #123a52; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; border-top: 1px solid #2f6f8f; }
code { font-family: "Noto Sans Mono", "DejaVu Sans Mono", monospace; font-size: 0.85em; overflow-wrap: anywhere;
       background: #f3f5f7; padding: 0 0.5mm; }
ul { margin: 1mm 0 3mm; padding-left: 6mm; }
li { margin: 0.8mm 0; }
.heading { font-weight: bold; margin: 3mm 0 1mm; color: #33424d; }
figure.chart { margin: 2mm 0 4mm; break-inside: avoid; page-break-inside: avoid; }
figure.chart figcaption { font-weight: bold; font-size: 9.5pt; color: #33424d; margin-bottom: 1mm; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
svg text { font-size: 12px; fill: #1d2329; }
svg text.value { fill: #33424d; }
svg .bar { fill: #2f6f8f; }
svg .bar.neg { fill: #5aa469; }
svg .axis { stroke: #6b7780; stroke-width: 1; }
svg .marker { stroke: #b5462f; stroke-width: 1.5; stroke-dasharray: 4 3; }
svg .minus { fill: #d08a2e; }
svg .plus { fill: #3b6ea5; }
table.tree td { border-bottom: 0.5px solid #e3e8ec; padding-top: 0.6mm; padding-bottom: 0.6mm; }
table.tree tr.fg .node { font-weight: bold; color: #123a52; }
table.tree tr.hidden td { color: #6b7780; font-style: italic; }
table.tree .detail { color: #5b6770; font-size: 0.92em; }
td.barcell { width: 28mm; }
.minibar { display: inline-block; height: 2.6mm; background: #2f6f8f; vertical-align: middle; }
.minibar.neg { background: #5aa469; }
section.level2 { break-inside: auto; }
footer { margin-top: 8mm; color: #6b7780; font-size: 8.5pt; border-top: 0.5px solid #c8d2d9; padding-top: 2mm; }
@media print { body { max-width: none; padding: 0; } nav { break-after: avoid; } }
)";

}  // namespace

std::string FormatFootprintHtml(const FootprintReport& report, Language language) {
  const StudyReport doc = BuildStudyReport(report, language);
  std::string out = fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n", LanguageTag(language));
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format("<title>{} — {}</title>\n", Escape(doc.title), Escape(doc.product_line));
  out += fmt::format("<style>{}</style>\n</head>\n<body>\n", kStyle);
  out += fmt::format("<header>\n<h1>{}</h1>\n<p class=\"subtitle\">{}</p>\n<p class=\"product\">{}</p>\n", Escape(doc.title),
                     Escape(doc.subtitle), Escape(doc.product_line));
  out += fmt::format("<div class=\"headline\"><div>{}</div><div><span class=\"big\">{}</span> {}</div><div class=\"exact\">{}</div></div>\n",
                     Escape(doc.headline_label), Escape(doc.headline_value), Escape(doc.headline_unit), Escape(doc.headline_exact));
  out += "</header>\n<nav><ol>\n";
  for (const ReportSection& s : doc.sections)
    if (s.level == 2) out += fmt::format("<li><a href=\"#{}\">{}</a></li>\n", s.anchor, Escape(s.title));
  out += "</ol></nav>\n<main>\n";
  for (const ReportSection& s : doc.sections) {
    out += fmt::format("<section id=\"{}\" class=\"level{}\">\n<h{}>{} {}</h{}>\n", s.anchor, s.level, s.level,
                       s.number + (s.level == 2 ? "." : ""), Escape(s.title), s.level);
    for (const ReportBlock& b : s.blocks) {
      switch (b.kind) {
        case BlockKind::kParagraph:
          out += "<p>" + Html(b.text) + "</p>\n";
          break;
        case BlockKind::kHeading:
          out += "<p class=\"heading\">" + Html(b.text) + "</p>\n";
          break;
        case BlockKind::kFields:
          out += "<dl class=\"fields\">\n";
          for (const auto& [label, value] : b.fields) out += fmt::format("<dt>{}</dt><dd>{}</dd>\n", Html(label), Html(value));
          out += "</dl>\n";
          break;
        case BlockKind::kTable:
          WriteTable(out, b.table);
          break;
        case BlockKind::kBullets:
          out += "<ul>\n";
          for (const std::string& item : b.items) out += "<li>" + Html(item) + "</li>\n";
          out += "</ul>\n";
          break;
        case BlockKind::kTree:
          WriteTree(out, b.tree, language);
          break;
        case BlockKind::kChart: {
          ReportChart chart = b.chart;
          for (ReportBar& bar : chart.bars) bar.label = Plain(bar.label);
          out += BarChart(chart);
          break;
        }
        case BlockKind::kHistogram:
          out += Histogram(b.histogram);
          break;
        case BlockKind::kTornado:
          out += TornadoSvg(b.tornado);
          break;
      }
    }
    out += "</section>\n";
  }
  out += "</main>\n";
  out += fmt::format("<footer>{} · {}</footer>\n</body>\n</html>\n", Escape(doc.title), Escape(doc.product_line));
  return out;
}

}  // namespace pcf
