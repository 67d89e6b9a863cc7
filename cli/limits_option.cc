#include "cli/limits_option.h"

namespace pcf::cli {

CLI::Option* AddLimitsOption(CLI::App& command, std::vector<std::string>* texts) {
  return command.add_option("--limits", *texts,
                            "KEY=VALUE[,KEY=VALUE…]: resource limits for the files read (product_file_size, "
                            "supplier_file_size, list_file_size, processes, parameters, exchanges, id_length, "
                            "formula_length, yaml_depth, yaml_alias_nodes; docs/robustness.md)")
      ->expected(1)  // one KEY=VALUE list per --limits, so a positional argument after it stays positional
      ->take_all();
}

Limits LimitsFrom(const std::vector<std::string>& texts) {
  Limits limits;
  for (const std::string& text : texts) ApplyLimits(text, &limits);
  return limits;
}

}  // namespace pcf::cli
