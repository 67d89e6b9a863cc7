// `pcf serve`'s network side: the PactApi behind TLS on cpp-httplib (OpenSSL). There is no plain-HTTP
// listener: a client that does not speak TLS gets its connection closed during the handshake.
#pragma once

#include <atomic>
#include <functional>
#include <string>

#include "engine/exchange/pact_api.h"

namespace pcf {

struct HostOptions {
  std::string address = "127.0.0.1";
  int port = 8443;          // 0: any free port (reported through on_listening)
  std::string tls_cert;     // PEM certificate chain
  std::string tls_key;      // PEM private key
  int threads = 8;          // requests handled at once
};

// One line per request (method, path, status, milliseconds, client), given to the caller to print.
using RequestLog = std::function<void(const std::string& line)>;

// Serves until `stop` becomes true, then stops accepting connections and lets the requests in flight
// finish before it returns (a SIGTERM drains). `on_listening(port)` is called once the socket is bound.
// Throws Error(kBadInput) for a certificate or key OpenSSL cannot load, Error(kIo) for an address it cannot
// listen on.
void RunHttpsHost(PactApi& api, const HostOptions& options, const std::atomic<bool>& stop, const RequestLog& log,
                  const std::function<void(int port)>& on_listening);

}  // namespace pcf
