#include "engine/core/closest_id.h"

#include <algorithm>
#include <cctype>

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

namespace {

std::vector<std::string> LowerWords(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) word += static_cast<char>(std::tolower(u));
    else if (!word.empty()) { words.push_back(word); word.clear(); }
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

}  // namespace

std::vector<std::string> ClosestIds(const std::string& id, const std::vector<std::string>& candidates, std::size_t n) {
  const std::size_t limit = std::max<std::size_t>(3, id.size() / 3);
  std::vector<std::pair<std::size_t, std::string>> by_distance;
  for (const std::string& c : candidates) {
    const std::size_t d = EditDistance(id, c);
    if (d <= limit) by_distance.push_back({d, c});
  }
  if (by_distance.empty()) {
    // Nothing is a near spelling: rank by shared words (more is better), then by length difference.
    const std::vector<std::string> words = LowerWords(id);
    for (const std::string& c : candidates) {
      const std::vector<std::string> theirs = LowerWords(c);
      std::size_t shared = 0;
      for (const std::string& w : words)
        if (std::find(theirs.begin(), theirs.end(), w) != theirs.end()) ++shared;
      if (shared > 0) by_distance.push_back({1000 - shared, c});
    }
  }
  std::stable_sort(by_distance.begin(), by_distance.end());
  std::vector<std::string> out;
  for (std::size_t k = 0; k < by_distance.size() && k < n; ++k) out.push_back(by_distance[k].second);
  return out;
}

std::string DidYouMean(const std::string& id, const std::vector<std::string>& candidates) {
  const std::string closest = ClosestId(id, candidates);
  return closest.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", closest);
}

}  // namespace pcf
