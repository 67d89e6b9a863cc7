// Storing a Model in SQLite and loading it back. Schema in docs/database.md. The matrices are stored as
// compressed-column blobs (little-endian int32 column pointers and row indices, float64 values): one
// row per matrix loads in a few milliseconds, where one row per entry would take most of a second.
#pragma once

#include <filesystem>
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

// SQLite's own PRAGMA integrity_check on the file, opened read-only: "ok" when sound.
std::string IntegrityCheck(const std::filesystem::path& path);

}  // namespace pcf
