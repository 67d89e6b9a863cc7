// pcf clients add --clients CLIENTS.yaml --id ID --secret-file F [--company-id URN…]: a client of
// `pcf serve`, its secret stored only as an Argon2id hash (docs/pact-host.md).
#include <cstdio>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.h"
#include "engine/certify/key_encryption.h"
#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/exchange/client_registry.h"

namespace pcf::cli {

void AddClientsCommand(CLI::App& app) {
  struct Options {
    std::string clients;
    std::string id;
    std::string secret_file;
    std::vector<std::string> companies;
  };
  auto options = std::make_shared<Options>();
  CLI::App* clients = app.add_subcommand("clients", "manage the clients of pcf serve");
  clients->require_subcommand(1);
  CLI::App* cmd = clients->add_subcommand("add", "add a client: its secret is stored hashed (Argon2id), never in plain text");
  cmd->add_option("--clients", options->clients, "the clients file (YAML; created when missing)")->required();
  cmd->add_option("--id", options->id, "the client id (1-64 letters, digits or . _ ~ -)")->required();
  cmd->add_option("--secret-file", options->secret_file, "file whose first line is the client's secret (at least 16 bytes)")->required();
  cmd->add_option("--company-id", options->companies,
                  "a company URN whose footprints the client may read (repeat for several; none: every company)");
  cmd->callback([options] {
    std::error_code ec;
    if (std::filesystem::equivalent(options->clients, options->secret_file, ec))
      throw Error(ErrorKind::kUsage, fmt::format("{} is the secret file: refusing to write the clients file over it", options->clients));
    std::vector<Client> list;
    if (std::filesystem::exists(options->clients)) list = ReadClients(options->clients);
    AddClient(list, options->id, ReadPassphraseFile(options->secret_file), options->companies);
    WriteFileAtomically(options->clients, FormatClients(list));
    std::fprintf(stderr, "%s\n",
                 fmt::format("{}: added client {} ({}); its secret is stored as an Argon2id hash", options->clients, options->id,
                             options->companies.empty() ? "may read every company's footprints"
                                                        : fmt::format("may read footprints of {}", fmt::join(options->companies, ", ")))
                     .c_str());
  });
}

}  // namespace pcf::cli
