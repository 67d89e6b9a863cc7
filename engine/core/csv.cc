#include "engine/core/csv.h"

#include "engine/core/error.h"

namespace pcf {

std::vector<CsvRecord> ParseCsv(std::string_view text, const std::string& file_name) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRecord> records;
  std::size_t i = 0;
  int line = 1;
  const std::size_t n = text.size();
  while (i < n) {
    // Skip blank lines between records.
    if (text[i] == '\n') { ++line; ++i; continue; }
    if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') { ++line; i += 2; continue; }
    CsvRecord record;
    record.line = line;
    std::string field;
    bool record_done = false;
    while (!record_done) {
      field.clear();
      if (i < n && text[i] == '"') {
        const int quote_line = line;
        ++i;
        bool closed = false;
        while (i < n) {
          char c = text[i];
          if (c == '"') {
            if (i + 1 < n && text[i + 1] == '"') { field += '"'; i += 2; continue; }
            ++i;
            closed = true;
            break;
          }
          if (c == '\n') ++line;
          field += c;
          ++i;
        }
        if (!closed)
          throw Error(ErrorKind::kBadInput, "unterminated quoted field", {file_name, quote_line, 0, ""});
        const bool at_crlf = i + 1 < n && text[i] == '\r' && text[i + 1] == '\n';
        if (i < n && text[i] != ',' && text[i] != '\n' && !at_crlf)
          throw Error(ErrorKind::kBadInput, "unexpected text after a closing quote", {file_name, line, 0, ""});
      } else {
        while (i < n && text[i] != ',' && text[i] != '\n' && !(text[i] == '\r' && i + 1 < n && text[i + 1] == '\n')) {
          if (text[i] == '"')
            throw Error(ErrorKind::kBadInput, "a quote inside an unquoted field (quote the whole field)",
                        {file_name, line, 0, ""});
          field += text[i++];
        }
      }
      record.fields.push_back(field);
      if (i >= n) { record_done = true; }
      else if (text[i] == ',') { ++i; }
      else if (text[i] == '\n') { ++i; ++line; record_done = true; }
      else if (text[i] == '\r') { i += 2; ++line; record_done = true; }
    }
    records.push_back(std::move(record));
  }
  return records;
}

std::string CsvEscape(std::string_view field) {
  bool needs_quotes = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                      (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!needs_quotes) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace pcf
