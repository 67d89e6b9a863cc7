#include "engine/core/numbers.h"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

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
  if (ec != std::errc() || end != digits.data() + digits.size())
    throw Error(ErrorKind::kBadInput, fmt::format("expected a number, got \"{}\"", t), where);
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

}  // namespace pcf
