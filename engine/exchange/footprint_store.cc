#include "engine/exchange/footprint_store.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/core/error.h"
#include "engine/exchange/timestamps.h"

namespace pcf {

namespace {

using Json = nlohmann::ordered_json;

// 64 kB pages: a footprint (~3.4 kB of JSON) then fits in its page instead of an overflow chain, and a page
// of 100 footprints is a few reads rather than hundreds (bench/RESULTS.md). Applies to a new store only.
constexpr const char* kSchema = R"sql(
PRAGMA page_size=65536;
PRAGMA journal_mode=WAL;
CREATE TABLE IF NOT EXISTS pcf_store(key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO pcf_store VALUES ('format', 'pcf PACT v3 store 1');
CREATE TABLE IF NOT EXISTS footprints(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  product_key TEXT NOT NULL,
  status TEXT NOT NULL,
  validity_start TEXT NOT NULL,
  validity_end TEXT NOT NULL,
  json TEXT NOT NULL,
  certificate TEXT,
  source TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS footprints_product ON footprints(product_key, status);
CREATE TABLE IF NOT EXISTS footprint_keys(seq INTEGER NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS footprint_keys_lookup ON footprint_keys(kind, value, seq);
CREATE INDEX IF NOT EXISTS footprint_keys_seq ON footprint_keys(seq, kind);
CREATE TABLE IF NOT EXISTS events(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  received TEXT NOT NULL,
  client TEXT NOT NULL,
  type TEXT NOT NULL,
  event_id TEXT NOT NULL,
  source TEXT NOT NULL,
  body TEXT NOT NULL,
  UNIQUE(source, event_id));
)sql";

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return text;
}

bool IsUuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(s[i]))) {
      return false;
    }
  }
  return true;
}

// One transaction: rolled back unless committed.
class Transaction {
 public:
  explicit Transaction(sqlite::Database& db) : db_(db) { db_.Exec("BEGIN IMMEDIATE"); }
  ~Transaction() {
    if (!done_) try {
        db_.Exec("ROLLBACK");
      } catch (...) {
      }
  }
  void Commit() {
    db_.Exec("COMMIT");
    done_ = true;
  }

 private:
  sqlite::Database& db_;
  bool done_ = false;
};

// What the store keeps beside a footprint's JSON.
struct FootprintKeys {
  std::string id, status, validity_start, validity_end, product_key;
  std::vector<std::pair<std::string, std::string>> keys;  // (kind, lower-case value)
};

std::vector<std::string> NonEmptyStrings(const Json& doc, const char* field, const std::string& name) {
  const auto it = doc.find(field);
  if (it == doc.end() || !it->is_array() || it->empty())
    throw Error(ErrorKind::kBadInput, "must be a non-empty array of URNs", {name, 0, 0, field});
  std::vector<std::string> values;
  for (const Json& v : *it) {
    if (!v.is_string() || v.get<std::string>().empty())
      throw Error(ErrorKind::kBadInput, "must hold non-empty strings", {name, 0, 0, field});
    values.push_back(v.get<std::string>());
  }
  return values;
}

std::optional<std::string> Timestamp(const Json& object, const char* field, const std::string& name, const std::string& path) {
  const auto it = object.find(field);
  if (it == object.end()) return std::nullopt;
  const auto normalized = it->is_string() ? NormalizeTimestamp(it->get<std::string>()) : std::nullopt;
  if (!normalized) throw Error(ErrorKind::kBadInput, "must be an RFC 3339 date-time", {name, 0, 0, path});
  return normalized;
}

