// The ISO 14067 / GB/T 24067 study report of a product footprint as a small document (sections of
// paragraphs, fields, tables, lists, a contribution tree and charts), built once from a FootprintReport
// and written out by the Markdown and HTML views, so both say the same in the same order. Texts are
// plain (each view escapes them); a span between kCodeBegin and kCodeEnd is code (a hash, a command).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/report/footprint_report.h"
#include "engine/report/render.h"
#include "engine/report/tornado_chart.h"

namespace pcf {

inline constexpr char kCodeBegin = '\x01';
inline constexpr char kCodeEnd = '\x02';

// `text` marked as code.
std::string Code(std::string_view text);

struct ReportTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> numeric;  // per column: right-aligned
  bool last_row_is_total = false;
};

struct ReportTreeLine {
  int depth = 0;
  std::string name;    // process (or product when nothing provides it)
  std::string detail;  // product, amount, origin
  std::string value;   // footprint of the branch, for people
  double share = 0;    // of the total (signed)
  std::string direct;  // direct emissions, "" for none
  bool below_cutoff = false;
  bool foreground = false;
};

struct ReportBar {
  std::string label;
  double value = 0;
  std::string value_text;
};

struct ReportChart {
  std::string title;
  std::vector<ReportBar> bars;
};

// A histogram of Monte Carlo draws: equal bins from `lo`, each `width` wide, and marked values (the point
// value, the 2.5 and 97.5 % percentiles) drawn as lines.
struct ReportHistogram {
  std::string title;
  double lo = 0, width = 0;
  std::vector<std::size_t> counts;
  std::string lo_text, hi_text;  // the axis ends, for people
  std::vector<std::pair<double, std::string>> markers;  // value → label
};

enum class BlockKind { kParagraph, kFields, kTable, kBullets, kTree, kChart, kHeading, kHistogram, kTornado };

struct ReportBlock {
  BlockKind kind = BlockKind::kParagraph;
  std::string text;                                         // paragraph; heading (a sub-heading)
  std::vector<std::pair<std::string, std::string>> fields;  // label → value
  ReportTable table;
  std::vector<std::string> items;
  std::vector<ReportTreeLine> tree;
  ReportChart chart;
  ReportHistogram histogram;
  TornadoChart tornado;  // texts plain, as TornadoSvg escapes them
};

struct ReportSection {
  std::string anchor;  // ASCII id, e.g. "results-stage"
  std::string number;  // "7.2"
  std::string title;
  int level = 2;       // 2 = section, 3 = subsection
  std::vector<ReportBlock> blocks;
};

struct StudyReport {
  Language language = Language::kEnglish;
  std::string title;
  std::string subtitle;
  std::string product_line;  // product name(s) and company
  std::string headline_label;
  std::string headline_value;   // for people: "734 kg CO2e"
  std::string headline_unit;    // "per declared unit (1 t)"
  std::string headline_exact;   // "exact value: 733.5724238298118 kg CO2e"
  std::vector<ReportSection> sections;
};

StudyReport BuildStudyReport(const FootprintReport& report, Language language);

// A share of a total in percent, one decimal ("61.9 %", "<0.1 %").
std::string HumanShare(double fraction);

}  // namespace pcf
