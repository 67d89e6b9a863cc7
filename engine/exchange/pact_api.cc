#include "engine/exchange/pact_api.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include <nlohmann/json.hpp>

#include "engine/core/error.h"
#include "engine/exchange/timestamps.h"

namespace pcf {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kEventPrefix = "org.wbcsd.pact.ProductFootprint.";

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return text;
}

// OAuth 2 error body (RFC 6749 §5.2).
HttpResponse OAuthError(int status, const std::string& error, const std::string& description) {
  HttpResponse response;
  response.status = status;
  response.body = Json{{"error", error}, {"error_description", description}}.dump();
  response.headers.emplace_back("Cache-Control", "no-store");
  if (status == 401) response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"pcf\"");
  return response;
}

std::string PercentDecode(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') out += ' ';
    else if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
             std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else out += text[i];
  }
  return out;
}

// A Host header safe to echo into a URL (host name or address and port); "localhost" otherwise.
std::string SafeHost(const std::string& host) {
  const bool ok = !host.empty() && host.size() <= 255 && std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
  });
  return ok ? host : "localhost";
}

std::string MediaType(const std::string& content_type) {
  return Lower(content_type.substr(0, content_type.find(';')));
}

bool IsStringArray(const Json& value) {
  return value.is_array() && std::all_of(value.begin(), value.end(), [](const Json& v) { return v.is_string(); });
}

// What is wrong with an event's data for its type ("" when nothing).
std::string CheckEventData(const std::string& kind, const Json& data) {
  if (kind == "RequestCreatedEvent.3") {
    for (const char* key : {"productId", "companyId", "geography", "classification"})
      if (data.contains(key) && !IsStringArray(data[key])) return std::string("data.") + key + " must be an array of strings";
    for (const char* key : {"validOn", "validAfter", "validBefore"})
      if (data.contains(key) && (!data[key].is_string() || !NormalizeTimestamp(data[key].get<std::string>())))
        return std::string("data.") + key + " must be an RFC 3339 date-time";
    if (data.contains("status") && data["status"] != "Active" && data["status"] != "Deprecated")
      return "data.status must be Active or Deprecated";
    if (data.contains("comment") && !data["comment"].is_string()) return "data.comment must be a string";
    return "";
  }
  if (kind == "RequestFulfilledEvent.3") {
    if (!data.contains("requestEventId") || !data["requestEventId"].is_string()) return "data.requestEventId must be a string";
    if (!data.contains("pfs") || !data["pfs"].is_array() || data["pfs"].empty()) return "data.pfs must be a non-empty array of ProductFootprints";
    for (const Json& pf : data["pfs"])
      if (!pf.is_object() || !pf.contains("id")) return "data.pfs must hold ProductFootprint objects";
    return "";
  }
  if (kind == "RequestRejectedEvent.3") {
    if (!data.contains("requestEventId") || !data["requestEventId"].is_string()) return "data.requestEventId must be a string";
    if (!data.contains("error") || !data["error"].is_object() || !data["error"].contains("code") || !data["error"]["code"].is_string() ||
        !data["error"].contains("message") || !data["error"]["message"].is_string())
      return "data.error must be an Error object with code and message";
    return "";
  }
  if (kind == "PublishedEvent.3") {
    if (!data.contains("pfIds") || !IsStringArray(data["pfIds"])) return "data.pfIds must be an array of footprint ids";
    return "";
  }
  return "unsupported event type: expected org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3, RequestFulfilledEvent.3, "
         "RequestRejectedEvent.3 or PublishedEvent.3";
}

bool Granted(const Client& client, const std::vector<std::string>& footprint_companies) {
  if (client.companies.empty()) return true;
  for (const std::string& company : client.companies)
    if (std::find(footprint_companies.begin(), footprint_companies.end(), Lower(company)) != footprint_companies.end()) return true;
  return false;
}

}  // namespace

HttpResponse PactError(int status, const std::string& code, const std::string& message) {
  HttpResponse response;
  response.status = status;
  response.body = Json{{"code", code}, {"message", message}}.dump();
  return response;
}

