// engine/core/numbers.h HumanNumber*: the numbers people read. Expected texts follow from the rule (4
// significant digits, trailing zeros dropped, whole numbers keep their integer digits, exponent form
// below 1e-4 and from 1e9).
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "engine/core/numbers.h"

using pcf::HumanNumber;
using pcf::HumanNumberAmong;
using pcf::HumanNumbers;

TEST_CASE("human numbers: 4 significant digits, trailing zeros dropped, carries") {
  CHECK(HumanNumber(733.5724238298118) == "733.6");
  CHECK(HumanNumber(0.12500000000000006) == "0.125");
  CHECK(HumanNumber(2433.4) == "2433");
  CHECK(HumanNumber(2433.5) == "2434");
  CHECK(HumanNumber(12345.6) == "12346");  // whole numbers keep their digits
  CHECK(HumanNumber(1.23456) == "1.235");
  CHECK(HumanNumber(9.99996) == "10");      // the carry moves the decimal point
  CHECK(HumanNumber(0.99996) == "1");
  CHECK(HumanNumber(999.96) == "1000");
  CHECK(HumanNumber(1.5) == "1.5");
  CHECK(HumanNumber(100) == "100");
  CHECK(HumanNumber(0.001234567) == "0.001235");
  CHECK(HumanNumber(0.0001) == "0.0001");
  CHECK(HumanNumber(1.2345, 2) == "1.2");
  CHECK(HumanNumber(1.2345, 6) == "1.2345");
}

TEST_CASE("human numbers: negatives, zero, -0, tiny, huge and non-finite") {
  CHECK(HumanNumber(-11.721875) == "-11.72");
  CHECK(HumanNumber(-0.0) == "0");
  CHECK(HumanNumber(0.0) == "0");
  CHECK(HumanNumber(1.4210854715202004e-14) == "1.421e-14");
  CHECK(HumanNumber(-1.5e-5) == "-1.5e-5");
  CHECK(HumanNumber(9.99e-5) == "9.99e-5");
  CHECK(HumanNumber(2.5e9) == "2.5e9");
  CHECK(HumanNumber(123456789.4) == "123456789");
  CHECK(HumanNumber(1e300) == "1e300");
  CHECK(HumanNumber(std::numeric_limits<double>::denorm_min()) == "4.941e-324");
  CHECK(HumanNumber(std::nan("")) == "–");
  CHECK(HumanNumber(-std::numeric_limits<double>::infinity()) == "–");
}

TEST_CASE("human numbers: neighbours that differ keep the digits that tell them apart") {
  // Two stages that would both print as 733.5.
  CHECK(HumanNumbers({733.51, 733.49, 12.0}) == std::vector<std::string>{"733.51", "733.49", "12"});
  // Equal values stay equal and short; -0 and 0 are equal.
  CHECK(HumanNumbers({0.1 + 0.2, 0.1 + 0.2, 1.0}) == std::vector<std::string>{"0.3", "0.3", "1"});
  CHECK(HumanNumbers({-0.0, 0.0}) == std::vector<std::string>{"0", "0"});
  // Whole numbers get decimals when they must.
  CHECK(HumanNumbers({12345.6, 12345.7}) == std::vector<std::string>{"12345.6", "12345.7"});
  // Up to 7 significant digits; values that agree that far differ by round-off and print the same.
  CHECK(HumanNumbers({733.5724, 733.5726}) == std::vector<std::string>{"733.572", "733.573"});
  CHECK(HumanNumbers({733.5724, 733.5721}) == std::vector<std::string>{"733.5724", "733.5721"});
  CHECK(HumanNumbers({0.9, 0.8999999999999999}) == std::vector<std::string>{"0.9", "0.9"});
  CHECK(HumanNumbers({0.1, std::nextafter(0.1, 1.0)}) == std::vector<std::string>{"0.1", "0.1"});
  // More asked for, more given.
  CHECK(HumanNumbers({0.1, std::nextafter(0.1, 1.0)}, 17) ==
        std::vector<std::string>{"0.10000000000000001", "0.10000000000000002"});
  // Only the value's own neighbours matter: a far one changes nothing.
  CHECK(HumanNumberAmong(733.5724238298118, {1.0, 733.5724238298118}) == "733.6");
}
