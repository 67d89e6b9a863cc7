// SHA-256 through libsodium (a well-kept library; pcf also uses it for Ed25519 signatures).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <sodium.h>

namespace pcf {

class Sha256 {
 public:
  Sha256();
  void Update(const void* data, std::size_t size);
  void Update(std::string_view text) { Update(text.data(), text.size()); }
  // Lower-case hex digest. The object must not be used afterwards.
  std::string HexDigest();

 private:
  crypto_hash_sha256_state state_;
};

std::string Sha256Hex(std::string_view bytes);

}  // namespace pcf
