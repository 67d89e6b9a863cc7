#include "engine/report/compare_report.h"

#include <fmt/format.h>

#include "engine/core/numbers.h"
#include "engine/report/html_escape.h"
#include "engine/report/json_writer.h"
#include "engine/report/what_if_tables.h"

namespace pcf {

namespace {

struct Words {
  const char *title, *intro, *totals, *stages, *stage_differences, *label, *product, *declared_unit, *settings, *total,
      *difference, *relative, *reference, *units_differ;
};

const Words kEnglish = {"Comparison",
                        "Totals of the {} indicator ({}), each case against the first (the reference).",
                        "Totals",
                        "By life-cycle stage",
                        "Stage differences against the reference",
                        "Case",
                        "Product",
                        "Declared unit",
                        "Parameters set",
                        "Total",
                        "Difference",
                        "Relative difference",
                        "reference",
                        "Note: the declared units differ; the totals are per each product's own declared unit."};

const Words kChinese = {"对比",
                        "{} 指标（{}）的总量，各情形与第一项（基准）比较。",
                        "总量",
                        "按生命周期阶段",
                        "各阶段与基准的差值",
                        "情形",
                        "产品",
                        "声明单位",
                        "设定的参数",
                        "总量",
                        "差值",
                        "相对差值",
                        "基准",
                        "注意：声明单位不同；各总量按各自产品的声明单位计。"};

const Words& W(Language language) { return language == Language::kChinese ? kChinese : kEnglish; }

std::string Settings(const ParameterOverrides& overrides) {
  std::string out;
  for (const auto& [name, value] : overrides) out += fmt::format("{}{} = {}", out.empty() ? "" : ", ", name, FormatDouble(value));
  return out;
}

PlainTable Totals(const Comparison& c, const Words& w) {
  PlainTable t;
  t.header = {w.label, w.product, w.declared_unit, w.settings, w.total, w.difference, w.relative};
  t.numeric = {false, false, false, false, true, true, true};
  for (std::size_t r = 0; r < c.rows.size(); ++r) {
    const ComparisonRow& row = c.rows[r];
    t.rows.push_back({row.label, row.product_id, row.declared_unit, Settings(row.overrides), HumanNumber(row.total),
                      r == 0 ? w.reference : HumanNumber(row.difference),
                      r == 0 ? "" : row.relative ? HumanNumber(100 * *row.relative, 3) + " %" : "–"});
  }
  return t;
}

PlainTable Stages(const Comparison& c, const Words& w, bool differences) {
  PlainTable t;
  t.header = {w.label};
  t.numeric = {false};
  for (const std::string& s : c.stages) t.header.push_back(s), t.numeric.push_back(true);
  for (std::size_t r = differences ? 1 : 0; r < c.rows.size(); ++r) {
    std::vector<std::string> cells = {c.rows[r].label};
    for (double v : differences ? c.rows[r].stage_differences : c.rows[r].stages) cells.push_back(HumanNumber(v));
    t.rows.push_back(std::move(cells));
  }
  return t;
}

std::string Intro(const Comparison& c, const Words& w) {
  return fmt::format(fmt::runtime(w.intro), c.indicator, c.unit) + (c.declared_units_differ ? std::string(" ") + w.units_differ : "");
}

std::string Json(const Comparison& c) {
  JsonWriter w;
  w.BeginObject().Key("comparison").BeginObject().Field("indicator", c.indicator).Field("unit", c.unit);
  w.Key("stages").BeginArray();
  for (const std::string& s : c.stages) w.String(s);
  w.EndArray().Key("declared_units_differ").Bool(c.declared_units_differ).Key("rows").BeginArray();
  for (const ComparisonRow& row : c.rows) {
    w.BeginObject().Field("label", row.label).Field("file", row.product_path).Field("product", row.product_id);
    w.Field("declared_unit", row.declared_unit).Key("overrides").BeginObject();
    for (const auto& [name, value] : row.overrides) w.Field(name, value);
    w.EndObject().Field("total", row.total).Field("difference", row.difference);
    if (row.relative) w.Field("relative_difference", *row.relative);
    w.Key("stages").BeginObject();
    for (std::size_t k = 0; k < c.stages.size(); ++k)
      w.Key(c.stages[k]).BeginObject().Field("total", row.stages[k]).Field("difference", row.stage_differences[k]).EndObject();
    w.EndObject().EndObject();
  }
  w.EndArray().EndObject().Key("manifest").BeginObject().Field("engine_version", PCF_VERSION).EndObject().EndObject();
  return w.Finish();
}

}  // namespace

std::string FormatComparison(const Comparison& c, const std::string& format, Language language) {
  const Words& w = W(language);
  if (format == "json") return Json(c);
  if (format == "text")
    return fmt::format("{}\n{}\n\n{}\n{}\n{}\n{}\n{}\n{}", w.title, Intro(c, w), w.totals, TextTable(Totals(c, w)), w.stages,
                       TextTable(Stages(c, w, false)), w.stage_differences, TextTable(Stages(c, w, true)));
  if (format == "md")
    return fmt::format("# {}\n\n{}\n\n## {}\n\n{}\n## {}\n\n{}\n## {}\n\n{}", w.title, Intro(c, w), w.totals,
                       MarkdownTable(Totals(c, w)), w.stages, MarkdownTable(Stages(c, w, false)), w.stage_differences,
                       MarkdownTable(Stages(c, w, true)));
  if (format == "html")
    return HtmlPage(w.title, language == Language::kChinese ? "zh" : "en",
                    fmt::format("<h1>{}</h1>\n<p class=\"note\">{}</p>\n<h2>{}</h2>\n{}<h2>{}</h2>\n{}<h2>{}</h2>\n{}",
                                HtmlEscape(w.title), HtmlEscape(Intro(c, w)), HtmlEscape(w.totals), HtmlTable(Totals(c, w)),
                                HtmlEscape(w.stages), HtmlTable(Stages(c, w, false)), HtmlEscape(w.stage_differences),
                                HtmlTable(Stages(c, w, true))));
  throw Error(ErrorKind::kUsage, fmt::format("--format {}: compare is written as text, md, html or json", format));
}

}  // namespace pcf
