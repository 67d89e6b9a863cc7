#include "engine/core/yaml_doc.h"

#include <algorithm>
#include <string_view>

#include <fmt/format.h>

#include "engine/core/atomic_file.h"
#include "engine/core/closest_id.h"
#include "engine/core/numbers.h"

namespace pcf {

// Where the second document starts: its first node, or (an empty document has no mark) its "---" line.
SourceLocation YamlDoc::SecondDocument(const YAML::Node& second, const std::string& text) const {
  if (!second.Mark().is_null() && second.IsDefined() && !second.IsNull()) return At(second, "");
  int line = 0, marker = 0;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ++line;
    const std::string_view l = std::string_view(text).substr(start, end - start);
    if (l.substr(0, 3) == "---" && (l.size() == 3 || l[3] == ' ' || l[3] == '\r' || l[3] == '\t')) marker = line;
    start = end + 1;
  }
  return {name_, marker, marker ? 1 : 0, ""};
}

YamlDoc::YamlDoc(const std::filesystem::path& path) : name_(path.string()) {
  const std::string text = ReadWholeFile(path);
  try {
    // YAML::Load would silently take the first document and drop the rest: a file is one document.
    std::vector<YAML::Node> documents = YAML::LoadAll(text);
    if (documents.size() > 1)
      throw Error(ErrorKind::kBadInput,
                  "a second YAML document (after \"---\"): the file must hold exactly one document",
                  SecondDocument(documents[1], text));
    if (!documents.empty()) root_ = documents[0];
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
