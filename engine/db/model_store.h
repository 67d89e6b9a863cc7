// Storing a Model in SQLite and loading it back. Schema in docs/database.md. The matrices are stored as
// compressed-column blobs (little-endian int32 column pointers and row indices, float64 values): one
// row per matrix loads in a few milliseconds, where one row per entry would take most of a second.
#pragma once

#include <filesystem>
#include <future>
#include <string>

#include "engine/system/model.h"

namespace pcf {

constexpr int kModelSchemaVersion = 1;
constexpr int kPcfApplicationId = 0x50434631;  // "PCF1" in PRAGMA application_id: marks our files

struct StoredModel {
  Model model;
  ModelInfo info;              // background information; empty for an imported matrix model
  std::string content_sha256;  // as recorded at import, and checked on load
  std::string source;          // where the model was imported from
};

// Writes `model` to a new SQLite file at `path`, replacing it atomically: on any failure nothing is left
// at `path` (and an existing file there is untouched). Returns the content hash. Throws Error(kIo).
std::string SaveModel(const Model& model, const std::filesystem::path& path, const std::string& source,
                      const ModelInfo& info = {});

// Opens `path` read-only and loads the model. Throws Error(kNotFound) for a missing file,
// Error(kCorruptDatabase) for a file that is not SQLite, not a pcf database, damaged, or whose content
// no longer matches its recorded hash, and Error(kUnsupported) for a newer schema version.
StoredModel LoadModel(const std::filesystem::path& path);

// LoadModel on two threads, for a caller that can start work on the matrices while the rest loads
// (`pcf scores`: the factorization). The constructor checks the file's header, starts a second thread on
// the indices, demands and information, reads A, B and C with every entry checked (as LoadModel), and
// returns; the second thread then checks the content hash. Finish() waits for it and returns the whole
// model. Whatever LoadModel throws for a file, the constructor or Finish() throws (the same kind and
// message): a caller must call Finish() before any output, and before reporting an error of its own
// (a damaged file can make the matrices singular; the damage is what to report).
class ModelLoad {
 public:
  explicit ModelLoad(const std::filesystem::path& path);
  ModelLoad(const ModelLoad&) = delete;
  ModelLoad& operator=(const ModelLoad&) = delete;
  ~ModelLoad();

  // A, B and C (the indices and demands of this Model are empty until Finish).
  const Model& matrices() const { return matrices_; }
  // Call once. The matrices move into the returned model.
  StoredModel Finish();

 private:
  std::string path_, content_sha256_, source_;
  Model matrices_;
  std::future<StoredModel> rest_;      // declared before the promise: destroyed after it (no deadlock)
  std::promise<bool> matrices_loaded_;  // false: the matrices failed to load, no hash to check
};

// SQLite's own PRAGMA integrity_check on the file, opened read-only: "ok" when sound.
std::string IntegrityCheck(const std::filesystem::path& path);

}  // namespace pcf
