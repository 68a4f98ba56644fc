// Smart Multiplug: ESP8266 firmware. This file only wires the portable core
// (../core, copied next to it by the build, see README.md) to the board:
// WiFi and the captive portal, NTP, HTTP(S), OTA, the watchdog, GPIO.
// Everything with rules in it lives in the core and is tested on the host.
#include <Arduino.h>
#include <ArduinoOTA.h>
#include <ESP8266WiFi.h>
#include <LittleFS.h>
#include <Ticker.h>
#include <WiFiManager.h>
#include <coredecls.h>  // settimeofday_cb
#include <sys/time.h>
#include <time.h>

#include "button.h"
#include "device.h"
#include "hardware.h"
#include "http_transport.h"
#include "log.h"
#include "pins.h"
#include "pzem.h"
#include "settings.h"
#include "sha256.h"

// Each strip's set-up AP has its own password, derived from this secret and
// the chip id (core/sha256.h); `make ap-password` prints it for the label.
#ifndef MP_AP_SECRET
#error "Build with -DMP_AP_SECRET=\"...\" (see README.md, \"Provisioning\")"
#endif

static const char TAG[] = "main";

// Everything static: the heap is left to WiFi, TLS and the portal.
static ArduinoClock g_clock;
static UartMeterBus g_bus(Serial);
static mp::PzemMeter g_meter(g_bus, mp::PzemConfig{});
static GpioRelays g_relays;
static LittleFsStorage g_storage;
static EspRtcMemory g_rtc;
static ServerConfig g_server;
static EspSystemInfo g_system;
static HttpTransport g_http(g_server);
static mp::Device* g_device = nullptr;  // built in setup(), once the hardware RNG can seed it
static mp::Button g_button;
static WiFiManager g_portal;
static WiFiManagerParameter g_url_param("url", "Server URL (https://host[:port])", "", 95);
// Never prefilled: the portal must not show a stored secret to whoever joins it.
static WiFiManagerParameter g_token_param("token", "Device token (empty: keep the stored one)", "", 71);
static WiFiManagerParameter g_ota_param("ota", "OTA password, 8+ characters (empty: keep; OTA is off until set)", "", 39);
static WiFiManagerParameter g_critical_param("critical", "Critical ports, kept on if their meter is silent (e.g. 1,3)", "", 11);
static char g_ap_password[13];
static Ticker g_safety;  // os_timer: runs whenever the sketch yields, also inside a blocking connect
// Meter maintenance from the portal: an address for the one module on the bus,
// or a port whose module's energy counter is zeroed (its epoch follows).
static WiFiManagerParameter g_assign_param("pzem_assign", "Assign PZEM address 1-4 (one module on the bus)", "", 2);
static WiFiManagerParameter g_reset_param("pzem_reset", "Reset PZEM energy of port 1-4", "", 2);
static bool g_http_ready = false;
static bool g_ota_ready = false;

static void log_sink(const char* tag, const char* line) {
#ifdef MP_LOG_SERIAL1
  Serial1.printf("[%lu] %s: %s\n", millis(), tag, line);  // GPIO2: the LED flickers with the log
#else
  (void)tag;
  (void)line;
#endif
}

static void on_portal_saved() {
  snprintf(g_server.url, sizeof g_server.url, "%s", g_url_param.getValue());
  if (g_token_param.getValue()[0]) snprintf(g_server.token, sizeof g_server.token, "%s", g_token_param.getValue());
  g_token_param.setValue("", 71);
  if (strlen(g_ota_param.getValue()) >= 8) snprintf(g_server.ota, sizeof g_server.ota, "%s", g_ota_param.getValue());
  g_ota_param.setValue("", 39);
  uint8_t mask;
  if (mp::parse_port_list(g_critical_param.getValue(), &mask))
    snprintf(g_server.critical, sizeof g_server.critical, "%s", g_critical_param.getValue());  // applies at the next start
  settings_save(g_server);
  g_http_ready = false;  // reconfigure with the new URL
  int assign = atoi(g_assign_param.getValue());
  int reset = atoi(g_reset_param.getValue());
  if (assign >= 1 && assign <= 4) g_meter.assign_address(static_cast<uint8_t>(assign));
  else if (reset >= 1 && reset <= 4) g_meter.reset_energy(static_cast<uint8_t>(reset - 1));
  g_assign_param.setValue("", 2);
  g_reset_param.setValue("", 2);
}

static void on_time_set(bool from_sntp) {
  struct timeval tv;
  gettimeofday(&tv, nullptr);
  int64_t ms = static_cast<int64_t>(tv.tv_sec) * 1000 + tv.tv_usec / 1000;
  if (from_sntp && g_device && tv.tv_sec > 1700000000) g_device->set_wall_time(ms);
}

static void start_ota() {
  if (strlen(g_server.ota) < 8) return;  // no OTA password set: no OTA at all
  char name[24];
  snprintf(name, sizeof name, "multiplug-%06x", ESP.getChipId());
  ArduinoOTA.setHostname(name);
  ArduinoOTA.setPassword(g_server.ota);
  ArduinoOTA.onStart([]() { g_device->prepare_restart(); });  // flush counters and frames first
  ArduinoOTA.begin();
  g_ota_ready = true;
}

