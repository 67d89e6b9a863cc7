#include "engine/core/parameters.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <fmt/format.h>
#include <muParser.h>

#include "engine/core/closest_id.h"
#include "engine/core/formula_check.h"

namespace pcf {

namespace {

// muParser says "Unexpected parenthesis" for an unknown function; name the function instead.
std::string Explain(const std::string& text, const std::string& message) {
  static const char* kFunctions[] = {"sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh",
                                     "acosh", "atanh", "log2", "log10", "log", "ln", "exp", "sqrt", "sign", "rint",
                                     "abs", "min", "max", "sum", "avg"};
  for (std::size_t i = 0; i < text.size();) {
    if (!(std::isalpha(static_cast<unsigned char>(text[i])) || text[i] == '_')) { ++i; continue; }
    std::size_t j = i;
    while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_')) ++j;
    std::size_t k = j;
    while (k < text.size() && text[k] == ' ') ++k;
    const std::string name = text.substr(i, j - i);
    if (k < text.size() && text[k] == '(' &&
        std::find(std::begin(kFunctions), std::end(kFunctions), name) == std::end(kFunctions))
      return fmt::format("unknown function \"{}\" (functions: sqrt, exp, ln, log10, min, max, abs, …)", name);
    i = j;
  }
  return message;
}

// One parser per thread, reused: building a mu::Parser registers all its built-in functions and
// operators, which costs more than most formulas (measured in `pcf batch`).
mu::Parser& ThreadParser() {
  thread_local mu::Parser parser;
  parser.ClearVar();
  return parser;
}

// The names a formula uses (muParser collects them even when undefined).
std::vector<std::string> UsedNames(const std::string& text, const SourceLocation& where) {
  CheckFormula(text, where);  // before muParser: "3,25" must not become 25
  try {
    mu::Parser& parser = ThreadParser();
    parser.SetExpr(text);
    std::vector<std::string> names;
    for (const auto& [name, ptr] : parser.GetUsedVar()) names.push_back(name);
    return names;
  } catch (const mu::Parser::exception_type& e) {
    throw Error(ErrorKind::kBadInput, fmt::format("cannot evaluate \"{}\": {}", text, Explain(text, e.GetMsg())), where);
  }
}

// The functions muParser defines (sin, exp, min, sum, avg, …), asked from muParser itself.
bool IsBuiltInFunction(const std::string& name) { return ThreadParser().GetFunDef().count(name) > 0; }

}  // namespace

CompiledFormula::CompiledFormula(const std::string& text, const std::function<double*(const std::string&)>& value_of,
                                 const SourceLocation& where)
    : text_(text), where_(where), names_(UsedNames(text, where)), parser_(std::make_unique<mu::Parser>()) {
  for (const std::string& name : names_) {
    double* value = value_of(name);
    if (!value) throw Error(ErrorKind::kBadInput, fmt::format("undefined parameter \"{}\"", name), where);
    parser_->DefineVar(name, value);
  }
  try {
    parser_->SetExpr(text);
  } catch (const mu::Parser::exception_type& e) {
    throw Error(ErrorKind::kBadInput, fmt::format("cannot evaluate \"{}\": {}", text, Explain(text, e.GetMsg())), where);
  }
}

CompiledFormula::CompiledFormula(CompiledFormula&&) noexcept = default;
CompiledFormula& CompiledFormula::operator=(CompiledFormula&&) noexcept = default;
CompiledFormula::~CompiledFormula() = default;

double CompiledFormula::Evaluate() const {
  double result = 0;
  try {
    result = parser_->Eval();
  } catch (const mu::Parser::exception_type& e) {
    throw Error(ErrorKind::kBadInput, fmt::format("cannot evaluate \"{}\": {}", text_, Explain(text_, e.GetMsg())), where_);
  }
  if (!std::isfinite(result)) throw Error(ErrorKind::kBadInput, NotFiniteMessage(text_, result), where_);
  if (std::fpclassify(result) == FP_SUBNORMAL)
    throw Error(ErrorKind::kBadInput, fmt::format("\"{}\" is too small to compute with (a denormal number)", text_), where_);
  return result;
}

bool IsParameterName(const std::string& name) {
  if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

double EvaluateFormula(const std::string& text, const std::map<std::string, double>& values, const SourceLocation& where) {
  std::vector<std::string> known;
  for (const auto& [name, value] : values) known.push_back(name);
  for (const std::string& name : UsedNames(text, where))
    if (!values.count(name))
      throw Error(ErrorKind::kBadInput, fmt::format("undefined parameter \"{}\"{}", name, DidYouMean(name, known)), where);
  double result = 0;
  try {
    mu::Parser& parser = ThreadParser();
    std::map<std::string, double> copy = values;  // muParser binds variables by address
    for (auto& [name, value] : copy) parser.DefineVar(name, &value);
    parser.SetExpr(text);
    result = parser.Eval();
    parser.ClearVar();  // the addresses die with `copy`
  } catch (const mu::Parser::exception_type& e) {
    throw Error(ErrorKind::kBadInput, fmt::format("cannot evaluate \"{}\": {}", text, Explain(text, e.GetMsg())), where);
  }
  if (!std::isfinite(result)) throw Error(ErrorKind::kBadInput, NotFiniteMessage(text, result), where);
  if (std::fpclassify(result) == FP_SUBNORMAL)  // a denormal loses precision and overflows when divided by
    throw Error(ErrorKind::kBadInput, fmt::format("\"{}\" is too small to compute with (a denormal number)", text), where);
  return result;
}

std::map<std::string, double> EvaluateParameters(const std::vector<ParameterDefinition>& definitions) {
  return EvaluateParameters(definitions, nullptr);
}

std::map<std::string, double> EvaluateParameters(const std::vector<ParameterDefinition>& definitions,
                                                 const std::function<double(const std::string&, double)>& adjust) {
  std::map<std::string, const ParameterDefinition*> by_name;
  std::vector<std::string> names;
  for (const ParameterDefinition& d : definitions) {
    if (!IsParameterName(d.name))
      throw Error(ErrorKind::kBadInput,
                  fmt::format("\"{}\" is not a valid parameter name (letters, digits and _, not starting with a digit)", d.name),
                  d.where);
    if (IsBuiltInConstant(d.name))
      throw Error(ErrorKind::kBadInput, fmt::format("\"{}\" is a built-in constant of muParser: choose another name", d.name),
                  d.where);
    if (IsBuiltInFunction(d.name))  // "sin * 2" would read the parameter, "sin(2)" the function: never both
      throw Error(ErrorKind::kBadInput,
                  fmt::format("\"{}\" is a built-in function of muParser (a formula could not tell the parameter from the "
                              "function): choose another name",
                              d.name),
                  d.where);
    if (!by_name.emplace(d.name, &d).second)
      throw Error(ErrorKind::kBadInput, fmt::format("parameter \"{}\" is defined twice", d.name), d.where);
    names.push_back(d.name);
  }
  std::map<std::string, std::vector<std::string>> uses;
  for (const ParameterDefinition& d : definitions) {
    uses[d.name] = UsedNames(d.text, d.where);
    for (const std::string& used : uses[d.name])
      if (!by_name.count(used))
        throw Error(ErrorKind::kBadInput, fmt::format("undefined parameter \"{}\"{}", used, DidYouMean(used, names)), d.where);
  }
  // Depth-first evaluation with an explicit stack (a chain of thousands of parameters must not overflow the
  // call stack); a name met again while on the path closes a cycle.
  std::map<std::string, double> values;
  std::map<std::string, int> state;  // 0 new, 1 on the path, 2 done
  struct Frame {
    std::string name;
    std::size_t next_use = 0;  // the next entry of uses[name] to visit
  };
  std::vector<Frame> path;
  for (const ParameterDefinition& d : definitions) {
    if (state[d.name] == 2) continue;
    state[d.name] = 1;
    path.push_back({d.name, 0});
    while (!path.empty()) {
      Frame& top = path.back();
      const std::vector<std::string>& used = uses[top.name];
      if (top.next_use < used.size()) {
        const std::string& next = used[top.next_use++];
        if (state[next] == 2) continue;
        if (state[next] == 1) {
          auto start = std::find_if(path.begin(), path.end(), [&](const Frame& f) { return f.name == next; });
          std::string cycle;
          for (auto it = start; it != path.end(); ++it) cycle += it->name + " → ";
          cycle += next;
          throw Error(ErrorKind::kBadInput, fmt::format("parameters depend on each other in a cycle: {}", cycle),
                      by_name.at(next)->where);
        }
        state[next] = 1;
        path.push_back({next, 0});
        continue;
      }
      // Only the names the formula uses are bound: binding every parameter to every formula is quadratic.
      std::map<std::string, double> bound;
      for (const std::string& name : used) bound.emplace(name, values.at(name));
      values[top.name] = EvaluateFormula(by_name.at(top.name)->text, bound, by_name.at(top.name)->where);
      if (adjust) values[top.name] = adjust(top.name, values[top.name]);
      state[top.name] = 2;
      path.pop_back();
    }
  }
  return values;
}

}  // namespace pcf
