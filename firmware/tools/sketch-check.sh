#!/bin/sh
# Compile-checks the Arduino sketch (multiplug/ + core/, assembled as `make
# sketch` does) against real ESP8266 Arduino core and WiFiManager sources with
# Debian's xtensa-lx106-elf-g++: every translation unit is compiled (-c, no
# link) with the flags of the core's platform.txt for a NodeMCU 1.0 as the
# README builds it (160 MHz, lwIP v2 lower memory, 4M2M).
#
#   firmware/tools/sketch-check.sh ESP8266_CORE WIFIMANAGER
#
# ESP8266_CORE  an extracted ESP8266 Arduino core 3.1.x (cores/, variants/,
#               libraries/, tools/sdk/include, tools/sdk/lwip2/include), with
#               LittleFS's littlefs submodule in libraries/LittleFS/lib/littlefs
# WIFIMANAGER   an extracted WiFiManager 2.0.x (WiFiManager.h at its top)
#
# Debian's lx106 compiler has no C++ library and pairs with picolibc, while
# the core expects the ESP8266 toolchain's newlib (sys/pgmspace.h, the *_P
# functions) and libstdc++. Two header sets stand in, given by variables:
#   NEWLIB_INCLUDE  ESP8266 newlib headers: tools/sdk/libc/xtensa-lx106-elf/include
#                   of the same core's 2.7.4 tag (3.x moved them into its toolchain)
#   STDCXX_INCLUDE  newlib-configured libstdc++ 12 headers, e.g. from
#                   `apt-get download libstdc++-arm-none-eabi-dev` unpacked with
#                   dpkg-deb -x: .../usr/include/newlib/c++/12.2.1
# They only have to parse: nothing is linked.
#
# Needs the core sources, which CI does not have: not part of `make test`.
set -eu

if [ $# -ne 2 ]; then
  echo "usage: $0 ESP8266_CORE WIFIMANAGER (and NEWLIB_INCLUDE, STDCXX_INCLUDE set)" >&2
  exit 2
fi
CORE=$(cd "$1" && pwd)
WM=$(cd "$2" && pwd)
NEWLIB=${NEWLIB_INCLUDE:?set NEWLIB_INCLUDE to the ESP8266 newlib headers}
STDCXX=${STDCXX_INCLUDE:?set STDCXX_INCLUDE to newlib-configured libstdc++ headers}
FW=$(cd "$(dirname "$0")/.." && pwd)
CXX=xtensa-lx106-elf-g++

for f in "$CORE/cores/esp8266/Arduino.h" "$CORE/libraries/LittleFS/lib/littlefs/lfs.h" \
         "$WM/WiFiManager.h" "$NEWLIB/sys/pgmspace.h" "$STDCXX/functional"; do
  [ -f "$f" ] || { echo "missing $f" >&2; exit 2; }
done
# The libstdc++ target directory (bits/c++config.h) sits under the triplet.
STDCXX_TARGET=$(dirname "$(dirname "$(ls "$STDCXX"/*/bits/c++config.h | head -n 1)")")

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/multiplug" "$WORK/obj"
cp "$FW"/multiplug/* "$FW"/core/* "$WORK/multiplug/"

# platform.txt: compiler.cpreprocessor.flags, compiler.cpp.flags and
# recipe.cpp.o.pattern; boards.txt: nodemcuv2 with xtal=160, ip=lm2f and the
# default mmu/ssl/exception menus. ARDUINO is the IDE version (1.8.19).
DEFS="-D__ets__ -DICACHE_FLASH -U__STRICT_ANSI__ -D_GNU_SOURCE -DESP8266
  -DNONOSDK22x_190703=1 -DF_CPU=160000000L
  -DLWIP_OPEN_SRC -DTCP_MSS=536 -DLWIP_FEATURES=1 -DLWIP_IPV6=0
  -DARDUINO=10819 -DARDUINO_ESP8266_NODEMCU_ESP12E -DARDUINO_ARCH_ESP8266
  -DARDUINO_BOARD=\"ESP8266_NODEMCU_ESP12E\" -DARDUINO_BOARD_ID=\"nodemcuv2\"
  -DFLASHMODE_DIO -DMMU_IRAM_SIZE=0x8000 -DMMU_ICACHE_SIZE=0x8000"
CODEGEN="-Os -g -free -fipa-pta -Werror=return-type -mlongcalls -mtext-section-literals
  -fno-rtti -falign-functions=4 -std=gnu++17 -ffunction-sections -fdata-sections
  -fno-exceptions"
# Our code must be warning-free; the core and libraries are -isystem so
# their own warnings do not count. -nostdinc drops picolibc: the order is
# libstdc++, the compiler's headers, newlib, then the compiler's fixed limits.h.
GCCINC=$($CXX -print-file-name=include)
GCCFIXED=$($CXX -print-file-name=include-fixed)
INCS="-nostdinc -isystem $STDCXX -isystem $STDCXX_TARGET -isystem $GCCINC -isystem $NEWLIB -isystem $GCCFIXED
  -isystem $CORE/tools/sdk/include -isystem $CORE/tools/sdk/lwip2/include
  -isystem $CORE/cores/esp8266 -isystem $CORE/variants/nodemcu
  -isystem $CORE/libraries/ESP8266WiFi/src -isystem $CORE/libraries/LittleFS/src
  -isystem $CORE/libraries/ArduinoOTA -isystem $CORE/libraries/Ticker/src
  -isystem $CORE/libraries/ESP8266mDNS/src -isystem $CORE/libraries/ESP8266WebServer/src
  -isystem $CORE/libraries/DNSServer/src -isystem $WM
  -I$WORK/multiplug"
WARN="-Wall -Wextra -Werror"
# A stand-in secret: the real build takes it from the maker (README, Provisioning).
SECRET='-DMP_AP_SECRET="sketch-check"'

fail=0
compile() {  # name, then extra flags; the source is the last argument
  name=$1; shift
  # shellcheck disable=SC2086  # the flag lists are meant to split
  if $CXX $DEFS $CODEGEN $INCS $WARN "$SECRET" "$@" -c -o "$WORK/obj/$name.o" 2>"$WORK/err"; then
    echo "ok    $name"
  else
    echo "FAIL  $name"; cat "$WORK/err"; fail=1
  fi
}

for src in "$WORK"/multiplug/*.cpp; do
  compile "$(basename "$src")" "$src"
done
# The .ino as Arduino compiles it: C++ with Arduino.h in front; once more
# with the log on Serial1, which is code of its own.
compile multiplug.ino -x c++ -include Arduino.h "$WORK/multiplug/multiplug.ino"
compile "multiplug.ino (MP_LOG_SERIAL1)" -DMP_LOG_SERIAL1 -x c++ -include Arduino.h "$WORK/multiplug/multiplug.ino"

echo "$($CXX --version | head -n 1)"
exit $fail
