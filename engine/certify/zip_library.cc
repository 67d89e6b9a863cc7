#include "engine/certify/zip_library.h"

#include <dlfcn.h>

#include <string>

#include <fmt/format.h>

#include "engine/core/error.h"

namespace pcf {

namespace {

constexpr const char* kLibzipName = "libzip.so.4";

template <typename Function>
void Resolve(void* handle, const char* name, Function* out) {
  void* symbol = dlsym(handle, name);
  if (symbol == nullptr)
    throw Error(ErrorKind::kUnsupported, fmt::format("{} has no function {}: reading zips needs libzip 1.7 or later", kLibzipName, name));
  *out = reinterpret_cast<Function>(symbol);
}

ZipLibrary Load() {
  // Never closed: the functions stay valid for the life of the process.
  void* handle = dlopen(kLibzipName, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    throw Error(ErrorKind::kUnsupported, fmt::format("cannot read zips: {} could not be loaded ({}); install libzip4",
                                                     kLibzipName, why ? why : "unknown reason"));
  }
  ZipLibrary z{};
  Resolve(handle, "zip_open", &z.open);
  Resolve(handle, "zip_discard", &z.discard);
  Resolve(handle, "zip_strerror", &z.strerror);
  Resolve(handle, "zip_get_num_entries", &z.get_num_entries);
  Resolve(handle, "zip_get_name", &z.get_name);
  Resolve(handle, "zip_stat_init", &z.stat_init);
  Resolve(handle, "zip_stat_index", &z.stat_index);
  Resolve(handle, "zip_file_get_external_attributes", &z.file_get_external_attributes);
  Resolve(handle, "zip_fopen_index", &z.fopen_index);
  Resolve(handle, "zip_fread", &z.fread);
  Resolve(handle, "zip_fclose", &z.fclose);
  Resolve(handle, "zip_file_strerror", &z.file_strerror);
  Resolve(handle, "zip_error_init_with_code", &z.error_init_with_code);
  Resolve(handle, "zip_error_strerror", &z.error_strerror);
  Resolve(handle, "zip_error_fini", &z.error_fini);
  return z;
}

}  // namespace

const ZipLibrary& Libzip() {
  // Thread-safe; a load that throws is tried again on the next call.
  static const ZipLibrary library = Load();
  return library;
}

}  // namespace pcf
