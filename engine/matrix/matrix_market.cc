#include "engine/matrix/matrix_market.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <fmt/format.h>

#include "engine/core/error.h"
#include "engine/core/numbers.h"

namespace pcf {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Splits on blanks.
std::vector<std::string_view> Words(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

}  // namespace

SparseMatrix ParseMatrixMarket(std::string_view text, const std::string& file_name, std::size_t rows,
                               std::size_t cols) {
  auto at = [&](int line, const char* field = "") { return SourceLocation{file_name, line, 0, field}; };
  if (text.empty()) throw Error(ErrorKind::kBadInput, "file is empty (expected a %%MatrixMarket header)", at(1));

  std::size_t pos = 0;
  int line_number = 0;
  auto next_line = [&](std::string_view* line) {
    if (pos >= text.size()) return false;
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    *line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    return true;
  };

  std::string_view line;
  next_line(&line);
  const auto header = Words(line);
  if (header.empty() || header[0] != "%%MatrixMarket")
    throw Error(ErrorKind::kBadInput, "missing header: the first line must be \"%%MatrixMarket matrix coordinate real general\"", at(1));
  if (header.size() != 5 || Lower(header[1]) != "matrix" || Lower(header[2]) != "coordinate" ||
      (Lower(header[3]) != "real" && Lower(header[3]) != "integer") || Lower(header[4]) != "general")
    throw Error(ErrorKind::kBadInput,
                fmt::format("unsupported header \"{}\": expected \"%%MatrixMarket matrix coordinate real general\"",
                            Trim(line)),
                at(1));

  // Comments, then the size line.
  bool have_size = false;
  while (next_line(&line)) {
    std::string_view t = Trim(line);
    if (t.empty() || t.front() == '%') continue;
    have_size = true;
    break;
  }
  if (!have_size) throw Error(ErrorKind::kBadInput, "missing size line \"rows cols entries\"", at(line_number));
  const int size_line = line_number;
  const auto size_words = Words(line);
  if (size_words.size() != 3)
    throw Error(ErrorKind::kBadInput, fmt::format("size line must be \"rows cols entries\", got \"{}\"", Trim(line)),
                at(size_line));
  const auto declared_rows = ParseCount(size_words[0], at(size_line, "rows"));
  const auto declared_cols = ParseCount(size_words[1], at(size_line, "cols"));
  const auto declared_entries = ParseCount(size_words[2], at(size_line, "entries"));
  if (static_cast<std::size_t>(declared_rows) != rows || static_cast<std::size_t>(declared_cols) != cols)
    throw Error(ErrorKind::kBadInput,
                fmt::format("size line says {} × {}, but the index files give {} × {}", declared_rows, declared_cols,
                            rows, cols),
                at(size_line));
  if (static_cast<double>(declared_entries) > static_cast<double>(rows) * static_cast<double>(cols))
    throw Error(ErrorKind::kBadInput,
                fmt::format("size line declares {} entries, more than a {} × {} matrix holds", declared_entries, rows, cols),
                at(size_line));

  std::vector<Triplet> triplets;
  std::vector<int> lines;  // of each triplet, for the message about a sum that overflows
  triplets.reserve(static_cast<std::size_t>(declared_entries));
  std::int64_t seen = 0;
  while (next_line(&line)) {
    std::string_view t = Trim(line);
    if (t.empty() || t.front() == '%') continue;
    const auto w = Words(t);
    if (w.size() != 3)
      throw Error(ErrorKind::kBadInput, fmt::format("an entry must be \"row col value\", got \"{}\"", t), at(line_number));
    if (++seen > declared_entries)
      throw Error(ErrorKind::kBadInput,
                  fmt::format("more entries than the {} declared on the size line (line {})", declared_entries, size_line),
                  at(line_number));
    const auto r = ParseCount(w[0], at(line_number, "row"));
    const auto c = ParseCount(w[1], at(line_number, "col"));
    const double v = ParseFiniteDouble(w[2], at(line_number, "value"));
    if (r < 1 || static_cast<std::size_t>(r) > rows)
      throw Error(ErrorKind::kBadInput, fmt::format("row index {} is out of range 1..{}", r, rows), at(line_number, "row"));
    if (c < 1 || static_cast<std::size_t>(c) > cols)
      throw Error(ErrorKind::kBadInput, fmt::format("column index {} is out of range 1..{}", c, cols), at(line_number, "col"));
    triplets.emplace_back(static_cast<int>(r - 1), static_cast<int>(c - 1), v);
    lines.push_back(line_number);
  }
  if (seen != declared_entries)
    throw Error(ErrorKind::kBadInput,
                fmt::format("the size line declares {} entries but the file has {}", declared_entries, seen), at(size_line));
  SparseMatrix m = FromTriplets(rows, cols, triplets);
  // Duplicate entries add up, and two finite values can add up to ±Inf.
  for (int j = 0; j < m.outerSize(); ++j)
    for (SparseMatrix::InnerIterator it(m, j); it; ++it)
      if (!std::isfinite(it.value())) {
        int last = size_line;
        for (std::size_t k = 0; k < triplets.size(); ++k)
          if (triplets[k].row() == it.row() && triplets[k].col() == j) last = lines[k];
        throw Error(ErrorKind::kBadInput,
                    fmt::format("the entries of row {} column {} add up to a value that is not finite", it.row() + 1, j + 1),
                    at(last, "value"));
      }
  return m;
}

std::string FormatMatrixMarket(const SparseMatrix& m, std::string_view comment) {
  std::string out = "%%MatrixMarket matrix coordinate real general\n";
  if (!comment.empty()) out += fmt::format("% {}\n", comment);
  out += fmt::format("{} {} {}\n", m.rows(), m.cols(), m.nonZeros());
  for (int j = 0; j < m.outerSize(); ++j)
    for (SparseMatrix::InnerIterator it(m, j); it; ++it)
      out += fmt::format("{} {} {}\n", it.row() + 1, j + 1, FormatDouble(it.value()));
  return out;
}

}  // namespace pcf
