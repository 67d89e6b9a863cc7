// Secret keys protected by a passphrase (issue 12, docs/certification.md "Encrypted secret keys"): the key
// file of `pcf keygen` is sealed with libsodium's crypto_secretbox_easy under a key derived from the
// passphrase with crypto_pwhash (Argon2id, salt and cost stored in the file).
#pragma once

#include <string>

namespace pcf {

// Whether `key_text` is an encrypted secret key file (its first line is kEncryptedSecretHeader).
bool IsEncryptedSecretKey(const std::string& key_text);

// Seals the secret key file text `secret_key_text` (as GenerateKeyPair writes it) with `passphrase`.
// Throws Error(kBadInput) for an empty passphrase.
std::string EncryptSecretKey(const std::string& secret_key_text, const std::string& passphrase);

// The secret key file text sealed in `key_text`. Throws Error(kBadInput) naming `key_path` for a file not
// in the encrypted form and for a wrong passphrase (or a damaged file: the two cannot be told apart).
std::string DecryptSecretKey(const std::string& key_text, const std::string& passphrase, const std::string& key_path);

// The passphrase in a file: its first line, without the line break (LF or CRLF). Throws Error(kBadInput)
// naming the file when that line is empty, Error(kNotFound) / Error(kIo) when it cannot be read.
std::string ReadPassphraseFile(const std::string& path);

}  // namespace pcf
