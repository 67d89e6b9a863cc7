// Exit codes of the verdicts of `pcf verify` and `pcf certify` (docs/exit-codes.md, "pcf verify"): the
// highest that occurs.
#pragma once

#include "cli/exit_codes.h"
#include "engine/certify/submission.h"

namespace pcf::cli {

constexpr int kExitMismatch = 10;
constexpr int kExitInputsChanged = 11;
constexpr int kExitDatabaseDiffers = 12;
constexpr int kExitCannotRecompute = 13;
constexpr int kExitCertificateInvalid = 14;

inline int SubmissionExitCode(SubmissionStatus status) {
  switch (status) {
    case SubmissionStatus::kVerified: return kExitSuccess;
    case SubmissionStatus::kMismatch: return kExitMismatch;
    case SubmissionStatus::kInputsChanged: return kExitInputsChanged;
    case SubmissionStatus::kDatabaseDiffers: return kExitDatabaseDiffers;
    case SubmissionStatus::kCannotRecompute: return kExitCannotRecompute;
  }
  return kExitCannotRecompute;
}

}  // namespace pcf::cli
