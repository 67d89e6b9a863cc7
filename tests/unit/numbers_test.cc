#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

#include "engine/core/numbers.h"

using pcf::ErrorKind;
using pcf::FormatDouble;
using pcf::ParseFiniteDouble;

TEST_CASE("numbers: finite doubles parse exactly, NaN, Inf, junk and overflow are rejected") {
  const pcf::SourceLocation at{"A.mtx", 7, 0, "value"};
  CHECK(ParseFiniteDouble("0.1", at) == 0.1);
  CHECK(ParseFiniteDouble(" -2.5e-3 ", at) == -2.5e-3);
  CHECK(ParseFiniteDouble("+4", at) == 4.0);
  CHECK(ParseFiniteDouble("2227000000.0", at) == 2227000000.0);
  for (const char* bad : {"nan", "NaN", "inf", "-Infinity", "1e999", "abc", "1.5x", "", "1,5"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(ParseFiniteDouble(bad, at), pcf::Error);
  }
  CHECK_THROWS_WITH(ParseFiniteDouble("nan", at),
                    "A.mtx:7: value: value \"nan\" is not finite (NaN and Inf are not allowed)");
}

TEST_CASE("numbers: shortest round-trip formatting reads back bit for bit") {
  std::mt19937_64 rng(42);
  const pcf::SourceLocation at{};
  for (int k = 0; k < 100000; ++k) {
    double v;
    do v = std::bit_cast<double>(rng()); while (!std::isfinite(v));
    const std::string text = FormatDouble(v);
    CHECK_MESSAGE(std::bit_cast<std::uint64_t>(ParseFiniteDouble(text, at)) == std::bit_cast<std::uint64_t>(v), text);
  }
  CHECK(FormatDouble(0.1) == "0.1");
  CHECK(FormatDouble(100.0) == "100");
  CHECK(FormatDouble(1e-6) == "1e-06");
  CHECK(FormatDouble(std::numeric_limits<double>::max()) == "1.7976931348623157e+308");
}
