// pcf publish INPUT… --store STORE.sqlite [--db DB] [--certificate CERT]: adds footprints to the store that
// `pcf serve` serves (docs/pact-host.md). A pcf result is verified and converted with the PACT v3 exporter;
// a PACT v3 footprint is stored as it is.
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/default_db.h"
#include "cli/output.h"
#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/db/model_store.h"
#include "engine/exchange/footprint_store.h"
#include "engine/exchange/publish.h"

namespace pcf::cli {

void AddPublishCommand(CLI::App& app) {
  struct Options {
    std::vector<std::string> inputs;
    std::string store;
    std::string database;
    std::string certificate;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("publish", "add footprints (pcf results or PACT v3 files) to the store that pcf serve serves");
  cmd->add_option("inputs", options->inputs, "RESULT.json (verified, then converted to PACT v3) or FOOTPRINT.pact3.json files")->required();
  cmd->add_option("--store", options->store, "the store (SQLite; created when missing)")->required();
  cmd->add_option("--db", options->database, "database to verify results with (default: $PCF_DB, else the shipped Hubei database)");
  cmd->add_option("--certificate", options->certificate,
                  "a certificate (pcf certify) served with the footprint at /3/footprints/{id}/certificate; one input only");
  cmd->callback([options] {
    if (!options->certificate.empty() && options->inputs.size() != 1)
      throw Error(ErrorKind::kUsage, "--certificate belongs to one footprint: publish one input with it");
    for (const std::string& input : options->inputs)
      if (input == options->store) throw Error(ErrorKind::kUsage, fmt::format("{} is the store: refusing to publish it into itself", input));
    const std::string certificate = options->certificate.empty() ? "" : ReadWholeFile(options->certificate);
    // Every input is read and converted before the store changes, so a bad input leaves it as it was.
    std::vector<std::string> footprints;
    std::unique_ptr<StoredModel> database;
    std::string db_path;
    for (const std::string& input : options->inputs) {
      if (IsPcfResult(ReadWholeFile(input)) && !database) {
        db_path = ResolveDatabase(options->database);
        database = std::make_unique<StoredModel>(LoadModel(db_path));
      }
      static const StoredModel kNoDatabase{};
      footprints.push_back(FootprintForPublishing(input, database ? *database : kNoDatabase, db_path, CreationTime()));
    }
    std::vector<FootprintStore::PublishInput> batch;
    for (std::size_t i = 0; i < footprints.size(); ++i) {
      FootprintStore::Check(footprints[i], options->inputs[i]);
      batch.push_back({footprints[i], options->inputs[i], certificate});
    }
    FootprintStore store(options->store, FootprintStore::Access::kReadWrite);
    const std::vector<PublishOutcome> outcomes = store.PublishAll(batch);  // one transaction: all or none
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
      const PublishOutcome& outcome = outcomes[i];
      std::string line = outcome.already_present ? fmt::format("{}: footprint {} is already in the store", options->inputs[i], outcome.id)
                                                 : fmt::format("{}: published footprint {}", options->inputs[i], outcome.id);
      if (!outcome.deprecated.empty()) line += fmt::format(" (deprecates {})", fmt::join(outcome.deprecated, ", "));
      std::fprintf(stderr, "%s\n", line.c_str());
    }
  });
}

}  // namespace pcf::cli
