// The EU CBAM embedded emissions of cement and clinker (Regulation (EU) 2023/956 Annex IV; CO2 only,
// direct and indirect apart, clinker the precursor of cement), computed from a linked and solved product
// system. Method: docs/report-formats.md, section `cbam`; `engine/report/cbam_report.cc` only formats it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/calc/footprint.h"
#include "engine/calc/link.h"
#include "engine/model/product.h"
#include "engine/system/model_info.h"

namespace pcf {

struct CbamFuel {
  double mj = 0;
  double co2_kg = 0;
  double kg_per_mj = 0;
};

// What a weighted set of foreground columns does in CBAM terms (kg CO2, kWh).
struct CbamTally {
  double process_kg = 0;     // the columns' own CO2-ETS emissions
  double combustion_kg = 0;  // CO2 of `heat, …` burned by them (the heat process's own emission)
  double kwh = 0;            // `electricity, …` consumed by them
  std::map<std::string, CbamFuel> fuels;
  double DirectKg() const { return process_kg + combustion_kg; }
};

// A CO2 factor for the indirect emissions (t CO2 per MWh = kg per kWh) and where it comes from.
struct CbamElectricityFactor {
  double t_per_mwh = 0;
  std::string product;                  // the grid product of the database ("" for an actual supply)
  std::vector<FactorRecord> factors;    // its factor rows, with source
  std::string source;                   // an actual supply: the source the product file states
};

enum class CbamPrecursorOrigin {
  kOwnInstallation,  // clinker made by the foreground processes
  kSupplier,         // bought, with a supplier footprint
  kDefault,          // bought from the background database: the EU default values
};

enum class CbamRole { kClinker, kCement };

struct CbamProcessLine {
  std::string process, stage, output;
  CbamRole role = CbamRole::kCement;
  double process_kg = 0, combustion_kg = 0, kwh = 0;  // per declared unit
};

// An EU default value pair (t CO2e per t of good) and its totals with the mark-ups of 2026, 2027, 2028.
struct CbamDefault {
  std::string cn, key;  // key: "clinker-A", "clinker-B", "cement" (the renderer's label)
  const FactorRecord* direct = nullptr;
  const FactorRecord* indirect = nullptr;
  std::string direct_id, indirect_id;
  double total = 0;
  std::optional<double> with_markup[3];
};

struct CbamResult {
  bool is_clinker = false;                 // the good is clinker (else cement)
  std::string clinker_product;
  CbamPrecursorOrigin clinker_origin = CbamPrecursorOrigin::kOwnInstallation;
  std::string clinker_source;              // supplier file, or the default rows' ids
  double declared_t = 0;                   // tonnes of the declared unit
  CbamTally clinker;                       // per t clinker, own installation (empty when clinker is bought)
  CbamTally cement;                        // per t of the good: everything the installation does
  CbamTally cement_own;                    // per t of the good: without the own clinker's part
  double clinker_ratio = 0;                // t clinker per t of the good
  CbamElectricityFactor country_default;   // the country grid factor of the database
  std::optional<CbamElectricityFactor> actual;  // the product file's actual supply (cbam: electricity_factor)
  std::vector<CbamProcessLine> processes;  // every foreground process that runs
  std::vector<CbamDefault> defaults;       // clinker (A), clinker (B), grey cement
  const FactorRecord* markup[3] = {nullptr, nullptr, nullptr};  // CBAM-MARKUP-2026/2027/2028

  // Specific embedded emissions, t CO2 per t.
  double see_clinker_direct = 0, see_clinker_indirect = 0;
  double see_cement_direct = 0, see_cement_indirect = 0;
  double cement_own_direct = 0, cement_own_indirect = 0;

  const CbamElectricityFactor& factor_used() const { return actual ? *actual : country_default; }
};

// Throws Error(kUnsupported) for a product that is neither clinker nor made from clinker (made or bought),
// a database without the CO2-ETS indicator or the country grid product, more than one clinker product, or
// clinker or declared product not in a mass unit. `info` may be null (no defaults, no factor rows).
CbamResult CalculateCbam(const ProductFile& product, const LinkedSystem& system, const Footprint& footprint,
                         const ModelInfo* info);

}  // namespace pcf
