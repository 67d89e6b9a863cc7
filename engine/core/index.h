// Index objects: which id is which row, kept apart from the numbers (as openLCA's MatrixIndex and
// bw2calc's dictionaries). Each kind of index is its own type so a process index cannot be passed where
// a product index is expected.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pcf {

struct IndexEntry {
  std::string id;
  std::string name;
  std::string unit;
  std::string compartment;  // elementary flows only; empty elsewhere
};

template <class Tag>
class Index {
 public:
  // Appends an entry and returns its row. Returns std::nullopt (and adds nothing) if the id is taken.
  // [[nodiscard]]: a refusal that is ignored leaves the caller with a row that does not exist (issue 11).
  [[nodiscard]] std::optional<std::size_t> Add(IndexEntry entry) {
    auto [it, inserted] = rows_.try_emplace(entry.id, entries_.size());
    if (!inserted) return std::nullopt;
    entries_.push_back(std::move(entry));
    return it->second;
  }
  // Room for `size` entries without rehashing or moving them (a database load knows its row count).
  void Reserve(std::size_t size) {
    entries_.reserve(size);
    rows_.reserve(size);
  }
  // The row of `id`, or std::nullopt when the id is not in this index.
  std::optional<std::size_t> Find(std::string_view id) const {
    auto it = rows_.find(std::string(id));
    if (it == rows_.end()) return std::nullopt;
    return it->second;
  }
  // Keeps the first `size` entries (drops the rest and their ids): lets a Monte Carlo draw reuse the
  // indices of the previous draw's linked system instead of copying the database's again.
  void Truncate(std::size_t size) {
    for (std::size_t row = size; row < entries_.size(); ++row) rows_.erase(entries_[row].id);
    if (size < entries_.size()) entries_.resize(size);
  }
  const IndexEntry& At(std::size_t row) const { return entries_.at(row); }
  const std::vector<IndexEntry>& Entries() const { return entries_; }
  std::size_t Size() const { return entries_.size(); }

 private:
  std::vector<IndexEntry> entries_;
  std::unordered_map<std::string, std::size_t> rows_;
};

struct ProductTag {};
struct ProcessTag {};
struct FlowTag {};
struct IndicatorTag {};

using ProductIndex = Index<ProductTag>;      // rows of A
using ProcessIndex = Index<ProcessTag>;      // columns of A and B
using FlowIndex = Index<FlowTag>;            // rows of B, columns of C
using IndicatorIndex = Index<IndicatorTag>;  // rows of C

}  // namespace pcf
