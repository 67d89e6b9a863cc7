#include "cli/output.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"

namespace pcf::cli {

void WriteOutput(const std::string& path, std::string_view content) {
  if (path.empty() || path == "-") {
    if (std::fwrite(content.data(), 1, content.size(), stdout) != content.size() || std::fflush(stdout) != 0)
      throw Error(ErrorKind::kIo, "cannot write to standard output");
    return;
  }
  WriteFileAtomically(path, content);
}

std::string CreationTime() {
  std::time_t t = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) t = static_cast<std::time_t>(std::atoll(epoch));
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

const std::vector<ExtensionFormats>& ProductReportExtensions() {
  static const std::vector<ExtensionFormats> kTable = {
      {".json", {"json", "pact-v2", "pact-v3"}}, {".txt", {"text"}}, {".md", {"md", "cbam"}},
      {".html", {"html"}}, {".htm", {"html"}}, {".csv", {"csv"}}};
  return kTable;
}

const std::vector<ExtensionFormats>& DemandResultExtensions() {
  static const std::vector<ExtensionFormats> kTable = {{".json", {"json"}}, {".txt", {"text"}}};
  return kTable;
}

const std::vector<ExtensionFormats>& ScoresExtensions() {
  static const std::vector<ExtensionFormats> kTable = {{".csv", {"csv"}}};
  return kTable;
}

const std::vector<ExtensionFormats>& VerifyReportExtensions() {
  static const std::vector<ExtensionFormats> kTable = {{".txt", {"text"}}, {".json", {"json"}}};
  return kTable;
}

const std::vector<ExtensionFormats>& CertificateExtensions() {
  static const std::vector<ExtensionFormats> kTable = {{".json", {"json"}}, {".cert", {"json"}}};
  return kTable;
}

const std::vector<ExtensionFormats>& HtmlPageExtensions() {
  static const std::vector<ExtensionFormats> kTable = {{".html", {"html"}}, {".htm", {"html"}}};
  return kTable;
}

const std::vector<ExtensionFormats>& VerificationRecordExtensions() {
  static const std::vector<ExtensionFormats> kTable = {{".json", {"json"}}, {".md", {"md"}}, {".html", {"html"}}, {".htm", {"html"}}};
  return kTable;
}

const std::vector<ExtensionFormats>& WhatIfExtensions() {
  static const std::vector<ExtensionFormats> kTable = {
      {".txt", {"text"}}, {".md", {"md"}}, {".html", {"html"}}, {".htm", {"html"}}, {".json", {"json"}}};
  return kTable;
}

std::string OutputFormat(const std::string& path, const std::string& format, const std::vector<ExtensionFormats>& table,
                         const std::string& fallback, const std::string& option) {
  if (path.empty() || path == "-") return format.empty() ? fallback : format;
  std::string extension = std::filesystem::path(path).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::vector<std::string> known;
  for (const ExtensionFormats& e : table) known.push_back(e.extension);
  const auto entry = std::find_if(table.begin(), table.end(), [&](const ExtensionFormats& e) { return e.extension == extension; });
  if (entry == table.end())
    throw Error(ErrorKind::kUsage,
                fmt::format("{} {}: {}; this output is written as {} (use \"-\" for standard output)", option, path,
                            extension.empty() ? "the name has no extension"
                                              : fmt::format("\"{}\" is not an extension pcf writes", extension),
                            fmt::join(known, ", ")));
  if (format.empty()) return entry->formats.front();
  if (std::find(entry->formats.begin(), entry->formats.end(), format) == entry->formats.end())
    throw Error(ErrorKind::kUsage,
                fmt::format("{} {}: a \"{}\" file does not hold --format {} (it holds {})", option, path, extension,
                            format, fmt::join(entry->formats, ", ")));
  return format;
}

std::string DefaultOutputSuffix(const std::string& format) {
  if (format == "text") return ".result.txt";
  if (format == "md") return ".report.md";
  if (format == "html") return ".report.html";
  if (format == "csv") return ".result.csv";
  if (format == "pact-v2") return ".pact-v2.json";
  if (format == "pact-v3") return ".pact-v3.json";
  if (format == "cbam") return ".cbam.md";
  return ".result.json";
}

}  // namespace pcf::cli
