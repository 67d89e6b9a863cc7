// SHA-256 block compression on the x86 SHA extensions (SHA-NI). Internal to sha256.cc.
#pragma once

#include <cstddef>
#include <cstdint>

namespace pcf {

// True when the processor can run Sha256CompressHardware (SHA, SSSE3 and SSE4.1; read with cpuid).
bool Sha256HardwareSupported();

// Compresses `blocks` 64-byte blocks of `data` into `state` (H0..H7 of FIPS 180-4).
void Sha256CompressHardware(std::uint32_t state[8], const unsigned char* data, std::size_t blocks);

}  // namespace pcf