// Button held 15 s: relays off, then forget everything this strip knows and
// restart into the set-up portal. The module counters are left alone.
static void factory_reset() {
  g_safety.detach();
  for (uint8_t i = 0; i < 4; i++) g_relays.set(i, false);
  LittleFS.remove("/server.cfg");
  LittleFS.remove("/state.bin");
  LittleFS.remove("/frames.bin");
  uint32_t zero[32] = {};
  g_rtc.write(zero, sizeof zero);  // the RTC copy of counters and relay states
  g_portal.resetSettings();        // WiFi credentials
  ESP.restart();
}

static void update_led() {
  bool portal = g_portal.getConfigPortalActive();
  mp::LedState s = portal ? mp::LedState::kPortal : g_device->led_state();
  // In the portal, a meter job's outcome: steady = confirmed, slow blink = failed.
  if (portal && g_meter.job_state() == mp::PzemJobState::kDone) s = mp::LedState::kOk;
  if (portal && g_meter.job_state() == mp::PzemJobState::kFailed) s = mp::LedState::kNoWifi;
  digitalWrite(pins::kLed, mp::led_on(s, millis()) ? LOW : HIGH);
}

void setup() {
  g_relays.begin();  // outputs to "open" before anything else
  pinMode(pins::kButton, INPUT_PULLUP);
  pinMode(pins::kLed, OUTPUT);
#ifdef MP_LOG_SERIAL1
  Serial1.begin(115200);
#endif
  mp::log_set_sink(log_sink);
  Serial.begin(pins::kPzemBaud, SERIAL_8N1);  // UART0 = the PZEM bus
  // Nothing but Modbus on it: no SDK debug output, and WiFiManager (which
  // logs to Serial by default) told before it says anything.
  Serial.setDebugOutput(false);
  g_portal.setDebugOutput(false);
  g_system.begin();
  mp::logf(TAG, "reset: %s", g_system.reset_reason());

  LittleFS.begin();  // formats on first use
  settings_load(g_server);
  g_url_param.setValue(g_server.url, 95);

  g_critical_param.setValue(g_server.critical, 11);  // not a secret
  mp::DeviceConfig config;
  if (!mp::parse_port_list(g_server.critical, &config.overload.critical_mask)) config.overload.critical_mask = 0;
  static mp::Device device(
      mp::DeviceIo{g_clock, g_meter, g_relays, g_http, g_storage, g_rtc, ESP.random(), &g_system}, config);
  g_device = &device;
  g_device->begin();
  // The overload guard must not wait for loop(): a TCP/TLS connect or a DNS
  // lookup can hold it for seconds, but they yield, and timers run then.
  g_safety.attach_ms(50, []() { g_device->safety_tick(); });

  settimeofday_cb(on_time_set);
  configTime(0, 0, "pool.ntp.org", "time.nist.gov");  // UTC: the core works in epoch ms

  g_portal.addParameter(&g_url_param);
  g_portal.addParameter(&g_token_param);
  g_portal.addParameter(&g_ota_param);
  g_portal.addParameter(&g_critical_param);
  g_portal.addParameter(&g_assign_param);
  g_portal.addParameter(&g_reset_param);
  g_portal.setSaveParamsCallback(on_portal_saved);
  g_portal.setConfigPortalBlocking(false);  // metering and relays keep running meanwhile
  g_portal.setConfigPortalTimeout(600);
  char ap[24];
  snprintf(ap, sizeof ap, "Multiplug-%06x", ESP.getChipId());
  mp::ap_password(MP_AP_SECRET, ESP.getChipId(), g_ap_password);
  g_portal.autoConnect(ap, g_ap_password);  // no credentials yet: opens the portal, returns at once

  // Soft watchdog (~3 s, the argument is ignored by the core) plus the
  // hardware one behind it (~8 s): a stalled loop() resets the chip, and the
  // RTC copy of the counters and relay states carries over the reset.
  ESP.wdtEnable(WDTO_4S);
}

void loop() {
  ESP.wdtFeed();
  g_portal.process();
  bool up = WiFi.status() == WL_CONNECTED;
  if (up && !g_http_ready && g_server.url[0]) g_http_ready = g_http.configure();
  if (up && !g_ota_ready) start_ota();
  if (g_ota_ready) ArduinoOTA.handle();
  g_device->set_network_up(up && g_http_ready);

  mp::ButtonEvent event = g_button.update(digitalRead(pins::kButton) == LOW, millis());
  g_device->on_button(event);
  if (g_device->take_portal_request() && !g_portal.getConfigPortalActive()) {
    char ap[24];
    snprintf(ap, sizeof ap, "Multiplug-%06x", ESP.getChipId());
    g_portal.startConfigPortal(ap, g_ap_password);
  }
  if (g_device->take_factory_reset_request()) factory_reset();

  g_device->loop();
  update_led();
}
