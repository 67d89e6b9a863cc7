// RFC 4180 CSV: fields separated by commas, quoted fields may hold commas, quotes (doubled) and line
// breaks. Every record remembers the line it starts on so errors can point at it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pcf {

struct CsvRecord {
  int line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
};

// Parses `text` (the whole file). Blank lines are skipped. A UTF-8 byte-order mark is ignored.
// Throws Error(kBadInput) naming `file_name` and the line for an unterminated quote or text after a
// closing quote.
std::vector<CsvRecord> ParseCsv(std::string_view text, const std::string& file_name);

// Quotes a field when it needs it (comma, quote, CR or LF, or leading/trailing space).
std::string CsvEscape(std::string_view field);

}  // namespace pcf
