// The PACT v3 Data Exchange API of `pcf serve` as plain request → response, testable without sockets:
// POST /auth/token (OAuth 2 client credentials, HTTP Basic), GET /3/footprints (filters, paging),
// GET /3/footprints/{id}, POST /3/events; error bodies as the PACT v3 OpenAPI document defines them.
// engine/exchange/https_host.h puts it behind TLS.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "engine/exchange/client_registry.h"
#include "engine/exchange/footprint_query.h"
#include "engine/exchange/footprint_store.h"
#include "engine/exchange/token_issuer.h"

namespace pcf {

struct HttpRequest {
  std::string method;         // "GET", "POST", …
  std::string path;           // without the query string, percent-decoded
  QueryParams query;          // decoded, in order
  std::string host;           // the Host header
  std::string authorization;  // the Authorization header
  std::string content_type;
  std::string body;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string client;  // the authenticated client id ("-" when none), for the request log
};

class PactApi {
 public:
  // `clock`: seconds since 1970 for the events' receipt time (tests pass their own); default: system clock.
  PactApi(FootprintStore& store, std::vector<Client> clients, TokenIssuer& tokens, std::function<std::int64_t()> clock = {});

  // Never throws: a failure inside becomes 500 InternalError.
  HttpResponse Handle(const HttpRequest& request);

 private:
  HttpResponse Token(const HttpRequest& request);
  HttpResponse ListFootprints(const HttpRequest& request, const Client& client);
  HttpResponse GetFootprint(const std::string& id, const Client& client, bool certificate);
  HttpResponse Events(const HttpRequest& request, const Client& client);

  FootprintStore& store_;
  std::vector<Client> clients_;
  TokenIssuer& tokens_;
  std::function<std::int64_t()> clock_;
};

// A PACT Error body: {"code": …, "message": …}.
HttpResponse PactError(int status, const std::string& code, const std::string& message);

}  // namespace pcf
