#include "engine/exchange/token_issuer.h"

#include <sodium.h>

#include "engine/core/error.h"

namespace pcf {

TokenIssuer::TokenIssuer(std::int64_t lifetime_seconds, Clock clock) : lifetime_(lifetime_seconds), clock_(std::move(clock)) {
  if (lifetime_ <= 0) throw Error(ErrorKind::kBadInput, "a token lifetime must be at least 1 second");
  if (!clock_)
    clock_ = [] {
      return static_cast<std::int64_t>(
          std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
    };
  if (sodium_init() < 0) throw Error(ErrorKind::kIo, "libsodium could not be initialised");
}

std::string TokenIssuer::Issue(const std::string& client_id) {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char hex[2 * sizeof bytes + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  const std::int64_t now = clock_();
  std::lock_guard lock(mutex_);
  for (auto it = tokens_.begin(); it != tokens_.end();)  // forget expired tokens, so memory stays bounded
    it = it->second.expires <= now ? tokens_.erase(it) : std::next(it);
  tokens_[hex] = {client_id, now + lifetime_};
  return hex;
}

std::optional<std::string> TokenIssuer::ClientOf(const std::string& token) {
  const std::int64_t now = clock_();
  std::lock_guard lock(mutex_);
  const auto it = tokens_.find(token);
  if (it == tokens_.end() || it->second.expires <= now) return std::nullopt;
  return it->second.client_id;
}

}  // namespace pcf
