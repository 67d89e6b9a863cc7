#include "engine/report/tornado_chart.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "engine/core/numbers.h"
#include "engine/report/html_escape.h"

namespace pcf {

std::vector<TornadoBar> TornadoBars(const SensitivityResult& result, std::size_t limit) {
  std::vector<TornadoBar> bars;
  for (const SensitivityInput& in : result.inputs)
    if (in.varied && bars.size() < limit) bars.push_back({in.name, in.total_minus, in.total_plus, in.elasticity});
  return bars;
}

std::string TornadoSvg(const TornadoChart& chart) {
  if (chart.bars.empty()) return "";
  constexpr double kWidth = 900, kLabel = 330, kValue = 90, kRow = 22, kTop = 8;
  double span = 0;
  for (const TornadoBar& bar : chart.bars)
    span = std::max({span, std::fabs(bar.total_minus - chart.point), std::fabs(bar.total_plus - chart.point)});
  if (span == 0) span = 1;
  const double half = (kWidth - kLabel - kValue - 24) / 2, centre = kLabel + 12 + half;
  auto x = [&](double total) { return centre + (total - chart.point) / span * half; };
  const double height = 2 * kTop + kRow * static_cast<double>(chart.bars.size());
  std::string svg = fmt::format("<figure class=\"chart tornado\">\n<figcaption>{}</figcaption>\n<svg viewBox=\"0 0 {} {}\" "
                                "width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\">\n",
                                HtmlEscape(chart.caption), kWidth, height, kWidth, height, HtmlEscape(chart.aria_label));
  double y = kTop;
  for (const TornadoBar& bar : chart.bars) {
    std::string label = bar.label;
    if (label.size() > 52) {  // cut at a UTF-8 character boundary
      std::size_t cut = 50;
      while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;
      label = label.substr(0, cut) + "…";
    }
    svg += fmt::format("<g><title>{}: {} {}, {} {}, {} {}</title>", HtmlEscape(bar.label), HtmlEscape(chart.minus_label),
                       HumanNumber(bar.total_minus), HtmlEscape(chart.plus_label), HumanNumber(bar.total_plus),
                       HtmlEscape(chart.elasticity_label), HumanNumber(bar.elasticity, 3));
    svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>", kLabel, y + kRow * 0.65, HtmlEscape(label));
    for (const auto& [total, cls] : {std::pair{bar.total_minus, "minus"}, std::pair{bar.total_plus, "plus"}}) {
      const double a = std::min(centre, x(total)), b = std::max(centre, x(total));
      svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" class=\"{}\"/>", a, y + 3,
                         std::max(b - a, 0.5), kRow - 6, cls);
    }
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text></g>\n", kWidth - kValue + 6, y + kRow * 0.65,
                       HumanNumber(bar.elasticity, 3));
    y += kRow;
  }
  svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" class=\"axis\"/>\n", centre, kTop - 4,
                     height - kTop + 4);
  return svg + "</svg>\n</figure>\n";
}

}  // namespace pcf
