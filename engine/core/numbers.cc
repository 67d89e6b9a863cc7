#include "engine/core/numbers.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "engine/core/formula_check.h"

namespace pcf {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

double ParseFiniteDouble(std::string_view text, const SourceLocation& where) {
  std::string_view t = Trim(text);
  if (t.empty()) throw Error(ErrorKind::kBadInput, "expected a number, got an empty field", where);
  std::string_view digits = t;
  if (digits.front() == '+') digits.remove_prefix(1);  // from_chars rejects a leading '+'
  double value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec == std::errc::result_out_of_range)
    throw Error(ErrorKind::kBadInput, fmt::format("number \"{}\" is out of the range of a double", t), where);
  if (ec != std::errc() || end != digits.data() + digits.size()) {
    // "0,42", "1 000", "０.４": say what to write (docs/product-format.md, strict numbers).
    const bool slip = t.find_first_of(", '") != std::string_view::npos ||
                      std::any_of(t.begin(), t.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    const std::optional<std::string> problem = slip ? FormulaProblem(t) : std::nullopt;
    throw Error(ErrorKind::kBadInput, fmt::format("expected a number, got \"{}\"{}", t, problem ? ": " + *problem : ""), where);
  }
  if (!std::isfinite(value))
    throw Error(ErrorKind::kBadInput, fmt::format("value \"{}\" is not finite (NaN and Inf are not allowed)", t), where);
  return value;
}

std::int64_t ParseCount(std::string_view text, const SourceLocation& where) {
  std::string_view t = Trim(text);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size() || value < 0)
    throw Error(ErrorKind::kBadInput, fmt::format("expected a non-negative whole number, got \"{}\"", t), where);
  return value;
}

std::string FormatDouble(double value) {
  return fmt::format("{}", value);
}

std::string HumanNumber(double value, int significant) {
  if (!std::isfinite(value)) return "–";
  if (value == 0) return "0";  // also -0
  significant = std::clamp(significant, 1, 17);
  const double magnitude = std::fabs(value);
  // Rounding in exponent form first finds the exponent after rounding (9.99996 → 1.000e+01).
  const std::string scientific = fmt::format("{:.{}e}", magnitude, significant - 1);
  const std::size_t e = scientific.find('e');
  const int exponent = std::stoi(scientific.substr(e + 1));
  auto drop_zeros = [](std::string digits) {
    if (digits.find('.') == std::string::npos) return digits;
    while (digits.back() == '0') digits.pop_back();
    if (digits.back() == '.') digits.pop_back();
    return digits;
  };
  std::string text;
  if (exponent < -4 || exponent >= 9)
    text = fmt::format("{}e{}", drop_zeros(scientific.substr(0, e)), exponent);
  else
    text = drop_zeros(fmt::format("{:.{}f}", magnitude, std::max(0, significant - 1 - exponent)));
  return (value < 0 ? "-" : "") + text;
}

std::string HumanNumberAmong(double value, const std::vector<double>& neighbours, int significant) {
  // At most 7 digits: values that agree further differ by round-off (0.9 and 0.8999999999999999), not in
  // anything a reader could use, and print the same.
  const int most = std::max(significant, 7);
  for (int digits = significant; digits < most; ++digits) {
    const std::string text = HumanNumber(value, digits);
    bool clash = false;
    for (double other : neighbours)
      if (other != value && std::isfinite(other) && HumanNumber(other, digits) == text) clash = true;
    if (!clash) return text;
  }
  return HumanNumber(value, most);
}

std::vector<std::string> HumanNumbers(const std::vector<double>& values, int significant) {
  std::vector<std::string> out;
  for (double v : values) out.push_back(HumanNumberAmong(v, values, significant));
  return out;
}

}  // namespace pcf
