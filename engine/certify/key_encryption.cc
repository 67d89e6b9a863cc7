// Encrypted secret keys (docs/certification.md "Encrypted secret keys"). The whole plain key file text is
// sealed, so the issuer and key id inside are authenticated; the copies in the clear lines of the
// encrypted file are only for people and must match after decryption.
#include "engine/certify/key_encryption.h"

#include <cstdio>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <sodium.h>

#include "engine/certify/key_text.h"
#include "engine/core/atomic_file.h"
#include "engine/core/error.h"

namespace pcf {

namespace {

constexpr std::string_view kEncryptedHeader = "pcf-ed25519-secret-key-encrypted v1";
constexpr std::string_view kKdfName = "argon2id13";
// INTERACTIVE cost (2 passes, 64 MiB): about 0.1 s per key use, so tests and a certification run stay
// quick; the cost is stored in the file, so a later pcf can raise it without breaking old keys.
constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;


// The value of "name: value" on a line of a key file, or "" with *ok false.
std::string Field(const std::vector<std::string>& lines, std::size_t i, std::string_view name, bool* ok) {
  const std::string prefix = std::string(name) + ": ";
  if (i >= lines.size() || lines[i].compare(0, prefix.size(), prefix) != 0) {
    *ok = false;
    return "";
  }
  return lines[i].substr(prefix.size());
}

struct DerivedKey {
  unsigned char bytes[crypto_secretbox_KEYBYTES];
  ~DerivedKey() { sodium_memzero(bytes, sizeof bytes); }
};

void DeriveKey(const std::string& passphrase, const unsigned char* salt, unsigned long long ops, std::size_t mem,
               DerivedKey* key) {
  if (crypto_pwhash(key->bytes, sizeof key->bytes, passphrase.data(), passphrase.size(), salt, ops, mem,
                    crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw Error(ErrorKind::kIo, "not enough memory to derive the key from the passphrase (Argon2id)");
}

}  // namespace

bool IsEncryptedSecretKey(const std::string& key_text) {
  return key_text.compare(0, kEncryptedHeader.size(), kEncryptedHeader) == 0 &&
         (key_text.size() == kEncryptedHeader.size() || key_text[kEncryptedHeader.size()] == '\n' ||
          key_text[kEncryptedHeader.size()] == '\r');
}

std::string EncryptSecretKey(const std::string& secret_key_text, const std::string& passphrase) {
  InitSodium();
  if (passphrase.empty()) throw Error(ErrorKind::kBadInput, "an empty passphrase is refused");
  const std::vector<std::string> lines = SplitLines(secret_key_text);
  bool ok = lines.size() == 4;
  const std::string issuer = Field(lines, 1, "issuer", &ok);
  const std::string key_id = Field(lines, 2, "key-id", &ok);
  if (!ok) throw Error(ErrorKind::kBadInput, "secret key file: not in the form pcf keygen writes");
  unsigned char salt[crypto_pwhash_SALTBYTES];
  unsigned char nonce[crypto_secretbox_NONCEBYTES];
  randombytes_buf(salt, sizeof salt);
  randombytes_buf(nonce, sizeof nonce);
  DerivedKey key;
  DeriveKey(passphrase, salt, kOpsLimit, kMemLimit, &key);
  std::vector<unsigned char> sealed(secret_key_text.size() + crypto_secretbox_MACBYTES);
  crypto_secretbox_easy(sealed.data(), reinterpret_cast<const unsigned char*>(secret_key_text.data()),
                        secret_key_text.size(), nonce, key.bytes);
  return fmt::format("{}\nissuer: {}\nkey-id: {}\nkdf: {} opslimit={} memlimit={}\nsalt: {}\nnonce: {}\nsealed: {}\n",
                     kEncryptedHeader, issuer, key_id, kKdfName, kOpsLimit, kMemLimit, ToBase64(salt, sizeof salt),
                     ToBase64(nonce, sizeof nonce), ToBase64(sealed.data(), sealed.size()));
}

std::string DecryptSecretKey(const std::string& key_text, const std::string& passphrase, const std::string& key_path) {
  InitSodium();
  const SourceLocation where{key_path, 0, 0, ""};
  const std::vector<std::string> lines = SplitLines(key_text);
  const auto bad = [&](const std::string& what) {
    return Error(ErrorKind::kBadInput, fmt::format("encrypted secret key file: {}", what), where);
  };
  if (lines.empty() || lines[0] != kEncryptedHeader) throw bad(fmt::format("first line must be '{}'", kEncryptedHeader));
  if (lines.size() != 7)
    throw bad(fmt::format("expected 7 lines (header, issuer, key-id, kdf, salt, nonce, sealed), found {}", lines.size()));
  bool ok = true;
  const std::string issuer = Field(lines, 1, "issuer", &ok);
  const std::string key_id = Field(lines, 2, "key-id", &ok);
  const std::string kdf = Field(lines, 3, "kdf", &ok);
  const std::string salt_text = Field(lines, 4, "salt", &ok);
  const std::string nonce_text = Field(lines, 5, "nonce", &ok);
  const std::string sealed_text = Field(lines, 6, "sealed", &ok);
  if (!ok) throw bad("lines 2-7 must start with 'issuer: ', 'key-id: ', 'kdf: ', 'salt: ', 'nonce: ', 'sealed: '");
  unsigned long long ops = 0, mem = 0;
  char name[16] = {0};
  int consumed = 0;
  if (std::sscanf(kdf.c_str(), "%15s opslimit=%llu memlimit=%llu%n", name, &ops, &mem, &consumed) != 3 ||
      static_cast<std::size_t>(consumed) != kdf.size() || kKdfName != name || ops < crypto_pwhash_OPSLIMIT_MIN ||
      ops > crypto_pwhash_OPSLIMIT_MAX || mem < crypto_pwhash_MEMLIMIT_MIN || mem > (1ull << 32))
    throw bad(fmt::format("kdf must be '{} opslimit=N memlimit=M' within libsodium's limits, not '{}'", kKdfName, kdf));
  std::vector<unsigned char> salt, nonce, sealed;
  if (!FromBase64(salt_text, &salt) || salt.size() != crypto_pwhash_SALTBYTES)
    throw bad(fmt::format("salt is not base64 of {} bytes", crypto_pwhash_SALTBYTES));
  if (!FromBase64(nonce_text, &nonce) || nonce.size() != crypto_secretbox_NONCEBYTES)
    throw bad(fmt::format("nonce is not base64 of {} bytes", crypto_secretbox_NONCEBYTES));
  if (!FromBase64(sealed_text, &sealed) || sealed.size() <= crypto_secretbox_MACBYTES) throw bad("sealed is not base64 of a sealed key");
  if (passphrase.empty()) throw Error(ErrorKind::kBadInput, "an empty passphrase is refused", where);
  DerivedKey key;
  DeriveKey(passphrase, salt.data(), ops, static_cast<std::size_t>(mem), &key);
  std::string plain(sealed.size() - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), sealed.data(), sealed.size(),
                                 nonce.data(), key.bytes) != 0)
    throw Error(ErrorKind::kBadInput,
                "wrong passphrase: the secret key cannot be decrypted with it (or the key file is damaged)", where);
  // The clear lines must tell the truth about the sealed key.
  const std::vector<std::string> inner = SplitLines(plain);
  bool inner_ok = inner.size() == 4;
  const std::string inner_issuer = Field(inner, 1, "issuer", &inner_ok);
  const std::string inner_key_id = Field(inner, 2, "key-id", &inner_ok);
  if (!inner_ok || inner_issuer != issuer || inner_key_id != key_id) {
    sodium_memzero(plain.data(), plain.size());
    throw bad("the issuer or key-id line differs from the sealed key's");
  }
  return plain;
}

std::string ReadPassphraseFile(const std::string& path) {
  const std::string text = ReadWholeFile(path);
  std::string line = text.substr(0, text.find('\n'));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty())
    throw Error(ErrorKind::kBadInput, "the passphrase (the first line) is empty: an empty passphrase is refused",
                {path, 1, 0, ""});
  return line;
}

}  // namespace pcf
