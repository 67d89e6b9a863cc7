// SaveModel / LoadModel: a lossless round trip, and a clear Error (never a crash or a wrong model) for a
// database that is foreign, damaged, edited after it was built, or newer than this pcf.
#include <doctest/doctest.h>

#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "engine/core/error.h"
#include "engine/db/matrix_dir.h"
#include "engine/db/model_store.h"
#include "engine/system/model.h"
#include "support/test_files.h"

namespace fs = std::filesystem;
using pcf::ErrorKind;
using pcf::test::Contains;
using pcf::test::ReadText;
using pcf::test::TempDir;
using pcf::test::VerificationDir;
using pcf::test::WriteText;

namespace {

const char* const kSmallCase = "small/bw2calc-multi-lca-simple";

// --- Comparing models exactly ---------------------------------------------------------------------------

template <class Tag>
void CheckSameIndex(const pcf::Index<Tag>& expected, const pcf::Index<Tag>& actual, const char* what) {
  INFO(what);
  REQUIRE(actual.Size() == expected.Size());
  for (std::size_t row = 0; row < expected.Size(); ++row) {
    const pcf::IndexEntry& e = expected.At(row);
    const pcf::IndexEntry& a = actual.At(row);
    CHECK(a.id == e.id);
    CHECK(a.name == e.name);
    CHECK(a.unit == e.unit);
    CHECK(a.compartment == e.compartment);
    CHECK(actual.Find(e.id) == std::optional<std::size_t>(row));
  }
}

// (column, row, value bits) of every stored entry, in storage order.
std::vector<std::tuple<int, int, std::uint64_t>> Entries(const pcf::SparseMatrix& m) {
  std::vector<std::tuple<int, int, std::uint64_t>> out;
  for (int j = 0; j < m.outerSize(); ++j)
    for (pcf::SparseMatrix::InnerIterator it(m, j); it; ++it)
      out.emplace_back(j, static_cast<int>(it.row()), std::bit_cast<std::uint64_t>(it.value()));
  return out;
}

void CheckSameMatrix(const pcf::SparseMatrix& expected, const pcf::SparseMatrix& actual, const char* what) {
  INFO(what);
  REQUIRE(actual.rows() == expected.rows());
  REQUIRE(actual.cols() == expected.cols());
  REQUIRE(actual.nonZeros() == expected.nonZeros());
  CHECK(actual.isCompressed());
  CHECK(Entries(actual) == Entries(expected));
  // Also the raw compressed arrays, value bits compared with memcmp (so -0.0 and 0.0 differ).
  const auto cols = static_cast<std::size_t>(expected.cols()) + 1;
  const auto nnz = static_cast<std::size_t>(expected.nonZeros());
  CHECK(std::memcmp(actual.outerIndexPtr(), expected.outerIndexPtr(), cols * sizeof(int)) == 0);
  if (nnz > 0) {
    CHECK(std::memcmp(actual.innerIndexPtr(), expected.innerIndexPtr(), nnz * sizeof(int)) == 0);
    CHECK(std::memcmp(actual.valuePtr(), expected.valuePtr(), nnz * sizeof(double)) == 0);
  }
}

void CheckSameModel(const pcf::Model& expected, const pcf::Model& actual) {
  CheckSameIndex(expected.products, actual.products, "products");
  CheckSameIndex(expected.processes, actual.processes, "processes");
  CheckSameIndex(expected.flows, actual.flows, "flows");
  CheckSameIndex(expected.indicators, actual.indicators, "indicators");
  CheckSameMatrix(expected.technosphere, actual.technosphere, "A");
  CheckSameMatrix(expected.interventions, actual.interventions, "B");
  CheckSameMatrix(expected.characterization, actual.characterization, "C");
  REQUIRE(actual.demands.size() == expected.demands.size());
  for (std::size_t d = 0; d < expected.demands.size(); ++d) {
    INFO("demand " << expected.demands[d].name);
    CHECK(actual.demands[d].name == expected.demands[d].name);
    REQUIRE(actual.demands[d].entries.size() == expected.demands[d].entries.size());
    for (std::size_t k = 0; k < expected.demands[d].entries.size(); ++k) {
      CHECK(actual.demands[d].entries[k].product == expected.demands[d].entries[k].product);
      CHECK(std::bit_cast<std::uint64_t>(actual.demands[d].entries[k].amount) ==
            std::bit_cast<std::uint64_t>(expected.demands[d].entries[k].amount));
    }
  }
}

// --- Loading and expecting failure -------------------------------------------------------------------

std::optional<pcf::Error> LoadFailureOneThread(const fs::path& path) {
  try {
    (void)pcf::LoadModel(path);
  } catch (const pcf::Error& e) {
    return e;
  }
  return std::nullopt;
}

// ModelLoad (two threads: the matrices here, the indices and the hash check there) must refuse a file
// exactly as LoadModel does: the same kind and message, whether the constructor or Finish() throws.
std::optional<pcf::Error> LoadFailureTwoThreads(const fs::path& path) {
  try {
    pcf::ModelLoad load(path);
    (void)load.Finish();
  } catch (const pcf::Error& e) {
    return e;
  }
  return std::nullopt;
}

std::optional<pcf::Error> LoadFailure(const fs::path& path) {
  const std::optional<pcf::Error> one = LoadFailureOneThread(path), two = LoadFailureTwoThreads(path);
  CHECK(one.has_value() == two.has_value());
  if (one && two) {
    CHECK(one->kind() == two->kind());
    CHECK(std::string(one->what()) == std::string(two->what()));
  }
  return one;
}

// LoadModel(path) must throw an Error of `kind` whose text names the file and contains `phrase`.
void CheckLoadFails(const fs::path& path, ErrorKind kind, const std::string& phrase) {
  const std::optional<pcf::Error> error = LoadFailure(path);
  REQUIRE_MESSAGE(error.has_value(), "LoadModel accepted " << path);
  const std::string text = error->what();
  INFO("error: " << text);
  CHECK(error->kind() == kind);
  CHECK(error->where().file == path.string());
  CHECK(Contains(error->what(), path.string()));
  CHECK(Contains(error->message(), phrase));
}

// --- Editing a database behind pcf's back, with the plain SQLite C API --------------------------------

class RawDb {
 public:
  explicit RawDb(const fs::path& path) {
    REQUIRE(sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) == SQLITE_OK);
  }
  ~RawDb() { sqlite3_close(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  void Exec(const std::string& sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    INFO(sql << ": " << (message ? message : ""));
    sqlite3_free(message);
    REQUIRE(rc == SQLITE_OK);
  }

  std::string GetBlob(const std::string& matrix, const std::string& column) {
    sqlite3_stmt* stmt = Prepare("SELECT " + column + " FROM matrices WHERE name = ?");
    sqlite3_bind_text(stmt, 1, matrix.c_str(), -1, SQLITE_TRANSIENT);
    REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
    const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt, 0));
    std::string blob(data ? data : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt, 0)));
    sqlite3_finalize(stmt);
    return blob;
  }

  void SetBlob(const std::string& matrix, const std::string& column, const std::string& blob) {
    sqlite3_stmt* stmt = Prepare("UPDATE matrices SET " + column + " = ? WHERE name = ?");
    sqlite3_bind_blob(stmt, 1, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 2, matrix.c_str(), -1, SQLITE_TRANSIENT);
    REQUIRE(sqlite3_step(stmt) == SQLITE_DONE);
    REQUIRE(sqlite3_changes(db_) == 1);
    sqlite3_finalize(stmt);
  }

 private:
  sqlite3_stmt* Prepare(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    INFO(sql << ": " << sqlite3_errmsg(db_));
    REQUIRE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
    return stmt;
  }
  sqlite3* db_ = nullptr;
};

