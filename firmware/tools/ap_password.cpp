// Prints a strip's set-up AP password for its label: the same derivation the
// strip uses (core/sha256.h), from the maker's secret and the chip id shown
// in the AP's name (Multiplug-xxxxxx).
//   MP_AP_SECRET=... make -s ap-password CHIP=a1b2c3
#include <stdio.h>
#include <stdlib.h>

#include "sha256.h"

int main(int argc, char** argv) {
  const char* secret = getenv("MP_AP_SECRET");
  if (argc != 2 || !secret || !*secret) {
    fprintf(stderr, "usage: MP_AP_SECRET=... ap_password <chip id in hex>\n");
    return 2;
  }
  char out[13];
  mp::ap_password(secret, static_cast<uint32_t>(strtoul(argv[1], nullptr, 16)), out);
  printf("Multiplug-%06lx  %s\n", strtoul(argv[1], nullptr, 16), out);
  return 0;
}