FootprintKeys ReadKeys(const Json& doc, const std::string& name) {
  if (!doc.is_object()) throw Error(ErrorKind::kBadInput, "a PACT footprint must be a JSON object", {name, 0, 0, ""});
  FootprintKeys k;
  const auto spec = doc.find("specVersion");
  if (spec == doc.end() || !spec->is_string() || spec->get<std::string>().rfind("3.", 0) != 0)
    throw Error(ErrorKind::kBadInput, "the store holds PACT v3 footprints: specVersion must be 3.x.y", {name, 0, 0, "specVersion"});
  const auto id = doc.find("id");
  if (id == doc.end() || !id->is_string() || !IsUuid(id->get<std::string>()))
    throw Error(ErrorKind::kBadInput, "must be a UUID", {name, 0, 0, "id"});
  k.id = Lower(id->get<std::string>());
  const auto status = doc.find("status");
  if (status == doc.end() || !status->is_string() || (*status != "Active" && *status != "Deprecated"))
    throw Error(ErrorKind::kBadInput, "must be \"Active\" or \"Deprecated\"", {name, 0, 0, "status"});
  k.status = status->get<std::string>();
  std::vector<std::string> products = NonEmptyStrings(doc, "productIds", name);
  std::vector<std::string> companies = NonEmptyStrings(doc, "companyIds", name);
  for (const auto& v : products) k.keys.emplace_back("product", Lower(v));
  for (const auto& v : companies) k.keys.emplace_back("company", Lower(v));
  if (const auto it = doc.find("productClassifications"); it != doc.end() && it->is_array())
    for (const Json& v : *it)
      if (v.is_string()) k.keys.emplace_back("classification", Lower(v.get<std::string>()));
  const auto pcf = doc.find("pcf");
  if (pcf == doc.end() || !pcf->is_object()) throw Error(ErrorKind::kBadInput, "must be an object", {name, 0, 0, "pcf"});
  for (const char* field : {"geographyRegionOrSubregion", "geographyCountry", "geographyCountrySubdivision"})
    if (const auto it = pcf->find(field); it != pcf->end() && it->is_string())
      k.keys.emplace_back("geography", Lower(it->get<std::string>()));
  // The validity period; when none is given, PACT's default: three years from the reference period's end.
  const auto period_end = Timestamp(*pcf, "referencePeriodEnd", name, "pcf.referencePeriodEnd");
  if (!period_end) throw Error(ErrorKind::kBadInput, "is missing", {name, 0, 0, "pcf.referencePeriodEnd"});
  k.validity_start = Timestamp(doc, "validityPeriodStart", name, "validityPeriodStart").value_or(*period_end);
  k.validity_end = Timestamp(doc, "validityPeriodEnd", name, "validityPeriodEnd").value_or(AddYearsUtc(*period_end, 3));
  for (auto* list : {&products, &companies}) {
    for (auto& v : *list) v = Lower(v);
    std::sort(list->begin(), list->end());
  }
  for (const auto& v : products) k.product_key += v + "\n";
  k.product_key += "|";
  for (const auto& v : companies) k.product_key += "\n" + v;
  return k;
}

void Bind(sqlite::Statement& statement, const std::vector<std::string>& values) {
  for (std::size_t i = 0; i < values.size(); ++i) statement.Bind(static_cast<int>(i + 1), values[i]);
}

}  // namespace

FootprintStore::FootprintStore(const std::string& path, Access access) : path_(path), access_(access) {
  if (access == Access::kReadWrite) {
    Writer();
  } else {
    Return(Borrow());  // fails now, not at the first request, for a missing or foreign store
  }
}

FootprintStore::~FootprintStore() = default;

std::unique_ptr<sqlite::Database> FootprintStore::Borrow() {
  {
    std::lock_guard lock(pool_mutex_);
    if (!pool_.empty()) {
      auto db = std::move(pool_.back());
      pool_.pop_back();
      return db;
    }
  }
  auto db = std::make_unique<sqlite::Database>(path_, sqlite::Database::Mode::kReadOnly);
  db->Exec("PRAGMA busy_timeout=5000");
  auto check = db->Prepare("SELECT value FROM pcf_store WHERE key = 'format'");
  if (!check.Step() || check.Text(0) != "pcf PACT v3 store 1")
    throw Error(ErrorKind::kCorruptDatabase, "is not a pcf PACT store", {path_, 0, 0, ""});
  return db;
}

void FootprintStore::Return(std::unique_ptr<sqlite::Database> db) {
  std::lock_guard lock(pool_mutex_);
  pool_.push_back(std::move(db));
}

