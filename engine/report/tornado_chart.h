// The tornado chart of a one-at-a-time sensitivity analysis as inline SVG: one row per input, bars from the
// point value to the total at −δ (class "minus") and at +δ (class "plus"), the elasticity at the right. Drawn
// the same in `pcf sensitivity --format html` and in the study report (`pcf calc --format html`).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "engine/calc/sensitivity.h"

namespace pcf {

struct TornadoBar {
  std::string label;
  double total_minus = 0, total_plus = 0;
  double elasticity = 0;
};

struct TornadoChart {
  std::string caption;     // under the figure's title
  std::string aria_label;  // the chart's name for screen readers
  std::string minus_label, plus_label, elasticity_label;  // words of a bar's tooltip
  double point = 0;        // the total at the point, the chart's centre line
  std::vector<TornadoBar> bars;
};

// The varied inputs of `result`, largest effect first (the result's order), at most `limit`.
std::vector<TornadoBar> TornadoBars(const SensitivityResult& result, std::size_t limit = 15);

// A <figure> with the SVG; "" when there are no bars.
std::string TornadoSvg(const TornadoChart& chart);

}  // namespace pcf
