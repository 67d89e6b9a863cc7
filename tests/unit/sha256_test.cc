// SHA-256 on the processor's SHA extensions and through libsodium: the published test vectors, and the two
// paths compared on every message length up to three blocks, fed whole and in two parts at every split.
#include <doctest/doctest.h>

#include <string>

#include "engine/core/sha256.h"

namespace pcf {
namespace {

// Runs `check` on the hardware path (where the processor has it) and on the portable one.
template <typename Check>
void OnBothPaths(Check check) {
  if (Sha256::HardwareAvailable()) {
    check();
  } else {
    MESSAGE("this processor has no SHA extensions: only the portable path is tested");
  }
  Sha256::ForcePortableForTesting(true);
  check();
  Sha256::ForcePortableForTesting(false);
}

// A message whose bytes are not all alike, so a block or word out of order changes the digest.
std::string Message(std::size_t size) {
  std::string m(size, '\0');
  for (std::size_t i = 0; i < size; ++i) m[i] = static_cast<char>((i * 131 + 7) % 251);
  return m;
}

TEST_CASE("sha256: the FIPS 180-2 and NIST examples on both paths") {
  OnBothPaths([] {
    CHECK(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(Sha256Hex(std::string(1000000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  });
}

TEST_CASE("sha256: the hardware path gives libsodium's digest for every length and every split") {
  if (!Sha256::HardwareAvailable()) {
    MESSAGE("this processor has no SHA extensions: nothing to compare");
    return;
  }
  for (std::size_t size = 0; size <= 3 * 64 + 1; ++size) {
    const std::string message = Message(size);
    Sha256::ForcePortableForTesting(true);
    const std::string expected = Sha256Hex(message);
    Sha256::ForcePortableForTesting(false);
    CAPTURE(size);
    CHECK(Sha256Hex(message) == expected);
    for (std::size_t split = 0; split <= size; split += (size > 70 ? 7 : 1)) {
      Sha256 hash;
      hash.Update(message.data(), split);
      hash.Update(message.data() + split, size - split);
      CAPTURE(split);
      CHECK(hash.HexDigest() == expected);
    }
  }
}

}  // namespace
}  // namespace pcf
