// A thin RAII layer over the SQLite C API: a connection and prepared statements whose failures become
// pcf::Error naming the database file.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/core/error.h"

namespace pcf::sqlite {

class Statement;

class Database {
 public:
  enum class Mode { kReadOnly, kCreate };
  // Throws Error(kNotFound) for a missing file in read-only mode, Error(kIo) otherwise.
  Database(const std::string& path, Mode mode);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void Exec(const char* sql);
  Statement Prepare(const char* sql);
  const std::string& path() const { return path_; }
  // Error of `kind` built from the connection's last message.
  Error Fail(ErrorKind kind, std::string_view what) const;

 private:
  friend class Statement;
  sqlite3* db_ = nullptr;
  std::string path_;
};

class Statement {
 public:
  Statement(Database& db, const char* sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::string_view text);
  Statement& BindBlob(int index, const void* data, std::size_t size);
  // True while a row is available; false when done. Throws on error.
  bool Step();
  void Reset();

  std::int64_t Int(int column) const;
  double Real(int column) const;
  std::string Text(int column) const;
  // Pointer and size of a blob column, valid until the next Step or Reset.
  std::pair<const void*, std::size_t> Blob(int column) const;
  bool IsNull(int column) const;

 private:
  Database* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace pcf::sqlite
