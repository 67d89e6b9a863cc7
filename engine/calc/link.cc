#include "engine/calc/link.h"

#include <cmath>
#include <map>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "engine/core/closest_id.h"
#include "engine/core/numbers.h"
#include "engine/core/sha256.h"
#include "engine/core/utf8.h"

namespace pcf {

namespace {

// A number that goes into the matrices: an overflow to ±Inf (or NaN) or a denormal after a unit conversion,
// an allocation or a product of amounts is refused here, naming the field, instead of reaching the solver
// and being reported as a singular system.
double Checked(double value, const SourceLocation& where, const std::string& what) {
  if (!std::isfinite(value))
    throw Error(ErrorKind::kBadInput, fmt::format("{} is not a finite number (overflow after unit conversion or allocation)", what),
                where);
  if (std::fpclassify(value) == FP_SUBNORMAL)
    throw Error(ErrorKind::kBadInput,
                fmt::format("{} is {}, too small to compute with (a denormal number, after unit conversion or allocation)",
                            what, FormatDouble(value)),
                where);
  return value;
}

class Linker {
 public:
  Linker(const ProductFile& product, const StoredModel& background, LinkedSystem* recycled = nullptr)
      : file_(product), bg_(background), recycled_(recycled) {}
  LinkedSystem Link();

 private:
  // Converts `q` into `target_unit` (a unit name of the database or the foreground); the dimensions must
  // agree. `what` names the thing linked to, for the message.
  double Convert(const Quantity& q, const std::string& target_unit, const std::string& what) const {
    auto target = FindUnit(target_unit);
    if (!target) {
      if (q.unit.name == target_unit) return q.amount;
      throw Error(ErrorKind::kBadInput, fmt::format("{} is measured in \"{}\", which pcf cannot convert from \"{}\"", what,
                                                    target_unit, q.unit.name),
                  q.unit_where);
    }
    if (target->dimension != q.unit.dimension)
      throw Error(ErrorKind::kBadInput,
                  fmt::format("unit \"{}\" measures {}, but {} is measured in \"{}\" ({})", q.unit.name,
                              DimensionName(q.unit.dimension), what, target_unit, DimensionName(target->dimension)),
                  q.unit_where);
    return Checked(q.amount * q.unit.to_base / target->to_base, q.where,
                   fmt::format("the amount in \"{}\" for {}", target_unit, what));
  }
  // A database product by product id or by the id of the process that makes it.
  std::size_t BackgroundRow(const std::string& id, const SourceLocation& where) const {
    if (auto row = bg_.model.products.Find(id); row && *row < bg_products_) return *row;
    if (auto col = bg_.model.processes.Find(id)) {
      // The reference product of a background process is its positive diagonal-like entry.
      for (SparseMatrix::InnerIterator it(bg_.model.technosphere, static_cast<int>(*col)); it; ++it)
        if (it.value() > 0) return static_cast<std::size_t>(it.row());
    }
    std::vector<std::string> ids;
    for (std::size_t k = 0; k < bg_products_; ++k) ids.push_back(bg_.model.products.At(k).id);
    throw Error(ErrorKind::kNotFound,
                fmt::format("\"{}\" is not a product or process of the database{}; `pcf db search WORDS` lists them", id,
                            Closest(id, ids)),
                where);
  }
  // " (closest: "a", "b", "c")" or "".
  static std::string Closest(const std::string& id, const std::vector<std::string>& ids) {
    const std::vector<std::string> near = ClosestIds(id, ids, 3);
    if (near.empty()) return "";
    std::string out = " (closest: ";
    for (std::size_t k = 0; k < near.size(); ++k) out += fmt::format("{}\"{}\"", k ? ", " : "", near[k]);
    return out + ")";
  }

