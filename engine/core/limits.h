// Resource limits for the files pcf reads from third parties (issue 11): a hostile file is refused with a
// clear error naming the limit, the value found and how to raise it, before it can exhaust memory, time or
// the stack. The defaults are far above real building-material models (docs/robustness.md, "Resource
// limits"); `--limits KEY=VALUE[,KEY=VALUE…]` on the commands that read product and supplier files
// changes them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pcf {

struct Limits {
  std::uint64_t product_file_size = 16ull << 20;   // bytes of a product file (YAML)
  std::uint64_t supplier_file_size = 16ull << 20;  // bytes of a supplier footprint file (PACT JSON)
  std::uint64_t list_file_size = 1ull << 30;       // bytes of a batch list file
  std::uint64_t processes = 10000;                 // processes in one product file
  std::uint64_t parameters = 100000;               // parameters in one product file
  std::uint64_t exchanges = 200000;                // lines of all processes of one product file (outputs, inputs,
                                                   // avoided, waste, emissions, transport)
  std::uint64_t id_length = 256;                   // bytes of an id, a product or flow name, a parameter name
  std::uint64_t formula_length = 4096;             // characters of an amount, a formula or a parameter's value
  std::uint64_t yaml_depth = 64;                   // nesting of YAML lists and mappings
  std::uint64_t yaml_alias_nodes = 1000000;        // YAML nodes reached through aliases (*name), counted expanded
  std::uint64_t zip_members = 10000;               // members of a submission zip given to pcf verify
  std::uint64_t zip_size = 1ull << 30;             // bytes of a submission zip, and of all its members inflated
  std::uint64_t zip_member_size = 256ull << 20;    // bytes of one member inflated
  std::uint64_t zip_ratio = 1000;                  // inflated : compressed, for members above 1 MiB (zip bombs)
};

// The keys of --limits, in the order of the struct.
const std::vector<std::string>& LimitKeys();

// Applies "KEY=VALUE[,KEY=VALUE…]" to `limits`. VALUE is a whole number ≥ 1; the sizes also take a suffix
// K, M or G (KiB, MiB, GiB: 16M = 16777216). Throws Error(kUsage) naming an unknown key (with a did-you-mean)
// or a bad value.
void ApplyLimits(std::string_view text, Limits* limits);

// "; raise it with --limits KEY=N": the end of every limit error.
std::string RaiseHint(std::string_view key);

}  // namespace pcf
