// Bearer tokens of the PACT host's OAuth 2 client-credentials flow: random, opaque, held in memory with
// their client and expiry (a restarted server issues new ones: clients authenticate again, as OAuth
// clients do when a token is refused).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace pcf {

class TokenIssuer {
 public:
  using Clock = std::function<std::int64_t()>;  // seconds since 1970
  // `lifetime_seconds` > 0. `clock`: the time source (tests pass their own); default the system clock.
  explicit TokenIssuer(std::int64_t lifetime_seconds, Clock clock = {});

  // A new token for `client_id` (64 hex digits from libsodium's random source).
  std::string Issue(const std::string& client_id);
  // The client a token was issued to, while it has not expired; nullopt for an unknown or expired token.
  std::optional<std::string> ClientOf(const std::string& token);
  std::int64_t lifetime_seconds() const { return lifetime_; }

 private:
  struct Grant {
    std::string client_id;
    std::int64_t expires = 0;
  };
  std::int64_t lifetime_;
  Clock clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, Grant> tokens_;
};

}  // namespace pcf
