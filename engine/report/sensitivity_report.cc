#include "engine/report/sensitivity_report.h"

#include <fmt/format.h>

#include "engine/core/numbers.h"
#include "engine/report/html_escape.h"
#include "engine/report/json_writer.h"
#include "engine/report/tornado_chart.h"
#include "engine/report/what_if_tables.h"

namespace pcf {

namespace {

// English and Chinese (GB/T 24067 terms: 敏感性分析, 声明单位, 分配) side by side.
struct Words {
  const char *title, *intro, *product, *declared_unit, *total, *ranked, *rank, *input, *kind, *parameter, *amount,
      *value, *unit, *minus, *plus, *elasticity, *line, *tornado, *tornado_note, *not_varied, *reason, *allocation,
      *no_allocation, *alloc_method, *processes, *difference, *relative, *file_choice, *mass, *economic,
      *not_applicable, *stage, *total_short;
};

const Words kEnglish = {
    "Sensitivity analysis",
    "Every parameter and every foreground amount changed on its own by −{0} and +{0}, the file re-evaluated and the "
    "system solved again; elasticity = (ΔT/T)/(Δx/x) = (T₊ − T₋)/(2 δ T). An elasticity of 0.3 means a 1 % change of "
    "the input changes the total by 0.3 %; for an amount the total is linear in, it equals the amount's share of the total.",
    "Product", "Declared unit", "Carbon footprint (point value)", "Inputs ranked by elasticity", "#", "Input", "Kind",
    "parameter", "amount", "Value", "Unit", "Total at −δ", "Total at +δ", "Elasticity", "Line", "Tornado chart",
    "Total at −δ (orange) and +δ (blue) around the point value; the largest effects first.", "Not varied", "Reason",
    "Allocation alternatives",
    "No process has several outputs: there is no allocation to compare.", "Allocation", "Processes",
    "Difference", "Relative difference", "the file's choice", "mass", "economic", "not applicable", "Stage", "Total"};

const Words kChinese = {
    "敏感性分析",
    "逐一将每个参数和每个前景数量单独改变 −{0} 和 +{0}，重新计算产品文件并求解系统；弹性系数 = (ΔT/T)/(Δx/x) = "
    "(T₊ − T₋)/(2 δ T)。弹性系数 0.3 表示该输入改变 1 % 时总量改变 0.3 %；对于总量与之成线性关系的数量，弹性系数等于其占总量的份额。",
    "产品", "声明单位", "产品碳足迹（点值）", "按弹性系数排序的输入", "#", "输入", "类型", "参数", "数量", "数值", "单位",
    "−δ 时总量", "+δ 时总量", "弹性系数", "行", "龙卷风图", "点值两侧为 −δ（橙色）和 +δ（蓝色）时的总量；影响最大者在前。",
    "未变动的输入", "原因", "分配方法比较", "没有多产出过程：无分配方法可比较。", "分配方法", "过程", "差值", "相对差值",
    "产品文件所选", "质量分配", "经济价值分配", "不适用", "阶段", "总量"};

const Words& W(Language language) { return language == Language::kChinese ? kChinese : kEnglish; }

std::string Percent(double fraction) { return HumanNumber(100 * fraction, 3) + " %"; }

std::string AllocationName(const std::string& name, const Words& w) {
  return name == "file" ? w.file_choice : name == "mass" ? w.mass : name == "economic" ? w.economic : name;
}

PlainTable RankedTable(const SensitivityResult& r, const Words& w) {
  PlainTable t;
  t.header = {w.rank, w.input, w.kind, w.value, w.unit, w.minus, w.plus, w.elasticity, w.line};
  t.numeric = {true, false, false, true, false, true, true, true, true};
  int rank = 0;
  for (const SensitivityInput& in : r.inputs) {
    if (!in.varied) continue;
    t.rows.push_back({std::to_string(++rank), in.name, in.kind == "parameter" ? w.parameter : w.amount, HumanNumber(in.value),
                      in.unit, HumanNumber(in.total_minus), HumanNumber(in.total_plus), HumanNumber(in.elasticity, 3),
                      in.where.line > 0 ? std::to_string(in.where.line) : ""});
  }
  return t;
}

PlainTable NotVariedTable(const SensitivityResult& r, const Words& w) {
  PlainTable t;
  t.header = {w.input, w.kind, w.value, w.reason, w.line};
  t.numeric = {false, false, true, false, true};
  for (const SensitivityInput& in : r.inputs)
    if (!in.varied)
      t.rows.push_back({in.name, in.kind == "parameter" ? w.parameter : w.amount, HumanNumber(in.value), in.reason,
                        in.where.line > 0 ? std::to_string(in.where.line) : ""});
  return t;
}

PlainTable AllocationTable(const SensitivityResult& r, const Words& w) {
  PlainTable t;
  t.header = {w.alloc_method, w.processes, w.total_short, w.difference, w.relative};
  t.numeric = {false, false, true, true, true};
  for (const AllocationAlternative& a : r.allocation) {
    if (!a.available) {
      t.rows.push_back({AllocationName(a.name, w), a.methods, std::string(w.not_applicable) + ": " + a.reason, "", ""});
      continue;
    }
    t.rows.push_back({AllocationName(a.name, w), a.methods, HumanNumber(a.total), HumanNumber(a.total - r.total),
                      r.total != 0 ? Percent((a.total - r.total) / r.total) : "–"});
  }
  return t;
}

std::string Heading(const SensitivityResult& r, const Words& w) {
  return fmt::format("{}: {} ({})\n{}: {}\n{}: {} {} ({})\n", w.product, r.product_name, r.product_id, w.declared_unit,
                     r.declared_unit, w.total, HumanNumber(r.total), r.indicator_unit, r.indicator);
}

std::string Text(const SensitivityResult& r, Language language) {
  const Words& w = W(language);
  std::string out = fmt::format("{}\n{}\n{}\n\n", w.title, Heading(r, w), fmt::format(fmt::runtime(w.intro), Percent(r.delta)));
  out += fmt::format("{}\n{}", w.ranked, TextTable(RankedTable(r, w)));
  const PlainTable not_varied = NotVariedTable(r, w);
  if (!not_varied.rows.empty()) out += fmt::format("\n{}\n{}", w.not_varied, TextTable(not_varied));
  out += fmt::format("\n{}\n", w.allocation);
  out += r.allocation.empty() ? std::string("  ") + w.no_allocation + "\n" : TextTable(AllocationTable(r, w));
  return out;
}

std::string Markdown(const SensitivityResult& r, Language language) {
  const Words& w = W(language);
  std::string out = fmt::format("# {}\n\n", w.title);
  for (const std::string& line : {std::string(w.product) + ": " + r.product_name + " (" + r.product_id + ")",
                                  std::string(w.declared_unit) + ": " + r.declared_unit,
                                  std::string(w.total) + ": **" + HumanNumber(r.total) + " " + r.indicator_unit + "** (" + r.indicator + ")"})
    out += "- " + line + "\n";
  out += fmt::format("\n{}\n\n## {}\n\n{}", fmt::format(fmt::runtime(w.intro), Percent(r.delta)), w.ranked, MarkdownTable(RankedTable(r, w)));
  const PlainTable not_varied = NotVariedTable(r, w);
  if (!not_varied.rows.empty()) out += fmt::format("\n## {}\n\n{}", w.not_varied, MarkdownTable(not_varied));
  out += fmt::format("\n## {}\n\n", w.allocation);
  out += r.allocation.empty() ? std::string(w.no_allocation) + "\n" : MarkdownTable(AllocationTable(r, w));
  return out;
}

// Bars from the point value to the totals at −δ and +δ, the largest effects (up to 15) first.
std::string Tornado(const SensitivityResult& r, const Words& w) {
  return TornadoSvg({w.tornado_note, w.tornado, w.minus, w.plus, w.elasticity, r.total, TornadoBars(r)});
}

std::string Html(const SensitivityResult& r, Language language) {
  const Words& w = W(language);
  std::string body = fmt::format("<h1>{}</h1>\n<dl>\n<dt>{}</dt><dd>{} ({})</dd>\n<dt>{}</dt><dd>{}</dd>\n<dt>{}</dt><dd><b>{} {}</b> ({})</dd>\n</dl>\n",
                                 HtmlEscape(w.title), HtmlEscape(w.product), HtmlEscape(r.product_name), HtmlEscape(r.product_id),
                                 HtmlEscape(w.declared_unit), HtmlEscape(r.declared_unit), HtmlEscape(w.total), HumanNumber(r.total),
                                 HtmlEscape(r.indicator_unit), HtmlEscape(r.indicator));
  body += fmt::format("<p class=\"note\">{}</p>\n", HtmlEscape(fmt::format(fmt::runtime(w.intro), Percent(r.delta))));
  body += fmt::format("<h2>{}</h2>\n{}", HtmlEscape(w.tornado), Tornado(r, w));
  body += fmt::format("<h2>{}</h2>\n{}", HtmlEscape(w.ranked), HtmlTable(RankedTable(r, w)));
  const PlainTable not_varied = NotVariedTable(r, w);
  if (!not_varied.rows.empty()) body += fmt::format("<h2>{}</h2>\n{}", HtmlEscape(w.not_varied), HtmlTable(not_varied));
  body += fmt::format("<h2>{}</h2>\n", HtmlEscape(w.allocation));
  body += r.allocation.empty() ? fmt::format("<p>{}</p>\n", HtmlEscape(w.no_allocation)) : HtmlTable(AllocationTable(r, w));
  return HtmlPage(std::string(w.title) + " — " + r.product_name, language == Language::kChinese ? "zh" : "en", body);
}

std::string Json(const SensitivityResult& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("product").BeginObject().Field("id", r.product_id).Field("name", r.product_name).Field("declared_unit", r.declared_unit).EndObject();
  w.Key("method").BeginObject().Field("indicator", r.indicator).Field("unit", r.indicator_unit).Field("total", r.total).EndObject();
  w.Key("sensitivity").BeginObject();
  w.Field("delta", r.delta).Field("total", r.total);
  w.Key("inputs").BeginArray();
  for (const SensitivityInput& in : r.inputs) {
    w.BeginObject().Field("kind", in.kind).Field("name", in.name);
    if (!in.stage.empty()) w.Field("stage", in.stage);
    w.Key("line").Integer(in.where.line).Field("field", in.where.field).Field("value", in.value);
    if (!in.unit.empty()) w.Field("unit", in.unit);
    w.Key("varied").Bool(in.varied);
    if (in.varied) w.Field("total_minus", in.total_minus).Field("total_plus", in.total_plus).Field("elasticity", in.elasticity);
    else w.Field("reason", in.reason);
    w.EndObject();
  }
  w.EndArray();
  w.Key("allocation").BeginObject();
  w.Key("multi_output_processes").BeginArray();
  for (const std::string& p : r.multi_output_processes) w.String(p);
  w.EndArray();
  w.Key("alternatives").BeginArray();
  for (const AllocationAlternative& a : r.allocation) {
    w.BeginObject().Field("allocation", a.name).Field("methods", a.methods).Key("available").Bool(a.available);
    if (a.available) {
      w.Field("total", a.total).Field("difference", a.total - r.total);
      if (r.total != 0) w.Field("relative_difference", (a.total - r.total) / r.total);
    } else {
      w.Field("reason", a.reason);
    }
    w.EndObject();
  }
  w.EndArray().EndObject();
  w.EndObject();
  w.Key("manifest").BeginObject().Field("engine_version", PCF_VERSION).Field("input_file", r.input_file);
  w.Field("input_sha256", r.input_sha256).Field("db_sha256", r.db_sha256).Field("solver", r.solver).EndObject();
  w.EndObject();
  return w.Finish();
}

}  // namespace

const std::vector<std::string>& WhatIfFormats() {
  static const std::vector<std::string> kFormats = {"text", "md", "html", "json"};
  return kFormats;
}

std::string FormatSensitivity(const SensitivityResult& result, const std::string& format, Language language) {
  if (format == "text") return Text(result, language);
  if (format == "md") return Markdown(result, language);
  if (format == "html") return Html(result, language);
  if (format == "json") return Json(result);
  throw Error(ErrorKind::kUsage, fmt::format("--format {}: sensitivity is written as text, md, html or json", format));
}

}  // namespace pcf
