#include "engine/exchange/https_host.h"

#include <httplib.h>

#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "engine/core/error.h"
#include "engine/exchange/timestamps.h"

namespace pcf {

namespace {

HttpRequest FromHttplib(const httplib::Request& req) {
  HttpRequest request;
  request.method = req.method;
  request.path = req.path;
  for (const auto& [name, value] : req.params) request.query.emplace_back(name, value);
  request.host = req.get_header_value("Host");
  request.authorization = req.get_header_value("Authorization");
  request.content_type = req.get_header_value("Content-Type");
  request.body = req.body;
  return request;
}

}  // namespace

void RunHttpsHost(PactApi& api, const HostOptions& options, const std::atomic<bool>& stop, const RequestLog& log,
                  const std::function<void(int port)>& on_listening) {
  httplib::SSLServer server(options.tls_cert.c_str(), options.tls_key.c_str());
  if (!server.is_valid())
    throw Error(ErrorKind::kBadInput, fmt::format("OpenSSL cannot load the TLS certificate {} with the key {}", options.tls_cert, options.tls_key));
  const int threads = options.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  server.set_keep_alive_max_count(100000);
  server.set_tcp_nodelay(true);  // headers and body are separate writes: Nagle would hold the body for a delayed ACK
  server.set_keep_alive_timeout(5);
  server.set_payload_max_length(4 << 20);
  auto handler = [&api, &log](const httplib::Request& req, httplib::Response& res) {
    const auto start = std::chrono::steady_clock::now();
    HttpResponse response = api.Handle(FromHttplib(req));
    res.status = response.status;
    for (const auto& [name, value] : response.headers) res.set_header(name, value);
    if (!response.content_type.empty()) {  // set_content without its copy of a ~340 kB page
      res.set_header("Content-Type", response.content_type);
      res.body = std::move(response.body);
    }
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    log(fmt::format("{} {} {} {} {:.1f}ms client={}", FormatUtc(now), req.method, req.path, response.status, ms,
                    response.client.empty() ? "-" : response.client));
  };
  server.Get(".*", handler);
  server.Post(".*", handler);
  server.Put(".*", handler);
  server.Patch(".*", handler);
  server.Delete(".*", handler);
  server.Options(".*", handler);
  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.address);
    if (port < 0) throw Error(ErrorKind::kIo, fmt::format("cannot listen on {}", options.address));
  } else if (!server.bind_to_port(options.address, port)) {
    throw Error(ErrorKind::kIo, fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)", options.address, port));
  }
  on_listening(port);
  std::atomic<bool> ended = false;
  std::thread listener([&server, &ended] {
    server.listen_after_bind();
    ended = true;
  });
  while (!stop.load() && !ended.load()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  if (ended.load() && !stop.load()) {
    listener.join();
    throw Error(ErrorKind::kIo, "the server stopped listening");
  }
  // Closes the listening socket; listen_after_bind returns once the worker threads have finished the
  // requests they hold (keep-alive connections end after their current request).
  server.stop();
  listener.join();
}

}  // namespace pcf
