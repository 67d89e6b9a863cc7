// serve_bench (issue 15, "Speed"): GET /3/footprints pages from the real `pcf serve` over TLS with
// keep-alive. Builds (once) a store of N footprints varied from a real PACT v3 footprint, makes a
// self-signed certificate with openssl, starts `pcf serve` on a free loopback port, and has C client
// threads, each on one keep-alive TLS connection, walk the pages through the Link header's next URLs for
// S seconds. Prints requests/s and the p99 latency of each run, and their medians.
//
// Usage: serve_bench PCF_BINARY TEMPLATE.pact3.json WORK_DIR [--footprints N] [--page P] [--seconds S]
//        [--clients C] [--runs R] [--threads T]
// Defaults: 100000 footprints, pages of 100, 10 s, 4 client threads, 3 runs, 8 server threads.
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/core/atomic_file.h"
#include "engine/exchange/client_registry.h"
#include "engine/exchange/footprint_store.h"

extern char** environ;

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  std::string pcf, template_path, work;
  std::size_t footprints = 100000, page = 100, clients = 4, runs = 3, threads = 8;
  double seconds = 10;
};

int FreePort() {
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(s, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t size = sizeof address;
  getsockname(s, reinterpret_cast<sockaddr*>(&address), &size);
  close(s);
  return ntohs(address.sin_port);
}

void BuildStore(const Options& o, const fs::path& store_path) {
  if (fs::exists(store_path)) {
    pcf::FootprintStore existing(store_path.string(), pcf::FootprintStore::Access::kReadOnly);
    if (existing.Count() == o.footprints) return;
    fs::remove(store_path);
  }
  const auto base = nlohmann::ordered_json::parse(pcf::ReadWholeFile(o.template_path));
  pcf::FootprintStore store(store_path.string(), pcf::FootprintStore::Access::kReadWrite);
  std::vector<pcf::FootprintStore::PublishInput> batch;
  for (std::size_t i = 0; i < o.footprints; ++i) {
    auto fp = base;
    fp["id"] = fmt::format("00000000-0000-4000-8000-{:012}", i + 1);
    fp["productIds"] = {fmt::format("urn:pcf:bench:product-{}", i)};
    fp["companyIds"] = {fmt::format("urn:pcf:bench:company-{}", i % 50)};
    batch.push_back({fp.dump(), "bench", ""});
    if (batch.size() == 10000 || i + 1 == o.footprints) {
      store.PublishAll(batch);
      batch.clear();
    }
  }
}

// The next page's path from a Link header ("" at the end).
std::string NextPath(const std::string& link) {
  const auto rel = link.find("rel=\"next\"");
  if (rel == std::string::npos) return "";
  const auto open = link.rfind('<', rel);
  const auto close = link.find('>', open);
  const std::string url = link.substr(open + 1, close - open - 1);
  const auto path = url.find('/', url.find("//") + 2);
  return url.substr(path);
}

// CPU seconds a process has used so far (user + system, from /proc/PID/stat).
double ProcessCpuSeconds(pid_t pid) {
  const std::string stat = pcf::ReadWholeFile(fmt::format("/proc/{}/stat", pid));
  std::size_t pos = stat.rfind(')') + 2;  // fields after the command name; utime and stime are fields 14 and 15
  for (int field = 3; field < 14; ++field) pos = stat.find(' ', pos) + 1;
  const double utime = std::stod(stat.substr(pos));
  const double stime = std::stod(stat.substr(stat.find(' ', pos) + 1));
  return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: serve_bench PCF_BINARY TEMPLATE.pact3.json WORK_DIR [--footprints N] [--page P] [--seconds S] "
                         "[--clients C] [--runs R] [--threads T]\n");
    return 2;
  }
  Options o{argv[1], argv[2], argv[3]};
  for (int i = 4; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const std::string value = argv[i + 1];
    if (key == "--footprints") o.footprints = std::stoul(value);
    else if (key == "--page") o.page = std::stoul(value);
    else if (key == "--seconds") o.seconds = std::stod(value);
    else if (key == "--clients") o.clients = std::stoul(value);
    else if (key == "--runs") o.runs = std::stoul(value);
    else if (key == "--threads") o.threads = std::stoul(value);
    else {
      std::fprintf(stderr, "serve_bench: unknown option %s\n", key.c_str());
      return 2;
    }
  }
  fs::create_directories(o.work);
  const fs::path work = fs::absolute(o.work);
  const fs::path store = work / "store.sqlite";
  auto t0 = Clock::now();
  BuildStore(o, store);
  std::printf("store: %zu footprints (%.1f s to build or check)\n", o.footprints, std::chrono::duration<double>(Clock::now() - t0).count());
  const std::string cert = (work / "cert.pem").string(), key = (work / "key.pem").string();
  const std::string openssl = fmt::format(
      "openssl req -x509 -newkey rsa:2048 -nodes -keyout {} -out {} -days 2 -subj /CN=localhost "
      "-addext subjectAltName=IP:127.0.0.1 2>/dev/null", key, cert);
  if (std::system(openssl.c_str()) != 0) return std::fprintf(stderr, "serve_bench: openssl failed\n"), 1;
  const std::string secret = "bench-secret-0123456789";
  std::vector<pcf::Client> clients;
  pcf::AddClient(clients, "bench", secret, {});
  pcf::WriteFileAtomically(work / "clients.yaml", pcf::FormatClients(clients));

  const int port = FreePort();
  std::vector<std::string> args = {o.pcf, "serve", "--store", store.string(), "--listen", fmt::format("127.0.0.1:{}", port),
                                   "--tls-cert", cert, "--tls-key", key, "--clients", (work / "clients.yaml").string(),
                                   "--threads", std::to_string(o.threads)};
  std::vector<char*> argv_spawn;
  for (auto& a : args) argv_spawn.push_back(a.data());
  argv_spawn.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 2, (work / "serve.log").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t server = 0;
  if (posix_spawn(&server, o.pcf.c_str(), &actions, nullptr, argv_spawn.data(), environ) != 0)
    return std::fprintf(stderr, "serve_bench: cannot start %s\n", o.pcf.c_str()), 1;
  posix_spawn_file_actions_destroy(&actions);

  auto make_client = [&] {
    auto client = std::make_unique<httplib::SSLClient>("127.0.0.1", port);
    client->set_ca_cert_path(cert.c_str());
    client->enable_server_certificate_verification(true);
    client->set_keep_alive(true);
    client->set_tcp_nodelay(true);
    client->set_read_timeout(30, 0);
    return client;
  };
  std::string token;
  for (int attempt = 0; attempt < 100 && token.empty(); ++attempt) {
    auto client = make_client();
    client->set_basic_auth("bench", secret.c_str());
    if (auto res = client->Post("/auth/token", "grant_type=client_credentials", "application/x-www-form-urlencoded"); res && res->status == 200)
      token = nlohmann::json::parse(res->body)["access_token"];
    else
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  if (token.empty()) {
    kill(server, SIGTERM);
    return std::fprintf(stderr, "serve_bench: no token from the server\n"), 1;
  }

  const std::string first = fmt::format("/3/footprints?limit={}", o.page);
  std::vector<double> rates, p99s;
  std::size_t total_requests = 0;
  rusage client_before{};
  getrusage(RUSAGE_SELF, &client_before);
  const double server_cpu_before = ProcessCpuSeconds(server);  // after start-up and the token's Argon2id check
  for (std::size_t run = 0; run < o.runs; ++run) {
    std::vector<std::vector<double>> latencies(o.clients);
    std::atomic<std::size_t> errors = 0, wrong = 0;
    const auto start = Clock::now();
    const auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
    std::vector<std::thread> threads;
    for (std::size_t c = 0; c < o.clients; ++c)
      threads.emplace_back([&, c] {
        auto client = make_client();
        client->set_bearer_token_auth(token.c_str());
        std::string path = first;
        // Spread the threads over the store: each starts its walk at a different page.
        for (std::size_t skip = 0; skip < c * 37 % 100; ++skip)
          if (auto res = client->Get(path.c_str()); res && res->status == 200) path = NextPath(res->get_header_value("Link"));
        if (path.empty()) path = first;
        while (Clock::now() < end) {
          const auto t = Clock::now();
          auto res = client->Get(path.c_str());
          const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t).count();
          if (!res || res->status != 200) {
            ++errors;
            path = first;
            continue;
          }
          latencies[c].push_back(ms);
          if (res->body.size() < 100 || res->body.compare(0, 9, "{\"data\":[") != 0) ++wrong;
          path = NextPath(res->get_header_value("Link"));
          if (path.empty()) path = first;
        }
      });
    for (auto& t : threads) t.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    std::vector<double> all;
    for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    std::sort(all.begin(), all.end());
    const double rate = static_cast<double>(all.size()) / elapsed;
    const double p99 = all.empty() ? 0 : all[std::min(all.size() - 1, static_cast<std::size_t>(0.99 * static_cast<double>(all.size())))];
    const double p50 = all.empty() ? 0 : all[all.size() / 2];
    total_requests += all.size();
    rates.push_back(rate);
    p99s.push_back(p99);
    std::printf("run %zu: %zu requests in %.1f s = %.0f requests/s, p50 %.2f ms, p99 %.2f ms, errors %zu, bad bodies %zu\n", run + 1,
                all.size(), elapsed, rate, p50, p99, errors.load(), wrong.load());
    std::fflush(stdout);
  }
  std::printf("median of %zu runs: %.0f requests/s, p99 %.2f ms (pages of %zu, %zu footprints, %zu client threads, %zu server threads)\n",
              o.runs, Median(rates), Median(p99s), o.page, o.footprints, o.clients, o.threads);
  rusage client_after{};
  getrusage(RUSAGE_SELF, &client_after);
  const double server_cpu = ProcessCpuSeconds(server) - server_cpu_before;
  kill(server, SIGTERM);
  int status = 0;
  waitpid(server, &status, 0);
  // CPU time per request, which the machine's load changes far less than wall time: the server's (TLS,
  // HTTP, SQLite, JSON, the log line) and the client threads' (TLS, HTTP).
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  const double client_cpu = seconds(client_after.ru_utime) + seconds(client_after.ru_stime) - seconds(client_before.ru_utime) -
                            seconds(client_before.ru_stime);
  const double n = static_cast<double>(std::max<std::size_t>(total_requests, 1));
  std::printf("CPU per request: server %.3f ms, client %.3f ms (%zu requests; a 2-core machine with nothing else running could "
              "serve about %.0f requests/s to clients elsewhere)\n",
              1000 * server_cpu / n, 1000 * client_cpu / n, total_requests, 2.0 * n / server_cpu);
  return 0;
}
