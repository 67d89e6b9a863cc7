// RFC 3339 date-times as the PACT host compares them: normalised to UTC "YYYY-MM-DDTHH:MM:SSZ", so that
// text order is time order (the store keeps validity periods in that form and compares them in SQL).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pcf {

// "2025-04-01T00:00Z", "2025-04-01T02:00:00.5+02:00", "2025-04-01" (midnight UTC) → "2025-04-01T00:00:00Z".
// Fractions of a second are dropped. nullopt for anything else (a bad month, day, hour, offset, …).
std::optional<std::string> NormalizeTimestamp(std::string_view text);

// The same instant `years` calendar years later (29 February becomes 1 March in a common year).
std::string AddYearsUtc(const std::string& normalized, int years);

// Seconds since 1970 as "YYYY-MM-DDTHH:MM:SSZ".
std::string FormatUtc(std::int64_t seconds);

}  // namespace pcf
