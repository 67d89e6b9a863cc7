// The query string of ListFootprints (PACT v3 "Filtering" and "Pagination"): filters, limit and the
// opaque page cursor, and the Link header that points at the other pages.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/exchange/footprint_store.h"

namespace pcf {

using QueryParams = std::vector<std::pair<std::string, std::string>>;  // in request order, decoded

inline constexpr std::size_t kDefaultPageSize = 100;
inline constexpr std::size_t kMaxPageSize = 1000;

struct ListQuery {
  FootprintFilter filter;       // without the grants (the caller adds them)
  PagePosition position;        // from the `page` cursor; kFirst without one
  std::size_t limit = kDefaultPageSize;
  QueryParams criteria;         // the filter parameters as given, repeated in every page link
};

// Parameter names match case-insensitively (productid = productId); several values of one filter are
// ORed, different filters ANDed; `x-…` parameters (host extensions) and unknown ones are ignored.
// Returns the query, or the message of a 400 BadRequest: a timestamp that is not RFC 3339, a status other
// than Active/Deprecated, a limit that is not a whole number from 1, a cursor this host did not write.
// A limit above kMaxPageSize is lowered to it (PACT lets a host return fewer).
std::pair<std::optional<ListQuery>, std::string> ParseListQuery(const QueryParams& params);

// The opaque cursor of a page position (base64url) and back; nullopt for a cursor this host did not write.
std::string EncodeCursor(const PagePosition& position);
std::optional<PagePosition> DecodeCursor(const std::string& cursor);

// RFC 8288 Link header of a page: first and last always, prev and next when there are footprints before /
// after it; absolute https URLs on `host` (the request's Host header).
std::string PageLinks(const std::string& host, const ListQuery& query, const FootprintPage& page);

}  // namespace pcf
