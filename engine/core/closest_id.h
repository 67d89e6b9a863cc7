// "Did you mean …?" — the candidate closest to a misspelt id, by edit distance.
#pragma once

#include <string>
#include <vector>

namespace pcf {

// The candidate closest to `id`, or "" when none is close (more than about a third of its length away).
std::string ClosestId(const std::string& id, const std::vector<std::string>& candidates);

// Up to `n` candidates close to `id`: by edit distance, else those sharing the most words with it
// ("electricity hubei" finds "electricity, grid, CN-HB, 2023" only by words). Best first.
std::vector<std::string> ClosestIds(const std::string& id, const std::vector<std::string>& candidates, std::size_t n);

// " (did you mean \"X\"?)" or "".
std::string DidYouMean(const std::string& id, const std::vector<std::string>& candidates);

}  // namespace pcf
