#include "engine/exchange/footprint_query.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "engine/exchange/timestamps.h"

namespace pcf {

namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return text;
}

std::string PercentEncode(const std::string& text) {
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~' || c == ':') out += c;
    else out += fmt::format("%{:02X}", static_cast<unsigned>(u));
  }
  return out;
}

constexpr const char* kCursorPrefix = "pcf1";

}  // namespace

std::string EncodeCursor(const PagePosition& position) {
  const char kind = position.kind == PagePosition::Kind::kAfter ? 'a' : position.kind == PagePosition::Kind::kBefore ? 'b'
                    : position.kind == PagePosition::Kind::kLast ? 'l' : 'f';
  const std::string raw = fmt::format("{}.{}.{}", kCursorPrefix, kind, position.seq);
  std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::optional<PagePosition> DecodeCursor(const std::string& cursor) {
  if (cursor.empty() || cursor.size() > 64) return std::nullopt;
  unsigned char raw[64];
  std::size_t size = 0;
  if (sodium_base642bin(raw, sizeof raw, cursor.data(), cursor.size(), nullptr, &size, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return std::nullopt;
  const std::string text(reinterpret_cast<const char*>(raw), size);
  if (text.size() < 8 || text.rfind(std::string(kCursorPrefix) + ".", 0) != 0 || text[6] != '.') return std::nullopt;
  PagePosition position;
  switch (text[5]) {
    case 'a': position.kind = PagePosition::Kind::kAfter; break;
    case 'b': position.kind = PagePosition::Kind::kBefore; break;
    case 'l': position.kind = PagePosition::Kind::kLast; break;
    case 'f': position.kind = PagePosition::Kind::kFirst; break;
    default: return std::nullopt;
  }
  const char* begin = text.data() + 7;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(begin, end, position.seq);
  if (ec != std::errc() || ptr != end || position.seq < 0) return std::nullopt;
  return position;
}

std::pair<std::optional<ListQuery>, std::string> ParseListQuery(const QueryParams& params) {
  ListQuery query;
  auto timestamp = [&](const std::string& name, const std::string& value, std::optional<std::string>& into) -> std::string {
    const auto normalized = NormalizeTimestamp(value);
    if (!normalized) return fmt::format("{} must be an RFC 3339 date-time (e.g. 2025-04-01T00:00:00Z), not \"{}\"", name, value);
    if (into && *into != *normalized) return fmt::format("{} is given twice with different values", name);
    into = normalized;
    return "";
  };
  for (const auto& [raw_name, value] : params) {
    const std::string name = Lower(raw_name);
    std::string error;
    bool criterion = true;
    if (name == "productid") query.filter.product_ids.push_back(Lower(value));
    else if (name == "companyid") query.filter.company_ids.push_back(Lower(value));
    else if (name == "geography") query.filter.geographies.push_back(Lower(value));
    else if (name == "classification") query.filter.classifications.push_back(Lower(value));
    else if (name == "validon") error = timestamp("validOn", value, query.filter.valid_on);
    else if (name == "validafter") error = timestamp("validAfter", value, query.filter.valid_after);
    else if (name == "validbefore") error = timestamp("validBefore", value, query.filter.valid_before);
    else if (name == "status") {
      const std::string status = Lower(value);
      if (status != "active" && status != "deprecated") error = fmt::format("status must be Active or Deprecated, not \"{}\"", value);
      else query.filter.status = status == "active" ? "Active" : "Deprecated";
    } else if (name == "limit") {
      criterion = false;
      std::size_t limit = 0;
      const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), limit);
      if (value.empty() || ptr != value.data() + value.size() || (ec != std::errc() && ec != std::errc::result_out_of_range) || (ec == std::errc() && limit == 0))
        error = fmt::format("limit must be a whole number from 1, not \"{}\"", value);
      else query.limit = ec == std::errc::result_out_of_range ? kMaxPageSize : std::min(limit, kMaxPageSize);
    } else if (name == "page") {
      criterion = false;
      const auto position = DecodeCursor(value);
      if (!position) error = "the page cursor is not one this host wrote: follow the Link header's URLs as they are";
      else query.position = *position;
    } else {
      criterion = false;  // x-… extensions and unknown parameters
    }
    if (!error.empty()) return {std::nullopt, error};
    if (criterion) query.criteria.emplace_back(raw_name, value);
  }
  return {query, ""};
}

std::string PageLinks(const std::string& host, const ListQuery& query, const FootprintPage& page) {
  std::string base = "https://" + host + "/3/footprints?";
  for (const auto& [name, value] : query.criteria) base += PercentEncode(name) + "=" + PercentEncode(value) + "&";
  base += fmt::format("limit={}", query.limit);
  auto link = [&](const PagePosition& position, const char* rel) {
    return fmt::format("<{}&page={}>; rel=\"{}\"", base, EncodeCursor(position), rel);
  };
  std::vector<std::string> links;
  links.push_back(fmt::format("<{}>; rel=\"first\"", base));
  if (page.more_before) links.push_back(link({PagePosition::Kind::kBefore, page.first_seq}, "prev"));
  if (page.more_after) links.push_back(link({PagePosition::Kind::kAfter, page.last_seq}, "next"));
  links.push_back(link({PagePosition::Kind::kLast, 0}, "last"));
  std::string header;
  for (const auto& l : links) header += (header.empty() ? "" : ", ") + l;
  return header;
}

}  // namespace pcf
