#include "engine/system/model.h"

#include <bit>
#include <cstdint>
#include <cstring>
#include <iterator>

#include "engine/core/sha256.h"

namespace pcf {

static_assert(std::endian::native == std::endian::little, "content hash and blobs assume little-endian");

Eigen::VectorXd DemandVector(const Model& model, const std::vector<DemandEntry>& entries) {
  Eigen::VectorXd f = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(model.products.Size()));
  for (const DemandEntry& e : entries) f[static_cast<Eigen::Index>(e.product)] += e.amount;
  return f;
}

namespace {

void HashU64(Sha256& hash, std::uint64_t v) { hash.Update(&v, sizeof v); }

void HashString(Sha256& hash, const std::string& s) {
  HashU64(hash, s.size());  // length-prefixed, so no separator can be forged inside an id
  hash.Update(s);
}

template <class Tag>
void HashIndex(Sha256& hash, const char* label, const Index<Tag>& index) {
  HashString(hash, label);
  HashU64(hash, index.Size());
  for (const IndexEntry& e : index.Entries()) {
    HashString(hash, e.id);
    HashString(hash, e.name);
    HashString(hash, e.unit);
    HashString(hash, e.compartment);
  }
}

void HashMatrix(Sha256& hash, const char* label, const SparseMatrix& m) {
  HashString(hash, label);
  HashU64(hash, static_cast<std::uint64_t>(m.rows()));
  HashU64(hash, static_cast<std::uint64_t>(m.cols()));
  HashU64(hash, static_cast<std::uint64_t>(m.nonZeros()));
  // The same bytes as one HashU64 per number, fed in blocks: an update call per number cost more than
  // the hashing itself (a fifth of `pcf scores` on a 26k model).
  std::uint64_t block[3 * 1024];
  std::size_t used = 0;
  for (int j = 0; j < m.outerSize(); ++j)
    for (SparseMatrix::InnerIterator it(m, j); it; ++it) {
      block[used++] = static_cast<std::uint64_t>(it.row());
      block[used++] = static_cast<std::uint64_t>(j);
      block[used++] = std::bit_cast<std::uint64_t>(it.value());
      if (used == std::size(block)) {
        hash.Update(block, sizeof block);
        used = 0;
      }
    }
  if (used) hash.Update(block, used * sizeof block[0]);
}

void HashInfo(Sha256& hash, const ModelInfo& info) {
  HashString(hash, "info-v1");
  HashString(hash, info.name);
  HashString(hash, info.version);
  HashString(hash, info.default_indicator);
  HashU64(hash, info.factors.size());
  for (const FactorRecord& f : info.factors) {
    for (const std::string* s : {&f.id, &f.category, &f.name_en, &f.name_zh, &f.unit, &f.basis, &f.boundary, &f.region,
                                 &f.data_year, &f.source, &f.confidence, &f.note})
      HashString(hash, *s);
    HashU64(hash, std::bit_cast<std::uint64_t>(f.value));
  }
  HashU64(hash, info.processes.size());
  for (const ProcessInfo& p : info.processes) {
    for (const std::string* s : {&p.name_zh, &p.category, &p.region, &p.technology, &p.represent_technology,
                                 &p.represent_geography, &p.represent_time, &p.version, &p.comment})
      HashString(hash, *s);
    HashU64(hash, static_cast<std::uint64_t>(p.year));
    for (int q : p.quality) HashU64(hash, static_cast<std::uint64_t>(q));
    HashU64(hash, p.treatment ? 1 : 0);
  }
  for (const auto* names : {&info.product_names_zh, &info.flow_names_zh}) {
    HashU64(hash, names->size());
    for (const std::string& s : *names) HashString(hash, s);
  }
  HashU64(hash, info.entry_sources.size());
  for (const EntrySource& e : info.entry_sources) {
    HashU64(hash, static_cast<std::uint64_t>(e.matrix));
    HashU64(hash, static_cast<std::uint64_t>(e.row));
    HashU64(hash, static_cast<std::uint64_t>(e.col));
    HashString(hash, e.factor_id);
  }
  HashU64(hash, info.plausibility.size());
  for (const PlausibilityRange& r : info.plausibility) {
    HashString(hash, r.product_id);
    HashString(hash, r.indicator_id);
    HashU64(hash, std::bit_cast<std::uint64_t>(r.min));
    HashU64(hash, std::bit_cast<std::uint64_t>(r.max));
    HashU64(hash, r.sources.size());
    for (const std::string& s : r.sources) HashString(hash, s);
    HashString(hash, r.comment);
  }
}

}  // namespace

std::string ModelContentHash(const Model& model, const ModelInfo& info) {
  return ModelContentHash(model, model, info);
}

std::string ModelContentHash(const Model& model, const Model& matrices, const ModelInfo& info) {
  Sha256 hash;
  HashString(hash, "pcf-model-v1");
  HashIndex(hash, "products", model.products);
  HashIndex(hash, "processes", model.processes);
  HashIndex(hash, "flows", model.flows);
  HashIndex(hash, "indicators", model.indicators);
  HashMatrix(hash, "A", matrices.technosphere);
  HashMatrix(hash, "B", matrices.interventions);
  HashMatrix(hash, "C", matrices.characterization);
  // A model without background information hashes as before: imported matrix models keep their hash.
  const bool has_info = !info.factors.empty() || !info.processes.empty() || !info.entry_sources.empty() ||
                        !info.plausibility.empty() || !info.name.empty();
  if (has_info) HashInfo(hash, info);
  return hash.HexDigest();
}

}  // namespace pcf
