#include "cli/cli_harness.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

extern char** environ;

namespace pcf::test {

namespace fs = std::filesystem;

RunResult RunPcf(const std::vector<std::string>& args) {
  TempDir capture;
  const fs::path out_path = capture / "stdout", err_path = capture / "stderr";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  std::vector<std::string> argv_storage = {PCF_BINARY};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, PCF_BINARY, &actions, nullptr, argv.data(), environ) != 0)
    throw std::runtime_error("cannot start " PCF_BINARY);
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  waitpid(pid, &status, 0);
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadText(out_path);
  r.err = ReadText(err_path);
  return r;
}

RunResult RunPcfWithEnv(const std::string& name, const std::optional<std::string>& value,
                        const std::vector<std::string>& args) {
  const char* old = std::getenv(name.c_str());
  const std::optional<std::string> saved = old ? std::optional<std::string>(old) : std::nullopt;
  if (value) ::setenv(name.c_str(), value->c_str(), 1);
  else ::unsetenv(name.c_str());
  RunResult r = RunPcf(args);
  if (saved) ::setenv(name.c_str(), saved->c_str(), 1);
  else ::unsetenv(name.c_str());
  return r;
}

RunningPcf StartPcf(const std::vector<std::string>& args, const fs::path& capture) {
  RunningPcf process;
  process.out_path = capture / "stdout";
  process.err_path = capture / "stderr";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, process.out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, process.err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  std::vector<std::string> argv_storage = {PCF_BINARY};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int started = posix_spawn(&pid, PCF_BINARY, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (started != 0) throw std::runtime_error("cannot start " PCF_BINARY);
  process.pid = pid;
  return process;
}

RunResult FinishPcf(const RunningPcf& process) {
  int status = 0;
  waitpid(process.pid, &status, 0);
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadText(process.out_path);
  r.err = ReadText(process.err_path);
  return r;
}

}  // namespace pcf::test
