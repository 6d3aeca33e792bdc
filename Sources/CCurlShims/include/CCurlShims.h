#ifndef CCURL_SHIMS_H
#define CCURL_SHIMS_H

// Typed, non-variadic wrappers around libcurl's variadic setopt/getinfo functions.
// Swift cannot call C variadic functions, so each argument type gets one wrapper.
// Every wrapper is a one-line forward: no logic lives here.

#include <curl/curl.h>

/// The signature libcurl expects for CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION.
typedef size_t (*sc_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
/// The signature libcurl expects for CURLOPT_XFERINFOFUNCTION.
typedef int (*sc_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                    curl_off_t ultotal, curl_off_t ulnow);

CURLcode sc_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode sc_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
/// libcurl copies string arguments (since 7.17), so `value` may be a temporary.
CURLcode sc_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode sc_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode sc_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode sc_easy_setopt_write_callback(CURL *handle, sc_data_callback callback);
CURLcode sc_easy_setopt_header_callback(CURL *handle, sc_data_callback callback);
CURLcode sc_easy_setopt_xferinfo_callback(CURL *handle, sc_xferinfo_callback callback);

CURLcode sc_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode sc_easy_getinfo_double(CURL *handle, CURLINFO info, double *value);
CURLcode sc_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);
/// The string belongs to the easy handle: copy it before the handle is reset or freed.
CURLcode sc_easy_getinfo_string(CURL *handle, CURLINFO info, const char **value);

CURLMcode sc_multi_setopt_long(CURLM *multi, CURLMoption option, long value);

#endif
