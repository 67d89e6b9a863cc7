// Writing a key pair's two files (`pcf keygen`): the secret key KEY (mode 0600 from the start) and the
// public key KEY.pub, as one change: either both files are replaced or, after any failure, both keep
// what they held before (a secret key never ends up without its public key).
#pragma once

#include <filesystem>
#include <string>

namespace pcf {

// Both texts are written and flushed into temporaries first; then the secret key is renamed into place,
// then the public key. When the second rename fails, the previous secret key (kept aside as a hard link)
// is renamed back, or the new one removed when there was none. Throws Error(kIo) naming the file that
// failed; no temporary is left.
void WriteKeyPairFiles(const std::filesystem::path& secret_path, const std::string& secret_text,
                       const std::filesystem::path& public_path, const std::string& public_text);

}  // namespace pcf
