// A product file (docs/product-format.md) as typed data: every amount already evaluated and carrying
// its unit and the place in the file it came from, so link errors can point back at the file.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/core/limits.h"
#include "engine/core/parameter_overrides.h"
#include "engine/core/parameters.h"
#include "engine/core/uncertainty.h"
#include "engine/core/units.h"

namespace pcf {

class YamlDoc;

// `dqr:` of a process or a line (docs/data-quality.md): data quality ratings 1 (best) … 5 (worst) as the
// file states them; 0 = not stated (pcf derives that one from the database and the product).
struct DqrGiven {
  int technological = 0, geographical = 0, temporal = 0, reliability = 0, completeness = 0;
  SourceLocation where;  // of the `dqr:` map
};

struct Quantity {
  double amount = 0;      // in `unit`
  UnitInfo unit;
  SourceLocation where;   // of the amount
  SourceLocation unit_where;  // of the unit (the amount's place when both are in one text)
  std::string formula;        // the amount as written (number or formula), re-evaluated by Monte Carlo
  std::optional<Uncertainty> uncertainty;  // `uncertainty:` of the line (docs/uncertainty.md)
  double InBase() const { return amount * unit.to_base; }
};

enum class InputKind { kForeground, kBackground, kSupplierPcf };

struct ProductInput {
  InputKind kind = InputKind::kBackground;
  std::string ref;  // foreground product id, background product or process id, or supplier file path
  Quantity quantity;
  SourceLocation where;  // of the reference
  std::string plausibility_kind;  // supplier_pcf `kind:`: the database product whose plausibility range applies
  SourceLocation kind_where;
  std::string stage;     // EN 15804 module of this line; "" = its process's
  std::optional<bool> primary;  // activity data measured at the site (true) or estimated (false); unset = the process's
  std::optional<DqrGiven> dqr;  // `dqr:` of the line
};

struct ProductOutput {
  std::string product;
  Quantity quantity;
  SourceLocation price_where, property_where, factor_where;  // of the allocation keys (the output if absent)
  double price = 0;      // economic allocation (per unit of `quantity.unit`)
  double property = 0;   // physical allocation (per unit)
  double factor = 0;     // explicit allocation factor
  SourceLocation where;
};

struct ProductEmission {
  std::string flow;
  Quantity quantity;
  SourceLocation where;
  std::string stage;  // "" = its process's
  std::optional<bool> primary;  // unset = the process's
  std::optional<DqrGiven> dqr;  // `dqr:` of the line
};

struct TransportLeg {
  std::string mode;      // background transport product, e.g. "transport, lorry 30t, diesel, CN"
  Quantity mass;      // carries the leg's `uncertainty:` (of the transport work, mass × distance)
  Quantity distance;
  SourceLocation where;
  std::string stage;  // "" = its process's
  std::optional<bool> primary;  // unset = the process's
  std::optional<DqrGiven> dqr;  // `dqr:` of the line
};

struct ForegroundProcess {
  std::string id, name, stage;
  SourceLocation id_where;
  std::vector<ProductOutput> outputs;   // the first is the reference product
  std::string allocation;               // "", mass, economic, physical, factors
  std::vector<ProductInput> inputs;
  std::vector<ProductInput> avoided;    // system expansion: credited in module D, apart from the PCF
  std::vector<ProductInput> waste;      // sent to a background treatment
  std::vector<ProductEmission> emissions;
  std::vector<TransportLeg> transport;
  SourceLocation where;
  bool primary = true;  // `primary: false`: its activity data are estimates, counted as secondary data
  std::optional<DqrGiven> dqr;  // `dqr:` of the process: the ratings of its lines that state none
};

// `cbam:` — the actual electricity supply of the installation, when a direct technical link or a
// qualifying power purchase agreement allows it instead of the country grid default (docs/product-format.md).
struct CbamSettings {
  std::optional<double> electricity_factor;  // t CO2 per MWh (= kg per kWh)
  std::string electricity_source;            // required with the factor
};

struct ProductFile {
  std::string path;
  std::string sha256;  // of the bytes parsed (hex): the manifest's input_sha256
  std::string id, name, name_zh, company, site, geography, reference_period, system_boundary, pcr;
  Quantity declared_unit;
  SourceLocation id_where, method_where;
  std::string method;    // indicator id; "" = the database's default
  std::string database;  // path as written (relative to the file), or ""
  std::map<std::string, double> parameters;  // as evaluated
  std::vector<ParameterDefinition> parameter_definitions;  // as written, for Monte Carlo re-evaluation
  std::map<std::string, Uncertainty> parameter_uncertainty;  // parameters written with `uncertainty:`
  std::vector<ForegroundProcess> processes;
  std::vector<std::string> supplier_files;    // resolved paths of supplier PCFs used
  // Product identity and PACT content: optional keys under product: (docs/product-format.md).
  std::vector<std::string> company_ids, product_ids;  // URNs (NormalizeUrn)
  std::vector<std::string> preceding_pf_ids;          // UUIDs of earlier PACT footprints of this product
  std::optional<Quantity> product_mass;               // mass of one declared unit
  std::optional<Quantity> biogenic_carbon_content;    // kg of biogenic carbon in one declared unit
  std::string kind;  // the database product whose plausibility range the result is checked against ("": none)
  SourceLocation kind_where;
  CbamSettings cbam;                          // `cbam:` (optional)
  Limits limits;  // what the file was read under; LinkProduct reads its supplier footprints under them too
};

// Reads and validates a product file: YAML syntax, known keys only (with did-you-mean), required keys,
// parameters (dependency order, no cycles), amounts and units (known unit, finite, non-negative where a
// negative makes no sense), stages. Throws Error with file, line, column and field path. Links nothing:
// ids of background data are checked by LinkProduct. Resource limits (file size, nesting, aliases, counts,
// id and formula lengths): `limits`, each refusal naming its --limits key.
ProductFile ReadProductFile(const std::string& path, const Limits& limits = Limits());

// The same with parameters replaced by what-if values (`--set`, docs/sensitivity.md) before anything is
// evaluated; a name the file does not define is Error(kUsage) naming --set and the closest name.
ProductFile ReadProductFile(const std::string& path, const Limits& limits, const ParameterOverrides& overrides);

// A product file read and parsed once, then evaluated as often as needed with different `--set` values
// (pcf sensitivity varies each parameter in turn): each Read gives what ReadProductFile(path, limits,
// overrides) gives, the same checks and errors included, without reading or parsing the file again.
class ProductFileSource {
 public:
  ProductFileSource(const std::string& path, const Limits& limits);  // throws like ReadProductFile
  ProductFile Read(const ParameterOverrides& overrides) const;

 private:
  Limits limits_;
  std::shared_ptr<const YamlDoc> doc_;
};

}  // namespace pcf
