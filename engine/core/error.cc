#include "engine/core/error.h"

#include <fmt/format.h>

namespace pcf {

namespace {
std::string Render(const std::string& message, const SourceLocation& where) {
  // fmt rather than string concatenation: GCC 12 gives a false -Wrestrict on `"a" + std::string`.
  std::string out;
  if (!where.file.empty()) {
    out = where.file;
    if (where.line > 0) out += fmt::format(":{}", where.line);
    if (where.column > 0) out += fmt::format(":{}", where.column);
    out += ": ";
  }
  if (!where.field.empty()) out += fmt::format("{}: ", where.field);
  out += message;
  return out;
}
}  // namespace

Error::Error(ErrorKind kind, std::string message, SourceLocation where)
    : std::runtime_error(Render(message, where)),
      kind_(kind),
      message_(std::move(message)),
      where_(std::move(where)) {}

std::string Error::ToString() const { return what(); }

const char* ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kBadInput: return "bad input";
    case ErrorKind::kNotFound: return "not found";
    case ErrorKind::kCorruptDatabase: return "corrupt database";
    case ErrorKind::kIo: return "I/O error";
    case ErrorKind::kNumerical: return "numerical error";
    case ErrorKind::kUnsupported: return "unsupported";
    case ErrorKind::kUsage: return "usage";
  }
  return "error";
}

}  // namespace pcf
