#include "engine/core/limits.h"

#include <charconv>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "engine/core/closest_id.h"
#include "engine/core/error.h"
#include "engine/core/numbers.h"

namespace pcf {

namespace {

struct Key {
  const char* name;
  std::uint64_t Limits::*member;
  bool size;  // a file size: K, M and G suffixes allowed
};

const Key kKeys[] = {
    {"product_file_size", &Limits::product_file_size, true},
    {"supplier_file_size", &Limits::supplier_file_size, true},
    {"list_file_size", &Limits::list_file_size, true},
    {"processes", &Limits::processes, false},
    {"parameters", &Limits::parameters, false},
    {"exchanges", &Limits::exchanges, false},
    {"id_length", &Limits::id_length, false},
    {"formula_length", &Limits::formula_length, false},
    {"yaml_depth", &Limits::yaml_depth, false},
    {"yaml_alias_nodes", &Limits::yaml_alias_nodes, false},
    {"zip_members", &Limits::zip_members, false},
    {"zip_size", &Limits::zip_size, true},
    {"zip_member_size", &Limits::zip_member_size, true},
    {"zip_ratio", &Limits::zip_ratio, false},
};

[[noreturn]] void BadValue(std::string_view key, std::string_view value, const char* why) {
  throw Error(ErrorKind::kUsage, fmt::format("--limits {}={}: {}", key, value, why));
}

std::uint64_t ParseValue(const Key& key, std::string_view value) {
  std::string_view digits = value;
  unsigned shift = 0;
  if (key.size && !digits.empty()) {
    const char suffix = digits.back();
    shift = suffix == 'K' || suffix == 'k' ? 10 : suffix == 'M' ? 20 : suffix == 'G' ? 30 : 0;
    if (shift) digits.remove_suffix(1);
  }
  std::uint64_t number = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
    BadValue(key.name, value, key.size ? "expected a whole number of bytes, optionally with K, M or G (16M)" : "expected a whole number");
  if (number == 0) BadValue(key.name, value, "must be at least 1");
  if (number > (UINT64_MAX >> shift)) BadValue(key.name, value, "too large");
  return number << shift;
}

}  // namespace

const std::vector<std::string>& LimitKeys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> out;
    for (const Key& k : kKeys) out.push_back(k.name);
    return out;
  }();
  return keys;
}

void ApplyLimits(std::string_view text, Limits* limits) {
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view item = Trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    const std::size_t equals = item.find('=');
    if (equals == std::string_view::npos)
      throw Error(ErrorKind::kUsage, fmt::format("--limits \"{}\": expected KEY=VALUE (keys: {})", item, fmt::join(LimitKeys(), ", ")));
    const std::string name(Trim(item.substr(0, equals)));
    const std::string_view value = Trim(item.substr(equals + 1));
    const Key* key = nullptr;
    for (const Key& k : kKeys)
      if (name == k.name) key = &k;
    if (!key)
      throw Error(ErrorKind::kUsage, fmt::format("--limits: unknown key \"{}\"{} (keys: {})", name, DidYouMean(name, LimitKeys()),
                                                 fmt::join(LimitKeys(), ", ")));
    limits->*(key->member) = ParseValue(*key, value);
  }
}

std::string RaiseHint(std::string_view key) { return fmt::format("raise it with --limits {}=N", key); }

}  // namespace pcf
