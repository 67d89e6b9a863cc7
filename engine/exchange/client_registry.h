// The clients of the PACT host (CLIENTS.yaml, docs/pact-host.md): each has an id, a secret stored only as
// an Argon2id hash (libsodium crypto_pwhash_str) and the companies whose footprints it may read.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace pcf {

struct Client {
  std::string id;
  std::string secret_hash;              // crypto_pwhash_str output ("$argon2id$…")
  std::vector<std::string> companies;   // company URNs it may read; empty: every company
};

// Throws Error(kNotFound) for a missing file, Error(kBadInput) naming file, line and field otherwise.
std::vector<Client> ReadClients(const std::string& path);

// CLIENTS.yaml text of `clients` (the format ReadClients reads).
std::string FormatClients(const std::vector<Client>& clients);

// The Argon2id hash of a secret. Throws Error(kBadInput) for a secret shorter than 16 bytes.
std::string HashClientSecret(const std::string& secret);

// Adds a client to `clients`. Throws Error(kBadInput) for an id that is not 1–64 of [A-Za-z0-9._~-] or
// one already there, for a company id that is not a URN, and for a weak secret.
void AddClient(std::vector<Client>& clients, const std::string& id, const std::string& secret,
               const std::vector<std::string>& companies);

// The client whose id and secret these are (HTTP Basic credentials), or nullopt (unknown id or wrong
// secret; the Argon2id check takes ~0.1 s, which also slows down guessing).
std::optional<Client> Authenticate(const std::vector<Client>& clients, const std::string& id, const std::string& secret);

}  // namespace pcf
