// Encrypted secret keys through the binary (issue 12 Deliver 6, docs/certification.md "Encrypted secret
// keys"): `pcf keygen --passphrase-file F` seals the key (Argon2id + secretbox), `pcf certify
// --passphrase-file F` opens it; a wrong, missing or empty passphrase is refused with exit 3 and nothing
// written; an unencrypted key still signs, with a warning.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cli/cli_harness.h"

namespace fs = std::filesystem;
using pcf::test::SourceDir;
using pcf::test::Contains;
using pcf::test::Lines;
using pcf::test::ReadText;
using pcf::test::RunPcf;
using pcf::test::RunResult;
using pcf::test::TempDir;
using pcf::test::WriteText;

namespace {

struct Fixture {
  TempDir dir;
  fs::path yaml = dir / "po425-cement.yaml";
  fs::path result = dir / "po425.json";
  fs::path key = dir / "issuer.key";
  fs::path pass = dir / "pass.txt";
  fs::path cert = dir / "po425.cert.json";
  fs::path html = dir / "po425.cert.html";
  Fixture() {
    fs::copy_file(SourceDir() / "examples" / "cement" / "po425-cement.yaml", yaml);
    const RunResult run = RunPcf({"calc", yaml.string(), "-o", result.string()});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  }
  RunResult Certify(std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"certify", result.string(), "--key", key.string(), "-o", cert.string(), "--html",
                                     html.string(), "--valid-from", "2026-01-01", "--allow-backdate"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunPcf(args);
  }
  void CheckNothingCertified() const {
    CHECK_FALSE(fs::exists(cert));
    CHECK_FALSE(fs::exists(html));
    CHECK_FALSE(fs::exists(key.string() + ".counter"));  // no certificate number used
  }
};

unsigned Mode(const fs::path& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return static_cast<unsigned>(info.st_mode & 07777);
}

}  // namespace

TEST_CASE("keys: keygen --passphrase-file encrypts, certify --passphrase-file decrypts and signs") {
  Fixture f;
  WriteText(f.pass, "correct horse battery staple\n");
  RunResult run = RunPcf({"keygen", "-o", f.key.string(), "--issuer", "Hubei CB", "--passphrase-file", f.pass.string()});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(Contains(run.err, "encrypted with the passphrase"));
  CHECK(Mode(f.key) == 0600);
  const std::string sealed = ReadText(f.key);
  const std::vector<std::string> lines = Lines(sealed);
  REQUIRE(lines.size() == 7);
  CHECK(lines[0] == "pcf-ed25519-secret-key-encrypted v1");
  CHECK(lines[1] == "issuer: Hubei CB");
  // The key id in the clear is the public key's (KEY.pub names the same id).
  CHECK(lines[2].rfind("key-id: ", 0) == 0);
  CHECK(Contains(ReadText(f.key.string() + ".pub"), lines[2] + "\n"));
  // Argon2id at libsodium's INTERACTIVE cost: 2 passes, 64 MiB.
  CHECK(lines[3] == "kdf: argon2id13 opslimit=2 memlimit=" + std::to_string(64 * 1024 * 1024));
  CHECK(lines[4].rfind("salt: ", 0) == 0);
  CHECK(lines[5].rfind("nonce: ", 0) == 0);
  CHECK(lines[6].rfind("sealed: ", 0) == 0);
  CHECK_FALSE(Contains(sealed, "\nkey: "));  // no key in the clear
  CHECK_FALSE(Contains(sealed, "correct horse"));

  // The trailing line break is not part of the passphrase: the same words without it (or with CRLF) open the key.
  WriteText(f.pass, "correct horse battery staple\r\nsecond line is ignored\n");
  run = f.Certify({"--passphrase-file", f.pass.string()});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK_FALSE(Contains(run.err, "warning"));
  REQUIRE(fs::exists(f.cert));
  CHECK(Contains(ReadText(f.cert), "\"certificate_number\":\"" + lines[2].substr(8) + "-000001\""));
  run = RunPcf({"verify", f.cert.string(), "--pubkey", f.key.string() + ".pub", "--today", "2026-06-01"});
  CHECK_MESSAGE(run.exit_code == 0, (run.out + run.err));
  CHECK(Contains(run.out, "valid"));
}

TEST_CASE("keys: a wrong, missing or empty passphrase is refused and nothing is written") {
  Fixture f;
  WriteText(f.pass, "s3cret\n");
  RunResult run = RunPcf({"keygen", "-o", f.key.string(), "--issuer", "Hubei CB", "--passphrase-file", f.pass.string()});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  const std::string key_before = ReadText(f.key);

  const fs::path wrong = f.dir / "wrong.txt";
  WriteText(wrong, "s3cret!\n");
  run = f.Certify({"--passphrase-file", wrong.string()});
  CHECK(run.exit_code == 3);
  CHECK(Contains(run.err, "wrong passphrase"));
  CHECK(Contains(run.err, f.key.string()));
  f.CheckNothingCertified();

  run = f.Certify();
  CHECK(run.exit_code == 3);
  CHECK(Contains(run.err, "the secret key is encrypted: give its passphrase with --passphrase-file"));
  f.CheckNothingCertified();

  for (const std::string empty : {"", "\n", "\r\n", "\nsecond line\n"}) {
    CAPTURE(empty);
    const fs::path blank = f.dir / "blank.txt";
    WriteText(blank, empty);
    run = f.Certify({"--passphrase-file", blank.string()});
    CHECK(run.exit_code == 3);
    CHECK(Contains(run.err, "an empty passphrase is refused"));
    f.CheckNothingCertified();
    const fs::path other_key = f.dir / "other.key";
    run = RunPcf({"keygen", "-o", other_key.string(), "--passphrase-file", blank.string()});
    CHECK(run.exit_code == 3);
    CHECK(Contains(run.err, "an empty passphrase is refused"));
    CHECK_FALSE(fs::exists(other_key));
    CHECK_FALSE(fs::exists(other_key.string() + ".pub"));
  }

  // A sealed key whose clear key-id line was edited is refused even with the right passphrase.
  std::vector<std::string> lines = Lines(key_before);
  lines[2] = "key-id: 0000000000000000";
  WriteText(f.key, pcf::test::JoinLines(lines));
  run = f.Certify({"--passphrase-file", f.pass.string()});
  CHECK(run.exit_code == 3);
  CHECK(Contains(run.err, "differs from the sealed key"));
  f.CheckNothingCertified();

  // keygen --force never writes a key over the passphrase file.
  run = RunPcf({"keygen", "-o", f.pass.string(), "--force", "--passphrase-file", f.pass.string()});
  CHECK(run.exit_code == 2);
  CHECK(Contains(run.err, "passphrase file"));
  CHECK(ReadText(f.pass) == "s3cret\n");
}

TEST_CASE("keys: an unencrypted key keeps working, with a warning") {
  Fixture f;
  RunResult run = RunPcf({"keygen", "-o", f.key.string(), "--issuer", "Hubei CB"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  run = f.Certify();
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(Contains(run.err, "pcf: warning: the secret key " + f.key.string() + " is not encrypted"));
  CHECK(fs::exists(f.cert));
  run = RunPcf({"verify", f.cert.string(), "--pubkey", f.key.string() + ".pub", "--today", "2026-06-01"});
  CHECK_MESSAGE(run.exit_code == 0, (run.out + run.err));
}
