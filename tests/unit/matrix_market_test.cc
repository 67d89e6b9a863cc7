#include <doctest/doctest.h>

#include "engine/core/error.h"
#include "engine/matrix/matrix_market.h"

using pcf::ParseMatrixMarket;

TEST_CASE("matrix market: duplicates add up, comments skipped, explicit zeros kept") {
  const auto m = ParseMatrixMarket(
      "%%MatrixMarket matrix coordinate real general\n% comment\n2 3 4\n1 1 1.5\n2 3 -2\n1 1 0.25\n2 2 0\n", "A.mtx", 2, 3);
  CHECK(m.coeff(0, 0) == 1.75);
  CHECK(m.coeff(1, 2) == -2);
  CHECK(m.nonZeros() == 3);  // (1,1) twice summed, explicit zero kept
}

TEST_CASE("matrix market: write then read is the identity") {
  const auto m = ParseMatrixMarket(
      "%%MatrixMarket matrix coordinate real general\n3 3 4\n1 1 0.1\n3 1 -1e-300\n2 2 7e+22\n3 3 0.30000000000000004\n", "A.mtx", 3, 3);
  const auto again = ParseMatrixMarket(pcf::FormatMatrixMarket(m, "x"), "A.mtx", 3, 3);
  CHECK(again.isApprox(m, 0.0));
  CHECK(again.coeff(2, 2) == 0.30000000000000004);
}

TEST_CASE("matrix market: every malformed file is an error with file and line") {
  const std::string h = "%%MatrixMarket matrix coordinate real general\n";
  struct Case { std::string text; std::string message; };
  const Case cases[] = {
      {"", "A.mtx:1: file is empty (expected a %%MatrixMarket header)"},
      {"2 2 1\n1 1 1\n", "A.mtx:1: missing header: the first line must be \"%%MatrixMarket matrix coordinate real general\""},
      {"%%MatrixMarket matrix array real general\n", "A.mtx:1: unsupported header \"%%MatrixMarket matrix array real general\": expected \"%%MatrixMarket matrix coordinate real general\""},
      {h, "A.mtx:1: missing size line \"rows cols entries\""},
      {h + "2 2\n", "A.mtx:2: size line must be \"rows cols entries\", got \"2 2\""},
      {h + "3 2 1\n1 1 1\n", "A.mtx:2: size line says 3 × 2, but the index files give 2 × 2"},
      {h + "2 2 2\n1 1 1\n", "A.mtx:2: the size line declares 2 entries but the file has 1"},
      {h + "2 2 1\n1 1 1\n2 2 1\n", "A.mtx:4: more entries than the 1 declared on the size line (line 2)"},
      {h + "2 2 1\n0 1 1\n", "A.mtx:3: row: row index 0 is out of range 1..2"},
      {h + "2 2 1\n1 3 1\n", "A.mtx:3: col: column index 3 is out of range 1..2"},
      {h + "2 2 1\n1 1 x\n", "A.mtx:3: value: expected a number, got \"x\""},
      {h + "2 2 1\n1 1 NaN\n", "A.mtx:3: value: value \"NaN\" is not finite (NaN and Inf are not allowed)"},
      {h + "2 2 1\n1 1\n", "A.mtx:3: an entry must be \"row col value\", got \"1 1\""},
      {h + "2 2 1\n-1 1 1\n", "A.mtx:3: row: expected a non-negative whole number, got \"-1\""},
      // Two finite duplicates whose sum overflows: broke the round-trip invariant of the matrix_market fuzz target
      // (tests/fuzz/regressions/matrix_market).
      {h + "2 2 3\n1 1 1e308\n2 2 1\n1 1 1e308\n", "A.mtx:5: value: the entries of row 1 column 1 add up to a value that is not finite"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    try {
      ParseMatrixMarket(c.text, "A.mtx", 2, 2);
      FAIL("expected an error");
    } catch (const pcf::Error& e) {
      CHECK(e.kind() == pcf::ErrorKind::kBadInput);
      CHECK(std::string(e.what()) == c.message);
    }
  }
}
