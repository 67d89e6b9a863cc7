// The YAML nesting pre-scan (engine/core/yaml_nesting.h): deep nesting is refused at its place, text that
// only looks nested (quoted scalars, comments, block scalars, brackets inside plain text) is not.
#include <doctest/doctest.h>

#include <string>

#include "engine/core/error.h"
#include "engine/core/yaml_nesting.h"

namespace {

// The "line:column" of the refusal, or "" when the text passes.
std::string Refused(const std::string& text, std::uint64_t max_depth) {
  try {
    pcf::CheckYamlNesting(text, max_depth, "f.yaml");
    return "";
  } catch (const pcf::Error& e) {
    CHECK(e.kind() == pcf::ErrorKind::kBadInput);
    return std::to_string(e.where().line) + ":" + std::to_string(e.where().column);
  }
}

std::string Repeat(const std::string& piece, int n) {
  std::string out;
  for (int k = 0; k < n; ++k) out += piece;
  return out;
}

}  // namespace

TEST_CASE("yaml nesting: flow brackets count from the top mapping, refused at the bracket that goes one deeper") {
  // "a: " is one block level; brackets 1..3 make depths 2..4.
  CHECK(Refused("a: [[[x]]]\n", 4) == "");
  CHECK(Refused("a: [[[x]]]\n", 3) == "1:6");  // the third bracket, at column 6
  CHECK(Refused("a: {b: [c, {d: e}]}\n", 4) == "");
  CHECK(Refused("a: {b: [c, {d: e}]}\n", 3) == "1:12");
  // A flow collection over several lines keeps its depth.
  CHECK(Refused("a: [\n  [\n    [x]\n  ]\n]\n", 3) == "3:5");
  // 100,000 deep: refused at once, at the 64th bracket (column 3 + 64).
  CHECK(Refused("a: " + Repeat("[", 100000) + Repeat("]", 100000) + "\n", 64) == "1:67");
}

TEST_CASE("yaml nesting: block levels are indentation and \"- \" entries") {
  CHECK(Refused("a:\n  b:\n    c: 1\n", 3) == "");
  CHECK(Refused("a:\n  b:\n    c: 1\n", 2) == "3:5");
  // "- - - x": one level per entry.
  CHECK(Refused("- - - x\n", 4) == "");
  CHECK(Refused("- - - x\n", 3) == "1:7");
  // Going back out pops the levels.
  CHECK(Refused("a:\n  b:\n    c: 1\nd:\n  e: 2\n", 3) == "");
  // A product file's usual shape stays far below 64.
  CHECK(Refused("processes:\n  - id: p\n    outputs:\n      - {product: x, amount: 1, unit: t}\n", 6) == "");
}

TEST_CASE("yaml nesting: quoted scalars, comments, block scalars and brackets in plain text do not count") {
  const std::string deep = Repeat("[", 200);
  CHECK(Refused("a: \"" + deep + "\"\n", 2) == "");
  CHECK(Refused("a: '" + deep + "'\n", 2) == "");
  CHECK(Refused("a: 'it''s " + deep + "'\n", 2) == "");
  CHECK(Refused("a: \"x \\\" " + deep + "\"\n", 2) == "");
  CHECK(Refused("a: 1  # " + deep + "\n", 2) == "");
  CHECK(Refused("# " + deep + "\na: 1\n", 2) == "");
  CHECK(Refused("a: see note " + deep + "\n", 2) == "");  // a plain scalar of block context
  // A quoted scalar over two lines.
  CHECK(Refused("a: \"one\n  " + deep + "\"\nb: 1\n", 2) == "");
  // A block scalar: its lines are text, however indented.
  CHECK(Refused("a: |\n  x\n      y\n          " + deep + "\nb: 1\n", 2) == "");
  CHECK(Refused("a: >-\n  " + deep + "\nb: [[x]]\n", 2) == "3:5");  // after the block scalar, counting resumes
}
