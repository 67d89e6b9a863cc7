#include "engine/calc/data_quality.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "engine/core/error.h"

namespace pcf {

namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return text;
}

std::string Country(const std::string& region) { return region.substr(0, region.find('-')); }

// "2024", "2024-07", "2024-07-15/2025-06-30": the year the period starts in; 0 when there is none.
int ReferenceYear(const std::string& period) {
  if (period.size() < 4 || !std::all_of(period.begin(), period.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }))
    return 0;
  return std::stoi(period.substr(0, 4));
}

// Which file line each linked line came from: LinkProduct writes the lines of every column in the order
// inputs, waste, avoided, transport, emissions of the process, one column per output.
// The ratings a database dataset stands for (the process that makes the product the line names).
class DatasetRater {
 public:
  DatasetRater(const ModelInfo* info, const std::string& geography, int reference_year)
      : info_(info), geography_(geography), year_(reference_year) {
    if (!info_) return;
    // Hashed, keyed by views into info_: built for every result, so no string copies (cold start).
    std::unordered_map<std::string_view, const FactorRecord*> factors;
    factors.reserve(info_->factors.size());
    for (const FactorRecord& f : info_->factors) factors.insert_or_assign(f.id, &f);
    for (const EntrySource& e : info_->entry_sources) {
      const auto f = factors.find(e.factor_id);
      if (f == factors.end() || e.matrix == 'C') continue;
      int& worst = label_reliability_[e.col];
      worst = std::max(worst, ConfidenceReliability(f->second->confidence));
      std::string& label = worst_label_[e.col];
      if (ConfidenceReliability(f->second->confidence) >= worst) label = f->second->confidence;
    }
  }

  void Rate(std::size_t process, InputDqr& d) const {
    if (!info_ || process >= info_->processes.size()) {
      d.ratings = {5, 5, 5, 5, 5};
      d.basis = "dataset without quality information";
      return;
    }
    const ProcessInfo& pi = info_->processes[process];
    auto pedigree = [&](int k) { return pi.quality[k] > 0 ? pi.quality[k] : 5; };
    d.ratings[kTechnological] = pedigree(4);
    d.ratings[kGeographical] =
        !pi.region.empty() && !geography_.empty() ? GeographicalRating(geography_, pi.region) : pedigree(3);
    d.ratings[kTemporal] = pi.year > 0 && year_ > 0 ? TemporalRating(year_, pi.year) : pedigree(2);
    d.ratings[kReliability] = pedigree(0);
    d.ratings[kCompleteness] = pedigree(1);
    const auto label = label_reliability_.find(static_cast<int>(process));
    if (label != label_reliability_.end())
      d.ratings[kReliability] = std::max(d.ratings[kReliability], static_cast<double>(label->second));
    d.basis = fmt::format("dataset {} {}, pedigree ({}, {}, {}, {}, {})", pi.region.empty() ? "?" : pi.region,
                          pi.year > 0 ? std::to_string(pi.year) : "?", pi.quality[0], pi.quality[1], pi.quality[2],
                          pi.quality[3], pi.quality[4]);
    if (label != label_reliability_.end()) d.basis += ", least sure factor " + worst_label_.at(static_cast<int>(process));
  }

 private:
  const ModelInfo* info_;
  std::string geography_;
  int year_;
  std::map<int, int> label_reliability_;     // column → worst reliability of the factors of its entries
  std::map<int, std::string> worst_label_;   // column → that factor's label
};

}  // namespace

int TemporalRating(int reference_year, int data_year) {
  const int d = std::abs(reference_year - data_year);
  return d < 3 ? 1 : d < 6 ? 2 : d < 10 ? 3 : d < 15 ? 4 : 5;
}

int GeographicalRating(const std::string& product_geography, const std::string& data_region) {
  if (product_geography == data_region) return 1;
  const std::string region = Lower(data_region);
  if (region == "global" || region == "glo" || region == "row" || region == "world") return 4;
  if (Country(product_geography) != Country(data_region)) return 5;
  // Same country: its national average contains the product's region (2); another region of it, or a
  // part standing for the whole country, has similar conditions at best (3).
  return data_region == Country(data_region) && product_geography != Country(product_geography) ? 2 : 3;
}

int ConfidenceReliability(const std::string& confidence) {
  if (confidence == "official") return 1;
  if (confidence == "secondary" || confidence == "derived") return 2;
  return 5;  // unconfirmed, or a label pcf does not know
}

