#include "cli/run_app.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <system_error>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "engine/core/error.h"

namespace pcf::cli {

int RunApp(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const ExitWithCode& verdict) {
    return verdict.code;
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  } catch (const pcf::Error& e) {
    std::fprintf(stderr, "pcf: error: %s\n", e.what());
    return ExitCodeFor(e.kind());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pcf: internal error: %s\n", e.what());
    return kExitInternal;
  }
  return kExitSuccess;
}

int RunServeProgram(char** argv) {
  // Beside the running binary (build tree and installed tree alike), never looked up in PATH: pcf serve
  // must run the server of the same build.
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  const std::filesystem::path program = (error ? std::filesystem::path(".") : self.parent_path()) / "pcf-serve";
  ::execv(program.c_str(), argv);
  std::fprintf(stderr, "pcf: error: pcf serve runs %s, which cannot be started: %s (it is built and installed with pcf)\n",
               program.c_str(), std::strerror(errno));
  return kExitNotFound;
}

}  // namespace pcf::cli