template <class T>
T ReadAt(const std::string& blob, std::size_t index) {
  T value;
  REQUIRE((index + 1) * sizeof(T) <= blob.size());
  std::memcpy(&value, blob.data() + index * sizeof(T), sizeof(T));
  return value;
}

template <class T>
void WriteAt(std::string& blob, std::size_t index, T value) {
  REQUIRE((index + 1) * sizeof(T) <= blob.size());
  std::memcpy(blob.data() + index * sizeof(T), &value, sizeof(T));
}

// A good pcf database of the small case at `path`; returns the model it holds.
pcf::Model SaveSmallModel(const fs::path& path) {
  pcf::Model model = pcf::ReadMatrixDir(VerificationDir(kSmallCase));
  pcf::SaveModel(model, path, "test");
  return model;
}

}  // namespace

TEST_CASE("SaveModel then LoadModel gives back the same model, bit for bit") {
  const std::vector<std::string> cases = {
      "small/bw2calc-multi-lca-simple", "small/heijungs-suh-2002",     "small/olca-allocate-avoided",
      "small/olca-allocation",          "small/olca-avoided-product",  "small/olca-impact-direction",
      "small/olca-self-loop",           "small/olca-waste-downstream", "small/olca-waste-reference",
      "useeio-v2.1.20-ghg",
  };
  for (const std::string& name : cases) {
    SUBCASE(name.c_str()) {
      REQUIRE(fs::is_directory(VerificationDir(name)));
      TempDir dir;
      const pcf::Model model = pcf::ReadMatrixDir(VerificationDir(name));
      const std::string expected_hash = pcf::ModelContentHash(model);
      REQUIRE(expected_hash.size() == 64);

      const fs::path db = dir / "model.sqlite";
      const std::string saved_hash = pcf::SaveModel(model, db, VerificationDir(name).string());
      CHECK(saved_hash == expected_hash);

      const pcf::StoredModel stored = pcf::LoadModel(db);
      CheckSameModel(model, stored.model);
      CHECK(stored.content_sha256 == expected_hash);
      CHECK(pcf::ModelContentHash(stored.model) == expected_hash);
      CHECK(stored.source == VerificationDir(name).string());
      {  // the two-thread load gives the same model, demands and recorded hash
        pcf::ModelLoad load(db);
        CHECK(load.matrices().technosphere.nonZeros() == model.technosphere.nonZeros());
        const pcf::StoredModel two = load.Finish();
        CheckSameModel(model, two.model);
        CHECK(two.model.demands.size() == stored.model.demands.size());
        CHECK(two.content_sha256 == expected_hash);
        CHECK(two.source == stored.source);
      }

      // Saving the same model again (also over the first file) gives the same hash and the same model.
      const fs::path db2 = dir / "again.sqlite";
      CHECK(pcf::SaveModel(model, db2, "elsewhere") == expected_hash);
      CHECK(pcf::SaveModel(stored.model, db, "over the first") == expected_hash);
      CHECK(pcf::LoadModel(db2).content_sha256 == expected_hash);
      const pcf::StoredModel reloaded = pcf::LoadModel(db);
      CHECK(reloaded.source == "over the first");
      CheckSameModel(model, reloaded.model);

      // Nothing but the two databases is left in the folder (no temporaries).
      std::vector<std::string> names;
      for (const auto& entry : fs::directory_iterator(dir.path())) names.push_back(entry.path().filename().string());
      std::sort(names.begin(), names.end());
      CHECK(names == std::vector<std::string>{"again.sqlite", "model.sqlite"});
    }
  }
}

