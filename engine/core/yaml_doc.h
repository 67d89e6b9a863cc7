// A YAML document with its file name, so every error can say file:line:column and the field path.
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/core/limits.h"

namespace pcf {

class YamlDoc {
 public:
  // Reads and parses the file. Throws Error(kNotFound) or Error(kBadInput) with the line of a syntax error
  // or of a second document (a file holds exactly one), and for bytes that are not UTF-8. Resource limits
  // (checked before yaml-cpp builds anything): the file size (limits.product_file_size, before reading),
  // the nesting depth (yaml_depth, on the raw text) and the nodes reached through aliases
  // (yaml_alias_nodes, on the parser's events: a "billion laughs" file is refused after a few events).
  explicit YamlDoc(const std::filesystem::path& path, const Limits& limits = Limits());

  const YAML::Node& root() const { return root_; }
  const std::string& name() const { return name_; }
  // SHA-256 (hex) of the bytes parsed: a manifest records what was read, not a second read of the file.
  const std::string& sha256() const { return sha256_; }

  SourceLocation At(const YAML::Node& node, const std::string& field) const;
  SourceLocation At(const YAML::Mark& mark, const std::string& field) const;

  // Rejects keys outside `allowed`, with a did-you-mean. `node` must be a mapping.
  void CheckKeys(const YAML::Node& node, const std::vector<std::string>& allowed, const std::string& field) const;
  // The text of map[key]; "" when absent and not required. Lists and mappings are errors.
  std::string Text(const YAML::Node& map, const char* key, const std::string& field, bool required) const;
  // A whole number in [lo, hi].
  int Integer(const YAML::Node& map, const char* key, const std::string& field, int lo, int hi) const;
  // The text of a scalar node.
  std::string Scalar(const YAML::Node& node, const std::string& field) const;
  // "a.b" from a path and a key; the key alone at top level.
  static std::string Join(const std::string& field, const std::string& key) {
    return field.empty() ? key : field + "." + key;
  }

 private:
  std::string name_;
  std::string sha256_;
  YAML::Node root_;
};

}  // namespace pcf
