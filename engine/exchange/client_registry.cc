#include "engine/exchange/client_registry.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "engine/core/error.h"
#include "engine/core/yaml_doc.h"

namespace pcf {

namespace {

constexpr const char* kFormat = "pcf-clients";

bool IsClientId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '~' || c == '-';
  });
}

bool IsUrn(const std::string& text) {
  if (text.size() < 5 || text.size() > 512) return false;
  std::string head = text.substr(0, 4);
  std::transform(head.begin(), head.end(), head.begin(), [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return head == "urn:" && std::none_of(text.begin(), text.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)) || c == '"'; });
}

void InitSodium() {
  if (sodium_init() < 0) throw Error(ErrorKind::kIo, "libsodium could not be initialised");
}

// A YAML double-quoted scalar (ids, URNs and hashes hold no control characters: checked on the way in).
std::string Quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::vector<Client> ReadClients(const std::string& path) {
  const YamlDoc doc(path);
  const YAML::Node& root = doc.root();
  if (!root.IsMap()) throw Error(ErrorKind::kBadInput, "a clients file is a mapping with `pcf-clients: 1` and `clients:`", doc.At(root, ""));
  doc.CheckKeys(root, {kFormat, "clients"}, "");
  if (doc.Integer(root, kFormat, kFormat, 1, 1) != 1) throw Error(ErrorKind::kBadInput, "must be 1", doc.At(root[kFormat], kFormat));
  std::vector<Client> clients;
  const YAML::Node list = root["clients"];
  if (!list || list.IsNull()) return clients;
  if (!list.IsSequence()) throw Error(ErrorKind::kBadInput, "must be a list of clients", doc.At(list, "clients"));
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node entry = list[i];
    const std::string field = fmt::format("clients[{}]", i);
    if (!entry.IsMap()) throw Error(ErrorKind::kBadInput, "must be a mapping with id, secret_hash and companies", doc.At(entry, field));
    doc.CheckKeys(entry, {"id", "secret_hash", "companies"}, field);
    Client client;
    client.id = doc.Text(entry, "id", YamlDoc::Join(field, "id"), true);
    if (!IsClientId(client.id))
      throw Error(ErrorKind::kBadInput, "must be 1-64 letters, digits or . _ ~ -", doc.At(entry["id"], YamlDoc::Join(field, "id")));
    for (const Client& other : clients)
      if (other.id == client.id)
        throw Error(ErrorKind::kBadInput, fmt::format("client {} is listed twice", client.id), doc.At(entry["id"], YamlDoc::Join(field, "id")));
    client.secret_hash = doc.Text(entry, "secret_hash", YamlDoc::Join(field, "secret_hash"), true);
    if (client.secret_hash.rfind("$argon2id$", 0) != 0 || client.secret_hash.size() >= crypto_pwhash_STRBYTES)
      throw Error(ErrorKind::kBadInput, "must be an Argon2id hash made by `pcf clients add` (never a plain secret)",
                  doc.At(entry["secret_hash"], YamlDoc::Join(field, "secret_hash")));
    if (const YAML::Node companies = entry["companies"]; companies && !companies.IsNull()) {
      const std::string companies_field = YamlDoc::Join(field, "companies");
      if (!companies.IsSequence()) throw Error(ErrorKind::kBadInput, "must be a list of company URNs", doc.At(companies, companies_field));
      for (std::size_t j = 0; j < companies.size(); ++j) {
        const std::string company_field = fmt::format("{}[{}]", companies_field, j);
        const std::string urn = doc.Scalar(companies[j], company_field);
        if (!IsUrn(urn)) throw Error(ErrorKind::kBadInput, "must be a URN (urn:…)", doc.At(companies[j], company_field));
        client.companies.push_back(urn);
      }
    }
    clients.push_back(std::move(client));
  }
  return clients;
}

std::string FormatClients(const std::vector<Client>& clients) {
  std::string out =
      "# Clients of `pcf serve` (docs/pact-host.md), written by `pcf clients add`. Secrets are stored only as\n"
      "# Argon2id hashes; companies: the company URNs whose footprints the client may read ([] = all).\n"
      "pcf-clients: 1\nclients:\n";
  if (clients.empty()) return out.substr(0, out.size() - 1) + " []\n";
  for (const Client& client : clients) {
    out += "  - id: " + Quoted(client.id) + "\n";
    out += "    secret_hash: " + Quoted(client.secret_hash) + "\n";
    out += "    companies: [";
    for (std::size_t i = 0; i < client.companies.size(); ++i) out += (i ? ", " : "") + Quoted(client.companies[i]);
    out += "]\n";
  }
  return out;
}

std::string HashClientSecret(const std::string& secret) {
  if (secret.size() < 16) throw Error(ErrorKind::kBadInput, "a client secret must be at least 16 bytes long");
  InitSodium();
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, secret.data(), secret.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw Error(ErrorKind::kIo, "out of memory while hashing the client secret");
  return hash;
}

void AddClient(std::vector<Client>& clients, const std::string& id, const std::string& secret,
               const std::vector<std::string>& companies) {
  if (!IsClientId(id)) throw Error(ErrorKind::kBadInput, fmt::format("client id \"{}\" must be 1-64 letters, digits or . _ ~ -", id));
  for (const Client& client : clients)
    if (client.id == id) throw Error(ErrorKind::kBadInput, fmt::format("client {} already exists", id));
  for (const std::string& company : companies)
    if (!IsUrn(company)) throw Error(ErrorKind::kBadInput, fmt::format("company id \"{}\" must be a URN (urn:…)", company));
  clients.push_back({id, HashClientSecret(secret), companies});
}

std::optional<Client> Authenticate(const std::vector<Client>& clients, const std::string& id, const std::string& secret) {
  InitSodium();
  for (const Client& client : clients)
    if (client.id == id) {
      if (crypto_pwhash_str_verify(client.secret_hash.c_str(), secret.data(), secret.size()) == 0) return client;
      return std::nullopt;
    }
  return std::nullopt;
}

}  // namespace pcf
