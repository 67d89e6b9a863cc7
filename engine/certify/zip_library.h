// libzip, loaded when a zip is first read rather than linked into every pcf process (issue 13, cold start):
// libzip brings libcrypto, libz and libbz2, whose loading and relocation cost every `pcf calc` about 1 ms
// though only `pcf verify` of a zip uses them. The types and constants come from <zip.h> as usual; only
// the functions are looked up, once, in libzip.so.4 (Debian 12's libzip4, installed with libzip-dev).
#pragma once

#include <zip.h>

namespace pcf {

struct ZipLibrary {
  decltype(&::zip_open) open;
  decltype(&::zip_discard) discard;
  decltype(&::zip_strerror) strerror;
  decltype(&::zip_get_num_entries) get_num_entries;
  decltype(&::zip_get_name) get_name;
  decltype(&::zip_stat_init) stat_init;
  decltype(&::zip_stat_index) stat_index;
  decltype(&::zip_file_get_external_attributes) file_get_external_attributes;
  decltype(&::zip_fopen_index) fopen_index;
  decltype(&::zip_fread) fread;
  decltype(&::zip_fclose) fclose;
  decltype(&::zip_file_strerror) file_strerror;
  decltype(&::zip_error_init_with_code) error_init_with_code;
  decltype(&::zip_error_strerror) error_strerror;
  decltype(&::zip_error_fini) error_fini;
};

// The loaded library (loaded on the first call; thread-safe). Throws Error(kUnsupported) naming the
// library when it or one of its functions cannot be found.
const ZipLibrary& Libzip();

}  // namespace pcf
