// What a footprint report shows beyond the totals: the result by gas group (ISO 14067 asks for fossil,
// biogenic emissions, biogenic removals, land-use change and aircraft emissions apart), a contribution
// tree from the product down through foreground and background processes with a cut-off, and the top
// hotspots by process and by elementary flow. All for the product file's method indicator.
#pragma once

#include <string>
#include <vector>

#include "engine/calc/footprint.h"

namespace pcf {

struct GasGroups {
  double fossil = 0;              // fossil and process GHGs, and published CO2e factors
  double biogenic_emissions = 0;  // biogenic CO2 and CH4
  double biogenic_removals = 0;   // biogenic CO2 uptake (negative)
  double land_use_change = 0;
  double aircraft = 0;
};

struct ContributionNode {
  std::string process;     // process id (the provider of `product`)
  std::string product;
  std::string unit;
  double amount = 0;       // of `product`, in `unit`; negative for an avoided product
  double total = 0;        // cradle-to-gate impact of that amount
  double direct = 0;       // the process's own emissions at that scale
  bool foreground = false;
  std::vector<ContributionNode> children;
  double hidden = 0;       // sum of the children below the cut-off
  int hidden_count = 0;
};

struct Hotspot {
  std::string id;
  double value = 0;
  double share = 0;  // of the total
};

struct Analysis {
  GasGroups gas;
  double cutoff = 0.005;  // fraction of the total below which a branch is not expanded
  ContributionNode tree;
  std::vector<Hotspot> processes;  // by direct emissions, largest magnitude first
  std::vector<Hotspot> flows;      // by characterized inventory
};

// `cutoff` is a fraction (0.005 = 0.5 %); at most `top` hotspots each. Loops are followed until their
// branches fall below the cut-off (at most 12 levels).
Analysis Analyze(const LinkedSystem& system, const Footprint& footprint, double cutoff, std::size_t top);

}  // namespace pcf