class FootprintStore::Reader {
 public:
  explicit Reader(FootprintStore& store) : store_(store), db_(store.Borrow()) {}
  ~Reader() { store_.Return(std::move(db_)); }
  sqlite::Database& db() { return *db_; }

 private:
  FootprintStore& store_;
  std::unique_ptr<sqlite::Database> db_;
};

sqlite::Database& FootprintStore::Writer() {
  if (!writer_) {
    if (access_ == Access::kReadOnly && !std::filesystem::exists(path_))
      throw Error(ErrorKind::kNotFound, "store not found", {path_, 0, 0, ""});
    writer_ = std::make_unique<sqlite::Database>(path_, sqlite::Database::Mode::kCreate);
    writer_->Exec("PRAGMA busy_timeout=5000");
    // An SQLite file with tables of its own (a model database, say) is never turned into a store.
    std::int64_t table_count = 0;
    bool ours = false;
    {
      auto tables = writer_->Prepare("SELECT count(*), count(*) FILTER (WHERE name = 'pcf_store') FROM sqlite_master WHERE type = 'table'");
      tables.Step();
      table_count = tables.Int(0);
      ours = tables.Int(1) == 1;
    }
    if (ours) {
      auto format = writer_->Prepare("SELECT value FROM pcf_store WHERE key = 'format'");
      ours = format.Step() && format.Text(0) == "pcf PACT v3 store 1";
    }
    if (table_count > 0 && !ours) {
      writer_.reset();
      throw Error(ErrorKind::kCorruptDatabase, "is an SQLite file but not a pcf PACT store: refusing to change it", {path_, 0, 0, ""});
    }
    if (access_ == Access::kReadWrite) writer_->Exec(kSchema);
  }
  return *writer_;
}

void FootprintStore::Check(const std::string& json, const std::string& name) {
  const Json doc = Json::parse(json, nullptr, false);
  if (doc.is_discarded()) throw Error(ErrorKind::kBadInput, "is not valid JSON", {name, 0, 0, ""});
  ReadKeys(doc, name);
}

PublishOutcome FootprintStore::Publish(const std::string& json, const std::string& name, const std::string& certificate) {
  return PublishAll({{json, name, certificate}}).front();
}

std::vector<PublishOutcome> FootprintStore::PublishAll(const std::vector<PublishInput>& inputs) {
  std::lock_guard lock(writer_mutex_);
  sqlite::Database& db = Writer();
  Transaction transaction(db);
  std::vector<PublishOutcome> outcomes;
  for (const PublishInput& input : inputs) outcomes.push_back(PublishInTransaction(db, input.json, input.name, input.certificate));
  transaction.Commit();
  return outcomes;
}

