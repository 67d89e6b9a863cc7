// What a background database knows besides the numbers: the factor table with provenance, the
// metadata of every process, which factors each matrix entry came from, and the published ranges that
// `pcf db check` compares results against. Empty for a model imported from matrices.
#pragma once

#include <string>
#include <vector>

namespace pcf {

struct FactorRecord {
  std::string id, category, name_en, name_zh;
  double value = 0;
  std::string unit, basis, boundary, region, data_year, source, confidence, note;
  std::string file;  // where it was defined, for messages
  int line = 0;
};

struct ProcessInfo {
  std::string name_zh, category, region, technology;
  int year = 0;
  std::string represent_technology, represent_geography, represent_time;
  int quality[5] = {0, 0, 0, 0, 0};  // pedigree: reliability, completeness, temporal, geographical, technological
  std::string version, comment, file;
  int line = 0;
  bool treatment = false;
};

// Matrix entry (matrix 'A', 'B' or 'C'; row, column) ← factor id.
struct EntrySource {
  char matrix = 'A';
  int row = 0;
  int col = 0;
  std::string factor_id;
};

struct PlausibilityRange {
  std::string product_id, indicator_id;
  double min = 0, max = 0;
  std::vector<std::string> sources;
  std::string comment;
};

struct ModelInfo {
  std::string name;     // e.g. "pcf Hubei background database"
  std::string version;  // data version
  std::string default_indicator;
  std::vector<FactorRecord> factors;
  std::vector<ProcessInfo> processes;  // parallel to the ProcessIndex, or empty
  std::vector<std::string> product_names_zh;  // parallel to the ProductIndex, or empty
  std::vector<std::string> flow_names_zh;     // parallel to the FlowIndex, or empty
  std::vector<EntrySource> entry_sources;     // sorted by (matrix, col, row, factor)
  std::vector<PlausibilityRange> plausibility;
};

}  // namespace pcf
