// A real full disk: a 64 KiB tmpfs mounted for the test (needs root, or CAP_SYS_ADMIN in a container;
// skipped with a message where mounting is not allowed). A calc result bigger than the free space is
// written through the real file system: the error names the file, the previous result survives byte for
// byte and no temporary is left.
#include <doctest/doctest.h>

#include <sys/mount.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/db/model_store.h"
#include "engine/report/render.h"
#include "engine/run/product_run.h"
#include "support/test_files.h"

namespace {

namespace fs = std::filesystem;
using pcf::test::Contains;

// Unmounts when the test ends, however it ends.
struct Mounted {
  fs::path dir;
  ~Mounted() { ::umount2(dir.c_str(), MNT_DETACH); }
};

}  // namespace

TEST_CASE("disk full: a result bigger than the free space on a tiny tmpfs") {
  pcf::test::TempDir root;
  const fs::path disk = root / "disk";
  fs::create_directories(disk);
  if (::mount("tmpfs", disk.c_str(), "tmpfs", 0, "size=64k") != 0) {
    MESSAGE("skipped: cannot mount a 64 KiB tmpfs here (" << std::strerror(errno) << "); needs root or CAP_SYS_ADMIN");
    return;
  }
  const Mounted mounted{disk};
  // The product and its result are made outside the tiny disk.
  fs::create_directories(root / "in");
  pcf::test::WriteText(root / "in" / "cement.yaml", pcf::test::ReadText(pcf::test::SourceDir() / "examples/cement/po425-cement.yaml"));
  const pcf::StoredModel db = pcf::LoadModel(PCF_HUBEI_DB);
  pcf::ProductRunOptions options;
  options.render.created = "2025-01-01T00:00:00Z";
  const std::string result = pcf::RunProductFile((root / "in" / "cement.yaml").string(), db, PCF_HUBEI_DB, options).rendered;
  // A previous result, then a filler that leaves 8 KiB free, less than the new result needs.
  const fs::path target = disk / "cement.result.json";
  pcf::WriteFileAtomically(target, "previous result\n");
  struct statvfs space {};
  REQUIRE(::statvfs(disk.c_str(), &space) == 0);
  const std::size_t free_bytes = space.f_bavail * space.f_bsize;
  REQUIRE(free_bytes > 8192);
  pcf::test::WriteText(disk / "filler", std::string(free_bytes - 8192, 'x'));
  REQUIRE(result.size() > 8192);

  try {
    pcf::WriteFileAtomically(target, result);
    FAIL("a write bigger than the free space succeeded");
  } catch (const pcf::Error& e) {
    CHECK(e.kind() == pcf::ErrorKind::kIo);
    CHECK(e.where().file == target.string());
    CHECK(Contains(e.message(), std::strerror(ENOSPC)));
  }
  CHECK(pcf::test::ReadText(target) == "previous result\n");
  int files = 0;
  for (const auto& entry : fs::directory_iterator(disk)) {
    CHECK_FALSE(Contains(entry.path().filename().string(), ".tmp-"));
    ++files;
  }
  CHECK(files == 2);  // the previous result and the filler
}
