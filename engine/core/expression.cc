#include "engine/core/expression.h"

#include <cmath>
#include <map>

#include <fmt/format.h>
#include <muParser.h>

#include "engine/core/formula_check.h"

namespace pcf {

ExpressionValue EvaluateExpression(const std::string& text, const NameLookup& lookup, const SourceLocation& where) {
  // Replace each {NAME} by a muParser variable v0, v1, …: names may hold characters muParser does not
  // allow in identifiers (spaces, '-', '/', '·').
  CheckFormula(text, where);  // before muParser: "3,25" must not become 25
  ExpressionValue result;
  std::string rewritten;
  std::map<std::string, std::size_t> slot_of_name;
  std::vector<double> values;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '}') throw Error(ErrorKind::kBadInput, fmt::format("unmatched '}}' in \"{}\"", text), where);
    if (text[i] != '{') { rewritten += text[i++]; continue; }
    const std::size_t close = text.find('}', i);
    if (close == std::string::npos)
      throw Error(ErrorKind::kBadInput, fmt::format("unmatched '{{' in \"{}\"", text), where);
    const std::string name = text.substr(i + 1, close - i - 1);
    auto [it, inserted] = slot_of_name.try_emplace(name, values.size());
    if (inserted) {
      const std::optional<double> value = lookup(name);
      if (!value) throw Error(ErrorKind::kNotFound, fmt::format("unknown name {{{}}} in \"{}\"", name, text), where);
      values.push_back(*value);
      result.names.push_back(name);
    }
    rewritten += fmt::format(" v{} ", it->second);
    i = close + 1;
  }
  try {
    thread_local mu::Parser parser;  // reused: building one registers every built-in function
    parser.ClearVar();
    for (std::size_t k = 0; k < values.size(); ++k) parser.DefineVar(fmt::format("v{}", k), &values[k]);
    parser.SetExpr(rewritten);
    result.value = parser.Eval();
    parser.ClearVar();
  } catch (const mu::Parser::exception_type& e) {
    throw Error(ErrorKind::kBadInput, fmt::format("cannot evaluate \"{}\": {}", text, e.GetMsg()), where);
  }
  if (!std::isfinite(result.value)) throw Error(ErrorKind::kBadInput, NotFiniteMessage(text, result.value), where);
  return result;
}

}  // namespace pcf
