// Fuzz target: the CSV reader (engine/core/csv.cc).
#include "engine/core/csv.h"
#include "engine/core/error.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = pcf::fuzz::Text(data, size);
  try {
    const auto records = pcf::ParseCsv(text, "fuzz.csv");
    int last_line = 0;
    for (const pcf::CsvRecord& r : records) {
      if (r.line <= last_line || r.fields.empty()) pcf::fuzz::Fail("records out of line order or without fields");
      last_line = r.line;
    }
  } catch (const pcf::Error& e) {
    if (e.where().file != "fuzz.csv" || e.where().line < 1) pcf::fuzz::Fail("an error without file and line: " + e.ToString());
  }
  return 0;
}
