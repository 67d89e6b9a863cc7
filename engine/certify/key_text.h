// Text forms shared by the key and certificate files: libsodium start-up, canonical base64 and the
// line split of a key file. One copy, so a certificate and an encrypted key read the same spelling.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pcf {

// Throws Error(kIo) when libsodium cannot start (no source of randomness).
void InitSodium();

// Standard base64 with padding.
std::string ToBase64(const unsigned char* data, std::size_t size);

// Decodes standard base64 (with padding). Only the canonical spelling is accepted (re-encoding gives the
// same text), so no two texts decode to the same bytes. False when `text` is not such base64.
bool FromBase64(std::string_view text, std::vector<unsigned char>* out);

// The lines of `text` without their "\n" or "\r\n"; no empty last line for a final newline.
std::vector<std::string> SplitLines(const std::string& text);

}  // namespace pcf
