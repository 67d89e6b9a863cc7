#include "engine/core/sha256.h"

#include "engine/core/error.h"

namespace pcf {

Sha256::Sha256() {
  if (sodium_init() < 0) throw Error(ErrorKind::kUnsupported, "libsodium could not be initialised");
  crypto_hash_sha256_init(&state_);
}

void Sha256::Update(const void* data, std::size_t size) {
  crypto_hash_sha256_update(&state_, static_cast<const unsigned char*>(data), size);
}

std::string Sha256::HexDigest() {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state_, digest);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : digest) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

std::string Sha256Hex(std::string_view bytes) {
  Sha256 hash;
  hash.Update(bytes);
  return hash.HexDigest();
}

}  // namespace pcf
