// Fuzz target: the Matrix Market reader (engine/matrix/matrix_market.cc). The expected size is taken
// from the input's own size line (capped), so plain .mtx files are seeds; an accepted matrix must survive
// FormatMatrixMarket → ParseMatrixMarket bit for bit.
#include <cstdio>
#include <cstring>

#include "engine/core/error.h"
#include "engine/matrix/matrix_market.h"
#include "fuzz/fuzz_support.h"

namespace {

// rows and cols of the first line after the header that is not a comment; 3 × 3 when there is none.
void DeclaredSize(const std::string& text, std::size_t* rows, std::size_t* cols) {
  *rows = *cols = 3;
  std::size_t pos = text.find('\n');
  while (pos != std::string::npos && pos + 1 < text.size()) {
    const std::size_t start = pos + 1;
    pos = text.find('\n', start);
    const std::string line = text.substr(start, pos == std::string::npos ? std::string::npos : pos - start);
    if (line.empty() || line[0] == '%') continue;
    unsigned long r = 0, c = 0;
    if (std::sscanf(line.c_str(), "%lu %lu", &r, &c) == 2 && r <= 4096 && c <= 4096) {
      *rows = r;
      *cols = c;
    }
    return;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = pcf::fuzz::Text(data, size);
  std::size_t rows = 0, cols = 0;
  DeclaredSize(text, &rows, &cols);
  pcf::SparseMatrix m;
  try {
    m = pcf::ParseMatrixMarket(text, "fuzz.mtx", rows, cols);
  } catch (const pcf::Error& e) {
    if (e.where().file != "fuzz.mtx") pcf::fuzz::Fail("an error without the file name: " + e.ToString());
    return 0;
  }
  pcf::SparseMatrix again;
  try {
    again = pcf::ParseMatrixMarket(pcf::FormatMatrixMarket(m, "round trip"), "again.mtx", rows, cols);
  } catch (const pcf::Error& e) {
    pcf::fuzz::Fail("an accepted matrix does not read back after writing: " + e.ToString());
  }
  if (again.nonZeros() != m.nonZeros()) pcf::fuzz::Fail("round trip changed the number of entries");
  for (int k = 0; k < m.nonZeros(); ++k)
    if (std::memcmp(&m.valuePtr()[k], &again.valuePtr()[k], sizeof(double)) != 0 ||
        m.innerIndexPtr()[k] != again.innerIndexPtr()[k])
      pcf::fuzz::Fail("round trip changed an entry");
  return 0;
}
