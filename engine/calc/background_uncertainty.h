// The uncertainty of the background database's entries (docs/uncertainty.md, "Database"): derived when a
// Monte Carlo run starts from the confidence labels of the factors each entry was built from (the database
// stores the labels and which factors made each entry; it stores no distributions, so the schema is
// unchanged). Every entry is lognormal: σ² = Σ over its factors of ln(GSD of the factor's label)².
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/db/model_store.h"

namespace pcf {

// The geometric sd a factor's confidence label stands for: official 1.05, secondary 1.2, derived 1.2,
// unconfirmed 1.5 (1 for an unknown label: no claim is made for it).
double ConfidenceGsd(const std::string& confidence);

struct EntryUncertainty {
  std::uint64_t stream = 0;  // StreamId("A|process id|product id") or ("B|process id|flow id")
  double sigma = 0;          // 0: certain (e.g. a reference output, which no factor made)
  std::string identity;      // "A|process id|product id" or "B|process id|flow id" (the stream's name)
};

struct BackgroundUncertainty {
  // One per stored entry of the technosphere (A) and interventions (B), in compressed-column order.
  std::vector<EntryUncertainty> technosphere, interventions;
  std::size_t uncertain = 0;  // entries with sigma > 0
};

BackgroundUncertainty DeriveBackgroundUncertainty(const StoredModel& background);

}  // namespace pcf