TEST_CASE("the content hash sees every part of the model") {
  const pcf::Model model = pcf::ReadMatrixDir(VerificationDir(kSmallCase));
  const std::string hash = pcf::ModelContentHash(model);
  SUBCASE("one value, last bit") {
    pcf::Model changed = model;
    double& v = changed.technosphere.valuePtr()[0];
    v = std::bit_cast<double>(std::bit_cast<std::uint64_t>(v) ^ 1u);
    CHECK(pcf::ModelContentHash(changed) != hash);
  }
  SUBCASE("0.0 and -0.0 differ") {
    pcf::Model a = model, b = model;
    a.characterization.valuePtr()[0] = 0.0;
    b.characterization.valuePtr()[0] = -0.0;
    CHECK(pcf::ModelContentHash(a) != pcf::ModelContentHash(b));
  }
  SUBCASE("demands are not part of the hash") {
    pcf::Model changed = model;
    changed.demands.clear();
    CHECK(pcf::ModelContentHash(changed) == hash);
  }
}

TEST_CASE("LoadModel refuses files that are not pcf databases") {
  TempDir dir;
  SUBCASE("random bytes") {
    std::mt19937 random(12345);
    std::string bytes(8192, '\0');
    for (char& c : bytes) c = static_cast<char>(random() & 0xff);
    WriteText(dir / "random.sqlite", bytes);
    CheckLoadFails(dir / "random.sqlite", ErrorKind::kCorruptDatabase, "file is not a database");
  }
  SUBCASE("a text file") {
    WriteText(dir / "products.sqlite", "id,name,unit\n100,product 100 (L),unit\n");
    CheckLoadFails(dir / "products.sqlite", ErrorKind::kCorruptDatabase, "file is not a database");
  }
  SUBCASE("an SQLite database made by another program") {
    {
      RawDb raw(dir / "other.sqlite");
      raw.Exec("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'x');");
    }
    CheckLoadFails(dir / "other.sqlite", ErrorKind::kCorruptDatabase,
                   "not a pcf database (an SQLite file made by another program)");
  }
  SUBCASE("an empty file") {
    WriteText(dir / "empty.sqlite", "");
    CheckLoadFails(dir / "empty.sqlite", ErrorKind::kCorruptDatabase, "not a pcf database");
  }
  SUBCASE("a missing file") {
    CheckLoadFails(dir / "nowhere.sqlite", ErrorKind::kNotFound, "database file not found");
    CHECK_FALSE(fs::exists(dir / "nowhere.sqlite"));  // not created by the attempt
  }
}

