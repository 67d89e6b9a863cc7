// Reading and writing numbers exactly: parsing is correctly rounded (std::from_chars), writing gives the
// shortest decimal that reads back to the same double, so files round-trip bit for bit.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/error.h"

namespace pcf {

// Parses a finite double; the whole text must be the number (surrounding blanks allowed).
// Throws Error(kBadInput) at `where` for empty, non-numeric, NaN, Inf or out-of-range text.
double ParseFiniteDouble(std::string_view text, const SourceLocation& where);

// Parses a non-negative integer that fits in int64. Throws Error(kBadInput) at `where`.
std::int64_t ParseCount(std::string_view text, const SourceLocation& where);

// Shortest round-trip form ("0.1", "1e-06", "2227000000"); never "nan" or "inf" (callers check).
std::string FormatDouble(double value);

// For people (terminal, Markdown, HTML, certificate page): `significant` significant digits, trailing zeros
// dropped, no thousands separator (a comma or point would read as a decimal mark somewhere); whole numbers keep
// all their integer digits (12345.6 → "12346", not "12350"); below 1e-4 or from 1e9 on in exponent form
// ("1.235e-5", "2.5e9"). -0 → "0"; NaN and ±Inf → "–". JSON, CSV and PACT use FormatDouble instead.
std::string HumanNumber(double value, int significant = 4);

// HumanNumber with as many more digits as it takes to differ from every neighbour of another value (two
// stages of 733.51 and 733.49 show as "733.51" and "733.49", not twice "733.5"), up to 7 significant digits:
// values that agree to 7 digits differ by round-off and print the same. Equal values stay equal.
std::string HumanNumberAmong(double value, const std::vector<double>& neighbours, int significant = 4);

// HumanNumberAmong for each value of a list (a table column, the stages of a summary).
std::vector<std::string> HumanNumbers(const std::vector<double>& values, int significant = 4);

std::string_view Trim(std::string_view text);

}  // namespace pcf
