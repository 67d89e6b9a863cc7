// pcf publish, pcf clients add and pcf serve refusing what they cannot do (issue 15): each refusal checks
// the message, the exit code and that no store or clients file appeared (or that it is unchanged). The
// server itself is exercised by tests/serve/conformance.py.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/cli_harness.h"

namespace fs = std::filesystem;
using pcf::test::ReadText;
using pcf::test::RunPcf;
using pcf::test::TempDir;
using pcf::test::WriteText;

namespace {

std::string V3Footprint(const std::string& spec_version) {
  return nlohmann::json{{"id", "00000000-0000-4000-8000-000000000001"},
                        {"specVersion", spec_version},
                        {"status", "Active"},
                        {"companyIds", {"urn:c:a"}},
                        {"productIds", {"urn:p:1"}},
                        {"pcf", {{"referencePeriodEnd", "2024-01-01T00:00:00Z"}}}}
      .dump();
}

}  // namespace

TEST_CASE("publish: a PACT v2 footprint is refused (exit 8) and no store appears") {
  TempDir tmp;
  WriteText(tmp / "old.json", V3Footprint("2.3.0"));
  const auto run = RunPcf({"publish", (tmp / "old.json").string(), "--store", (tmp / "s.sqlite").string()});
  CHECK(run.exit_code == pcf::test::kExitUnsupported);
  CHECK(run.err.find("old.json: specVersion: is a PACT v2 footprint: the host serves PACT v3") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "s.sqlite"));
}

TEST_CASE("publish: one bad input among several publishes none of them (exit 3)") {
  TempDir tmp;
  WriteText(tmp / "good.json", V3Footprint("3.0.0"));
  WriteText(tmp / "bad.json", "{\"hello\": 1}");
  const auto run = RunPcf({"publish", (tmp / "good.json").string(), (tmp / "bad.json").string(), "--store", (tmp / "s.sqlite").string()});
  CHECK(run.exit_code == pcf::test::kExitBadInput);
  CHECK(run.err.find("bad.json: is neither a pcf result (no manifest) nor a PACT v3 footprint") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "s.sqlite"));
}

TEST_CASE("publish: --certificate with two inputs is refused (exit 2)") {
  TempDir tmp;
  WriteText(tmp / "a.json", V3Footprint("3.0.0"));
  WriteText(tmp / "cert.json", "{}");
  const auto run = RunPcf({"publish", (tmp / "a.json").string(), (tmp / "a.json").string(), "--certificate",
                           (tmp / "cert.json").string(), "--store", (tmp / "s.sqlite").string()});
  CHECK(run.exit_code == pcf::test::kExitUsage);
  CHECK(run.err.find("--certificate belongs to one footprint: publish one input with it") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "s.sqlite"));
}

TEST_CASE("clients add: a short secret is refused (exit 3) and no clients file appears") {
  TempDir tmp;
  WriteText(tmp / "secret", "short\n");
  const auto run = RunPcf({"clients", "add", "--clients", (tmp / "c.yaml").string(), "--id", "a", "--secret-file", (tmp / "secret").string()});
  CHECK(run.exit_code == pcf::test::kExitBadInput);
  CHECK(run.err.find("a client secret must be at least 16 bytes long") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "c.yaml"));
}

TEST_CASE("clients add: a second client with the same id is refused (exit 3) and the file is unchanged") {
  TempDir tmp;
  WriteText(tmp / "secret", "a-long-enough-secret\n");
  const std::vector<std::string> add = {"clients", "add", "--clients", (tmp / "c.yaml").string(), "--id", "a", "--secret-file", (tmp / "secret").string()};
  REQUIRE(RunPcf(add).exit_code == 0);
  const std::string before = ReadText(tmp / "c.yaml");
  CHECK(before.find("a-long-enough-secret") == std::string::npos);  // only the hash is written
  const auto run = RunPcf(add);
  CHECK(run.exit_code == pcf::test::kExitBadInput);
  CHECK(run.err.find("client a already exists") != std::string::npos);
  CHECK(ReadText(tmp / "c.yaml") == before);
}