  std::size_t SupplierRow(const std::string& path, const SourceLocation& where);
  // A process that uses at least as much of its own product as it makes has no net output: its column
  // would make the system singular or the product's footprint negative. Refused, naming the amounts.
  void CheckNetOutput(const ForegroundProcess& p, std::size_t k, int column, std::size_t column_begin) const {
    const ProductOutput& out = p.outputs[k];
    const int row = static_cast<int>(foreground_row_.at(out.product));
    double used = 0;
    for (std::size_t t = column_begin + 1; t < a_.size(); ++t)
      if (a_[t].row() == row && a_[t].col() == column) used -= a_[t].value();
    if (out.quantity.amount - used > 0) return;
    throw Error(ErrorKind::kBadInput,
                fmt::format("process \"{}\" makes {} {} of \"{}\" and uses {} {} of it{}: a process must make more of its "
                            "product than it uses",
                            p.id, FormatDouble(out.quantity.amount), out.quantity.unit.name, out.product, FormatDouble(used),
                            out.quantity.unit.name, p.outputs.size() > 1 ? " (after allocation)" : ""),
                p.id_where);
  }
  void AddInput(const ProductInput& in, std::size_t item, int column, double factor, LineKind kind,
                const ForegroundProcess& process);
  // Records a line in its stage, with where the file writes it (item `item` of `process`'s list of that
  // kind); puts it in the matrices unless it is a credit (module D).
  void AddLine(int column, std::size_t row, LineKind kind, double amount, const std::string& stage,
               const std::string& process_stage, bool primary, const ForegroundProcess& process, std::size_t item) {
    sys_.lines.push_back({static_cast<std::size_t>(column), row, kind, amount, stage.empty() ? process_stage : stage, primary,
                          static_cast<std::size_t>(&process - file_.processes.data()), item});
    if (kind == LineKind::kEmission) b_.emplace_back(static_cast<int>(row), column, amount);
    else if (kind != LineKind::kAvoided) a_.emplace_back(static_cast<int>(row), column, amount);
  }

