#include "engine/core/parameter_overrides.h"

#include <fmt/format.h>

#include "engine/core/closest_id.h"
#include "engine/core/numbers.h"

namespace pcf {

ParameterOverrides ParseParameterOverrides(const std::vector<std::string>& settings, const std::string& option) {
  ParameterOverrides out;
  for (const std::string& setting : settings) {
    const std::size_t eq = setting.find('=');
    if (eq == std::string::npos)
      throw Error(ErrorKind::kUsage, fmt::format("{} \"{}\": write NAME=VALUE (e.g. clinker_ratio=0.8)", option, setting));
    const std::string name(Trim(std::string_view(setting).substr(0, eq)));
    const std::string text(Trim(std::string_view(setting).substr(eq + 1)));
    if (!IsParameterName(name))
      throw Error(ErrorKind::kUsage,
                  fmt::format("{} \"{}\": \"{}\" is not a parameter name (letters, digits and _, not starting with a digit)",
                              option, setting, name));
    double value = 0;
    try {
      value = ParseFiniteDouble(text, {});
    } catch (const Error&) {
      throw Error(ErrorKind::kUsage,
                  fmt::format("{} \"{}\": \"{}\" is not a number (write a plain number such as 0.8 or 1e3)", option, setting, text));
    }
    if (!out.emplace(name, value).second)
      throw Error(ErrorKind::kUsage, fmt::format("{}: parameter \"{}\" is set twice", option, name));
  }
  return out;
}

void ApplyParameterOverrides(std::vector<ParameterDefinition>* definitions, const ParameterOverrides& overrides,
                             const std::string& file, const std::string& option) {
  std::vector<std::string> names;
  for (const ParameterDefinition& d : *definitions) names.push_back(d.name);
  for (const auto& [name, value] : overrides) {
    bool found = false;
    for (ParameterDefinition& d : *definitions)
      if (d.name == name) {
        d.text = FormatDouble(value);
        found = true;
      }
    if (!found)
      throw Error(ErrorKind::kUsage,
                  names.empty() ? fmt::format("\"{}\": the product file defines no parameters", name)
                                : fmt::format("the product file has no parameter \"{}\"{}", name, DidYouMean(name, names)),
                  {file, 0, 0, option});
  }
}

}  // namespace pcf
