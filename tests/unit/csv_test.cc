#include <doctest/doctest.h>

#include "engine/core/csv.h"
#include "engine/core/error.h"

using pcf::ParseCsv;

TEST_CASE("csv: quoted commas, doubled quotes, line breaks inside quotes, CRLF") {
  const auto records = ParseCsv("id,name\r\n\"a,b\",\"say \"\"hi\"\"\"\n\"multi\nline\",x\n\nlast,\n", "t.csv");
  REQUIRE(records.size() == 4);
  CHECK(records[1].fields == std::vector<std::string>{"a,b", "say \"hi\""});
  CHECK(records[1].line == 2);
  CHECK(records[2].fields == std::vector<std::string>{"multi\nline", "x"});
  CHECK(records[2].line == 3);
  CHECK(records[3].line == 6);  // the blank line 5 is skipped, the line count is kept
  CHECK(records[3].fields == std::vector<std::string>{"last", ""});
}

TEST_CASE("csv: a byte-order mark is ignored") {
  const auto records = ParseCsv("\xEF\xBB\xBFid\n1\n", "t.csv");
  CHECK(records[0].fields[0] == "id");
}

TEST_CASE("csv: malformed quoting names the file and line") {
  try {
    ParseCsv("id\n\"open\n\n", "bad.csv");
    FAIL("expected an error");
  } catch (const pcf::Error& e) {
    CHECK(e.kind() == pcf::ErrorKind::kBadInput);
    CHECK(std::string(e.what()) == "bad.csv:2: unterminated quoted field");
  }
  CHECK_THROWS_WITH(ParseCsv("id\n\"a\"b\n", "bad.csv"), "bad.csv:2: unexpected text after a closing quote");
  // A lone CR (old Mac line end) after a quoted field is not a line break here: it must not eat a byte.
  CHECK_THROWS_WITH(ParseCsv("id\n\"100\"\rX101\n", "bad.csv"), "bad.csv:2: unexpected text after a closing quote");
  CHECK_THROWS_WITH(ParseCsv("id\na\"b\n", "bad.csv"), "bad.csv:2: a quote inside an unquoted field (quote the whole field)");
}

TEST_CASE("csv: escaping round-trips") {
  for (std::string field : {"plain", "a,b", "q\"q", "line\nbreak", " lead", "", "1111A0/US"}) {
    const auto records = ParseCsv(pcf::CsvEscape(field) + ",end\n", "t.csv");
    REQUIRE(records.size() == 1);
    CHECK(records[0].fields[0] == field);
  }
}
