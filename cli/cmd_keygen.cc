// pcf keygen -o KEY [--issuer NAME] [--force] [--passphrase-file F]: an Ed25519 key pair for signing
// certificates. KEY (the secret key, mode 0600, encrypted with the passphrase in F when given) and KEY.pub
// (the public key, for whoever verifies). Format: docs/certification.md.
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.h"
#include "engine/certify/certificate.h"
#include "engine/certify/key_encryption.h"
#include "engine/certify/key_files.h"
#include "engine/core/error.h"

namespace pcf::cli {

namespace fs = std::filesystem;

void AddKeygenCommand(CLI::App& app) {
  struct Options {
    std::string output;
    std::string issuer;
    bool force = false;
    std::string passphrase_file;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("keygen", "make an Ed25519 key pair for signing certificates (KEY and KEY.pub)");
  cmd->add_option("-o,--output", options->output, "secret key file to write; the public key goes to the same name + .pub")
      ->required();
  cmd->add_option("--issuer", options->issuer, "the certification body's name, recorded in both key files");
  cmd->add_flag("--force", options->force, "overwrite existing key files (the old secret key is lost)");
  cmd->add_option("--passphrase-file", options->passphrase_file,
                  "encrypt the secret key with the passphrase on the first line of this file (Argon2id + secretbox)");
  cmd->callback([options] {
    if (options->output == "-") throw Error(ErrorKind::kBadInput, "keygen writes two files: give a file name with -o");
    const fs::path secret = options->output;
    const fs::path pub = options->output + ".pub";
    for (const fs::path& path : {secret, pub})
      if (!options->force && fs::exists(fs::symlink_status(path)))
        throw Error(ErrorKind::kBadInput, "exists; refusing to overwrite a key (use --force to replace it)",
                    {path.string(), 0, 0, ""});
    std::error_code ec;
    for (const fs::path& path : {secret, pub})  // --force must not replace the passphrase file
      if (!options->passphrase_file.empty() && fs::equivalent(path, options->passphrase_file, ec))
        throw Error(ErrorKind::kUsage, fmt::format("{} is the passphrase file: refusing to write a key over it", path.string()));
    const std::string passphrase = options->passphrase_file.empty() ? "" : ReadPassphraseFile(options->passphrase_file);
    const KeyPair pair = GenerateKeyPair(options->issuer);
    WriteKeyPairFiles(secret, passphrase.empty() ? pair.secret_key_text : EncryptSecretKey(pair.secret_key_text, passphrase),
                      pub, pair.public_key_text);
    const auto id_at = pair.public_key_text.find("key-id: ");
    const std::string key_id = id_at == std::string::npos ? "" : pair.public_key_text.substr(id_at + 8, 16);
    std::fprintf(stderr, "%s\n",
                 fmt::format("wrote {} (secret key, mode 0600{}: keep it private) and {} (public key); key id {}",
                             secret.string(), passphrase.empty() ? "" : ", encrypted with the passphrase", pub.string(), key_id).c_str());
  });
}

}  // namespace pcf::cli
