// Outputs that would destroy files (issue 10, docs/exit-codes.md "Outputs that are refused"): a command
// checks, before it writes anything, that no output is one of its inputs, that no two outputs are the same
// file and that no output is a pcf key. Files are compared by identity (device and inode, following
// symlinks; for an output that does not exist yet, its canonical folder and name), never by spelling.
#pragma once

#include <string>
#include <vector>

namespace pcf {

// A file a command reads or writes, with what it is for the message ("product file", "-o", "--html").
struct NamedPath {
  std::string path;
  std::string role;
};

// Throws Error(kUsage) naming both roles when an output is an input (an input folder counts with every
// file below it), when two outputs are the same file, or when an output exists and is a pcf key file.
// Outputs "" and "-" (standard output) are never refused.
void CheckOutputs(const std::vector<NamedPath>& inputs, const std::vector<NamedPath>& outputs);

// Whether the file starts like a key written by `pcf keygen` ("pcf-ed25519-secret-key" or
// "pcf-ed25519-public-key"). Nothing but `pcf keygen --force` writes over such a file. Throws Error(kIo)
// naming the file for an existing regular file that cannot be read (the guard never waves one through).
bool IsKeyFile(const std::string& path);

}  // namespace pcf
