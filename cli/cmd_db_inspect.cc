// pcf db info | check | search TEXT | show ID — looking inside a database.
#include <memory>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/default_db.h"
#include "cli/output.h"
#include "engine/calc/inspect.h"
#include "engine/core/error.h"
#include "engine/db/background_build.h"
#include "engine/db/model_store.h"

namespace pcf::cli {

namespace {

CLI::Option* AddDbOption(CLI::App* cmd, std::string* path) {
  return cmd->add_option("--db", *path, "database (default: the shipped Hubei database)");
}

}  // namespace

void AddDbInspectCommands(CLI::App& db) {
  auto database = std::make_shared<std::string>();

  CLI::App* info = db.add_subcommand("info", "version, content hash, counts, methods and sources of a database");
  AddDbOption(info, database.get());
  info->callback([database] { WriteOutput("", FormatDatabaseInfo(LoadModel(ResolveDatabase(*database)))); });

  CLI::App* check = db.add_subcommand("check", "integrity, solvability, sources and plausibility of a database");
  AddDbOption(check, database.get());
  check->callback([database] {
    const std::string path = ResolveDatabase(*database);
    const std::string integrity = IntegrityCheck(path);
    const std::vector<CheckItem> items = CheckDatabase(LoadModel(path), integrity);
    std::string out;
    int failed = 0;
    for (const CheckItem& item : items) {
      out += fmt::format("{}  {}: {}\n", item.passed ? "ok  " : "FAIL", item.name, item.detail);
      if (!item.passed) ++failed;
    }
    out += fmt::format("{} checks, {} failed\n", items.size(), failed);
    WriteOutput("", out);
    if (failed) throw Error(ErrorKind::kCorruptDatabase, fmt::format("{} of {} checks failed", failed, items.size()), {path, 0, 0, ""});
  });

  auto query = std::make_shared<std::vector<std::string>>();
  CLI::App* search = db.add_subcommand("search", "find processes by words in their ids and names (English or Chinese)");
  search->add_option("TEXT", *query, "words that must all appear, e.g. 水泥 or electricity hubei")->required();
  AddDbOption(search, database.get());
  search->callback([database, query] {
    const StoredModel stored = LoadModel(ResolveDatabase(*database));
    std::string text;
    for (const std::string& word : *query) text += word + " ";
    std::string out;
    const auto hits = SearchProcesses(stored, text);
    for (std::size_t row : hits) {
      const IndexEntry& p = stored.model.processes.At(row);
      const std::string zh = row < stored.info.processes.size() ? stored.info.processes[row].name_zh : "";
      out += fmt::format("{}\t{}\t{}\t{}\n", p.id, p.unit, p.name, zh);
    }
    WriteOutput("", out);
    if (hits.empty()) throw Error(ErrorKind::kNotFound, fmt::format("no process matches \"{}\"", text.substr(0, text.size() - 1)));
  });

  auto id = std::make_shared<std::string>();
  CLI::App* show = db.add_subcommand("show", "a process with its exchanges and their sources");
  show->add_option("ID", *id, "process id")->required();
  AddDbOption(show, database.get());
  show->callback([database, id] {
    const StoredModel stored = LoadModel(ResolveDatabase(*database));
    const auto row = stored.model.processes.Find(*id);
    if (!row) {
      std::vector<std::string> ids;
      for (const IndexEntry& e : stored.model.processes.Entries()) ids.push_back(e.id);
      const std::string closest = ClosestId(*id, ids);
      throw Error(ErrorKind::kNotFound, fmt::format("no process \"{}\"{}; try `pcf db search`", *id,
                                                    closest.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", closest)));
    }
    WriteOutput("", FormatProcess(stored, *row));
  });
}

}  // namespace pcf::cli
