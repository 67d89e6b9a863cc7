// Counter-based random numbers for Monte Carlo (docs/uncertainty.md): draw k of an uncertain value is a
// pure function of (seed, the value's identity, k), so results do not depend on the number of threads,
// the order draws are computed in, or the order of lines in a file. No generator state is carried.
#pragma once

#include <cstdint>
#include <string_view>

namespace pcf {

// SplitMix64's finalizer (Steele, Lea, Flood 2014): a bijective mix of 64 bits.
std::uint64_t MixBits(std::uint64_t z);

// The stream of an identity string (FNV-1a 64, then mixed): stable across runs, machines and builds.
std::uint64_t StreamId(std::string_view identity);

// Uniform in (0, 1), never 0 or 1: the `slot`-th uniform of draw `k` of stream `stream` under `seed`.
double StreamUniform(std::uint64_t seed, std::uint64_t stream, std::uint64_t k, std::uint64_t slot);

// A standard normal deviate of draw k (Box–Muller over slots 0 and 1).
double StreamNormal(std::uint64_t seed, std::uint64_t stream, std::uint64_t k);

}  // namespace pcf
