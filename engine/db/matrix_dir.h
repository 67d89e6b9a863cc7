// The matrix interchange layout (docs/matrix-layout.md, the same as shared verification data):
// products.csv, processes.csv, flows.csv, indicators.csv, A.mtx, B.mtx, C.mtx, demands/*.csv.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/system/model.h"

namespace pcf {

// Reads a whole model folder. Throws Error(kNotFound) for a missing folder or file and Error(kBadInput)
// naming the file, line and reason for anything malformed (wrong header, duplicate or empty id, size
// line that disagrees, index out of range, non-numeric, NaN or Inf, unknown product in a demand).
Model ReadMatrixDir(const std::filesystem::path& dir);

// Reads one demand file (header product_id,amount) against `products`. The same errors as above.
std::vector<DemandEntry> ParseDemandCsv(std::string_view text, const std::string& file_name,
                                        const ProductIndex& products);

// Writes the layout into `dir` (created if missing; existing files of the layout are replaced). Every
// file is written atomically. Throws Error(kIo).
void WriteMatrixDir(const Model& model, const std::filesystem::path& dir);

}  // namespace pcf
