// A warning: something a calculation accepted but a reader of the result must know (a supplier footprint
// that is deprecated or outside its validity, another IPCC set, a value outside the published range).
// Carried from the checks to every report and the JSON result (`warnings`); `--strict` turns them into
// errors at the command boundary.
#pragma once

#include <string>
#include <vector>

namespace pcf {

struct Warning {
  std::string code;     // stable, e.g. "supplier-deprecated" (docs/result-json.md lists them)
  std::string file;     // the file the warning is about (product or supplier file)
  std::string field;    // the field in that file, e.g. "status", "processes[0].inputs[1].supplier_pcf"
  std::string message;  // one sentence for people
};

// "file: field: message [code]", the line every text report shows.
inline std::string WarningLine(const Warning& w) {
  std::string out = w.file;
  if (!w.field.empty()) out += (out.empty() ? "" : ": ") + w.field;
  return out + (out.empty() ? "" : ": ") + w.message + " [" + w.code + "]";
}

}  // namespace pcf
