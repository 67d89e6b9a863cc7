// Matrix Market coordinate files ("%%MatrixMarket matrix coordinate real general").
#pragma once

#include <string>
#include <string_view>

#include "engine/matrix/sparse.h"

namespace pcf {

// Parses `text` (the whole file, named `file_name` in errors). The size line must say rows × cols as
// given (the sizes of the index files) and the number of entries must match the count it declares.
// Duplicate entries add up (a sum that is not finite is an error). Throws Error(kBadInput) with the file and line for anything malformed:
// missing header, wrong format, bad size line, index out of range, non-numeric, NaN or Inf value.
SparseMatrix ParseMatrixMarket(std::string_view text, const std::string& file_name, std::size_t rows,
                               std::size_t cols);

// Writes `m` column by column, values in shortest round-trip form. `comment` (one line, may be empty)
// goes after the header.
std::string FormatMatrixMarket(const SparseMatrix& m, std::string_view comment);

}  // namespace pcf
