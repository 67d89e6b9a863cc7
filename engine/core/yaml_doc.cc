#include "engine/core/yaml_doc.h"

#include <algorithm>
#include <sstream>
#include <string_view>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>

#include "engine/core/atomic_file.h"
#include "engine/core/closest_id.h"
#include "engine/core/numbers.h"

namespace pcf {

namespace {

// The offset of the first byte that is not well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF), or npos. yaml-cpp passes such bytes through, and they would end up in the
// JSON result, which then is not JSON.
std::size_t FirstInvalidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) { ++i; continue; }
    std::size_t length = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
    if (b >= 0xC2 && b <= 0xDF) length = 2;
    else if (b >= 0xE0 && b <= 0xEF) { length = 3; if (b == 0xE0) lo = 0xA0; if (b == 0xED) hi = 0x9F; }
    else if (b >= 0xF0 && b <= 0xF4) { length = 4; if (b == 0xF0) lo = 0x90; if (b == 0xF4) hi = 0x8F; }
    else return i;
    if (i + length > text.size()) return i;
    for (std::size_t k = 1; k < length; ++k) {
      const auto c = static_cast<unsigned char>(text[i + k]);
      if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

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
  const std::string text = ReadWholeFile(path);
  if (const std::size_t bad = FirstInvalidUtf8(text); bad != std::string_view::npos) {
    const std::size_t line_start = text.rfind('\n', bad == 0 ? 0 : bad - 1);
    const int line = static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n')) + 1;
    const int column = static_cast<int>(bad - (line_start == std::string::npos || bad == 0 ? 0 : line_start + 1)) + 1;
    throw Error(ErrorKind::kBadInput,
                fmt::format("invalid UTF-8 (byte 0x{:02X}): the file must be UTF-8 text", static_cast<unsigned char>(text[bad])),
                {name_, line, column, ""});
  }
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
