#include "engine/core/random_stream.h"

#include <cmath>

namespace pcf {

std::uint64_t MixBits(std::uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t StreamId(std::string_view identity) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : identity) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return MixBits(h);
}

double StreamUniform(std::uint64_t seed, std::uint64_t stream, std::uint64_t k, std::uint64_t slot) {
  // Each input passes through the mix before the next is combined, so nearby seeds, streams and
  // counters give unrelated bits.
  const std::uint64_t bits = MixBits(MixBits(MixBits(seed) ^ stream) ^ (k * 4 + slot));
  return (static_cast<double>(bits >> 11) + 0.5) * 0x1.0p-53;  // 53 bits, centred: in (0, 1)
}

double StreamNormal(std::uint64_t seed, std::uint64_t stream, std::uint64_t k) {
  const double u1 = StreamUniform(seed, stream, k, 0), u2 = StreamUniform(seed, stream, k, 1);
  return std::sqrt(-2 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

}  // namespace pcf
