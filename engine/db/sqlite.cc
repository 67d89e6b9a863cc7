#include "engine/db/sqlite.h"

#include <filesystem>

#include <fmt/format.h>

namespace pcf::sqlite {

Database::Database(const std::string& path, Mode mode) : path_(path) {
  if (mode == Mode::kReadOnly) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw Error(ErrorKind::kNotFound, "database file not found", {path, 0, 0, ""});
    // A FIFO or a device would block or never end: a database is a regular file.
    if (!std::filesystem::is_regular_file(path, ec))
      throw Error(ErrorKind::kBadInput, "is not a regular file (a directory, FIFO or device): expected a database file",
                  {path, 0, 0, ""});
  }
  const int flags = mode == Mode::kReadOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Error error = Fail(ErrorKind::kIo, "cannot open the database");
    sqlite3_close(db_);
    db_ = nullptr;
    throw error;
  }
  sqlite3_extended_result_codes(db_, 1);
}

Database::~Database() { sqlite3_close(db_); }

Error Database::Fail(ErrorKind kind, std::string_view what) const {
  const int code = db_ ? sqlite3_errcode(db_) : SQLITE_NOMEM;
  const int primary = code & 0xff;
  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) kind = ErrorKind::kCorruptDatabase;
  const char* message = db_ ? sqlite3_errmsg(db_) : "out of memory";
  return Error(kind, fmt::format("{}: {}", what, message), {path_, 0, 0, ""});
}

void Database::Exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    sqlite3_free(message);
    throw Fail(ErrorKind::kIo, "SQL failed");
  }
}

Statement Database::Prepare(const char* sql) { return Statement(*this, sql); }

Statement::Statement(Database& db, const char* sql) : db_(&db) {
  if (sqlite3_prepare_v2(db.db_, sql, -1, &stmt_, nullptr) != SQLITE_OK)
    throw db.Fail(ErrorKind::kCorruptDatabase, "unexpected database layout");
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }

Statement& Statement::Bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
Statement& Statement::Bind(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}
Statement& Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::BindBlob(int index, const void* data, std::size_t size) {
  sqlite3_bind_blob64(stmt_, index, data, size, SQLITE_STATIC);
  return *this;
}

bool Statement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw db_->Fail(ErrorKind::kIo, "database step failed");
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }
double Statement::Real(int column) const { return sqlite3_column_double(stmt_, column); }
std::string Statement::Text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}
std::pair<const void*, std::size_t> Statement::Blob(int column) const {
  const void* data = sqlite3_column_blob(stmt_, column);
  return {data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}
bool Statement::IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

}  // namespace pcf::sqlite
