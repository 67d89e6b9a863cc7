#include "engine/core/yaml_doc.h"

#include <algorithm>
#include <sstream>
#include <string_view>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>

#include "engine/core/atomic_file.h"
#include "engine/core/closest_id.h"
#include "engine/core/numbers.h"
#include "engine/core/sha256.h"
#include "engine/core/utf8.h"
#include "engine/core/yaml_nesting.h"

namespace pcf {

namespace {

// Records where each document starts, and counts the nodes the document holds once every alias is
// expanded (aliases share nodes, so the tree yaml-cpp builds stays small while a reader walking it would
// visit each alias's whole subtree again). Refuses, from inside the parse, the alias that takes the nodes
// reached through aliases above the limit, and an alias to a node that is not finished (a cycle).
class DocumentScan : public YAML::EventHandler {
 public:
  DocumentScan(const YamlDoc& doc, std::uint64_t max_alias_nodes) : doc_(doc), max_alias_nodes_(max_alias_nodes) {}
  std::vector<YAML::Mark> marks;
  void OnDocumentStart(const YAML::Mark& mark) override {
    marks.push_back(mark);
    open_.clear();
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t anchor) override { Node(anchor, 1); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const std::uint64_t size = anchor < sizes_.size() ? sizes_[anchor] : 0;
    if (size == 0)
      throw Error(ErrorKind::kBadInput, "an alias to a node that contains it (a cycle): YAML aliases must not refer to themselves",
                  doc_.At(mark, ""));
    alias_nodes_ = Add(alias_nodes_, size);
    if (alias_nodes_ > max_alias_nodes_)
      throw Error(ErrorKind::kBadInput,
                  fmt::format("the aliases (*name) expand to more than {} nodes, above the limit yaml_alias_nodes = {} "
                              "(a \"billion laughs\" file?); raise it with --limits yaml_alias_nodes=N",
                              max_alias_nodes_, max_alias_nodes_),
                  doc_.At(mark, ""));
    Node(0, size);
  }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t anchor, const std::string&) override { Node(anchor, 1); }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    open_.push_back({anchor, 1});
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    open_.push_back({anchor, 1});
  }
  void OnMapEnd() override { Close(); }

 private:
  struct Open {
    YAML::anchor_t anchor;
    std::uint64_t nodes;  // expanded, so far
  };
  static std::uint64_t Add(std::uint64_t a, std::uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }
  void Node(YAML::anchor_t anchor, std::uint64_t size) {
    if (anchor != YAML::NullAnchor) {
      if (sizes_.size() <= anchor) sizes_.resize(anchor + 1, 0);
      sizes_[anchor] = size;
    }
    if (!open_.empty()) open_.back().nodes = Add(open_.back().nodes, size);
  }
  void Close() {
    if (open_.empty()) return;
    const Open done = open_.back();
    open_.pop_back();
    Node(done.anchor, done.nodes);
  }

  const YamlDoc& doc_;
  std::uint64_t max_alias_nodes_;
  std::uint64_t alias_nodes_ = 0;
  std::vector<std::uint64_t> sizes_;  // expanded nodes by anchor id; 0 while the anchored node is open
  std::vector<Open> open_;
};

}  // namespace

YamlDoc::YamlDoc(const std::filesystem::path& path, const Limits& limits) : name_(path.string()) {
  // UTF-8 only: a GBK file is refused at its first bad byte. The size is checked before reading.
  const std::string bytes = ReadWholeFile(path, {limits.product_file_size, "product_file_size"});
  CheckUtf8(bytes, name_);
  sha256_ = Sha256Hex(bytes);  // of the file as it is, byte-order mark included
  const std::string text(SkipUtf8Bom(bytes));
  CheckYamlNesting(text, limits.yaml_depth, name_);  // before yaml-cpp, which recurses once per level
  try {
    // YAML::Load silently takes the first document and drops the rest: a file is one document. Only two
    // documents are asked for: yaml-cpp 0.7 yields empty documents forever on some malformed input (",c: "),
    // so YAML::LoadAll would never return. The events are scanned first, so that the tree is built only
    // for a file whose aliases stay within the limit.
    std::istringstream in(text);
    YAML::Parser parser(in);
    DocumentScan starts(*this, limits.yaml_alias_nodes);
    parser.HandleNextDocument(starts);
    if (parser.HandleNextDocument(starts) && starts.marks.size() == 2) {
      if (starts.marks[1].pos <= starts.marks[0].pos)
        throw Error(ErrorKind::kBadInput, "malformed YAML: the parser makes no progress here", At(starts.marks[1], ""));
      throw Error(ErrorKind::kBadInput, "a second YAML document (after \"---\"): the file must hold exactly one document",
                  At(starts.marks[1], ""));
    }
    root_ = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw Error(ErrorKind::kBadInput, fmt::format("malformed YAML: {}", e.msg), At(e.mark, ""));
  }
}

SourceLocation YamlDoc::At(const YAML::Mark& mark, const std::string& field) const {
  return {name_, mark.is_null() ? 0 : mark.line + 1, mark.is_null() ? 0 : mark.column + 1, field};
}

SourceLocation YamlDoc::At(const YAML::Node& node, const std::string& field) const { return At(node.Mark(), field); }

std::string YamlDoc::Scalar(const YAML::Node& node, const std::string& field) const {
  if (!node.IsScalar()) throw Error(ErrorKind::kBadInput, "expected text, found a list or mapping", At(node, field));
  return node.Scalar();
}

void YamlDoc::CheckKeys(const YAML::Node& node, const std::vector<std::string>& allowed, const std::string& field) const {
  if (!node.IsMap()) throw Error(ErrorKind::kBadInput, "expected a mapping (key: value)", At(node, field));
  std::vector<std::string> seen;
  for (const auto& kv : node) {
    const std::string key = Scalar(kv.first, field);
    if (std::find(seen.begin(), seen.end(), key) != seen.end())
      throw Error(ErrorKind::kBadInput, fmt::format("key \"{}\" is given twice", key), At(kv.first, Join(field, key)));
    seen.push_back(key);
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      throw Error(ErrorKind::kBadInput, fmt::format("unknown key \"{}\"{}", key, DidYouMean(key, allowed)),
                  At(kv.first, Join(field, key)));
  }
}

std::string YamlDoc::Text(const YAML::Node& map, const char* key, const std::string& field, bool required) const {
  const YAML::Node node = map[key];
  if (!node || node.IsNull()) {
    if (required) throw Error(ErrorKind::kBadInput, fmt::format("missing \"{}\"", key), At(map, field));
    return "";
  }
  if (!node.IsScalar()) throw Error(ErrorKind::kBadInput, "expected text", At(node, Join(field, key)));
  return node.Scalar();
}

int YamlDoc::Integer(const YAML::Node& map, const char* key, const std::string& field, int lo, int hi) const {
  const std::string text = Text(map, key, field, true);
  const auto value = ParseCount(text, At(map[key], Join(field, key)));
  if (value < lo || value > hi)
    throw Error(ErrorKind::kBadInput, fmt::format("must be between {} and {}", lo, hi), At(map[key], Join(field, key)));
  return static_cast<int>(value);
}

}  // namespace pcf
