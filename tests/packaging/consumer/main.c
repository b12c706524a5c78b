/* A C program using the installed C API (redact.h, libredact-c). */
#include <redact.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  const char *in = "Authorization: Bearer qbt_AbCdEf0123456789xyz";
  size_t n = 0;
  char *out = redact_string(NULL, in, strlen(in), &n);
  int ok = out != NULL && strcmp(out, "Authorization: Bearer qbt_***") == 0 &&
           strcmp(redact_version(), REDACT_VERSION_STRING) == 0;
  printf("%s (libredact-c %s)\n", out != NULL ? out : "(null)", redact_version());
  redact_free(out);
  return ok ? 0 : 1;
}
