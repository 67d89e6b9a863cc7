// What `pcf publish` puts in the store: a PACT v3 footprint file as it is, or a `pcf calc` result, which is
// first verified against its inputs and the database (as `pcf verify` does) and then converted with the
// PACT v3 exporter (engine/report/pact_report.cc), so the host only serves figures that recompute.
#pragma once

#include <string>

#include "engine/db/model_store.h"

namespace pcf {

// The PACT v3 ProductFootprint JSON for the input at `path`. `created`: the creation time written into a
// converted result (RFC 3339, UTC). Throws Error(kNotFound) for a missing file, Error(kBadInput) naming the
// file for JSON that is neither a pcf result nor a PACT v3 footprint, Error(kUnsupported) for a PACT v2
// footprint, and Error(kBadInput) with the verification's status and detail for a result that does not
// verify.
std::string FootprintForPublishing(const std::string& path, const StoredModel& database, const std::string& db_path,
                                   const std::string& created);

// Whether the JSON text is a `pcf calc` product result (it has a manifest and a product).
bool IsPcfResult(const std::string& text);

}  // namespace pcf
