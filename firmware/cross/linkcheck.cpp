// The root of the link check (Makefile, target cross): any symbol the core needs
// beyond what the ESP8266 Arduino core also provides fails here.
void footprint_run();

// The Arduino core defines this (cores/esp8266/abi.cpp); picolibc does not.
extern "C" void __cxa_pure_virtual() {
  for (;;) {
  }
}

int main() {
  footprint_run();
  return 0;
}