TEST_CASE("LoadModel refuses a pcf database that was damaged or edited after it was built") {
  TempDir dir;
  const fs::path db = dir / "model.sqlite";
  SaveSmallModel(db);
  REQUIRE_NOTHROW(pcf::LoadModel(db));

  SUBCASE("one value of A changed (last bit of the first value)") {
    {
      RawDb raw(db);
      std::string vals = raw.GetBlob("A", "vals");
      vals[0] = static_cast<char>(vals[0] ^ 0x01);  // little-endian: the lowest mantissa bit
      raw.SetBlob("A", "vals", vals);
    }
    CheckLoadFails(db, ErrorKind::kCorruptDatabase, "content hash mismatch: recorded ");
  }
  SUBCASE("a NaN written into B") {
    {
      RawDb raw(db);
      std::string vals = raw.GetBlob("B", "vals");
      WriteAt(vals, 3, std::numeric_limits<double>::quiet_NaN());
      raw.SetBlob("B", "vals", vals);
    }
    CheckLoadFails(db, ErrorKind::kCorruptDatabase, "matrix B: a non-finite value in column 2");
  }
  SUBCASE("table flows dropped") {
    RawDb(db).Exec("DROP TABLE flows");
    CheckLoadFails(db, ErrorKind::kCorruptDatabase, "no such table: flows");
  }
  SUBCASE("a row index out of range") {
    {
      RawDb raw(db);
      std::string row_idx = raw.GetBlob("A", "row_idx");
      REQUIRE(ReadAt<std::int32_t>(row_idx, 0) == 0);
      WriteAt<std::int32_t>(row_idx, 0, 6);  // A is 6 × 6: rows 0..5
      raw.SetBlob("A", "row_idx", row_idx);
    }
    CheckLoadFails(db, ErrorKind::kCorruptDatabase, "matrix A: row indices are damaged in column 1");
  }
  SUBCASE("a negative row index") {
    {
      RawDb raw(db);
      std::string row_idx = raw.GetBlob("C", "row_idx");
      WriteAt<std::int32_t>(row_idx, 0, -1);
      raw.SetBlob("C", "row_idx", row_idx);
    }
    CheckLoadFails(db, ErrorKind::kCorruptDatabase, "matrix C: row indices are damaged in column 1");
  }
  SUBCASE("row indices out of order within a column") {
    {
      RawDb raw(db);
      std::string row_idx = raw.GetBlob("A", "row_idx");  // column 1 of A holds rows 0, 1, 2
      WriteAt<std::int32_t>(row_idx, 1, 2);
      WriteAt<std::int32_t>(row_idx, 2, 1);
      raw.SetBlob("A", "row_idx", row_idx);
    }
    CheckLoadFails(db, ErrorKind::kCorruptDatabase, "matrix A: row indices are damaged in column 1");
  }
  SUBCASE("column pointers that do not add up") {
    {
      RawDb raw(db);
      std::string col_ptr = raw.GetBlob("B", "col_ptr");
      WriteAt<std::int32_t>(col_ptr, 6, 11);  // the last pointer must be nnz = 12
      raw.SetBlob("B", "col_ptr", col_ptr);
    }
    CheckLoadFails(db, ErrorKind::kCorruptDatabase, "matrix B: column pointers are damaged");
  }
  SUBCASE("column pointers that decrease") {
    {
      RawDb raw(db);
      std::string col_ptr = raw.GetBlob("A", "col_ptr");
      REQUIRE(ReadAt<std::int32_t>(col_ptr, 2) == 5);  // 0 3 5 6 10 12 15
      WriteAt<std::int32_t>(col_ptr, 2, 2);             // 0 3 2 …
      raw.SetBlob("A", "col_ptr", col_ptr);
    }
    CheckLoadFails(db, ErrorKind::kCorruptDatabase, "matrix A: column pointers are damaged");
  }
  SUBCASE("a column pointer beyond the end of the entries") {
    {
      RawDb raw(db);
      std::string col_ptr = raw.GetBlob("C", "col_ptr");  // C is 2 × 4: 0 1 3 4 6
      WriteAt<std::int32_t>(col_ptr, 1, 1000);
      raw.SetBlob("C", "col_ptr", col_ptr);
    }
    CheckLoadFails(db, ErrorKind::kCorruptDatabase, "matrix C: ");
  }
  SUBCASE("a truncated values blob") {
    {
      RawDb raw(db);
      std::string vals = raw.GetBlob("B", "vals");
      vals.resize(vals.size() - 3);
      raw.SetBlob("B", "vals", vals);
    }
    CheckLoadFails(db, ErrorKind::kCorruptDatabase, "matrix B: blob sizes do not match its shape");
  }
  SUBCASE("a truncated row index blob") {
    {
      RawDb raw(db);
      std::string row_idx = raw.GetBlob("C", "row_idx");
      row_idx.resize(row_idx.size() - sizeof(std::int32_t));
      raw.SetBlob("C", "row_idx", row_idx);
    }
    CheckLoadFails(db, ErrorKind::kCorruptDatabase, "matrix C: blob sizes do not match its shape");
  }
  SUBCASE("a matrix with the wrong shape") {
    RawDb(db).Exec("UPDATE matrices SET rows = 5 WHERE name = 'A'");
    CheckLoadFails(db, ErrorKind::kCorruptDatabase, "matrix A has shape 5 × 6 with 15 entries; the indices say 6 × 6");
  }
  SUBCASE("a matrix deleted") {
    RawDb(db).Exec("DELETE FROM matrices WHERE name = 'C'");
    CheckLoadFails(db, ErrorKind::kCorruptDatabase, "matrix C is missing");
  }
  SUBCASE("a product name changed") {
    RawDb(db).Exec("UPDATE products SET name = 'product 100 (renamed)' WHERE id = '100'");
    CheckLoadFails(db, ErrorKind::kCorruptDatabase, "content hash mismatch");
  }
  SUBCASE("a product deleted") {
    RawDb(db).Exec("DELETE FROM products WHERE id = '105'");
    CheckLoadFails(db, ErrorKind::kCorruptDatabase, "matrix A has shape 6 × 6 with 15 entries; the indices say 5 × 6");
  }
  SUBCASE("index rows renumbered") {
    RawDb(db).Exec("UPDATE processes SET row = 10 WHERE row = 2");
    CheckLoadFails(db, ErrorKind::kCorruptDatabase, "table processes: rows are not numbered 0, 1, 2");
  }
  SUBCASE("the recorded content hash deleted") {
    RawDb(db).Exec("DELETE FROM meta WHERE key = 'content_sha256'");
    CheckLoadFails(db, ErrorKind::kCorruptDatabase, "meta key \"content_sha256\" is missing");
  }
  SUBCASE("the recorded content hash replaced") {
    RawDb(db).Exec("UPDATE meta SET value = '" + std::string(64, '0') + "' WHERE key = 'content_sha256'");
    CheckLoadFails(db, ErrorKind::kCorruptDatabase, "content hash mismatch: recorded " + std::string(64, '0'));
  }
  SUBCASE("a demand pointing at a product row that does not exist") {
    RawDb(db).Exec("UPDATE demands SET product_row = 6 WHERE name = 'gamma'");
    CheckLoadFails(db, ErrorKind::kCorruptDatabase, "demand \"gamma\" names product row 6, out of range");
  }
  SUBCASE("application_id cleared") {
    RawDb(db).Exec("PRAGMA application_id = 0");
    CheckLoadFails(db, ErrorKind::kCorruptDatabase, "not a pcf database");
  }
  SUBCASE("schema version 0") {
    RawDb(db).Exec("PRAGMA user_version = 0");
    CheckLoadFails(db, ErrorKind::kCorruptDatabase, "unknown database schema version 0");
  }
}

