// Reading and writing numbers exactly: parsing is correctly rounded (std::from_chars), writing gives the
// shortest decimal that reads back to the same double, so files round-trip bit for bit.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/core/error.h"

namespace pcf {

// Parses a finite double; the whole text must be the number (surrounding blanks allowed).
// Throws Error(kBadInput) at `where` for empty, non-numeric, NaN, Inf or out-of-range text.
double ParseFiniteDouble(std::string_view text, const SourceLocation& where);

// Parses a non-negative integer that fits in int64. Throws Error(kBadInput) at `where`.
std::int64_t ParseCount(std::string_view text, const SourceLocation& where);

// Shortest round-trip form ("0.1", "1e-06", "2227000000"); never "nan" or "inf" (callers check).
std::string FormatDouble(double value);

std::string_view Trim(std::string_view text);

}  // namespace pcf
