#include "engine/calc/inspect.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "engine/calc/lci.h"
#include "engine/core/numbers.h"

namespace pcf {

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == ',') {
      if (!word.empty()) words.push_back(Lower(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(Lower(word));
  return words;
}

// Factor ids recorded for one matrix entry, joined for display.
std::string SourcesOf(const ModelInfo& info, char matrix, int row, int col) {
  std::string out;
  auto it = std::lower_bound(info.entry_sources.begin(), info.entry_sources.end(), std::make_tuple(matrix, col, row),
                             [](const EntrySource& e, const std::tuple<char, int, int>& key) {
                               return std::make_tuple(e.matrix, e.col, e.row) < key;
                             });
  for (; it != info.entry_sources.end() && it->matrix == matrix && it->col == col && it->row == row; ++it)
    out += (out.empty() ? "" : ", ") + it->factor_id;
  return out;
}

const FactorRecord* FindFactor(const ModelInfo& info, const std::string& id) {
  for (const FactorRecord& f : info.factors)
    if (f.id == id) return &f;
  return nullptr;
}

}  // namespace

std::vector<std::size_t> SearchProcesses(const StoredModel& stored, const std::string& query) {
  const std::vector<std::string> words = Words(query);
  std::vector<std::size_t> hits;
  const Model& m = stored.model;
  for (std::size_t k = 0; k < m.processes.Size(); ++k) {
    std::string haystack = m.processes.At(k).id + " " + m.processes.At(k).name;
    if (k < m.products.Size()) haystack += " " + m.products.At(k).id;
    if (k < stored.info.processes.size()) {
      const ProcessInfo& p = stored.info.processes[k];
      haystack += " " + p.name_zh + " " + p.category + " " + p.region + " " + p.technology;
    }
    haystack = Lower(haystack);
    if (!words.empty() &&
        std::all_of(words.begin(), words.end(), [&](const std::string& w) { return haystack.find(w) != std::string::npos; }))
      hits.push_back(k);
  }
  return hits;
}

std::string FormatProcess(const StoredModel& stored, std::size_t col) {
  const Model& m = stored.model;
  const ModelInfo& info = stored.info;
  const IndexEntry& process = m.processes.At(col);
  std::string out = fmt::format("{}\n  name:     {}\n", process.id, process.name);
  if (col < info.processes.size()) {
    const ProcessInfo& p = info.processes[col];
    out += fmt::format("  名称:     {}\n  category: {}\n  region:   {}   year: {}   version: {}\n", p.name_zh, p.category,
                       p.region, p.year, p.version);
    out += fmt::format("  technology: {}\n", p.technology);
    out += fmt::format("  representativeness: technology: {}; geography: {}; time: {}\n", p.represent_technology,
                       p.represent_geography, p.represent_time);
    out += fmt::format("  data quality (pedigree 1 best … 5): reliability {}, completeness {}, temporal {}, "
                       "geographical {}, technological {}\n",
                       p.quality[0], p.quality[1], p.quality[2], p.quality[3], p.quality[4]);
    if (p.treatment) out += "  waste treatment: yes\n";
    if (!p.comment.empty()) out += fmt::format("  comment: {}\n", p.comment);
    out += fmt::format("  defined in {}:{}\n", p.file, p.line);
  }
  std::set<std::string> used;
  out += "Technosphere (products; outputs +, inputs −)\n";
  const SparseMatrix& a = m.technosphere;
  for (SparseMatrix::InnerIterator it(a, static_cast<int>(col)); it; ++it) {
    const IndexEntry& product = m.products.At(static_cast<std::size_t>(it.row()));
    const std::string sources = SourcesOf(info, 'A', static_cast<int>(it.row()), static_cast<int>(col));
    out += fmt::format("  {:>14} {:<6} {}{}\n", FormatDouble(it.value()), product.unit, product.id,
                       sources.empty() ? "" : "   [" + sources + "]");
    for (const std::string& s : Words(sources)) used.insert(s);
  }
  out += "Elementary flows\n";
  const SparseMatrix& b = m.interventions;
  for (SparseMatrix::InnerIterator it(b, static_cast<int>(col)); it; ++it) {
    const IndexEntry& flow = m.flows.At(static_cast<std::size_t>(it.row()));
    const std::string sources = SourcesOf(info, 'B', static_cast<int>(it.row()), static_cast<int>(col));
    out += fmt::format("  {:>14} {:<6} {} ({}){}\n", FormatDouble(it.value()), flow.unit, flow.id, flow.compartment,
                       sources.empty() ? "" : "   [" + sources + "]");
  }
  // The factors behind the numbers, with their sources.
  std::set<std::string> ids;
  for (const EntrySource& e : info.entry_sources)
    if (e.col == static_cast<int>(col) && e.matrix != 'C') ids.insert(e.factor_id);
  if (!ids.empty()) out += "Sources\n";
  for (const std::string& id : ids)
    if (const FactorRecord* f = FindFactor(info, id))
      out += fmt::format("  {} = {} {} ({}, {}, {}{}): {}\n", f->id, FormatDouble(f->value), f->unit, f->confidence,
                         f->region, f->boundary, f->data_year.empty() ? "" : ", " + f->data_year, f->source);
  return out;
}

std::string FormatDatabaseInfo(const StoredModel& stored) {
  const Model& m = stored.model;
  const ModelInfo& info = stored.info;
  std::string out;
  out += fmt::format("name:            {}\n", info.name.empty() ? "(matrix model)" : info.name);
  if (!info.version.empty()) out += fmt::format("data version:    {}\n", info.version);
  out += fmt::format("content sha256:  {}\nbuilt from:      {}\n", stored.content_sha256, stored.source);
  out += fmt::format("products:        {}\nprocesses:       {}\nelementary flows: {}\nindicators:      {}\n",
                     m.products.Size(), m.processes.Size(), m.flows.Size(), m.indicators.Size());
  out += fmt::format("matrix entries:  A {}, B {}, C {}\n", m.technosphere.nonZeros(), m.interventions.nonZeros(),
                     m.characterization.nonZeros());
  out += "methods:\n";
  for (const IndexEntry& e : m.indicators.Entries())
    out += fmt::format("  {}{} — {} [{}]\n", e.id, e.id == info.default_indicator ? " (default)" : "", e.name, e.unit);
  if (info.factors.empty()) return out;
  std::map<std::string, int> by_confidence, by_category;
  std::set<std::string> sources;
  for (const FactorRecord& f : info.factors) {
    ++by_confidence[f.confidence];
    ++by_category[f.category];
    sources.insert(f.source);
  }
  out += fmt::format("factors:         {} ({} distinct sources)\n", info.factors.size(), sources.size());
  for (const auto& [confidence, n] : by_confidence) out += fmt::format("  {:<12} {}\n", confidence, n);
  out += "factors by category:\n";
  for (const auto& [category, n] : by_category) out += fmt::format("  {:<26} {}\n", category, n);
  std::map<std::string, int> processes_by_category;
  for (const ProcessInfo& p : info.processes) ++processes_by_category[p.category];
  out += "processes by category:\n";
  for (const auto& [category, n] : processes_by_category) out += fmt::format("  {:<26} {}\n", category, n);
  out += fmt::format("entry sources:   {}\nplausibility ranges: {}\n", info.entry_sources.size(), info.plausibility.size());
  return out;
}

std::vector<CheckItem> CheckDatabase(const StoredModel& stored, const std::string& integrity) {
  std::vector<CheckItem> items;
  const Model& m = stored.model;
  const ModelInfo& info = stored.info;
  items.push_back({"sqlite integrity", integrity == "ok", integrity});
  items.push_back({"content hash", true, stored.content_sha256 + " (recomputed on load)"});

  Eigen::MatrixXd scores;
  try {
    const Factorization lu = FactorizeTechnosphere(m);
    scores = ProductScores(m, lu);
    // Residual of the all-products solve Aᵀ x = (C B)ᵀ, relative to its right-hand side.
    const Eigen::MatrixXd direct = Eigen::MatrixXd(SparseMatrix((m.characterization * m.interventions).transpose()));
    const double residual = (m.technosphere.transpose() * scores - direct).lpNorm<Eigen::Infinity>() /
                            std::max(direct.lpNorm<Eigen::Infinity>(), 1e-300);
    const bool finite = scores.allFinite();
    items.push_back({"every process solvable", finite && residual < 1e-9,
                     fmt::format("{} processes, {} loop blocks, largest {}, relative residual {}", m.processes.Size(),
                                 lu.stats().blocks, lu.stats().largest_block, FormatDouble(residual))});
  } catch (const Error& e) {
    items.push_back({"every process solvable", false, e.what()});
  }

  if (!info.name.empty()) {
    // Every entry of B and every input of A (not the reference outputs on the diagonal) has a source.
    std::set<std::tuple<char, int, int>> sourced;
    for (const EntrySource& e : info.entry_sources) sourced.insert({e.matrix, e.row, e.col});
    std::vector<std::string> missing;
    for (int j = 0; j < m.technosphere.outerSize(); ++j)
      for (SparseMatrix::InnerIterator it(m.technosphere, j); it; ++it)
        if (it.row() != j && !sourced.count({'A', static_cast<int>(it.row()), j}))
          missing.push_back(m.processes.At(static_cast<std::size_t>(j)).id);
    for (int j = 0; j < m.interventions.outerSize(); ++j)
      for (SparseMatrix::InnerIterator it(m.interventions, j); it; ++it)
        if (!sourced.count({'B', static_cast<int>(it.row()), j})) missing.push_back(m.processes.At(static_cast<std::size_t>(j)).id);
    items.push_back({"every exchange has a source", missing.empty(),
                     missing.empty() ? fmt::format("{} entry sources", info.entry_sources.size())
                                     : fmt::format("{} exchanges without a source, first in \"{}\"", missing.size(), missing.front())});
    int unsourced = 0, unconfirmed = 0;
    for (const FactorRecord& f : info.factors) {
      if (f.source.empty()) ++unsourced;
      if (f.confidence == "unconfirmed") ++unconfirmed;
    }
    items.push_back({"every factor has a source", unsourced == 0,
                     fmt::format("{} factors, {} labelled unconfirmed", info.factors.size(), unconfirmed)});
  }

  for (const PlausibilityRange& r : info.plausibility) {
    const auto product = m.products.Find(r.product_id);
    const auto indicator = m.indicators.Find(r.indicator_id);
    if (!product || !indicator || scores.size() == 0) {
      items.push_back({"plausibility: " + r.product_id, false, "cannot compute"});
      continue;
    }
    const double value = scores(static_cast<Eigen::Index>(*product), static_cast<Eigen::Index>(*indicator));
    items.push_back({"plausibility: " + r.product_id, value >= r.min && value <= r.max,
                     fmt::format("{} = {} {} per {}, published range {} … {}", r.indicator_id, FormatDouble(value),
                                 m.indicators.At(*indicator).unit, m.products.At(*product).unit, FormatDouble(r.min),
                                 FormatDouble(r.max))});
  }
  return items;
}

}  // namespace pcf
