#include "engine/calc/background_uncertainty.h"

#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "engine/core/random_stream.h"

namespace pcf {

double ConfidenceGsd(const std::string& confidence) {
  if (confidence == "official") return 1.05;
  if (confidence == "secondary" || confidence == "derived") return 1.2;
  if (confidence == "unconfirmed") return 1.5;
  return 1.0;
}

BackgroundUncertainty DeriveBackgroundUncertainty(const StoredModel& background) {
  const Model& m = background.model;
  std::map<std::string, double> label_variance;  // factor id → ln(GSD)²
  for (const FactorRecord& f : background.info.factors) {
    const double l = std::log(ConfidenceGsd(f.confidence));
    label_variance[f.id] = l * l;
  }
  // Each factor counts once per entry, however often the entry's formula names it.
  std::map<std::tuple<char, int, int>, std::set<std::string>> factors_of;
  for (const EntrySource& s : background.info.entry_sources) factors_of[{s.matrix, s.row, s.col}].insert(s.factor_id);
  BackgroundUncertainty out;
  auto derive = [&](const SparseMatrix& matrix, char name, std::vector<EntryUncertainty>* into, auto row_id) {
    for (int j = 0; j < matrix.outerSize(); ++j)
      for (SparseMatrix::InnerIterator it(matrix, j); it; ++it) {
        EntryUncertainty e;
        e.identity = fmt::format("{}|{}|{}", name, m.processes.At(static_cast<std::size_t>(j)).id,
                                 row_id(static_cast<std::size_t>(it.row())));
        e.stream = StreamId(e.identity);
        double variance = 0;
        if (auto f = factors_of.find({name, static_cast<int>(it.row()), j}); f != factors_of.end())
          for (const std::string& id : f->second)
            if (auto v = label_variance.find(id); v != label_variance.end()) variance += v->second;
        e.sigma = std::sqrt(variance);
        if (e.sigma > 0) ++out.uncertain;
        into->push_back(e);
      }
  };
  derive(m.technosphere, 'A', &out.technosphere, [&](std::size_t row) { return m.products.At(row).id; });
  derive(m.interventions, 'B', &out.interventions, [&](std::size_t row) { return m.flows.At(row).id; });
  return out;
}

}  // namespace pcf
