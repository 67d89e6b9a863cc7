// The record of a `pcf verify` run (issue 12, docs/certification.md "Report"): a header (date, pcf
// version, database, rtol, verifier), one row per file (product, declared unit, claimed and recomputed
// total, outcome, differences) and the totals per outcome, as text, JSON, Markdown or a printable
// bilingual A4 HTML page.
#pragma once

#include <limits>
#include <map>
#include <string>
#include <vector>

#include "engine/certify/submission.h"
#include "engine/report/labels.h"

namespace pcf {

struct VerificationHeader {
  std::string date;        // YYYY-MM-DD (today UTC, or the day of $SOURCE_DATE_EPOCH)
  std::string pcf_version;
  std::string db_name, db_version, db_sha256;  // empty when no database was needed
  double rtol = 1e-9;
  std::string verifier;    // --verifier, may be empty
  bool interrupted = false;  // SIGINT/SIGTERM: files not reached are "not_checked" (issue 12)
};

struct VerificationEntry {
  std::string file;
  bool certificate = false;
  std::string status;      // verified, mismatch, …, valid, tampered, …
  std::string detail;
  int exit_code = 0;
  std::size_t figures_compared = 0;
  std::vector<FigureDifference> differences;
  std::string product, declared_unit, unit;
  double claimed_total = std::numeric_limits<double>::quiet_NaN();
  double recomputed_total = std::numeric_limits<double>::quiet_NaN();
};

// Every status in report order (submissions, then certificates, then not_checked: an interrupted run).
const std::vector<std::string>& VerificationStatuses();

// Counts per status (every status present, 0 when none).
std::map<std::string, std::size_t> CountStatuses(const std::vector<VerificationEntry>& entries);

std::string FormatVerificationText(const std::vector<VerificationEntry>& entries);
std::string FormatVerificationJson(const VerificationHeader& header, const std::vector<VerificationEntry>& entries,
                                   int exit_code);
std::string FormatVerificationMarkdown(const VerificationHeader& header, const std::vector<VerificationEntry>& entries,
                                       int exit_code);
std::string FormatVerificationHtml(const VerificationHeader& header, const std::vector<VerificationEntry>& entries,
                                   int exit_code, Language language);

}  // namespace pcf
