// pcf serve --store STORE.sqlite [--listen ADDR:PORT] --tls-cert C --tls-key K --clients CLIENTS.yaml: a
// PACT v3 Data Exchange host over HTTPS (docs/pact-host.md). Only wires options: the API, auth, paging and
// filters are engine/exchange/.
#include <csignal>
#include <cstdio>
#include <memory>
#include <mutex>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/interrupt.h"
#include "engine/core/error.h"
#include "engine/exchange/client_registry.h"
#include "engine/exchange/footprint_store.h"
#include "engine/exchange/https_host.h"
#include "engine/exchange/pact_api.h"
#include "engine/exchange/token_issuer.h"

namespace pcf::cli {

namespace {

// "127.0.0.1:8443", "[::1]:8443", ":8443" (every address) → address and port.
void ParseListen(const std::string& listen, HostOptions& host) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw Error(ErrorKind::kUsage, fmt::format("--listen {}: expected ADDR:PORT, e.g. 127.0.0.1:8443", listen));
  std::string address = listen.substr(0, colon);
  if (address.size() >= 2 && address.front() == '[' && address.back() == ']') address = address.substr(1, address.size() - 2);
  host.address = address.empty() ? "0.0.0.0" : address;
  try {
    std::size_t used = 0;
    host.port = std::stoi(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1 || host.port < 0 || host.port > 65535) throw std::out_of_range("port");
  } catch (const std::exception&) {
    throw Error(ErrorKind::kUsage, fmt::format("--listen {}: the port must be a number from 0 to 65535", listen));
  }
}

}  // namespace

void AddServeCommand(CLI::App& app) {
  struct Options {
    std::string store;
    std::string listen = "127.0.0.1:8443";
    std::string tls_cert, tls_key;
    std::string clients;
    std::int64_t token_lifetime = 3600;
    int threads = 8;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("serve", "serve the store's footprints as a PACT v3 Data Exchange host (HTTPS only)");
  cmd->add_option("--store", options->store, "the store written by pcf publish (opened read-only; events are recorded in it)")->required();
  cmd->add_option("--listen", options->listen, "address and port to listen on (default 127.0.0.1:8443; port 0: any free port)");
  cmd->add_option("--tls-cert", options->tls_cert, "TLS certificate chain (PEM); there is no plain-HTTP listener")->required();
  cmd->add_option("--tls-key", options->tls_key, "TLS private key (PEM)")->required();
  cmd->add_option("--clients", options->clients, "the clients file written by pcf clients add")->required();
  cmd->add_option("--token-lifetime", options->token_lifetime, "seconds an access token stays valid (default 3600)")
      ->check(CLI::Range(static_cast<std::int64_t>(1), static_cast<std::int64_t>(86400)));
  cmd->add_option("--threads", options->threads, "requests handled at once (default 8)")->check(CLI::Range(1, 256));
  cmd->footer(
      "Endpoints: POST /auth/token (client credentials, HTTP Basic), GET /3/footprints (filters productId, companyId,\n"
      "geography, classification, validOn, validAfter, validBefore, status; limit; Link-header paging), GET\n"
      "/3/footprints/{id}, POST /3/events. One line per request on stderr (time, method, path, status, ms, client);\n"
      "SIGTERM or Ctrl-C stops accepting connections and lets requests in flight finish.");
  cmd->callback([options] {
    HostOptions host;
    ParseListen(options->listen, host);
    host.tls_cert = options->tls_cert;
    host.tls_key = options->tls_key;
    host.threads = options->threads;
    std::vector<Client> clients = ReadClients(options->clients);
    FootprintStore store(options->store, FootprintStore::Access::kReadOnly);
    const std::size_t count = store.Count();
    TokenIssuer tokens(options->token_lifetime);
    PactApi api(store, std::move(clients), tokens);
    std::signal(SIGPIPE, SIG_IGN);  // a client that hangs up must not end the server
    const std::atomic<bool>& stop = InstallInterruptHandler();
    std::mutex log_mutex;
    RunHttpsHost(
        api, host, stop,
        [&log_mutex](const std::string& line) {
          std::lock_guard lock(log_mutex);
          std::fprintf(stderr, "%s\n", line.c_str());
        },
        [&](int port) {
          std::lock_guard lock(log_mutex);
          std::fprintf(stderr, "%s\n",
                       fmt::format("pcf serve: listening on https://{}:{} ({} footprints in {})", host.address, port, count, options->store).c_str());
          std::fflush(stderr);
        });
    std::fprintf(stderr, "pcf serve: stopped; requests in flight were finished\n");
  });
}

}  // namespace pcf::cli
