#include "engine/core/yaml_doc.h"

#include <algorithm>
#include <sstream>
#include <string_view>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>

#include "engine/core/atomic_file.h"
#include "engine/core/closest_id.h"
#include "engine/core/numbers.h"
#include "engine/core/utf8.h"

namespace pcf {

namespace {

// Records where each document starts; ignores everything else.
class DocumentStarts : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> marks;
  void OnDocumentStart(const YAML::Mark& mark) override { marks.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

}  // namespace

YamlDoc::YamlDoc(const std::filesystem::path& path) : name_(path.string()) {
  const std::string text = ReadTextFileUtf8(path);  // UTF-8 only: a GBK file is refused at its first bad byte
  try {
    root_ = YAML::Load(text);
    // YAML::Load silently takes the first document and drops the rest: a file is one document. Only two
    // documents are asked for: yaml-cpp 0.7 yields empty documents forever on some malformed input (",c: "),
    // so YAML::LoadAll would never return.
    std::istringstream in(text);
    YAML::Parser parser(in);
    DocumentStarts starts;
    parser.HandleNextDocument(starts);
    if (parser.HandleNextDocument(starts) && starts.marks.size() == 2) {
      if (starts.marks[1].pos <= starts.marks[0].pos)
        throw Error(ErrorKind::kBadInput, "malformed YAML: the parser makes no progress here", At(starts.marks[1], ""));
      throw Error(ErrorKind::kBadInput, "a second YAML document (after \"---\"): the file must hold exactly one document",
                  At(starts.marks[1], ""));
    }
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
