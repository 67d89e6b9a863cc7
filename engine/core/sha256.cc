#include "engine/core/sha256.h"

#include <algorithm>
#include <atomic>
#include <cstring>

#include "engine/core/error.h"
#include "engine/core/sha256_hardware.h"

namespace pcf {

namespace {

std::atomic<bool> force_portable{false};  // tests only

// FIPS 180-4, 5.3.3: the initial hash value.
constexpr std::array<std::uint32_t, 8> kInitialState = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

}  // namespace

bool Sha256::HardwareAvailable() {
  static const bool available = Sha256HardwareSupported();
  return available;
}

void Sha256::ForcePortableForTesting(bool portable) { force_portable = portable; }

Sha256::Sha256() : hardware_(HardwareAvailable() && !force_portable) {
  if (hardware_) {
    state_ = kInitialState;
    return;
  }
  if (sodium_init() < 0) throw Error(ErrorKind::kUnsupported, "libsodium could not be initialised");
  crypto_hash_sha256_init(&sodium_);
}

void Sha256::Update(const void* data, std::size_t size) {
  if (size == 0) return;
  const auto* bytes = static_cast<const unsigned char*>(data);
  if (!hardware_) {
    crypto_hash_sha256_update(&sodium_, bytes, size);
    return;
  }
  total_bytes_ += size;
  if (pending_size_ > 0) {
    const std::size_t taken = std::min(size, pending_.size() - pending_size_);
    std::memcpy(pending_.data() + pending_size_, bytes, taken);
    pending_size_ += taken;
    bytes += taken;
    size -= taken;
    if (pending_size_ < pending_.size()) return;
    Sha256CompressHardware(state_.data(), pending_.data(), 1);
    pending_size_ = 0;
  }
  const std::size_t whole_blocks = size / 64;
  if (whole_blocks > 0) Sha256CompressHardware(state_.data(), bytes, whole_blocks);
  bytes += whole_blocks * 64;
  size -= whole_blocks * 64;
  if (size > 0) std::memcpy(pending_.data(), bytes, size);
  pending_size_ = size;
}

std::string Sha256::HexDigest() {
  unsigned char digest[crypto_hash_sha256_BYTES];
  if (hardware_) {
    // FIPS 180-4, 5.1.1: a 1 bit, zeros, and the message length in bits as a big-endian 64-bit number.
    unsigned char tail[128] = {};
    std::memcpy(tail, pending_.data(), pending_size_);
    tail[pending_size_] = 0x80;
    const std::size_t tail_size = pending_size_ + 1 + 8 <= 64 ? 64 : 128;
    const std::uint64_t bits = total_bytes_ * 8;
    for (int i = 0; i < 8; ++i) tail[tail_size - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
    Sha256CompressHardware(state_.data(), tail, tail_size / 64);
    for (int i = 0; i < 8; ++i)
      for (int b = 0; b < 4; ++b) digest[4 * i + b] = static_cast<unsigned char>(state_[i] >> (24 - 8 * b));
  } else {
    crypto_hash_sha256_final(&sodium_, digest);
  }
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
