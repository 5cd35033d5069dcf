/*
 * glibc's malloc_trim(0) for Node: hands the operating system back the free memory that malloc
 * keeps inside its heaps after a phase of long work (src/model/release-memory.ts says when and
 * why). Built by native/build.mjs into dist/native/malloc-trim.node; where it cannot be built,
 * or where the C library is not glibc, innsyn runs without it.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <node_api.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

/* trim() → true when memory went back to the operating system. */
static napi_value trim(napi_env env, napi_callback_info info) {
  (void)info;
  bool released = false;
#if defined(__GLIBC__)
  released = malloc_trim(0) != 0;
#endif
  napi_value result;
  if (napi_get_boolean(env, released, &result) != napi_ok) return NULL;
  return result;
}

/* supported() → whether trim() can do anything here (glibc). */
static napi_value supported(napi_env env, napi_callback_info info) {
  (void)info;
#if defined(__GLIBC__)
  bool glibc = true;
#else
  bool glibc = false;
#endif
  napi_value result;
  if (napi_get_boolean(env, glibc, &result) != napi_ok) return NULL;
  return result;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  if (napi_create_function(env, "trim", NAPI_AUTO_LENGTH, trim, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "trim", fn) != napi_ok) return NULL;
  if (napi_create_function(env, "supported", NAPI_AUTO_LENGTH, supported, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "supported", fn) != napi_ok) return NULL;
  return exports;
}