TEST_CASE("serve: a missing store (exit 4), an unloadable certificate (exit 3) and a bad --listen (exit 2) are refused before listening") {
  TempDir tmp;
  WriteText(tmp / "secret", "a-long-enough-secret\n");
  REQUIRE(RunPcf({"clients", "add", "--clients", (tmp / "c.yaml").string(), "--id", "a", "--secret-file", (tmp / "secret").string()}).exit_code == 0);
  WriteText(tmp / "fp.json", V3Footprint("3.0.0"));
  WriteText(tmp / "cert.pem", "not a certificate\n");
  const std::vector<std::string> base = {"serve", "--tls-cert", (tmp / "cert.pem").string(), "--tls-key", (tmp / "cert.pem").string(),
                                         "--clients", (tmp / "c.yaml").string(), "--store"};
  auto with = [&](std::vector<std::string> args, const std::vector<std::string>& more) {
    args.insert(args.end(), more.begin(), more.end());
    return RunPcf(args);
  };
  const auto missing = with(base, {(tmp / "none.sqlite").string(), "--listen", "127.0.0.1:0"});
  CHECK(missing.exit_code == pcf::test::kExitNotFound);
  CHECK(missing.err.find("none.sqlite: database file not found") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "none.sqlite"));
  REQUIRE(RunPcf({"publish", (tmp / "fp.json").string(), "--store", (tmp / "s.sqlite").string()}).exit_code == 0);
  const auto bad_cert = with(base, {(tmp / "s.sqlite").string(), "--listen", "127.0.0.1:0"});
  CHECK(bad_cert.exit_code == pcf::test::kExitBadInput);
  CHECK(bad_cert.err.find("OpenSSL cannot load the TLS certificate") != std::string::npos);
  const auto bad_listen = with(base, {(tmp / "s.sqlite").string(), "--listen", "localhost"});
  CHECK(bad_listen.exit_code == pcf::test::kExitUsage);
  CHECK(bad_listen.err.find("--listen localhost: expected ADDR:PORT") != std::string::npos);
}

TEST_CASE("publish: a PACT v3 footprint without productIds is refused (exit 3) and no store appears") {
  TempDir tmp;
  auto doc = nlohmann::json::parse(V3Footprint("3.0.0"));
  doc["productIds"] = nlohmann::json::array();
  WriteText(tmp / "empty.json", doc.dump());
  const auto run = RunPcf({"publish", (tmp / "empty.json").string(), "--store", (tmp / "s.sqlite").string()});
  CHECK(run.exit_code == pcf::test::kExitBadInput);
  CHECK(run.err.find("empty.json: productIds: must be a non-empty array of URNs") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "s.sqlite"));
}

TEST_CASE("publish: an SQLite file that is not a store (a model database) is refused (exit 5) and left unchanged") {
  TempDir tmp;
  const fs::path case_dir = pcf::test::VerificationDir("small/bw2calc-multi-lca-simple");
  REQUIRE(RunPcf({"db", "import-matrices", case_dir.string(), "-o", (tmp / "model.sqlite").string()}).exit_code == 0);
  const std::string before = ReadText(tmp / "model.sqlite");
  WriteText(tmp / "fp.json", V3Footprint("3.0.0"));
  const auto run = RunPcf({"publish", (tmp / "fp.json").string(), "--store", (tmp / "model.sqlite").string()});
  CHECK(run.exit_code == pcf::test::kExitCorruptDatabase);
  CHECK(run.err.find("model.sqlite: is an SQLite file but not a pcf PACT store: refusing to change it") != std::string::npos);
  CHECK(ReadText(tmp / "model.sqlite") == before);
}

// `pcf serve` runs the program pcf-serve beside pcf (only the server links OpenSSL): its help is pcf's, and
// a pcf without pcf-serve beside it says so with exit 4.
TEST_CASE("serve: pcf serve runs pcf-serve beside pcf, and a pcf without it is refused with exit 4") {
  const auto help = RunPcf({"serve", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("Usage: pcf serve") != std::string::npos);
  CHECK(help.out.find("--store") != std::string::npos);

  TempDir tmp;
  const std::filesystem::path alone = tmp / "pcf";
  std::filesystem::copy_file(PCF_BINARY, alone);
  std::filesystem::permissions(alone, std::filesystem::perms::owner_exec, std::filesystem::perm_options::add);
  std::string command = "'";  // appended piece by piece: GCC 12 warns (-Wrestrict, falsely) on one long a + b + …
  for (const std::string& piece : {alone.string(), std::string("' serve --help > '"), (tmp / "out").string(),
                                   std::string("' 2> '"), (tmp / "err").string(), std::string("'")})
    command += piece;
  const int status = std::system(command.c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 4);
  CHECK(ReadText(tmp / "out").empty());
  CHECK(ReadText(tmp / "err").find((tmp / "pcf-serve").string() + ", which cannot be started: No such file or directory") !=
        std::string::npos);
}
