#include "engine/core/closest_id.h"

#include <algorithm>

#include <fmt/format.h>

namespace pcf {

namespace {

std::size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::string ClosestId(const std::string& id, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(3, id.size() / 3) + 1;
  for (const std::string& c : candidates) {
    const std::size_t d = EditDistance(id, c);
    if (d < best_distance) { best = c; best_distance = d; }
  }
  return best;
}

std::string DidYouMean(const std::string& id, const std::vector<std::string>& candidates) {
  const std::string closest = ClosestId(id, candidates);
  return closest.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", closest);
}

}  // namespace pcf
