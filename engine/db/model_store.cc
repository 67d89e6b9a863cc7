#include "engine/db/model_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/db/sqlite.h"

namespace pcf {

namespace {

namespace fs = std::filesystem;
using sqlite::Database;
using sqlite::Statement;

constexpr const char* kSchema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE products(row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, unit TEXT NOT NULL);
CREATE TABLE processes(row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, unit TEXT NOT NULL,
  region TEXT, year INTEGER, source_id INTEGER REFERENCES sources(id));
CREATE TABLE flows(row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, unit TEXT NOT NULL,
  compartment TEXT NOT NULL);
CREATE TABLE indicators(row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, unit TEXT NOT NULL,
  method TEXT);
CREATE TABLE matrices(name TEXT PRIMARY KEY CHECK (name IN ('A', 'B', 'C')), rows INTEGER NOT NULL,
  cols INTEGER NOT NULL, nnz INTEGER NOT NULL, col_ptr BLOB NOT NULL, row_idx BLOB NOT NULL, vals BLOB NOT NULL);
CREATE TABLE demands(name TEXT NOT NULL, position INTEGER NOT NULL, product_row INTEGER NOT NULL,
  amount REAL NOT NULL, PRIMARY KEY(name, position));
-- Provenance (filled by the background database build): one row per source, and which matrix entry
-- came from which source.
CREATE TABLE sources(id INTEGER PRIMARY KEY, citation TEXT NOT NULL, year INTEGER, region TEXT, boundary TEXT,
  confidence TEXT CHECK (confidence IN ('official', 'secondary', 'derived', 'unconfirmed')));
CREATE TABLE entry_sources(matrix TEXT NOT NULL, row INTEGER NOT NULL, col INTEGER NOT NULL,
  source_id INTEGER NOT NULL REFERENCES sources(id), PRIMARY KEY(matrix, row, col));
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

void SyncFile(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(ErrorKind::kIo, "cannot reopen the new database to flush it", {path.string(), 0, 0, ""});
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw Error(ErrorKind::kIo, "cannot flush the new database to disk", {path.string(), 0, 0, ""});
}

Error Corrupt(const std::string& path, const std::string& what) {
  return Error(ErrorKind::kCorruptDatabase, what, {path, 0, 0, ""});
}

template <class Tag>
Index<Tag> LoadIndex(Database& db, const char* table, bool with_compartment) {
  const std::string sql = with_compartment
                              ? fmt::format("SELECT row, id, name, unit, compartment FROM {} ORDER BY row", table)
                              : fmt::format("SELECT row, id, name, unit FROM {} ORDER BY row", table);
  Statement select = db.Prepare(sql.c_str());
  Index<Tag> index;
  std::int64_t expected_row = 0;
  while (select.Step()) {
    if (select.Int(0) != expected_row++)
      throw Corrupt(db.path(), fmt::format("table {}: rows are not numbered 0, 1, 2, …", table));
    IndexEntry e{select.Text(1), select.Text(2), select.Text(3), with_compartment ? select.Text(4) : ""};
    const std::string id = e.id;
    if (!index.Add(std::move(e))) throw Corrupt(db.path(), fmt::format("table {}: duplicate id \"{}\"", table, id));
  }
  return index;
}

SparseMatrix LoadMatrix(Database& db, const char* name, std::size_t rows, std::size_t cols) {
  Statement select = db.Prepare("SELECT rows, cols, nnz, col_ptr, row_idx, vals FROM matrices WHERE name = ?");
  select.Bind(1, std::string_view(name));
  if (!select.Step()) throw Corrupt(db.path(), fmt::format("matrix {} is missing", name));
  const std::int64_t stored_rows = select.Int(0), stored_cols = select.Int(1), nnz = select.Int(2);
  if (stored_rows != static_cast<std::int64_t>(rows) || stored_cols != static_cast<std::int64_t>(cols) || nnz < 0 ||
      nnz > stored_rows * stored_cols)
    throw Corrupt(db.path(), fmt::format("matrix {} has shape {} × {} with {} entries; the indices say {} × {}", name,
                                         stored_rows, stored_cols, nnz, rows, cols));
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

}  // namespace

std::string SaveModel(const Model& model, const fs::path& path, const std::string& source) {
  const fs::path tmp = TemporarySibling(path);
  const std::string hash = ModelContentHash(model);
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
      db.Exec("COMMIT");
    }
    SyncFile(tmp);
    RenameOver(tmp, path);
  } catch (...) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw;
  }
  return hash;
}

StoredModel LoadModel(const fs::path& path) {
  const std::string name = path.string();
  Database db(name, Database::Mode::kReadOnly);
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

  StoredModel stored;
  stored.content_sha256 = GetMeta(db, "content_sha256");
  stored.source = GetMeta(db, "source");
  Model& m = stored.model;
  m.products = LoadIndex<ProductTag>(db, "products", false);
  m.processes = LoadIndex<ProcessTag>(db, "processes", false);
  m.flows = LoadIndex<FlowTag>(db, "flows", true);
  m.indicators = LoadIndex<IndicatorTag>(db, "indicators", false);
  m.technosphere = LoadMatrix(db, "A", m.products.Size(), m.processes.Size());
  m.interventions = LoadMatrix(db, "B", m.flows.Size(), m.processes.Size());
  m.characterization = LoadMatrix(db, "C", m.indicators.Size(), m.flows.Size());

  Statement demands = db.Prepare("SELECT name, product_row, amount FROM demands ORDER BY name, position");
  while (demands.Step()) {
    const std::string demand_name = demands.Text(0);
    const std::int64_t row = demands.Int(1);
    if (row < 0 || static_cast<std::size_t>(row) >= m.products.Size())
      throw Corrupt(name, fmt::format("demand \"{}\" names product row {}, out of range", demand_name, row));
    if (m.demands.empty() || m.demands.back().name != demand_name) m.demands.push_back({demand_name, {}});
    m.demands.back().entries.push_back({static_cast<std::size_t>(row), demands.Real(2)});
  }

  const std::string actual = ModelContentHash(m);
  if (actual != stored.content_sha256)
    throw Corrupt(name, fmt::format("content hash mismatch: recorded {}, computed {} (the file was changed after it "
                                    "was built)",
                                    stored.content_sha256, actual));
  return stored;
}

}  // namespace pcf
