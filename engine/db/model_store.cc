#include "engine/db/model_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <future>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/core/file_system.h"
#include "engine/db/sqlite.h"

namespace pcf {

namespace {

namespace fs = std::filesystem;
using sqlite::Database;
using sqlite::Statement;

constexpr const char* kSchema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE products(row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, unit TEXT NOT NULL,
  name_zh TEXT);
CREATE TABLE processes(row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, unit TEXT NOT NULL,
  name_zh TEXT, category TEXT, region TEXT, year INTEGER, technology TEXT, represent_technology TEXT,
  represent_geography TEXT, represent_time TEXT, q_reliability INTEGER, q_completeness INTEGER, q_temporal INTEGER,
  q_geographical INTEGER, q_technological INTEGER, version TEXT, comment TEXT, treatment INTEGER, file TEXT, line INTEGER);
CREATE TABLE flows(row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, unit TEXT NOT NULL,
  compartment TEXT NOT NULL, name_zh TEXT);
CREATE TABLE indicators(row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, unit TEXT NOT NULL);
CREATE TABLE matrices(name TEXT PRIMARY KEY CHECK (name IN ('A', 'B', 'C')), rows INTEGER NOT NULL,
  cols INTEGER NOT NULL, nnz INTEGER NOT NULL, col_ptr BLOB NOT NULL, row_idx BLOB NOT NULL, vals BLOB NOT NULL);
CREATE TABLE demands(name TEXT NOT NULL, position INTEGER NOT NULL, product_row INTEGER NOT NULL,
  amount REAL NOT NULL, PRIMARY KEY(name, position));
-- Provenance: every factor with its source and confidence, and which factors each matrix entry used.
CREATE TABLE factors(position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, category TEXT NOT NULL,
  name_en TEXT NOT NULL, name_zh TEXT NOT NULL, value REAL NOT NULL, unit TEXT NOT NULL, basis TEXT NOT NULL,
  boundary TEXT NOT NULL, region TEXT NOT NULL, data_year TEXT NOT NULL, source TEXT NOT NULL,
  confidence TEXT NOT NULL CHECK (confidence IN ('official', 'secondary', 'derived', 'unconfirmed')),
  note TEXT NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL);
CREATE TABLE entry_sources(position INTEGER PRIMARY KEY, matrix TEXT NOT NULL, row INTEGER NOT NULL,
  col INTEGER NOT NULL, factor_id TEXT NOT NULL REFERENCES factors(id));
CREATE INDEX entry_sources_by_entry ON entry_sources(matrix, col, row);
CREATE TABLE plausibility(position INTEGER PRIMARY KEY, product_id TEXT NOT NULL, indicator_id TEXT NOT NULL,
  min REAL NOT NULL, max REAL NOT NULL, sources TEXT NOT NULL, comment TEXT NOT NULL);
)sql";

template <class Tag>
void InsertIndex(Database& db, const char* sql, const Index<Tag>& index, bool with_compartment) {
  Statement insert = db.Prepare(sql);
  for (std::size_t row = 0; row < index.Size(); ++row) {
    const IndexEntry& e = index.At(row);
    insert.Bind(1, static_cast<std::int64_t>(row)).Bind(2, e.id).Bind(3, e.name).Bind(4, e.unit);
    if (with_compartment) insert.Bind(5, e.compartment);
    insert.Step();
    insert.Reset();
  }
}

void InsertMatrix(Database& db, const char* name, const SparseMatrix& m) {
  Statement insert =
      db.Prepare("INSERT INTO matrices(name, rows, cols, nnz, col_ptr, row_idx, vals) VALUES (?, ?, ?, ?, ?, ?, ?)");
  const auto nnz = static_cast<std::size_t>(m.nonZeros());
  insert.Bind(1, std::string_view(name))
      .Bind(2, static_cast<std::int64_t>(m.rows()))
      .Bind(3, static_cast<std::int64_t>(m.cols()))
      .Bind(4, static_cast<std::int64_t>(nnz))
      .BindBlob(5, m.outerIndexPtr(), (static_cast<std::size_t>(m.cols()) + 1) * sizeof(int))
      .BindBlob(6, nnz ? static_cast<const void*>(m.innerIndexPtr()) : "", nnz * sizeof(int))
      .BindBlob(7, nnz ? static_cast<const void*>(m.valuePtr()) : "", nnz * sizeof(double));
  insert.Step();
}

void SetMeta(Database& db, const char* key, const std::string& value) {
  db.Prepare("INSERT INTO meta(key, value) VALUES (?, ?)").Bind(1, std::string_view(key)).Bind(2, value).Step();
}

// The database is written by SQLite (journal off) into a temporary; its flush and rename go through the
// file-system seam. Errors name the target, not the temporary.
void SyncFile(const fs::path& tmp, const fs::path& target) {
  FileSystem& files = CurrentFileSystem();
  const int fd = files.Open(tmp, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    throw Error(ErrorKind::kIo, fmt::format("cannot reopen the new database to flush it: {}", std::strerror(errno)),
                {target.string(), 0, 0, ""});
  const int rc = files.Sync(fd);
  const int err = errno;
  const int close_rc = files.Close(fd);
  if (rc != 0 || close_rc != 0)
    throw Error(ErrorKind::kIo, fmt::format("cannot flush the new database to disk: {}", std::strerror(rc != 0 ? err : errno)),
                {target.string(), 0, 0, ""});
}

Error Corrupt(const std::string& path, const std::string& what) {
  return Error(ErrorKind::kCorruptDatabase, what, {path, 0, 0, ""});
}

template <class Tag>
Index<Tag> LoadIndex(Database& db, const char* table, bool with_compartment) {
  Index<Tag> index;
  {
    // Room for every row up front (no rehash, no moves); a damaged count only costs a reallocation.
    Statement count = db.Prepare(fmt::format("SELECT count(*) FROM {}", table).c_str());
    if (count.Step() && count.Int(0) > 0 && count.Int(0) < (std::int64_t{1} << 26))
      index.Reserve(static_cast<std::size_t>(count.Int(0)));
  }
  const std::string sql = with_compartment
                              ? fmt::format("SELECT row, id, name, unit, compartment FROM {} ORDER BY row", table)
                              : fmt::format("SELECT row, id, name, unit FROM {} ORDER BY row", table);
  Statement select = db.Prepare(sql.c_str());
  std::int64_t expected_row = 0;
  while (select.Step()) {
    if (select.Int(0) != expected_row++)
      throw Corrupt(db.path(), fmt::format("table {}: rows are not numbered 0, 1, 2, …", table));
    if (!index.Add({select.Text(1), select.Text(2), select.Text(3), with_compartment ? select.Text(4) : ""}))
      throw Corrupt(db.path(), fmt::format("table {}: duplicate id \"{}\"", table, select.Text(1)));
  }
  return index;
}

Error ShapeMismatch(const std::string& path, const char* name, std::int64_t rows, std::int64_t cols, std::int64_t nnz,
                    std::size_t index_rows, std::size_t index_cols) {
  return Corrupt(path, fmt::format("matrix {} has shape {} × {} with {} entries; the indices say {} × {}", name, rows,
                                   cols, nnz, index_rows, index_cols));
}

// A matrix as stored, every entry checked. `rows` and `cols` are the indices' sizes; without them (a load
// whose indices come on another thread, ModelLoad) the stored shape is taken and compared later.
SparseMatrix LoadMatrix(Database& db, const char* name, std::optional<std::size_t> index_rows = std::nullopt,
                        std::optional<std::size_t> index_cols = std::nullopt) {
  Statement select = db.Prepare("SELECT rows, cols, nnz, col_ptr, row_idx, vals FROM matrices WHERE name = ?");
  select.Bind(1, std::string_view(name));
  if (!select.Step()) throw Corrupt(db.path(), fmt::format("matrix {} is missing", name));
  const std::int64_t stored_rows = select.Int(0), stored_cols = select.Int(1), nnz = select.Int(2);
  constexpr std::int64_t kLargest = std::numeric_limits<int>::max();
  const bool fits = stored_rows >= 0 && stored_cols >= 0 && stored_rows <= kLargest && stored_cols < kLargest;
  if (!fits || (index_rows && stored_rows != static_cast<std::int64_t>(*index_rows)) ||
      (index_cols && stored_cols != static_cast<std::int64_t>(*index_cols)) || nnz < 0 || nnz > stored_rows * stored_cols)
    throw ShapeMismatch(db.path(), name, stored_rows, stored_cols, nnz, index_rows.value_or(0), index_cols.value_or(0));
  const auto rows = static_cast<std::size_t>(stored_rows), cols = static_cast<std::size_t>(stored_cols);
  const auto [col_ptr, col_ptr_size] = select.Blob(3);
  const auto [row_idx, row_idx_size] = select.Blob(4);
  const auto [vals, vals_size] = select.Blob(5);
  const auto n = static_cast<std::size_t>(nnz);
  if (col_ptr_size != (cols + 1) * sizeof(int) || row_idx_size != n * sizeof(int) || vals_size != n * sizeof(double))
    throw Corrupt(db.path(), fmt::format("matrix {}: blob sizes do not match its shape", name));

  SparseMatrix m(static_cast<int>(rows), static_cast<int>(cols));
  m.resizeNonZeros(static_cast<Eigen::Index>(n));
  std::memcpy(m.outerIndexPtr(), col_ptr, col_ptr_size);
  if (n) {
    std::memcpy(m.innerIndexPtr(), row_idx, row_idx_size);
    std::memcpy(m.valuePtr(), vals, vals_size);
  }
  // Validate before anyone indexes with these numbers: a damaged blob must not become a wild read.
  const int* outer = m.outerIndexPtr();
  const int* inner = m.innerIndexPtr();
  const double* values = m.valuePtr();
  if (outer[0] != 0 || outer[cols] != static_cast<int>(n))
    throw Corrupt(db.path(), fmt::format("matrix {}: column pointers are damaged", name));
  for (std::size_t j = 0; j < cols; ++j) {
    if (outer[j] > outer[j + 1] || outer[j + 1] > static_cast<int>(n)) throw Corrupt(db.path(), fmt::format("matrix {}: column pointers are damaged", name));
    for (int p = outer[j]; p < outer[j + 1]; ++p) {
      if (inner[p] < 0 || inner[p] >= static_cast<int>(rows) || (p > outer[j] && inner[p] <= inner[p - 1]))
        throw Corrupt(db.path(), fmt::format("matrix {}: row indices are damaged in column {}", name, j + 1));
      if (!std::isfinite(values[p]))
        throw Corrupt(db.path(), fmt::format("matrix {}: a non-finite value in column {}", name, j + 1));
    }
  }
  return m;
}

std::string GetMeta(Database& db, const char* key) {
  Statement select = db.Prepare("SELECT value FROM meta WHERE key = ?");
  select.Bind(1, std::string_view(key));
  if (!select.Step()) throw Corrupt(db.path(), fmt::format("meta key \"{}\" is missing", key));
  return select.Text(0);
}


std::string JoinLines(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "\n" : "") + items[i];
  return out;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    const std::size_t end = text.find('\n', start);
    out.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

// Background information (model_info.h); nothing is written for a model imported from matrices.
void SaveInfo(Database& db, const ModelInfo& info) {
  if (info.name.empty()) return;
  SetMeta(db, "name", info.name);
  SetMeta(db, "data_version", info.version);
  SetMeta(db, "default_indicator", info.default_indicator);
  Statement product = db.Prepare("UPDATE products SET name_zh = ? WHERE row = ?");
  for (std::size_t k = 0; k < info.product_names_zh.size(); ++k) {
    product.Bind(1, info.product_names_zh[k]).Bind(2, static_cast<std::int64_t>(k)).Step();
    product.Reset();
  }
  Statement flow = db.Prepare("UPDATE flows SET name_zh = ? WHERE row = ?");
  for (std::size_t k = 0; k < info.flow_names_zh.size(); ++k) {
    flow.Bind(1, info.flow_names_zh[k]).Bind(2, static_cast<std::int64_t>(k)).Step();
    flow.Reset();
  }
  Statement process = db.Prepare(
      "UPDATE processes SET name_zh = ?, category = ?, region = ?, year = ?, technology = ?, represent_technology = ?, "
      "represent_geography = ?, represent_time = ?, q_reliability = ?, q_completeness = ?, q_temporal = ?, "
      "q_geographical = ?, q_technological = ?, version = ?, comment = ?, treatment = ?, file = ?, line = ? WHERE row = ?");
  for (std::size_t k = 0; k < info.processes.size(); ++k) {
    const ProcessInfo& p = info.processes[k];
    process.Bind(1, p.name_zh).Bind(2, p.category).Bind(3, p.region).Bind(4, static_cast<std::int64_t>(p.year))
        .Bind(5, p.technology).Bind(6, p.represent_technology).Bind(7, p.represent_geography).Bind(8, p.represent_time);
    for (int q = 0; q < 5; ++q) process.Bind(9 + q, static_cast<std::int64_t>(p.quality[q]));
    process.Bind(14, p.version).Bind(15, p.comment).Bind(16, static_cast<std::int64_t>(p.treatment ? 1 : 0))
        .Bind(17, p.file).Bind(18, static_cast<std::int64_t>(p.line)).Bind(19, static_cast<std::int64_t>(k));
    process.Step();
    process.Reset();
  }
  Statement factor = db.Prepare(
      "INSERT INTO factors(position, id, category, name_en, name_zh, value, unit, basis, boundary, region, data_year, "
      "source, confidence, note, file, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (std::size_t k = 0; k < info.factors.size(); ++k) {
    const FactorRecord& f = info.factors[k];
    factor.Bind(1, static_cast<std::int64_t>(k)).Bind(2, f.id).Bind(3, f.category).Bind(4, f.name_en).Bind(5, f.name_zh)
        .Bind(6, f.value).Bind(7, f.unit).Bind(8, f.basis).Bind(9, f.boundary).Bind(10, f.region).Bind(11, f.data_year)
        .Bind(12, f.source).Bind(13, f.confidence).Bind(14, f.note).Bind(15, f.file)
        .Bind(16, static_cast<std::int64_t>(f.line));
    factor.Step();
    factor.Reset();
  }
  Statement entry = db.Prepare("INSERT INTO entry_sources(position, matrix, row, col, factor_id) VALUES (?, ?, ?, ?, ?)");
  for (std::size_t k = 0; k < info.entry_sources.size(); ++k) {
    const EntrySource& e = info.entry_sources[k];
    entry.Bind(1, static_cast<std::int64_t>(k)).Bind(2, std::string_view(&e.matrix, 1))
        .Bind(3, static_cast<std::int64_t>(e.row)).Bind(4, static_cast<std::int64_t>(e.col)).Bind(5, e.factor_id);
    entry.Step();
    entry.Reset();
  }
  Statement range = db.Prepare(
      "INSERT INTO plausibility(position, product_id, indicator_id, min, max, sources, comment) VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (std::size_t k = 0; k < info.plausibility.size(); ++k) {
    const PlausibilityRange& r = info.plausibility[k];
    range.Bind(1, static_cast<std::int64_t>(k)).Bind(2, r.product_id).Bind(3, r.indicator_id).Bind(4, r.min)
        .Bind(5, r.max).Bind(6, JoinLines(r.sources)).Bind(7, r.comment);
    range.Step();
    range.Reset();
  }
}

void LoadInfo(Database& db, StoredModel* stored) {
  ModelInfo& info = stored->info;
  {
    Statement s = db.Prepare("SELECT value FROM meta WHERE key = ?");
    s.Bind(1, std::string_view("name"));
    if (!s.Step()) return;  // a model imported from matrices
    info.name = s.Text(0);
  }
  info.version = GetMeta(db, "data_version");
  info.default_indicator = GetMeta(db, "default_indicator");
  {
    Statement s = db.Prepare("SELECT name_zh FROM products ORDER BY row");
    while (s.Step()) info.product_names_zh.push_back(s.Text(0));
  }
  {
    Statement s = db.Prepare("SELECT name_zh FROM flows ORDER BY row");
    while (s.Step()) info.flow_names_zh.push_back(s.Text(0));
  }
  {
    Statement s = db.Prepare(
        "SELECT name_zh, category, region, year, technology, represent_technology, represent_geography, represent_time, "
        "q_reliability, q_completeness, q_temporal, q_geographical, q_technological, version, comment, treatment, file, "
        "line FROM processes ORDER BY row");
    while (s.Step()) {
      ProcessInfo p;
      p.name_zh = s.Text(0);
      p.category = s.Text(1);
      p.region = s.Text(2);
      p.year = static_cast<int>(s.Int(3));
      p.technology = s.Text(4);
      p.represent_technology = s.Text(5);
      p.represent_geography = s.Text(6);
      p.represent_time = s.Text(7);
      for (int q = 0; q < 5; ++q) p.quality[q] = static_cast<int>(s.Int(8 + q));
      p.version = s.Text(13);
      p.comment = s.Text(14);
      p.treatment = s.Int(15) != 0;
      p.file = s.Text(16);
      p.line = static_cast<int>(s.Int(17));
      info.processes.push_back(std::move(p));
    }
  }
  {
    Statement s = db.Prepare(
        "SELECT id, category, name_en, name_zh, value, unit, basis, boundary, region, data_year, source, confidence, "
        "note, file, line FROM factors ORDER BY position");
    while (s.Step()) {
      FactorRecord f{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Real(4), s.Text(5), s.Text(6), s.Text(7),
                     s.Text(8), s.Text(9), s.Text(10), s.Text(11), s.Text(12), s.Text(13), static_cast<int>(s.Int(14))};
      info.factors.push_back(std::move(f));
    }
  }
  {
    Statement s = db.Prepare("SELECT matrix, row, col, factor_id FROM entry_sources ORDER BY position");
    while (s.Step()) {
      const std::string matrix = s.Text(0);
      info.entry_sources.push_back({matrix.empty() ? '?' : matrix[0], static_cast<int>(s.Int(1)),
                                    static_cast<int>(s.Int(2)), s.Text(3)});
    }
  }
  {
    Statement s = db.Prepare("SELECT product_id, indicator_id, min, max, sources, comment FROM plausibility ORDER BY position");
    while (s.Step())
      info.plausibility.push_back({s.Text(0), s.Text(1), s.Real(2), s.Real(3), SplitLines(s.Text(4)), s.Text(5)});
  }
}

}  // namespace

std::string SaveModel(const Model& model, const fs::path& path, const std::string& source, const ModelInfo& info) {
  const fs::path tmp = TemporarySibling(path);
  const std::string hash = ModelContentHash(model, info);
  try {
    {
      Database db(tmp.string(), Database::Mode::kCreate);
      // The file is private until renamed, so no journal is needed; we flush it ourselves below.
      db.Exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;");
      db.Exec(fmt::format("PRAGMA application_id = {}; PRAGMA user_version = {};", kPcfApplicationId,
                          kModelSchemaVersion).c_str());
      db.Exec("BEGIN");
      db.Exec(kSchema);
      SetMeta(db, "format", "pcf-model");
      SetMeta(db, "schema_version", std::to_string(kModelSchemaVersion));
      SetMeta(db, "content_sha256", hash);
      SetMeta(db, "engine_version", PCF_VERSION);
      SetMeta(db, "source", source);
      InsertIndex(db, "INSERT INTO products(row, id, name, unit) VALUES (?, ?, ?, ?)", model.products, false);
      InsertIndex(db, "INSERT INTO processes(row, id, name, unit) VALUES (?, ?, ?, ?)", model.processes, false);
      InsertIndex(db, "INSERT INTO flows(row, id, name, unit, compartment) VALUES (?, ?, ?, ?, ?)", model.flows, true);
      InsertIndex(db, "INSERT INTO indicators(row, id, name, unit) VALUES (?, ?, ?, ?)", model.indicators, false);
      InsertMatrix(db, "A", model.technosphere);
      InsertMatrix(db, "B", model.interventions);
      InsertMatrix(db, "C", model.characterization);
      Statement demand = db.Prepare("INSERT INTO demands(name, position, product_row, amount) VALUES (?, ?, ?, ?)");
      for (const NamedDemand& d : model.demands)
        for (std::size_t k = 0; k < d.entries.size(); ++k) {
          demand.Bind(1, d.name).Bind(2, static_cast<std::int64_t>(k))
              .Bind(3, static_cast<std::int64_t>(d.entries[k].product)).Bind(4, d.entries[k].amount);
          demand.Step();
          demand.Reset();
        }
      SaveInfo(db, info);
      db.Exec("COMMIT");
    }
    SyncFile(tmp, path);
    RenameOver(tmp, path);
  } catch (...) {
    CurrentFileSystem().Remove(tmp);
    throw;
  }
  return hash;
}

std::string IntegrityCheck(const fs::path& path) {
  Database db(path.string(), Database::Mode::kReadOnly);
  Statement s = db.Prepare("PRAGMA integrity_check");
  std::string result;
  while (s.Step()) result += (result.empty() ? "" : "; ") + s.Text(0);
  return result;
}

namespace {

// A pcf database of a schema version this pcf reads; else the error LoadModel documents.
void CheckHeader(Database& db, const std::string& name) {
  std::int64_t application_id = 0, user_version = 0;
  {
    Statement s = db.Prepare("PRAGMA application_id");  // fails with SQLITE_NOTADB on a foreign file
    if (s.Step()) application_id = s.Int(0);
  }
  if (application_id != kPcfApplicationId)
    throw Corrupt(name, "not a pcf database (an SQLite file made by another program)");
  {
    Statement s = db.Prepare("PRAGMA user_version");
    if (s.Step()) user_version = s.Int(0);
  }
  if (user_version > kModelSchemaVersion)
    throw Error(ErrorKind::kUnsupported,
                fmt::format("database schema version {} is newer than this pcf understands ({}); upgrade pcf",
                            user_version, kModelSchemaVersion),
                {name, 0, 0, ""});
  if (user_version != kModelSchemaVersion)
    throw Corrupt(name, fmt::format("unknown database schema version {}", user_version));
}

void LoadIndices(Database& db, Model* m) {
  m->products = LoadIndex<ProductTag>(db, "products", false);
  m->processes = LoadIndex<ProcessTag>(db, "processes", false);
  m->flows = LoadIndex<FlowTag>(db, "flows", true);
  m->indicators = LoadIndex<IndicatorTag>(db, "indicators", false);
}

void LoadDemands(Database& db, Model* m) {
  Statement demands = db.Prepare("SELECT name, product_row, amount FROM demands ORDER BY name, position");
  while (demands.Step()) {
    const std::string demand_name = demands.Text(0);
    const std::int64_t row = demands.Int(1);
    if (row < 0 || static_cast<std::size_t>(row) >= m->products.Size())
      throw Corrupt(db.path(), fmt::format("demand \"{}\" names product row {}, out of range", demand_name, row));
    if (m->demands.empty() || m->demands.back().name != demand_name) m->demands.push_back({demand_name, {}});
    m->demands.back().entries.push_back({static_cast<std::size_t>(row), demands.Real(2)});
  }
}

// The stored shape of each matrix (rows, cols, nnz), for the check against the indices.
struct StoredShape {
  const char* name;
  std::int64_t rows = -1, cols = -1, nnz = -1;  // -1: the matrix is missing
};

void CheckContentHash(const std::string& name, const StoredModel& stored, const Model& matrices) {
  const std::string actual = ModelContentHash(stored.model, matrices, stored.info);
  if (actual != stored.content_sha256)
    throw Corrupt(name, fmt::format("content hash mismatch: recorded {}, computed {} (the file was changed after it "
                                    "was built)",
                                    stored.content_sha256, actual));
}

}  // namespace

StoredModel LoadModel(const fs::path& path) {
  const std::string name = path.string();
  Database db(name, Database::Mode::kReadOnly);
  CheckHeader(db, name);
  StoredModel stored;
  stored.content_sha256 = GetMeta(db, "content_sha256");
  stored.source = GetMeta(db, "source");
  Model& m = stored.model;
  LoadIndices(db, &m);
  m.technosphere = LoadMatrix(db, "A", m.products.Size(), m.processes.Size());
  m.interventions = LoadMatrix(db, "B", m.flows.Size(), m.processes.Size());
  m.characterization = LoadMatrix(db, "C", m.indicators.Size(), m.flows.Size());
  LoadDemands(db, &m);
  LoadInfo(db, &stored);
  CheckContentHash(name, stored, m);
  return stored;
}

ModelLoad::ModelLoad(const fs::path& path) : path_(path.string()) {
  Database db(path_, Database::Mode::kReadOnly);
  CheckHeader(db, path_);
  content_sha256_ = GetMeta(db, "content_sha256");
  source_ = GetMeta(db, "source");
  std::vector<StoredShape> shapes = {{"A"}, {"B"}, {"C"}};
  {
    Statement s = db.Prepare("SELECT rows, cols, nnz FROM matrices WHERE name = ?");
    for (StoredShape& shape : shapes) {
      s.Bind(1, std::string_view(shape.name));
      if (s.Step()) shape = {shape.name, s.Int(0), s.Int(1), s.Int(2)};
      s.Reset();
    }
  }
  std::shared_future<bool> matrices_loaded = matrices_loaded_.get_future().share();
  // The second thread: its own connection (one connection is not shared between threads), the indices,
  // demands and information, the shapes against the indices, then the content hash once the matrices are in.
  rest_ = std::async(std::launch::async, [name = path_, recorded = content_sha256_, shapes, matrices_loaded,
                                            matrices = &matrices_] {
    StoredModel rest;
    rest.content_sha256 = recorded;
    Database own(name, Database::Mode::kReadOnly);
    LoadIndices(own, &rest.model);
    const Model& m = rest.model;
    const std::size_t rows[] = {m.products.Size(), m.flows.Size(), m.indicators.Size()};
    const std::size_t cols[] = {m.processes.Size(), m.processes.Size(), m.flows.Size()};
    for (std::size_t k = 0; k < shapes.size(); ++k)
      if (shapes[k].rows >= 0 && (shapes[k].rows != static_cast<std::int64_t>(rows[k]) ||
                                  shapes[k].cols != static_cast<std::int64_t>(cols[k])))
        throw ShapeMismatch(name, shapes[k].name, shapes[k].rows, shapes[k].cols, shapes[k].nnz, rows[k], cols[k]);
    LoadDemands(own, &rest.model);
    LoadInfo(own, &rest);
    if (matrices_loaded.get()) CheckContentHash(name, rest, *matrices);
    return rest;
  });
  try {
    matrices_.technosphere = LoadMatrix(db, "A");
    matrices_.interventions = LoadMatrix(db, "B");
    matrices_.characterization = LoadMatrix(db, "C");
  } catch (const Error&) {
    // Report what LoadModel would: an error in the indices, or a shape that differs from them, first.
    matrices_loaded_.set_value(false);
    (void)rest_.get();
    throw;
  }
  matrices_loaded_.set_value(true);
}

ModelLoad::~ModelLoad() {
  if (rest_.valid()) rest_.wait();
}

StoredModel ModelLoad::Finish() {
  StoredModel stored = rest_.get();
  stored.content_sha256 = content_sha256_;
  stored.source = source_;
  stored.model.technosphere = std::move(matrices_.technosphere);
  stored.model.interventions = std::move(matrices_.interventions);
  stored.model.characterization = std::move(matrices_.characterization);
  return stored;
}

}  // namespace pcf
