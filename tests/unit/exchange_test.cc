// engine/exchange/ (issue 15) without sockets: timestamps, the page cursor, the ListFootprints query, the
// store (versions, filters, paging), tokens with a test clock, and the API from request to response.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/core/error.h"
#include "engine/exchange/client_registry.h"
#include "engine/exchange/footprint_query.h"
#include "engine/exchange/footprint_store.h"
#include "engine/exchange/pact_api.h"
#include "engine/exchange/timestamps.h"
#include "engine/exchange/token_issuer.h"
#include "support/test_files.h"

namespace pcf {
namespace {

using test::TempDir;

// A minimal PACT v3 footprint: number n, of `company`, valid from `start_year` for two years.
std::string Footprint(int n, const std::string& product, const std::string& company, int start_year, const char* geography = "CN-HB") {
  return nlohmann::ordered_json{
      {"id", fmt::format("00000000-0000-4000-8000-{:012}", n)},
      {"specVersion", "3.0.0"},
      {"created", "2025-01-01T00:00:00Z"},
      {"status", "Active"},
      {"validityPeriodStart", fmt::format("{}-01-01T00:00:00Z", start_year)},
      {"validityPeriodEnd", fmt::format("{}-01-01T00:00:00Z", start_year + 2)},
      {"companyName", "Test"},
      {"companyIds", {company}},
      {"productDescription", ""},
      {"productIds", {product}},
      {"productClassifications", {"urn:pact:productclassification:un-cpc:3744"}},
      {"productNameCompany", "Test"},
      {"pcf", {{"referencePeriodEnd", "2024-01-01T00:00:00Z"}, {"geographyCountrySubdivision", geography}}}}
      .dump();
}

std::vector<std::string> Ids(const FootprintPage& page) {
  std::vector<std::string> ids;
  for (const std::string& json : page.footprints) ids.push_back(nlohmann::json::parse(json)["id"]);
  return ids;
}

std::string Id(int n) { return fmt::format("00000000-0000-4000-8000-{:012}", n); }

TEST_CASE("timestamps: RFC 3339 date-times are normalised to UTC so that text order is time order") {
  CHECK(NormalizeTimestamp("2025-04-01T02:00:00.5+02:00") == "2025-04-01T00:00:00Z");  // 02:00 at +02:00 is midnight UTC
  CHECK(NormalizeTimestamp("2025-04-01T00:00Z") == "2025-04-01T00:00:00Z");            // PACT's own example has no seconds
  CHECK(NormalizeTimestamp("2025-04-01") == "2025-04-01T00:00:00Z");
  CHECK(NormalizeTimestamp("2024-12-31T23:30:00-01:00") == "2025-01-01T00:30:00Z");  // the offset crosses a year
  CHECK(NormalizeTimestamp("2024-02-29T00:00:00Z") == "2024-02-29T00:00:00Z");       // 2024 is a leap year
  CHECK_FALSE(NormalizeTimestamp("2025-02-29T00:00:00Z"));                          // 2025 is not
  CHECK_FALSE(NormalizeTimestamp("2025-04-01T00:00:00"));                            // a time needs its offset
  CHECK_FALSE(NormalizeTimestamp("yesterday"));
  CHECK(AddYearsUtc("2024-02-29T00:00:00Z", 1) == "2025-03-01T00:00:00Z");
  CHECK(FormatUtc(0) == "1970-01-01T00:00:00Z");
  CHECK(FormatUtc(365 * 86400 + 3661) == "1971-01-01T01:01:01Z");
}

TEST_CASE("paging cursor: every position round-trips, and a cursor the host did not write is refused") {
  for (const PagePosition position : {PagePosition{PagePosition::Kind::kAfter, 42}, PagePosition{PagePosition::Kind::kBefore, 7},
                                      PagePosition{PagePosition::Kind::kLast, 0}}) {
    const auto back = DecodeCursor(EncodeCursor(position));
    REQUIRE(back);
    CHECK(back->kind == position.kind);
    CHECK(back->seq == position.seq);
  }
  CHECK_FALSE(DecodeCursor("bm90LWEtY3Vyc29y"));  // base64url of "not-a-cursor"
  CHECK_FALSE(DecodeCursor("cGNmMS5hLi0x"));      // "pcf1.a.-1": a negative position
  CHECK_FALSE(DecodeCursor("***"));
}

TEST_CASE("ListFootprints query: names match case-insensitively, values of one criterion are kept together, bad values are refused") {
  const auto [query, error] = ParseListQuery({{"productId", "URN:A"}, {"productid", "urn:b"}, {"GEOGRAPHY", "DE"},
                                              {"validOn", "2025-04-01T00:00Z"}, {"status", "active"}, {"limit", "5000"}, {"x-atq-invoice", "1"}});
  REQUIRE(query);
  CHECK(query->filter.product_ids == std::vector<std::string>{"urn:a", "urn:b"});
  CHECK(query->filter.geographies == std::vector<std::string>{"de"});
  CHECK(query->filter.valid_on == "2025-04-01T00:00:00Z");
  CHECK(query->filter.status == "Active");
  CHECK(query->limit == kMaxPageSize);   // more than a page holds: lowered
  CHECK(query->criteria.size() == 5);    // limit and x- extensions are not criteria
  const auto [bad_date, date_error] = ParseListQuery({{"validAfter", "2025-13-01T00:00:00Z"}});
  CHECK_FALSE(bad_date);
  CHECK(date_error == "validAfter must be an RFC 3339 date-time (e.g. 2025-04-01T00:00:00Z), not \"2025-13-01T00:00:00Z\"");
  const auto [bad_status, status_error] = ParseListQuery({{"status", "Gone"}});
  CHECK_FALSE(bad_status);
  CHECK(status_error == "status must be Active or Deprecated, not \"Gone\"");
  const auto [bad_limit, limit_error] = ParseListQuery({{"limit", "0"}});
  CHECK_FALSE(bad_limit);
  CHECK(limit_error == "limit must be a whole number from 1, not \"0\"");
}

TEST_CASE("store: filters combine with AND across criteria and OR within one, and grants restrict like a filter") {
  TempDir dir;
  FootprintStore store((dir / "s.sqlite").string(), FootprintStore::Access::kReadWrite);
  store.Publish(Footprint(1, "urn:p:1", "urn:c:a", 2022), "f1");
  store.Publish(Footprint(2, "urn:p:2", "urn:c:b", 2023, "DE"), "f2");
  store.Publish(Footprint(3, "urn:p:3", "urn:c:a", 2024, "DE"), "f3");
  store.Publish(Footprint(4, "urn:p:4", "urn:c:c", 2025), "f4");
  auto list = [&](FootprintFilter filter) { return Ids(store.List(filter, {}, 100)); };
  CHECK(list({}) == std::vector<std::string>{Id(1), Id(2), Id(3), Id(4)});
  FootprintFilter companies;
  companies.company_ids = {"urn:c:a", "urn:c:c"};  // OR
  CHECK(list(companies) == std::vector<std::string>{Id(1), Id(3), Id(4)});
  companies.geographies = {"de"};  // AND
  CHECK(list(companies) == std::vector<std::string>{Id(3)});
  FootprintFilter valid_on;  // periods [2022, 2024), [2023, 2025), [2024, 2026), [2025, 2027)
  valid_on.valid_on = "2024-06-01T00:00:00Z";
  CHECK(list(valid_on) == std::vector<std::string>{Id(2), Id(3)});
  FootprintFilter after;
  after.valid_after = "2023-01-01T00:00:00Z";  // start strictly after
  CHECK(list(after) == std::vector<std::string>{Id(3), Id(4)});
  FootprintFilter before;
  before.valid_before = "2025-01-01T00:00:00Z";  // end strictly before
  CHECK(list(before) == std::vector<std::string>{Id(1)});
  FootprintFilter granted;
  granted.granted_companies = {"urn:c:b"};
  CHECK(list(granted) == std::vector<std::string>{Id(2)});
  FootprintFilter nothing;
  nothing.product_ids = {"urn:p:9"};
  CHECK(list(nothing).empty());
}

TEST_CASE("store: pages forward and backward, each saying whether more lie before and after") {
  TempDir dir;
  FootprintStore store((dir / "s.sqlite").string(), FootprintStore::Access::kReadWrite);
  for (int n = 1; n <= 5; ++n) store.Publish(Footprint(n, fmt::format("urn:p:{}", n), "urn:c:a", 2024), "f");
  const FootprintPage first = store.List({}, {}, 2);
  CHECK(Ids(first) == std::vector<std::string>{Id(1), Id(2)});
  CHECK_FALSE(first.more_before);
  CHECK(first.more_after);
  const FootprintPage second = store.List({}, {PagePosition::Kind::kAfter, first.last_seq}, 2);
  CHECK(Ids(second) == std::vector<std::string>{Id(3), Id(4)});
  CHECK(second.more_before);
  CHECK(second.more_after);
  const FootprintPage third = store.List({}, {PagePosition::Kind::kAfter, second.last_seq}, 2);
  CHECK(Ids(third) == std::vector<std::string>{Id(5)});
  CHECK_FALSE(third.more_after);
  const FootprintPage last = store.List({}, {PagePosition::Kind::kLast, 0}, 2);
  CHECK(Ids(last) == std::vector<std::string>{Id(4), Id(5)});
  CHECK(last.more_before);
  const FootprintPage previous = store.List({}, {PagePosition::Kind::kBefore, last.first_seq}, 2);
  CHECK(Ids(previous) == std::vector<std::string>{Id(2), Id(3)});
}

TEST_CASE("store: a new version of a product names its predecessors and deprecates them, in one transaction") {
  TempDir dir;
  FootprintStore store((dir / "s.sqlite").string(), FootprintStore::Access::kReadWrite);
  store.Publish(Footprint(1, "urn:p:x", "urn:c:a", 2024), "v1");
  const PublishOutcome second = store.Publish(Footprint(2, "urn:p:x", "urn:c:a", 2025), "v2");
  CHECK(second.deprecated == std::vector<std::string>{Id(1)});
  const PublishOutcome third = store.Publish(Footprint(3, "urn:p:x", "urn:c:a", 2026), "v3");
  CHECK(third.deprecated == std::vector<std::string>{Id(2)});  // v1 was deprecated already
  const auto v3 = nlohmann::json::parse(store.Find(Id(3))->json);
  CHECK(v3["precedingPfIds"] == nlohmann::json{Id(1), Id(2)});
  CHECK(v3["status"] == "Active");
  CHECK(nlohmann::json::parse(store.Find(Id(1))->json)["status"] == "Deprecated");
  FootprintFilter deprecated;
  deprecated.status = "Deprecated";
  CHECK(Ids(store.List(deprecated, {}, 10)) == std::vector<std::string>{Id(1), Id(2)});
  CHECK(store.Publish(Footprint(3, "urn:p:x", "urn:c:a", 2026), "again").already_present);
  CHECK(store.Count() == 3);
}

TEST_CASE("store: a footprint that is not PACT v3 is refused, naming the input and field, and the store is unchanged") {
  TempDir dir;
  FootprintStore store((dir / "s.sqlite").string(), FootprintStore::Access::kReadWrite);
  auto v2 = nlohmann::json::parse(Footprint(1, "urn:p:1", "urn:c:a", 2024));
  v2["specVersion"] = "2.3.0";
  try {
    store.Publish(v2.dump(), "old.json");
    FAIL("a v2 footprint was accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kBadInput);
    CHECK(e.ToString() == "old.json: specVersion: the store holds PACT v3 footprints: specVersion must be 3.x.y");
  }
  auto no_products = nlohmann::json::parse(Footprint(1, "urn:p:1", "urn:c:a", 2024));
  no_products["productIds"] = nlohmann::json::array();
  try {
    store.Publish(no_products.dump(), "empty.json");
    FAIL("a footprint without productIds was accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kBadInput);
    CHECK(e.ToString() == "empty.json: productIds: must be a non-empty array of URNs");
  }
  CHECK(store.Count() == 0);
}

TEST_CASE("tokens: valid for their lifetime on the issuer's clock, unknown or expired ones name no client") {
  std::int64_t now = 1000;
  TokenIssuer tokens(60, [&now] { return now; });
  const std::string token = tokens.Issue("buyer");
  CHECK(token.size() == 64);
  CHECK(tokens.Issue("buyer") != token);  // random, not derived from the client
  CHECK(tokens.ClientOf(token) == "buyer");
  now += 59;
  CHECK(tokens.ClientOf(token) == "buyer");
  now += 1;  // issued at 1000 with a lifetime of 60: expired at 1060
  CHECK_FALSE(tokens.ClientOf(token));
  CHECK_FALSE(tokens.ClientOf("0000"));
  try {
    TokenIssuer never(0);
    FAIL("a lifetime of 0 was accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kBadInput);
    CHECK(e.message() == "a token lifetime must be at least 1 second");
  }
}

TEST_CASE("API: token, list with a Link header, get, 404, and a refused token, without a socket") {
  TempDir dir;
  FootprintStore writer((dir / "s.sqlite").string(), FootprintStore::Access::kReadWrite);
  for (int n = 1; n <= 3; ++n) writer.Publish(Footprint(n, fmt::format("urn:p:{}", n), n == 2 ? "urn:c:b" : "urn:c:a", 2024), "f");
  FootprintStore store((dir / "s.sqlite").string(), FootprintStore::Access::kReadOnly);
  std::vector<Client> clients;
  AddClient(clients, "buyer", "a-secret-of-16-bytes", {"urn:c:a"});
  CHECK(clients[0].secret_hash.rfind("$argon2id$", 0) == 0);
  std::int64_t now = 5000;
  TokenIssuer tokens(100, [&now] { return now; });
  PactApi api(store, clients, tokens, [&now] { return now; });

  HttpRequest auth{"POST", "/auth/token", {}, "h:1", "Basic YnV5ZXI6YS1zZWNyZXQtb2YtMTYtYnl0ZXM=",  // buyer:a-secret-of-16-bytes
                   "application/x-www-form-urlencoded", "grant_type=client_credentials"};
  const HttpResponse token = api.Handle(auth);
  REQUIRE(token.status == 200);
  const auto token_doc = nlohmann::json::parse(token.body);
  CHECK(token_doc["token_type"] == "Bearer");
  CHECK(token_doc["expires_in"] == 100);
  auth.authorization = "Basic YnV5ZXI6d3Jvbmc=";  // buyer:wrong
  const HttpResponse refused = api.Handle(auth);
  CHECK(refused.status == 400);
  CHECK(nlohmann::json::parse(refused.body) ==
        nlohmann::json{{"error", "invalid_client"}, {"error_description", "authentication failed: unknown client id or wrong secret"}});

  const std::string bearer = "Bearer " + token_doc["access_token"].get<std::string>();
  const HttpResponse list = api.Handle({"GET", "/3/footprints", {{"limit", "1"}}, "h:1", bearer, "", ""});
  CHECK(list.status == 200);
  CHECK(list.client == "buyer");
  CHECK(nlohmann::json::parse(list.body)["data"][0]["id"] == Id(1));  // grants: urn:c:a only (1 and 3)
  REQUIRE(list.headers.size() == 1);
  CHECK(list.headers[0].second == fmt::format("<https://h:1/3/footprints?limit=1>; rel=\"first\", "
                                              "<https://h:1/3/footprints?limit=1&page={}>; rel=\"next\", "
                                              "<https://h:1/3/footprints?limit=1&page={}>; rel=\"last\"",
                                              EncodeCursor({PagePosition::Kind::kAfter, 1}), EncodeCursor({PagePosition::Kind::kLast, 0})));
  const HttpResponse got = api.Handle({"GET", "/3/footprints/" + Id(3), {}, "h:1", bearer, "", ""});
  CHECK(got.status == 200);
  CHECK(nlohmann::json::parse(got.body)["data"]["id"] == Id(3));
  const HttpResponse forbidden = api.Handle({"GET", "/3/footprints/" + Id(2), {}, "h:1", bearer, "", ""});
  CHECK(forbidden.status == 403);
  CHECK(nlohmann::json::parse(forbidden.body) == nlohmann::json{{"code", "AccessDenied"}, {"message", "this client may not read this footprint"}});
  const HttpResponse missing = api.Handle({"GET", "/3/footprints/" + Id(9), {}, "h:1", bearer, "", ""});
  CHECK(missing.status == 404);
  CHECK(nlohmann::json::parse(missing.body) == nlohmann::json{{"code", "NotFound"}, {"message", "the requested footprint could not be found"}});
  now += 100;  // the token's lifetime is over
  const HttpResponse expired = api.Handle({"GET", "/3/footprints", {}, "h:1", bearer, "", ""});
  CHECK(expired.status == 400);
  CHECK(nlohmann::json::parse(expired.body) == nlohmann::json{{"code", "BadRequest"}, {"message", "the access token is invalid or has expired"}});
}

TEST_CASE("API: events are checked, recorded with their client once per source and id, and refused ones are not recorded") {
  TempDir dir;
  FootprintStore writer((dir / "s.sqlite").string(), FootprintStore::Access::kReadWrite);
  writer.Publish(Footprint(1, "urn:p:1", "urn:c:a", 2024), "f");
  FootprintStore store((dir / "s.sqlite").string(), FootprintStore::Access::kReadOnly);
  std::vector<Client> clients = {{"buyer", "$argon2id$unused", {}}};  // the token is issued directly: no secret needed
  TokenIssuer tokens(100);
  PactApi api(store, clients, tokens, [] { return std::int64_t{86400}; });
  const std::string bearer = "Bearer " + tokens.Issue("buyer");
  auto post = [&](const std::string& type, const nlohmann::json& data, const std::string& id) {
    const nlohmann::json event = {{"type", "org.wbcsd.pact.ProductFootprint." + type}, {"specversion", "1.0"}, {"id", id},
                                  {"source", "//buyer.example/3/events"}, {"time", "2025-03-05T17:31:00Z"}, {"data", data}};
    return api.Handle({"POST", "/3/events", {}, "h", bearer, "application/cloudevents+json; charset=utf-8", event.dump()});
  };
  const HttpResponse published = post("PublishedEvent.3", {{"pfIds", {Id(1)}}}, "e1");
  CHECK(published.status == 200);
  CHECK(published.body.empty());
  CHECK(post("PublishedEvent.3", {{"pfIds", {Id(1)}}}, "e1").status == 200);  // again: accepted, recorded once
  const HttpResponse rejected = post("RequestRejectedEvent.3", {{"requestEventId", "r1"}, {"error", {{"code", "NotFound"}}}}, "e2");
  CHECK(rejected.status == 400);
  CHECK(nlohmann::json::parse(rejected.body) ==
        nlohmann::json{{"code", "BadRequest"}, {"message", "data.error must be an Error object with code and message"}});
  const auto events = store.Events();
  REQUIRE(events.size() == 1);
  CHECK(events[0].client == "buyer");
  CHECK(events[0].type == "org.wbcsd.pact.ProductFootprint.PublishedEvent.3");
  CHECK(events[0].event_id == "e1");
  // "/3/footprints/" (with the slash the spec's own example has) is the list.
  const HttpResponse list = api.Handle({"GET", "/3/footprints/", {}, "h", bearer, "", ""});
  CHECK(list.status == 200);
  CHECK(nlohmann::json::parse(list.body)["data"].size() == 1);
}

TEST_CASE("clients: the file keeps hashes only, reads back, and refuses a weak secret or a second client with the same id") {
  TempDir dir;
  std::vector<Client> clients;
  AddClient(clients, "a", "secret-number-one-1", {});
  AddClient(clients, "b", "secret-number-two-22", {"urn:c:b"});
  const std::string text = FormatClients(clients);
  CHECK(text.find("secret-number") == std::string::npos);
  test::WriteText(dir / "clients.yaml", text);
  const std::vector<Client> back = ReadClients((dir / "clients.yaml").string());
  REQUIRE(back.size() == 2);
  CHECK(back[1].companies == std::vector<std::string>{"urn:c:b"});
  CHECK(Authenticate(back, "b", "secret-number-two-22"));
  CHECK_FALSE(Authenticate(back, "b", "secret-number-one-1"));
  try {
    AddClient(clients, "a", "another-long-secret", {});
    FAIL("a second client a was accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kBadInput);
    CHECK(e.message() == "client a already exists");
  }
  try {
    AddClient(clients, "c", "short", {});
    FAIL("a 5-byte secret was accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kBadInput);
    CHECK(e.message() == "a client secret must be at least 16 bytes long");
  }
  test::WriteText(dir / "plain.yaml", "pcf-clients: 1\nclients:\n  - id: x\n    secret_hash: hunter2\n");
  try {
    ReadClients((dir / "plain.yaml").string());
    FAIL("a plain secret was accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kBadInput);
    CHECK(e.ToString().find("plain.yaml:4:18: clients[0].secret_hash: must be an Argon2id hash") != std::string::npos);
  }
}

}  // namespace
}  // namespace pcf
