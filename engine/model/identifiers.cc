#include "engine/model/identifiers.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "engine/core/error.h"

namespace pcf {

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return s;
}
std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); });
  return s;
}
bool AllDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
[[noreturn]] void Bad(const std::string& message) { throw Error(ErrorKind::kBadInput, message); }

// GS1 mod-10: from the right, the digits before the check digit weigh 3, 1, 3, …
void CheckGtin(const std::string& digits) {
  if (!AllDigits(digits) || (digits.size() != 8 && digits.size() != 12 && digits.size() != 13 && digits.size() != 14))
    Bad(fmt::format("GTIN \"{}\" must be 8, 12, 13 or 14 digits", digits));
  int sum = 0;
  for (std::size_t k = 0; k + 1 < digits.size(); ++k) {
    const int weight = (digits.size() - 1 - k) % 2 == 1 ? 3 : 1;
    sum += weight * (digits[k] - '0');
  }
  const int check = (10 - sum % 10) % 10;
  if (digits.back() - '0' != check)
    Bad(fmt::format("GTIN \"{}\" has check digit {}, expected {}", digits, digits.back(), check));
}

// ISO 17442: 18 alphanumerics and 2 check digits; letters count A=10 … Z=35; the number mod 97 is 1.
void CheckLei(const std::string& lei) {
  if (lei.size() != 20 || !std::all_of(lei.begin(), lei.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'A' && c <= 'Z'); }))
    Bad(fmt::format("LEI \"{}\" must be 20 letters and digits", lei));
  int rest = 0;
  for (const char c : lei) {
    const int v = c <= '9' ? c - '0' : c - 'A' + 10;
    rest = v >= 10 ? (rest * 100 + v) % 97 : (rest * 10 + v) % 97;
  }
  if (rest != 1) Bad(fmt::format("LEI \"{}\" fails its ISO 7064 check digits", lei));
}

// GB 32100-2015: 17 characters of "0-9 A-H J-N P-R T U W-Y" weighted 3^i mod 31, and a check character.
void CheckUscc(const std::string& code) {
  static const std::string kChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  if (code.size() != 18) Bad(fmt::format("unified social credit code \"{}\" must be 18 characters", code));
  int sum = 0, weight = 1;
  for (std::size_t k = 0; k < 17; ++k) {
    const std::size_t v = kChars.find(code[k]);
    if (v == std::string::npos)
      Bad(fmt::format("unified social credit code \"{}\": '{}' is not one of {}", code, code[k], kChars));
    sum += static_cast<int>(v) * weight;
    weight = weight * 3 % 31;
  }
  const int check = (31 - sum % 31) % 31;
  if (code[17] != kChars[static_cast<std::size_t>(check)])
    Bad(fmt::format("unified social credit code \"{}\" has check character {}, expected {}", code, code[17],
                    kChars[static_cast<std::size_t>(check)]));
}

}  // namespace

bool IsUuid(const std::string& text) {
  if (text.size() != 36) return false;
  for (std::size_t k = 0; k < text.size(); ++k) {
    const bool dash = k == 8 || k == 13 || k == 18 || k == 23;
    if (dash ? text[k] != '-' : !std::isxdigit(static_cast<unsigned char>(text[k]))) return false;
  }
  return true;
}

std::string NormalizeUrn(const std::string& input) {
  std::string text = input;
  for (const char* shorthand : {"gtin:", "lei:", "uscc:"})
    if (Lower(text.substr(0, std::string(shorthand).size())) == shorthand) text = "urn:" + text;
  if (Lower(text.substr(0, 4)) != "urn:")
    Bad(fmt::format("\"{}\" is not a URN: write urn:NAMESPACE:ID (e.g. urn:uscc:…, urn:lei:…, urn:gtin:…, urn:uuid:…)", input));
  const std::size_t colon = text.find(':', 4);
  const std::string nid = colon == std::string::npos ? text.substr(4) : text.substr(4, colon - 4);
  std::string nss = colon == std::string::npos ? "" : text.substr(colon + 1);
  const bool nid_ok = nid.size() >= 2 && nid.size() <= 32 && nid.front() != '-' && nid.back() != '-' &&
                      std::all_of(nid.begin(), nid.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; });
  if (!nid_ok || nss.empty())
    Bad(fmt::format("\"{}\" is not a URN (RFC 8141): urn:NAMESPACE:ID with a namespace of 2–32 letters, digits or '-'", input));
  if (!std::all_of(nss.begin(), nss.end(), [](char c) { return c > ' ' && c < 127; }))
    Bad(fmt::format("URN \"{}\" may hold printable ASCII without blanks only (percent-encode the rest)", input));
  const std::string ns = Lower(nid);
  if (ns == "uuid" && !IsUuid(nss)) Bad(fmt::format("\"{}\" is not a UUID (8-4-4-4-12 hexadecimal digits)", nss));
  if (ns == "gtin") CheckGtin(nss);
  if (ns == "lei") CheckLei(nss = Upper(nss));
  if (ns == "uscc") CheckUscc(nss = Upper(nss));
  return "urn:" + nid + ":" + nss;
}

}  // namespace pcf
