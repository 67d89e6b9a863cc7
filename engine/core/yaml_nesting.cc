#include "engine/core/yaml_nesting.h"

#include <vector>

#include <fmt/format.h>

#include "engine/core/error.h"

namespace pcf {

namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

class NestingScan {
 public:
  NestingScan(std::uint64_t max_depth, const std::string& file) : max_depth_(max_depth), file_(file) {}

  void Line(std::string_view l, int line) {
    line_ = line;
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    std::size_t pos = 0;
    if (!quote_ && flow_ == 0 && !BlockStart(l, &pos)) return;
    Scan(l, pos);
  }

 private:
  // Block context at the start of a line: the indentation, then "- " / "? " entries. Returns false for a
  // line that holds nothing to scan (blank, a comment, a line of a block scalar).
  bool BlockStart(std::string_view l, std::size_t* pos) {
    std::size_t indent = 0;
    while (indent < l.size() && l[indent] == ' ') ++indent;
    if (indent == l.size() || l[indent] == '#') return false;
    if (scalar_indent_ != kNone) {
      if (indent > scalar_indent_) return false;  // a line of the block scalar
      scalar_indent_ = kNone;
    }
    line_indent_ = indent;
    if (indent == 0 && (l.substr(0, 3) == "---" || l.substr(0, 3) == "...") && (l.size() == 3 || IsBlank(l[3]))) {
      block_.clear();  // a document marker
      *pos = 3;
      node_start_ = true;
      return true;
    }
    while (!block_.empty() && block_.back() >= indent) block_.pop_back();
    Push(indent);
    std::size_t at = indent;
    while (at < l.size() && (l[at] == '-' || l[at] == '?') && (at + 1 == l.size() || IsBlank(l[at + 1]))) {
      ++at;
      while (at < l.size() && IsBlank(l[at])) ++at;
      if (at < l.size() && l[at] != '#') Push(at);
    }
    *pos = at;
    node_start_ = true;
    return true;
  }

  void Push(std::size_t column) {
    block_.push_back(column);
    Check(column + 1);
  }

  void Check(std::size_t column) const {
    const std::uint64_t depth = block_.size() + flow_;
    if (depth <= max_depth_) return;
    throw Error(ErrorKind::kBadInput,
                fmt::format("lists and mappings nested more than {} deep, above the limit yaml_depth = {}; raise it with "
                            "--limits yaml_depth=N",
                            max_depth_, max_depth_),
                {file_, line_, static_cast<int>(column), ""});
  }

  // The rest of a line: quoted scalars, flow brackets, comments, anchors and tags, block scalar indicators.
  void Scan(std::string_view l, std::size_t pos) {
    for (; pos < l.size(); ++pos) {
      const char c = l[pos];
      if (quote_ == '"') {
        if (c == '\\') ++pos;
        else if (c == '"') quote_ = 0;
        continue;
      }
      if (quote_ == '\'') {
        if (c == '\'' && pos + 1 < l.size() && l[pos + 1] == '\'') ++pos;
        else if (c == '\'') quote_ = 0;
        continue;
      }
      if (IsBlank(c)) continue;
      if (c == '#' && (pos == 0 || IsBlank(l[pos - 1]))) return;
      if (node_start_ && (c == '"' || c == '\'')) {
        quote_ = c;
        node_start_ = false;
        continue;
      }
      if (node_start_ && (c == '&' || c == '!' || c == '*')) {  // an anchor, a tag or an alias: one token
        while (pos + 1 < l.size() && !IsBlank(l[pos + 1]) && !(flow_ > 0 && (l[pos + 1] == ',' || l[pos + 1] == ']' || l[pos + 1] == '}')))
          ++pos;
        if (c == '*') node_start_ = false;
        continue;
      }
      if (c == '[' || c == '{') {
        if (!node_start_ && flow_ == 0) continue;  // inside a plain scalar of block context: text
        ++flow_;
        node_start_ = true;
        Check(pos + 1);
        continue;
      }
      if (flow_ > 0) {
        if (c == ']' || c == '}') {
          --flow_;
          node_start_ = false;
        } else if (c == ',' || (c == ':' && (pos + 1 == l.size() || IsBlank(l[pos + 1]) || l[pos + 1] == ',' ||
                                             l[pos + 1] == ']' || l[pos + 1] == '}'))) {
          node_start_ = true;
        } else {
          node_start_ = false;
        }
        continue;
      }
      if (c == ':' && (pos + 1 == l.size() || IsBlank(l[pos + 1]))) {
        node_start_ = true;
        continue;
      }
      if (node_start_ && (c == '|' || c == '>')) {  // a block scalar: the more indented lines below are text
        scalar_indent_ = line_indent_;
        return;
      }
      node_start_ = false;
    }
  }

  std::uint64_t max_depth_;
  const std::string& file_;
  int line_ = 0;
  std::vector<std::size_t> block_;  // columns of the open block levels
  std::uint64_t flow_ = 0;          // open [ and {
  char quote_ = 0;                  // inside a quoted scalar: '"' or '\''
  bool node_start_ = true;          // the next character starts a node (a key or a value)
  std::size_t line_indent_ = 0;
  std::size_t scalar_indent_ = kNone;  // inside a block scalar: lines indented more than this belong to it
};

}  // namespace

void CheckYamlNesting(std::string_view text, std::uint64_t max_depth, const std::string& file) {
  NestingScan scan(max_depth, file);
  int line = 1;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    scan.Line(text.substr(start, end - start), line++);
    start = end + 1;
  }
}

}  // namespace pcf