PactApi::PactApi(FootprintStore& store, std::vector<Client> clients, TokenIssuer& tokens, std::function<std::int64_t()> clock)
    : store_(store), clients_(std::move(clients)), tokens_(tokens), clock_(std::move(clock)) {
  if (!clock_)
    clock_ = [] {
      return static_cast<std::int64_t>(
          std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
    };
}

HttpResponse PactApi::Handle(const HttpRequest& request) {
  try {
    if (request.path == "/auth/token") {
      if (request.method != "POST") return OAuthError(405, "invalid_request", "use POST for /auth/token");
      return Token(request);
    }
    const bool footprints = request.path == "/3/footprints" || request.path.rfind("/3/footprints/", 0) == 0;
    if (!footprints && request.path != "/3/events")
      return PactError(404, "NotFound", "no such endpoint: " + request.path);
    // Every /3 action needs a valid Bearer token; a missing, invalid or expired one is a 400 BadRequest
    // (what the PACT v3 conformance tests expect).
    const std::string& auth = request.authorization;
    if (auth.size() <= 7 || Lower(auth.substr(0, 7)) != "bearer ")
      return PactError(400, "BadRequest", "a Bearer access token from /auth/token is required");
    const auto client_id = tokens_.ClientOf(auth.substr(7));
    if (!client_id) return PactError(400, "BadRequest", "the access token is invalid or has expired");
    const auto client = std::find_if(clients_.begin(), clients_.end(), [&](const Client& c) { return c.id == *client_id; });
    if (client == clients_.end()) return PactError(400, "BadRequest", "the access token is invalid or has expired");
    HttpResponse response;
    if (request.path == "/3/events") {
      response = request.method == "POST" ? Events(request, *client) : PactError(405, "BadRequest", "use POST for /3/events");
    } else if (request.method != "GET") {
      response = PactError(405, "BadRequest", "footprints are read with GET");
    } else if (request.path == "/3/footprints" || request.path == "/3/footprints/") {  // the spec writes both
      response = ListFootprints(request, *client);
    } else {
      std::string id = request.path.substr(std::string("/3/footprints/").size());
      bool certificate = false;
      if (const auto slash = id.find('/'); slash != std::string::npos) {
        certificate = id.substr(slash) == "/certificate";
        if (!certificate) return PactError(404, "NotFound", "no such endpoint: " + request.path);
        id = id.substr(0, slash);
      }
      response = GetFootprint(id, *client, certificate);
    }
    response.client = client->id;
    return response;
  } catch (const std::exception& e) {
    return PactError(500, "InternalError", std::string("internal error: ") + e.what());
  }
}

HttpResponse PactApi::Token(const HttpRequest& request) {
  // Client authentication first (RFC 6749 §2.3.1: HTTP Basic with the form-encoded id and secret).
  const std::string& auth = request.authorization;
  if (auth.size() <= 6 || Lower(auth.substr(0, 6)) != "basic ")
    return OAuthError(400, "invalid_client", "client authentication with HTTP Basic (client id and secret) is required");
  std::string encoded = auth.substr(6);
  encoded.erase(std::remove(encoded.begin(), encoded.end(), ' '), encoded.end());
  std::string decoded(encoded.size(), '\0');
  std::size_t size = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(decoded.data()), decoded.size(), encoded.data(), encoded.size(), nullptr,
                        &size, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return OAuthError(400, "invalid_client", "the Basic credentials are not base64");
  decoded.resize(size);
  const auto colon = decoded.find(':');
  if (colon == std::string::npos) return OAuthError(400, "invalid_client", "the Basic credentials must be client-id:secret");
  const auto client = Authenticate(clients_, PercentDecode(decoded.substr(0, colon)), PercentDecode(decoded.substr(colon + 1)));
  if (!client) return OAuthError(400, "invalid_client", "authentication failed: unknown client id or wrong secret");
  if (MediaType(request.content_type) != "application/x-www-form-urlencoded")
    return OAuthError(400, "invalid_request", "the body must be application/x-www-form-urlencoded with grant_type=client_credentials");
  std::string grant;
  std::size_t start = 0;
  while (start <= request.body.size()) {
    const std::size_t end = std::min(request.body.find('&', start), request.body.size());
    const std::string pair = request.body.substr(start, end - start);
    if (pair.rfind("grant_type=", 0) == 0) grant = PercentDecode(pair.substr(11));
    start = end + 1;
  }
  if (grant.empty()) return OAuthError(400, "invalid_request", "grant_type is missing");
  if (grant != "client_credentials") return OAuthError(400, "unsupported_grant_type", "only grant_type=client_credentials is supported");
  HttpResponse response;
  response.client = client->id;
  response.headers.emplace_back("Cache-Control", "no-store");
  response.body = Json{{"access_token", tokens_.Issue(client->id)}, {"token_type", "Bearer"}, {"expires_in", tokens_.lifetime_seconds()}}.dump();
  return response;
}

HttpResponse PactApi::ListFootprints(const HttpRequest& request, const Client& client) {
  auto [query, error] = ParseListQuery(request.query);
  if (!query) return PactError(400, "BadRequest", error);
  for (const std::string& company : client.companies) query->filter.granted_companies.push_back(Lower(company));
  const FootprintPage page = store_.List(query->filter, query->position, query->limit);
  HttpResponse response;
  std::size_t size = 16;
  for (const std::string& footprint : page.footprints) size += footprint.size() + 1;
  response.body.reserve(size);
  response.body = "{\"data\":[";
  for (std::size_t i = 0; i < page.footprints.size(); ++i) {
    if (i) response.body += ',';
    response.body += page.footprints[i];
  }
  response.body += "]}";
  response.headers.emplace_back("Link", PageLinks(SafeHost(request.host), *query, page));
  return response;
}

HttpResponse PactApi::GetFootprint(const std::string& id, const Client& client, bool certificate) {
  const auto found = store_.Find(id);
  if (!found) return PactError(404, "NotFound", "the requested footprint could not be found");
  if (!Granted(client, found->company_ids)) return PactError(403, "AccessDenied", "this client may not read this footprint");
  HttpResponse response;
  if (certificate) {
    const auto text = store_.Certificate(id);
    if (!text) return PactError(404, "NotFound", "no certificate was published with this footprint");
    response.body = *text;
    return response;
  }
  response.body = "{\"data\":" + found->json + "}";
  if (found->has_certificate)
    response.headers.emplace_back("Link", "</3/footprints/" + Lower(id) + "/certificate>; rel=\"describedby\"");
  return response;
}

HttpResponse PactApi::Events(const HttpRequest& request, const Client& client) {
  if (MediaType(request.content_type) != "application/cloudevents+json")
    return PactError(400, "BadRequest", "events are sent as application/cloudevents+json");
  const Json event = Json::parse(request.body, nullptr, false);
  if (event.is_discarded() || !event.is_object()) return PactError(400, "BadRequest", "the body is not a JSON object");
  for (const char* key : {"type", "specversion", "id", "source", "time"})
    if (!event.contains(key) || !event[key].is_string() || event[key].get<std::string>().empty())
      return PactError(400, "BadRequest", std::string("the event needs a non-empty string \"") + key + "\"");
  if (event["specversion"] != "1.0") return PactError(400, "BadRequest", "specversion must be \"1.0\" (CloudEvents 1.0)");
  if (!NormalizeTimestamp(event["time"].get<std::string>())) return PactError(400, "BadRequest", "time must be an RFC 3339 date-time");
  if (!event.contains("data") || !event["data"].is_object()) return PactError(400, "BadRequest", "the event needs a \"data\" object");
  const std::string type = event["type"];
  const std::string kind = type.rfind(kEventPrefix, 0) == 0 ? type.substr(std::string(kEventPrefix).size()) : "";
  if (const std::string problem = CheckEventData(kind, event["data"]); !problem.empty()) return PactError(400, "BadRequest", problem);
  store_.RecordEvent({client.id, type, event["id"], event["source"], request.body}, FormatUtc(clock_()));
  HttpResponse response;
  response.content_type = "";
  return response;
}

}  // namespace pcf