// A damaged column pointer must be caught before it is used to index the row and value arrays. Here
// the first column claims entries 0..99 of a 2-entry matrix whose row indices (0, 1) are valid and
// increasing, so a loader that trusts the pointer reads past the end of the blob (run the suite with
// PCF_SANITIZE=ON to see such a read).
TEST_CASE("LoadModel checks column pointers before it reads entries") {
  TempDir dir;
  const fs::path db = dir / "model.sqlite";
  pcf::SaveModel(pcf::ReadMatrixDir(VerificationDir("small/olca-allocation")), db, "test");
  {
    RawDb raw(db);
    REQUIRE(raw.GetBlob("A", "row_idx").size() == 2 * sizeof(std::int32_t));
    std::string col_ptr = raw.GetBlob("A", "col_ptr");  // A is 2 × 2 diagonal: 0 1 2
    REQUIRE(ReadAt<std::int32_t>(col_ptr, 1) == 1);
    WriteAt<std::int32_t>(col_ptr, 1, 100);
    raw.SetBlob("A", "col_ptr", col_ptr);
  }
  CheckLoadFails(db, ErrorKind::kCorruptDatabase, "matrix A: column pointers are damaged");
}

TEST_CASE("LoadModel on a database cut in half fails cleanly") {
  TempDir dir;
  const fs::path good = dir / "good.sqlite";
  // The large model, so the cut falls inside the matrix blobs rather than in the schema page.
  pcf::SaveModel(pcf::ReadMatrixDir(VerificationDir("useeio-v2.1.20-ghg")), good, "test");
  const std::string bytes = ReadText(good);
  REQUIRE(bytes.size() > 8192);
  const fs::path half = dir / "half.sqlite";
  WriteText(half, bytes.substr(0, bytes.size() / 2));
  CheckLoadFails(half, ErrorKind::kCorruptDatabase, "database disk image is malformed");

  SUBCASE("small model") {
    const fs::path small = dir / "small.sqlite";
    SaveSmallModel(small);
    const std::string small_bytes = ReadText(small);
    const fs::path small_half = dir / "small-half.sqlite";
    WriteText(small_half, small_bytes.substr(0, small_bytes.size() / 2));
    CheckLoadFails(small_half, ErrorKind::kCorruptDatabase, "database disk image is malformed");
  }
}

