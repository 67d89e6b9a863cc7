#include "engine/model/reference_period.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "engine/core/numbers.h"

namespace pcf {

namespace {

struct Period {
  int year, month, day;
};

std::string Timestamp(const Period& p) { return fmt::format("{:04}-{:02}-{:02}T00:00:00Z", p.year, p.month, p.day); }

// "2024" → 2024-01-01 … 2025-01-01; "2024-07" → 2024-07-01 … 2024-08-01; "2024-07-15" → one day;
// "A/B" (either form at each end) → start of A … end of B. The end is exclusive (the next period's start).
// True when `text` is exactly `count` ASCII digits.
bool Digits(std::string_view text, std::size_t count) {
  return text.size() == count && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "YYYY", "YYYY-MM" or "YYYY-MM-DD" → the numbers (−1 for a part not given); plain parsing rather than
// std::regex, which draws a false GCC 12 warning in the sanitizer build.
std::optional<std::array<int, 3>> DateParts(std::string_view text) {
  if (text.size() != 4 && text.size() != 7 && text.size() != 10) return std::nullopt;
  if (!Digits(text.substr(0, 4), 4)) return std::nullopt;
  std::array<int, 3> parts{std::stoi(std::string(text.substr(0, 4))), -1, -1};
  for (std::size_t k = 1; k < 3 && text.size() > 4 + 3 * (k - 1); ++k) {
    const std::size_t at = 4 + 3 * (k - 1);
    if (text[at] != '-' || !Digits(text.substr(at + 1, 2), 2)) return std::nullopt;
    parts[k] = std::stoi(std::string(text.substr(at + 1, 2)));
  }
  return parts;
}

}  // namespace

std::pair<std::string, std::string> ReferencePeriodTimestamps(const ProductFile& p) {
  auto parse = [&](const std::string& text, bool end) -> std::optional<Period> {
    const auto parts = DateParts(text);
    if (!parts) return std::nullopt;
    const bool has_month = (*parts)[1] >= 0, has_day = (*parts)[2] >= 0;
    Period d{(*parts)[0], has_month ? (*parts)[1] : 1, has_day ? (*parts)[2] : 1};
    if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) return std::nullopt;
    if (!end) return d;
    if (!has_month) return Period{d.year + 1, 1, 1};
    if (!has_day) return d.month == 12 ? Period{d.year + 1, 1, 1} : Period{d.year, d.month + 1, 1};
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
    const int days = d.month == 2 && leap ? 29 : kDays[d.month - 1];
    if (d.day > days) return std::nullopt;
    if (d.day < days) return Period{d.year, d.month, d.day + 1};
    return d.month == 12 ? Period{d.year + 1, 1, 1} : Period{d.year, d.month + 1, 1};
  };
  const std::string text(Trim(p.reference_period));
  const std::size_t slash = text.find('/');
  const std::string first = std::string(Trim(text.substr(0, slash)));
  const std::string last = slash == std::string::npos ? first : std::string(Trim(text.substr(slash + 1)));
  const auto start = parse(first, false);
  const auto end = parse(last, true);
  if (!start || !end || Timestamp(*end) <= Timestamp(*start))
    throw Error(ErrorKind::kUnsupported,
                fmt::format("a PACT footprint needs the reference period as YYYY, YYYY-MM, YYYY-MM-DD or FROM/TO; "
                            "product \"{}\" has reference_period \"{}\"", p.id, p.reference_period));
  return {Timestamp(*start), Timestamp(*end)};
}

std::string ShiftTimestampYears(const std::string& timestamp, int years) {
  std::string out = timestamp;
  const std::string year = fmt::format("{:04}", std::stoi(timestamp.substr(0, 4)) + years);
  out.replace(0, 4, year);
  if (out.substr(5, 5) == "02-29") out.replace(5, 5, "03-01");  // no 29 February in most target years
  return out;
}

}  // namespace pcf