  const ProductFile& file_;
  const StoredModel& bg_;
  LinkedSystem* recycled_ = nullptr;  // RelinkProduct: whose indices to reuse
  std::size_t bg_products_ = 0;
  LinkedSystem sys_;
  std::vector<Triplet> a_, b_;
  std::map<std::string, std::size_t> foreground_row_;  // foreground product → row
  std::map<std::string, std::size_t> supplier_row_;    // supplier file → row
  std::map<std::string, std::pair<std::string, SourceLocation>> supplier_id_;  // row id → supplier file, where used
  std::vector<const ProductInput*> pending_suppliers_;
};

std::size_t Linker::SupplierRow(const std::string& path, const SourceLocation& where) {
  if (auto it = supplier_row_.find(path); it != supplier_row_.end()) return it->second;
  const SupplierRecord rec = ReadSupplierFootprint(path, where, file_.limits);
  const auto flow = bg_.model.flows.Find("GHG, CO2e, aggregated");
  if (!flow)
    throw Error(ErrorKind::kUnsupported, "supplier footprints need a database with the flow \"GHG, CO2e, aggregated\"", where);
  const std::size_t row = sys_.model.products.Size();
  const std::string id = fmt::format("supplier footprint: {}", rec.product_name.empty() ? path : rec.product_name);
  // The row and column ids carry the file path; a database id that happens to read the same is refused.
  // Two supplier files whose names and paths read as the same id (a product name that ends in " [PATH"):
  // one row would silently stand for both. Refused, naming both files and where each is used.
  if (auto other = supplier_id_.find(id + " [" + path + "]"); other != supplier_id_.end())
    throw Error(ErrorKind::kBadInput,
                fmt::format("the supplier footprints {} and {} (used at {}) would both take the id \"{} [{}]\": rename "
                            "the product (productNameCompany) or the file of one of them",
                            path, other->second.first,
                            fmt::format("{}:{}:{} {}", other->second.second.file, other->second.second.line,
                                        other->second.second.column, other->second.second.field),
                            id, path),
                where);
  supplier_id_[id + " [" + path + "]"] = {path, where};
  if (!sys_.model.products.Add({id + " [" + path + "]", id, rec.declared_unit, ""}) ||
      !sys_.model.processes.Add({id + " [" + path + "]", id, rec.declared_unit, ""}))
    throw Error(ErrorKind::kBadInput,
                fmt::format("the supplier footprint {} would take the id \"{} [{}]\", which the database already uses", path,
                            id, path),
                where);
  a_.emplace_back(static_cast<int>(row), static_cast<int>(row), 1.0);
  b_.emplace_back(static_cast<int>(*flow), static_cast<int>(row), rec.pcf_per_declared_unit);
  supplier_row_[path] = row;
  sys_.suppliers.push_back(rec);
  return row;
}

void Linker::AddInput(const ProductInput& in, std::size_t item, int column, double factor, LineKind kind,
                      const ForegroundProcess& process) {
  std::size_t row = 0;

  switch (in.kind) {
    case InputKind::kForeground: {
      auto it = foreground_row_.find(in.ref);
      if (it == foreground_row_.end()) {
        std::vector<std::string> ids;
        for (const auto& [id, r] : foreground_row_) ids.push_back(id);
        throw Error(ErrorKind::kNotFound,
                    fmt::format("no foreground process makes \"{}\"{}; to use a database product write \"background:\"",
                                in.ref, DidYouMean(in.ref, ids)),
                    in.where);
      }
      row = it->second;
      break;
    }
    case InputKind::kBackground:
      row = BackgroundRow(in.ref, in.where);
      break;
    case InputKind::kSupplierPcf:
      row = SupplierRow(in.ref, in.where);
      break;
  }
  const IndexEntry& product = sys_.model.products.At(row);
  const std::string what = in.kind == InputKind::kSupplierPcf
                               ? fmt::format("the supplier footprint {} (declared per \"{}\")", in.ref, product.unit)
                               : fmt::format("\"{}\"", product.id);
  const double amount = Convert(in.quantity, product.unit, what);
  const double sign = kind == LineKind::kAvoided ? 1.0 : -1.0;
  AddLine(column, row, kind, Checked(sign * amount * factor, in.quantity.where, "the allocated amount"), in.stage, kind == LineKind::kAvoided ? "D" : process.stage,
          in.primary.value_or(process.primary), process, item);
}

LinkedSystem Linker::Link() {
  const Model& bg = bg_.model;
  bg_products_ = bg.products.Size();
  if (recycled_) {  // the database's entries come first in every linked index: keep them, drop the rest
    sys_.model.products = std::move(recycled_->model.products);
    sys_.model.processes = std::move(recycled_->model.processes);
    sys_.model.flows = std::move(recycled_->model.flows);
    sys_.model.indicators = std::move(recycled_->model.indicators);
    sys_.model.products.Truncate(bg.products.Size());
    sys_.model.processes.Truncate(bg.processes.Size());
    sys_.model.flows.Truncate(bg.flows.Size());
    sys_.model.indicators.Truncate(bg.indicators.Size());
  } else {
    sys_.model.products = bg.products;
    sys_.model.processes = bg.processes;
    sys_.model.flows = bg.flows;
    sys_.model.indicators = bg.indicators;
  }
  a_.reserve(static_cast<std::size_t>(bg.technosphere.nonZeros()) + 64);
  b_.reserve(static_cast<std::size_t>(bg.interventions.nonZeros()) + 64);
  for (int j = 0; j < bg.technosphere.outerSize(); ++j)
    for (SparseMatrix::InnerIterator it(bg.technosphere, j); it; ++it) a_.emplace_back(static_cast<int>(it.row()), j, it.value());
  for (int j = 0; j < bg.interventions.outerSize(); ++j)
    for (SparseMatrix::InnerIterator it(bg.interventions, j); it; ++it) b_.emplace_back(static_cast<int>(it.row()), j, it.value());

  // Suppliers first (their rows and columns sit between background and foreground).
  sys_.supplier_begin = sys_.model.processes.Size();
  for (const ForegroundProcess& p : file_.processes)
    for (const auto* list : {&p.inputs, &p.avoided})
      for (const ProductInput& in : *list)
        if (in.kind == InputKind::kSupplierPcf) SupplierRow(in.ref, in.where);

  // Foreground products: every output, each made by exactly one process.
  sys_.foreground_product_begin = sys_.model.products.Size();
  std::map<std::string, const ForegroundProcess*> maker;
  for (const ForegroundProcess& p : file_.processes)
    for (const ProductOutput& out : p.outputs) {
      if (auto it = maker.find(out.product); it != maker.end())
        throw Error(ErrorKind::kBadInput,
                    fmt::format("\"{}\" is already an output of process \"{}\": each foreground product has one maker",
                                out.product, it->second->id),
                    out.where);
      if (bg.products.Find(out.product) || bg.processes.Find(out.product))
        throw Error(ErrorKind::kBadInput,
                    fmt::format("\"{}\" is also an id in the database; give the foreground product its own id", out.product),
                    out.where);
      maker[out.product] = &p;
      foreground_row_[out.product] = sys_.model.products.Size();
      if (!sys_.model.products.Add({out.product, out.product, out.quantity.unit.name, ""}))  // a supplier row's id
        throw Error(ErrorKind::kBadInput,
                    fmt::format("\"{}\" is also the id of a supplier footprint row (from a supplier_pcf input); give the "
                                "foreground product its own id",
                                out.product),
                    out.where);
    }
  auto reference = foreground_row_.find(file_.id);
  if (reference == foreground_row_.end()) {
    std::vector<std::string> outputs;
    for (const auto& [id, row] : foreground_row_) outputs.push_back(id);
    throw Error(ErrorKind::kBadInput,
                fmt::format("no process has the declared product \"{}\" (product.id) among its outputs{}", file_.id,
                            DidYouMean(file_.id, outputs)),
                file_.id_where);
  }
  sys_.reference_row = reference->second;

  // Foreground columns: one per output, inputs and emissions scaled by the allocation factor.
  sys_.foreground_begin = sys_.model.processes.Size();
  for (const ForegroundProcess& p : file_.processes) {
    std::vector<double> factors(p.outputs.size(), 1.0);
    if (p.outputs.size() > 1) {
      double total = 0;
      for (std::size_t k = 0; k < p.outputs.size(); ++k) {
        const ProductOutput& o = p.outputs[k];
        double key = 0;
        if (p.allocation == "mass") {
          if (o.quantity.unit.dimension != Dimension::kMass)
            throw Error(ErrorKind::kBadInput, "mass allocation needs every output in a mass unit", o.quantity.where);
          key = o.quantity.InBase();
        } else if (p.allocation == "economic") {
          key = o.quantity.amount * o.price;
        } else if (p.allocation == "physical") {
          key = o.quantity.amount * o.property;
        } else {
          key = o.factor;
        }
        if (key < 0)
          throw Error(ErrorKind::kBadInput, "allocation keys must not be negative",
                      p.allocation == "economic" ? o.price_where : p.allocation == "physical" ? o.property_where : o.factor_where);
        factors[k] = Checked(key, p.allocation == "economic" ? o.price_where : p.allocation == "physical" ? o.property_where : o.factor_where,
                             "the allocation key");
        total = Checked(total + key, p.where, "the sum of the allocation keys");
      }
      if (p.allocation == "factors" && std::fabs(total - 1) > 1e-9)
        throw Error(ErrorKind::kBadInput, fmt::format("allocation factors add up to {}, not 1", FormatDouble(total)), p.where);
      if (!(total > 0))
        throw Error(ErrorKind::kBadInput,
                    fmt::format("{} allocation needs a positive {} on at least one output", p.allocation,
                                p.allocation == "economic" ? "price" : p.allocation == "physical" ? "property" : "amount"),
                    p.where);
      AllocationRecord record{p.id, p.allocation, {}};
      for (std::size_t k = 0; k < factors.size(); ++k) {
        factors[k] /= total;
        record.factors.push_back({p.outputs[k].product, factors[k]});
      }
      sys_.allocations.push_back(record);
    }
    for (std::size_t k = 0; k < p.outputs.size(); ++k) {
      const int column = static_cast<int>(sys_.model.processes.Size());
      const std::string column_id = p.outputs.size() == 1 ? p.id : fmt::format("{} [{}]", p.id, p.outputs[k].product);
      if (!sys_.model.processes.Add({column_id, p.name.empty() ? p.id : p.name, p.outputs[k].quantity.unit.name, ""}))
        throw Error(ErrorKind::kBadInput,
                    fmt::format("process id \"{}\" is also {}", column_id,
                                bg.processes.Find(column_id) ? "a process of the database" : "the id of a supplier footprint column"),
                    p.id_where);
      sys_.foreground.push_back({p.id, p.stage, p.outputs[k].product, factors[k], p.id_where});
      const std::size_t column_begin = a_.size();
      a_.emplace_back(static_cast<int>(foreground_row_.at(p.outputs[k].product)), column, p.outputs[k].quantity.amount);
      const double f = factors[k];
      for (std::size_t i = 0; i < p.inputs.size(); ++i) AddInput(p.inputs[i], i, column, f, LineKind::kInput, p);
      for (std::size_t i = 0; i < p.waste.size(); ++i) AddInput(p.waste[i], i, column, f, LineKind::kWaste, p);
      for (std::size_t i = 0; i < p.avoided.size(); ++i) AddInput(p.avoided[i], i, column, f, LineKind::kAvoided, p);
      for (std::size_t i = 0; i < p.transport.size(); ++i) {
        const TransportLeg& leg = p.transport[i];
        const std::size_t row = BackgroundRow(leg.mode, leg.where);
        const IndexEntry& product = sys_.model.products.At(row);
        auto unit = FindUnit(product.unit);
        if (!unit || unit->dimension != Dimension::kMassDistance)
          throw Error(ErrorKind::kBadInput,
                      fmt::format("\"{}\" is not a transport service (its unit is \"{}\", not t*km)", product.id, product.unit),
                      leg.where);
        const double tkm = (leg.mass.InBase() / 1000.0) * (leg.distance.InBase() / 1000.0);  // t × km
        AddLine(column, row, LineKind::kTransport, Checked(-tkm / unit->to_base * f, leg.where, "the transport work (mass × distance)"), leg.stage, p.stage, leg.primary.value_or(p.primary), p, i);
      }
      for (std::size_t i = 0; i < p.emissions.size(); ++i) {
        const ProductEmission& e = p.emissions[i];
        auto row = bg.flows.Find(e.flow);
        if (!row) {
          std::vector<std::string> ids;
          for (const IndexEntry& x : bg.flows.Entries()) ids.push_back(x.id);
          throw Error(ErrorKind::kNotFound,
                      fmt::format("unknown flow \"{}\"{}; flows of the database: {}", e.flow, DidYouMean(e.flow, ids),
                                  fmt::join(ids, "; ")),
                      e.where);
        }
        const double amount = Convert(e.quantity, bg.flows.At(*row).unit, fmt::format("flow \"{}\"", e.flow));
        AddLine(column, *row, LineKind::kEmission, Checked(amount * f, e.quantity.where, "the allocated emission"), e.stage, p.stage, e.primary.value_or(p.primary), p, i);
      }
      CheckNetOutput(p, k, column, column_begin);
    }
  }

  // The declared unit of the declared product is the demand.
  const IndexEntry& ref = sys_.model.products.At(sys_.reference_row);
  sys_.demand = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(sys_.model.products.Size()));
  sys_.demand[static_cast<Eigen::Index>(sys_.reference_row)] =
      Convert(file_.declared_unit, ref.unit, fmt::format("the declared product \"{}\"", ref.id));