TEST_CASE("LoadModel refuses a newer schema") {
  TempDir dir;
  const fs::path db = dir / "model.sqlite";
  SaveSmallModel(db);
  RawDb(db).Exec("PRAGMA user_version = 99");
  CheckLoadFails(db, ErrorKind::kUnsupported,
                 "database schema version 99 is newer than this pcf understands (1); upgrade pcf");
}

TEST_CASE("LoadModel opens the database read-only") {
  TempDir dir;
  const fs::path db = dir / "model.sqlite";
  SaveSmallModel(db);
  // An old modification time, so that any write, however quick, would show.
  const auto old_time = fs::last_write_time(db) - std::chrono::hours(24);
  fs::last_write_time(db, old_time);
  const std::string before = ReadText(db);
  struct stat st_before {};
  REQUIRE(::stat(db.c_str(), &st_before) == 0);

  const pcf::StoredModel stored = pcf::LoadModel(db);
  CHECK(stored.model.products.Size() == 6);

  struct stat st_after {};
  REQUIRE(::stat(db.c_str(), &st_after) == 0);
  CHECK(ReadText(db) == before);
  CHECK(fs::last_write_time(db) == old_time);
  CHECK(st_after.st_mtim.tv_sec == st_before.st_mtim.tv_sec);
  CHECK(st_after.st_mtim.tv_nsec == st_before.st_mtim.tv_nsec);
  CHECK(st_after.st_size == st_before.st_size);
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir.path())) names.push_back(entry.path().filename().string());
  CHECK(names == std::vector<std::string>{"model.sqlite"});

  SUBCASE("also when the file itself is read-only") {
    fs::permissions(db, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    CHECK(pcf::LoadModel(db).content_sha256 == stored.content_sha256);
    fs::permissions(db, fs::perms::owner_read | fs::perms::owner_write);
    CHECK(ReadText(db) == before);
  }
}
