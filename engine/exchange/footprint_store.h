// The PACT host's store (issue 15): PACT v3 ProductFootprints in one SQLite file, with the keys the
// ListFootprints filters match on, the certificates attached to them and the events clients posted.
// `pcf publish` writes it in transactions; `pcf serve` reads it through read-only connections (one per
// concurrent request) and records events through a single writer. Layout: docs/pact-host.md.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/db/sqlite.h"

namespace pcf {

// What a ListFootprints request asks for. Each list holds the values of one criterion in lower case
// (matched case-insensitively, OR within a list); criteria combine with AND; an empty list or nullopt
// does not filter. Timestamps are normalised (engine/exchange/timestamps.h).
struct FootprintFilter {
  std::vector<std::string> product_ids;
  std::vector<std::string> company_ids;
  std::vector<std::string> geographies;
  std::vector<std::string> classifications;
  std::optional<std::string> valid_on;      // start <= valid_on <= end
  std::optional<std::string> valid_after;   // start > valid_after
  std::optional<std::string> valid_before;  // end < valid_before
  std::optional<std::string> status;        // "Active" or "Deprecated"
  // The client's grants: the footprint must name one of these companies (lower case); empty: all.
  std::vector<std::string> granted_companies;
};

// Where a page starts, in store order (the order footprints were published).
struct PagePosition {
  enum class Kind { kFirst, kAfter, kBefore, kLast };
  Kind kind = Kind::kFirst;
  std::int64_t seq = 0;  // kAfter: the page starts after this footprint; kBefore: ends before it
};

struct FootprintPage {
  std::vector<std::string> footprints;  // JSON text of each, in store order
  std::int64_t first_seq = 0, last_seq = 0;  // of the page (0 when empty)
  bool more_before = false, more_after = false;  // matching footprints before / after the page
};

struct StoredFootprint {
  std::string json;
  std::vector<std::string> company_ids;  // lower case, for the grants
  bool has_certificate = false;
};

struct PublishOutcome {
  std::string id;
  bool already_present = false;         // the same footprint was published before: nothing changed
  std::vector<std::string> deprecated;  // earlier versions of the product now marked Deprecated
};

struct RecordedEvent {
  std::string client, type, event_id, source, body;
};

class FootprintStore {
 public:
  enum class Access { kReadOnly, kReadWrite };
  // kReadWrite creates the store when missing; kReadOnly needs an existing store (Error kNotFound) and
  // only ever opens read-only connections, except the events writer (RecordEvent).
  FootprintStore(const std::string& path, Access access);
  ~FootprintStore();

  // Adds one PACT v3 ProductFootprint (JSON text; `name` names it in errors) in one transaction. A new
  // version of the same product (same productIds and companyIds) gets precedingPfIds naming every earlier
  // version, and the earlier Active versions become Deprecated. Throws Error(kBadInput) naming `name` and
  // the field for a footprint that is not v3 or lacks what the filters need. An id already in the store
  // changes nothing (already_present).
  PublishOutcome Publish(const std::string& json, const std::string& name, const std::string& certificate = "");
  // Several footprints in one transaction, in order (a later one may be a new version of an earlier one):
  // all are added or, when one is refused, none.
  struct PublishInput {
    std::string json, name, certificate;
  };
  std::vector<PublishOutcome> PublishAll(const std::vector<PublishInput>& inputs);

  // Throws what Publish would throw for this footprint, without a store (so a refused input creates none).
  static void Check(const std::string& json, const std::string& name);

  std::optional<StoredFootprint> Find(const std::string& id);
  std::optional<std::string> Certificate(const std::string& id);
  FootprintPage List(const FootprintFilter& filter, const PagePosition& position, std::size_t limit);
  std::size_t Count();

  // Records an accepted event; false when an event with the same source and id was recorded before.
  bool RecordEvent(const RecordedEvent& event, const std::string& received);
  std::vector<RecordedEvent> Events();

  const std::string& path() const { return path_; }

 private:
  class Reader;  // a borrowed read-only connection
  std::unique_ptr<sqlite::Database> Borrow();
  void Return(std::unique_ptr<sqlite::Database> db);
  sqlite::Database& Writer();
  PublishOutcome PublishInTransaction(sqlite::Database& db, const std::string& json, const std::string& name,
                                      const std::string& certificate);

  std::string path_;
  Access access_;
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<sqlite::Database>> pool_;
  std::mutex writer_mutex_;
  std::unique_ptr<sqlite::Database> writer_;
};

}  // namespace pcf
