#include "engine/certify/key_text.h"

#include <sodium.h>

#include "engine/core/error.h"

namespace pcf {

void InitSodium() {
  if (sodium_init() < 0) throw Error(ErrorKind::kIo, "cannot initialise libsodium (no system source of randomness?)");
}

std::string ToBase64(const unsigned char* data, std::size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

bool FromBase64(std::string_view text, std::vector<unsigned char>* out) {
  out->assign(text.size(), 0);
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out->data(), out->size(), text.data(), text.size(), nullptr, &length, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 || end != text.data() + text.size())
    return false;
  out->resize(length);
  return ToBase64(out->data(), out->size()) == text;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

}  // namespace pcf
