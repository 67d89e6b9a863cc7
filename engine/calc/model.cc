#include "engine/calc/model.h"

#include <bit>
#include <cstdint>
#include <cstring>

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
  for (int j = 0; j < m.outerSize(); ++j)
    for (SparseMatrix::InnerIterator it(m, j); it; ++it) {
      HashU64(hash, static_cast<std::uint64_t>(it.row()));
      HashU64(hash, static_cast<std::uint64_t>(j));
      HashU64(hash, std::bit_cast<std::uint64_t>(it.value()));
    }
}

}  // namespace

std::string ModelContentHash(const Model& model) {
  Sha256 hash;
  HashString(hash, "pcf-model-v1");
  HashIndex(hash, "products", model.products);
  HashIndex(hash, "processes", model.processes);
  HashIndex(hash, "flows", model.flows);
  HashIndex(hash, "indicators", model.indicators);
  HashMatrix(hash, "A", model.technosphere);
  HashMatrix(hash, "B", model.interventions);
  HashMatrix(hash, "C", model.characterization);
  return hash.HexDigest();
}

}  // namespace pcf