  // The method.
  std::string method = file_.method.empty() ? bg_.info.default_indicator : file_.method;
  if (method.empty() && bg.indicators.Size() > 0) method = bg.indicators.At(0).id;
  auto method_row = bg.indicators.Find(method);
  if (!method_row) {
    std::vector<std::string> ids;
    for (const IndexEntry& e : bg.indicators.Entries()) ids.push_back(e.id);
    throw Error(ErrorKind::kNotFound, fmt::format("unknown method \"{}\"{}", method, DidYouMean(method, ids)),
                file_.method_where);
  }
  sys_.method_row = *method_row;

  const std::size_t n_products = sys_.model.products.Size(), n_processes = sys_.model.processes.Size();
  sys_.model.technosphere = FromTriplets(n_products, n_processes, a_);
  sys_.model.interventions = FromTriplets(bg.flows.Size(), n_processes, b_);
  sys_.model.characterization = bg.characterization;
  return std::move(sys_);
}

}  // namespace

LinkedSystem LinkProduct(const ProductFile& product, const StoredModel& background) {
  return Linker(product, background).Link();
}

LinkedSystem RelinkProduct(const ProductFile& product, const StoredModel& background, LinkedSystem&& recycled) {
  if (recycled.model.products.Size() < background.model.products.Size() ||
      recycled.model.processes.Size() < background.model.processes.Size() ||
      recycled.model.flows.Size() != background.model.flows.Size() ||
      recycled.model.indicators.Size() != background.model.indicators.Size())
    throw std::logic_error("RelinkProduct: the recycled system was not linked to this database");
  return Linker(product, background, &recycled).Link();
}

}  // namespace pcf