DataQuality AssessDataQuality(const ProductFile& product, const LinkedSystem& sys, const Footprint& fp, const ModelInfo* info) {
  DataQuality dq;
  dq.reference_year = ReferenceYear(product.reference_period);
  const DatasetRater datasets(info, product.geography, dq.reference_year);
  const auto method = static_cast<Eigen::Index>(sys.method_row);
  std::map<const void*, std::size_t> index;  // file line → dq.inputs (one per line, whatever its columns)
  for (std::size_t i = 0; i < sys.lines.size(); ++i) {
    const ForegroundLine& line = sys.lines[i];
    if (line.kind == LineKind::kAvoided) continue;  // module D: not part of the declared total
    if (line.kind != LineKind::kEmission && line.row >= sys.foreground_product_begin) continue;  // counted where it is made
    const double s = fp.lci.supply[static_cast<Eigen::Index>(line.column)];
    const double c = line.kind == LineKind::kEmission
                         ? sys.model.characterization.coeff(method, static_cast<Eigen::Index>(line.row)) * line.amount * s
                         : -line.amount * s * fp.per_unit(static_cast<Eigen::Index>(line.row), method);
    // The file's line, from where the linker says it is written.
    const std::string kind = line.kind == LineKind::kInput      ? "inputs"
                             : line.kind == LineKind::kWaste     ? "waste"
                             : line.kind == LineKind::kTransport ? "transport"
                                                                 : "emissions";
    const std::size_t n_processes = product.processes.size();
    const ForegroundProcess* process = line.source_process < n_processes ? &product.processes[line.source_process] : nullptr;
    const std::size_t n_items = !process               ? 0
                                : kind == "inputs"     ? process->inputs.size()
                                : kind == "waste"      ? process->waste.size()
                                : kind == "transport"  ? process->transport.size()
                                                       : process->emissions.size();
    if (line.source_item >= n_items)
      throw Error(ErrorKind::kNumerical, fmt::format("data quality: linked line {} is not a line of the product file {}", i, product.path));
    const ForegroundProcess& p = *process;
    const void* item = kind == "inputs"      ? static_cast<const void*>(&p.inputs[line.source_item])
                       : kind == "waste"     ? static_cast<const void*>(&p.waste[line.source_item])
                       : kind == "transport" ? static_cast<const void*>(&p.transport[line.source_item])
                                             : static_cast<const void*>(&p.emissions[line.source_item]);
    const auto [it, is_new] = index.try_emplace(item, dq.inputs.size());
    if (!is_new) {
      dq.inputs[it->second].contribution += c;
      continue;
    }
    InputDqr d;
    d.process = p.id;
    d.stage = line.stage;
    d.contribution = c;
    const std::optional<DqrGiven>* given = nullptr;
    bool primary = line.primary;
    if (kind == "emissions") {
      const ProductEmission& e = p.emissions[line.source_item];
      d.kind = "emission";
      d.ref = e.flow;
      d.where = e.where;
      given = &e.dqr;
      // Measured at the site in the reference period, or estimated (`primary: false`).
      d.ratings = primary ? DqrValues{1, 1, 1, 2, 1} : DqrValues{2, 2, 2, 4, 3};
      d.basis = primary ? "direct emission, measured at the site" : "direct emission, estimated";
    } else if (kind == "transport") {
      const TransportLeg& leg = p.transport[line.source_item];
      d.kind = "transport";
      d.ref = leg.mode;
      d.where = leg.where;
      given = &leg.dqr;
      datasets.Rate(line.row, d);
    } else {
      const ProductInput& in = kind == "inputs" ? p.inputs[line.source_item] : p.waste[line.source_item];
      d.ref = in.ref;
      d.where = in.where;
      given = &in.dqr;
      if (line.row >= sys.supplier_begin) {  // a supplier footprint: the product itself, from its maker
        const SupplierRecord& sr = sys.suppliers[line.row - sys.supplier_begin];
        d.kind = "supplier";
        const int year = ReferenceYear(sr.reference_start);
        d.ratings = {1, 1, year > 0 && dq.reference_year > 0 ? static_cast<double>(TemporalRating(dq.reference_year, year)) : 3.0, 3, 3};
        d.basis = "supplier footprint, not verified by pcf";
        if (sr.has_dqi) {  // the supplier's own ratings of its footprint's data, where it gives them
          for (std::size_t k = 0; k < 5; ++k)
            if (sr.dqi[k] > 0) d.ratings[k] = sr.dqi[k];
          d.basis = sr.major_version == 3 ? "supplier footprint, its PACT v3 dqi, not verified by pcf"
                                          : "supplier footprint, its PACT v2 dqi (1–3, mapped to 1–5), not verified by pcf";
        }
      } else {
        d.kind = kind == "inputs" ? "input" : "waste";
        datasets.Rate(line.row, d);
      }
    }
    // Stated ratings: the line's own, else its process's.
    for (const std::optional<DqrGiven>* g : {&p.dqr, given}) {
      if (!*g) continue;
      const int values[5] = {(*g)->technological, (*g)->geographical, (*g)->temporal, (*g)->reliability, (*g)->completeness};
      for (int k = 0; k < 5; ++k)
        if (values[k] > 0) {
          d.ratings[static_cast<std::size_t>(k)] = values[k];
          d.stated[static_cast<std::size_t>(k)] = true;
        }
    }
    dq.inputs.push_back(std::move(d));
  }
  for (const InputDqr& d : dq.inputs) dq.absolute_total += std::fabs(d.contribution);
  if (dq.absolute_total > 0) {
    DqrValues sum{};
    for (InputDqr& d : dq.inputs) {
      d.weight = std::fabs(d.contribution) / dq.absolute_total;
      for (std::size_t k = 0; k < 5; ++k) sum[k] += d.weight * d.ratings[k];
    }
    dq.result = sum;
  }
  return dq;
}

std::optional<PactV2Dqi> PactV2DataQuality(const DataQuality& dq) {
  double covered = 0;
  DqrValues sum{};
  for (const InputDqr& d : dq.inputs) {
    const double c = std::fabs(d.contribution);
    if (!(c > 0.05 * dq.absolute_total)) continue;
    covered += c;
    for (std::size_t k = 0; k < 5; ++k) sum[k] += c * d.ratings[k];
  }
  if (!(covered > 0)) return std::nullopt;
  PactV2Dqi v2;
  v2.coverage_percent = std::min(100.0, 100 * covered / dq.absolute_total);
  for (std::size_t k = 0; k < 5; ++k) v2.ratings[k] = 1 + (sum[k] / covered - 1) / 2;
  return v2;
}

}  // namespace pcf
