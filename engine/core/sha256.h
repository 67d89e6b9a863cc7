// SHA-256. On x86-64 processors with the SHA extensions (Intel since Goldmont and Ice Lake, AMD since Zen)
// the compression runs on them, about 5 times faster than libsodium's portable code: the database's
// content hash is checked on every load, and was a third of a small calculation's time (bench/RESULTS.md,
// cold start). Elsewhere libsodium does the work (a well-kept library; pcf also uses it for Ed25519).
// Both give the same digest; tests compare them on every length and split.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
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

  // Whether this processor has the SHA extensions (then they are used). Tests force the portable path.
  static bool HardwareAvailable();
  static void ForcePortableForTesting(bool portable);

 private:
  bool hardware_;
  crypto_hash_sha256_state sodium_;             // portable path
  std::array<std::uint32_t, 8> state_{};        // hardware path: chaining value,
  std::array<unsigned char, 64> pending_{};     // bytes not yet a whole block,
  std::size_t pending_size_ = 0;
  std::uint64_t total_bytes_ = 0;               // and the message length
};

std::string Sha256Hex(std::string_view bytes);

}  // namespace pcf