PublishOutcome FootprintStore::PublishInTransaction(sqlite::Database& db, const std::string& json, const std::string& name,
                                                    const std::string& certificate) {
  Json doc = Json::parse(json, nullptr, false);
  if (doc.is_discarded()) throw Error(ErrorKind::kBadInput, "is not valid JSON", {name, 0, 0, ""});
  FootprintKeys keys = ReadKeys(doc, name);
  PublishOutcome outcome;
  outcome.id = keys.id;
  {
    auto existing = db.Prepare("SELECT 1 FROM footprints WHERE id = ?");
    existing.Bind(1, keys.id);
    if (existing.Step()) {  // ids name one calculation (pcf derives them from the inputs' hashes)
      outcome.already_present = true;
      return outcome;
    }
  }
  // Earlier versions of the same product: named in precedingPfIds, and deprecated.
  std::vector<std::string> preceding;
  if (const auto it = doc.find("precedingPfIds"); it != doc.end() && it->is_array())
    for (const Json& v : *it)
      if (v.is_string()) preceding.push_back(Lower(v.get<std::string>()));
  {
    auto earlier = db.Prepare("SELECT seq, id, status, json FROM footprints WHERE product_key = ? ORDER BY seq");
    earlier.Bind(1, keys.product_key);
    std::vector<std::pair<std::int64_t, std::string>> to_deprecate;
    while (earlier.Step()) {
      const std::string id = earlier.Text(1);
      if (std::find(preceding.begin(), preceding.end(), id) == preceding.end()) preceding.push_back(id);
      if (earlier.Text(2) == "Active") {
        Json old = Json::parse(earlier.Text(3));
        old["status"] = "Deprecated";
        to_deprecate.emplace_back(earlier.Int(0), old.dump());
        outcome.deprecated.push_back(id);
      }
    }
    for (const auto& [seq, text] : to_deprecate) {
      auto update = db.Prepare("UPDATE footprints SET status = 'Deprecated', json = ? WHERE seq = ?");
      update.Bind(1, text).Bind(2, seq);
      update.Step();
    }
  }
  if (!preceding.empty()) {
    Json ids = Json::array();
    for (const auto& id : preceding) ids.push_back(id);
    // precedingPfIds follows specVersion, where the PACT data model lists it.
    Json ordered = Json::object();
    for (auto it = doc.begin(); it != doc.end(); ++it) {
      if (it.key() == "precedingPfIds") continue;
      ordered[it.key()] = it.value();
      if (it.key() == "specVersion") ordered["precedingPfIds"] = ids;
    }
    if (!ordered.contains("precedingPfIds")) ordered["precedingPfIds"] = ids;
    doc = std::move(ordered);
  }
  auto insert = db.Prepare(
      "INSERT INTO footprints(id, product_key, status, validity_start, validity_end, json, certificate, source) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  insert.Bind(1, keys.id).Bind(2, keys.product_key).Bind(3, keys.status).Bind(4, keys.validity_start);
  insert.Bind(5, keys.validity_end).Bind(6, doc.dump()).Bind(8, name);
  if (!certificate.empty()) insert.Bind(7, certificate);
  insert.Step();
  auto seq_statement = db.Prepare("SELECT last_insert_rowid()");
  seq_statement.Step();
  const std::int64_t seq = seq_statement.Int(0);
  auto key_insert = db.Prepare("INSERT INTO footprint_keys(seq, kind, value) VALUES (?, ?, ?)");
  for (const auto& [kind, value] : keys.keys) {
    key_insert.Reset();
    key_insert.Bind(1, seq).Bind(2, kind).Bind(3, value);
    key_insert.Step();
  }
  return outcome;
}

std::optional<StoredFootprint> FootprintStore::Find(const std::string& id) {
  Reader reader(*this);
  auto statement = reader.db().Prepare("SELECT seq, json, certificate IS NOT NULL FROM footprints WHERE id = ?");
  statement.Bind(1, Lower(id));
  if (!statement.Step()) return std::nullopt;
  StoredFootprint found;
  const std::int64_t seq = statement.Int(0);
  found.json = statement.Text(1);
  found.has_certificate = statement.Int(2) != 0;
  auto companies = reader.db().Prepare("SELECT value FROM footprint_keys WHERE seq = ? AND kind = 'company'");
  companies.Bind(1, seq);
  while (companies.Step()) found.company_ids.push_back(companies.Text(0));
  return found;
}

std::optional<std::string> FootprintStore::Certificate(const std::string& id) {
  Reader reader(*this);
  auto statement = reader.db().Prepare("SELECT certificate FROM footprints WHERE id = ? AND certificate IS NOT NULL");
  statement.Bind(1, Lower(id));
  if (!statement.Step()) return std::nullopt;
  return statement.Text(0);
}

FootprintPage FootprintStore::List(const FootprintFilter& filter, const PagePosition& position, std::size_t limit) {
  // The WHERE clause of the filter; `values` are bound in order.
  std::string where = "1";
  std::vector<std::string> values;
  auto any_of = [&](const char* kind, const std::vector<std::string>& list) {
    if (list.empty()) return;
    where += fmt::format(" AND EXISTS (SELECT 1 FROM footprint_keys k WHERE k.seq = f.seq AND k.kind = '{}' AND k.value IN (", kind);
    for (std::size_t i = 0; i < list.size(); ++i) {
      where += i ? ", ?" : "?";
      values.push_back(list[i]);
    }
    where += "))";
  };
  any_of("product", filter.product_ids);
  any_of("company", filter.company_ids);
  any_of("geography", filter.geographies);
  any_of("classification", filter.classifications);
  any_of("company", filter.granted_companies);
  if (filter.valid_on) {
    where += " AND f.validity_start <= ? AND f.validity_end >= ?";
    values.push_back(*filter.valid_on);
    values.push_back(*filter.valid_on);
  }
  if (filter.valid_after) {
    where += " AND f.validity_start > ?";
    values.push_back(*filter.valid_after);
  }
  if (filter.valid_before) {
    where += " AND f.validity_end < ?";
    values.push_back(*filter.valid_before);
  }
  if (filter.status) {
    where += " AND f.status = ?";
    values.push_back(*filter.status);
  }
  Reader reader(*this);
  FootprintPage page;
  const bool backwards = position.kind == PagePosition::Kind::kBefore || position.kind == PagePosition::Kind::kLast;
  std::string sql = "SELECT f.seq, f.json FROM footprints f WHERE " + where;
  if (position.kind == PagePosition::Kind::kAfter) sql += fmt::format(" AND f.seq > {}", position.seq);
  if (position.kind == PagePosition::Kind::kBefore) sql += fmt::format(" AND f.seq < {}", position.seq);
  sql += fmt::format(" ORDER BY f.seq {} LIMIT {}", backwards ? "DESC" : "ASC", limit + 1);
  std::vector<std::pair<std::int64_t, std::string>> rows;
  {
    auto statement = reader.db().Prepare(sql.c_str());
    Bind(statement, values);
    while (statement.Step()) rows.emplace_back(statement.Int(0), statement.Text(1));
  }
  const bool more = rows.size() > limit;
  if (more) rows.pop_back();
  if (backwards) std::reverse(rows.begin(), rows.end());
  for (auto& [seq, json] : rows) page.footprints.push_back(std::move(json));
  if (rows.empty()) return page;
  page.first_seq = rows.front().first;
  page.last_seq = rows.back().first;
  auto exists = [&](const std::string& condition, std::int64_t seq) {
    auto statement = reader.db().Prepare(("SELECT 1 FROM footprints f WHERE " + where + " AND f.seq " + condition + " ? LIMIT 1").c_str());
    Bind(statement, values);
    statement.Bind(static_cast<int>(values.size() + 1), seq);
    return statement.Step();
  };
  page.more_before = backwards ? more : exists("<", page.first_seq);
  page.more_after = backwards ? exists(">", page.last_seq) : more;
  return page;
}

std::size_t FootprintStore::Count() {
  Reader reader(*this);
  auto statement = reader.db().Prepare("SELECT count(*) FROM footprints");
  statement.Step();
  return static_cast<std::size_t>(statement.Int(0));
}

bool FootprintStore::RecordEvent(const RecordedEvent& event, const std::string& received) {
  std::lock_guard lock(writer_mutex_);
  sqlite::Database& db = Writer();
  Transaction transaction(db);
  auto insert = db.Prepare(
      "INSERT OR IGNORE INTO events(received, client, type, event_id, source, body) VALUES (?, ?, ?, ?, ?, ?)");
  insert.Bind(1, received).Bind(2, event.client).Bind(3, event.type).Bind(4, event.event_id).Bind(5, event.source).Bind(6, event.body);
  insert.Step();
  auto changes = db.Prepare("SELECT changes()");
  changes.Step();
  const bool inserted = changes.Int(0) > 0;
  transaction.Commit();
  return inserted;
}

std::vector<RecordedEvent> FootprintStore::Events() {
  Reader reader(*this);
  auto statement = reader.db().Prepare("SELECT client, type, event_id, source, body FROM events ORDER BY seq");
  std::vector<RecordedEvent> events;
  while (statement.Step())
    events.push_back({statement.Text(0), statement.Text(1), statement.Text(2), statement.Text(3), statement.Text(4)});
  return events;
}

}  // namespace pcf
