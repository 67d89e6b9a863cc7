// How deeply lists and mappings nest in a YAML text, found by a scan of the raw text BEFORE yaml-cpp
// parses it: yaml-cpp recurses once per level (and stops only at 2000 levels, deep into the stack of a
// batch worker thread), so `[[[[…]]]]` 100,000 deep must never reach it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace pcf {

// Throws Error(kBadInput) at file:line:column where the nesting first gets deeper than `max_depth` (the
// --limits key yaml_depth). Depth counts open flow brackets ([ and {) plus block levels (each deeper
// indentation and each "- " or "? " entry that starts a nested node on the same line). Quoted scalars,
// block scalars (| and >) and comments are skipped. An approximation of the parser's depth that never
// falls below half of it, so the parser's own recursion stays bounded.
void CheckYamlNesting(std::string_view text, std::uint64_t max_depth, const std::string& file);

}  // namespace pcf
