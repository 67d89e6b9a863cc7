// Comparing results with the published answers in tests/data/verification.
#pragma once

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pcf::test {

// The tolerance the verification README recommends.
constexpr double kRelativeTolerance = 1e-9;

inline nlohmann::json LoadJson(const std::filesystem::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

// |a − b| ≤ tol · max(|b|, scale): relative, but values that should be zero are compared against the
// magnitude of their vector (a zero supply can come out as 1e-17 after cancellation).
inline bool Close(double actual, double expected, double scale, double tol = kRelativeTolerance) {
  return std::fabs(actual - expected) <= tol * std::max(std::fabs(expected), scale);
}

// Largest magnitude among the values of a JSON object {id: number}.
inline double Scale(const nlohmann::json& values) {
  double m = 0;
  for (const auto& [id, v] : values.items()) m = std::max(m, std::fabs(v.get<double>()));
  return m * 1e-12;
}

inline std::vector<std::string> SmallCases() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(PCF_TEST_DATA) / "verification" / "small"))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace pcf::test
