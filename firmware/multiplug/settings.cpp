#include "settings.h"

#include <LittleFS.h>

#include "log.h"

static const char TAG[] = "settings";
static const char kFile[] = "/server.cfg";

static void take(const String& line, const char* key, char* out, size_t cap) {
  size_t n = strlen(key);
  if (line.startsWith(key) && line.length() > n && line[n] == '=') snprintf(out, cap, "%s", line.c_str() + n + 1);
}

bool settings_load(ServerConfig& out) {
  memset(&out, 0, sizeof out);
  File f = LittleFS.open(kFile, "r");
  if (!f) return false;
  while (f.available()) {
    String line = f.readStringUntil('\n');
    line.trim();
    take(line, "url", out.url, sizeof out.url);
    take(line, "token", out.token, sizeof out.token);
    take(line, "ota", out.ota, sizeof out.ota);
    take(line, "critical", out.critical, sizeof out.critical);
  }
  f.close();
  mp::logf(TAG, "server %s", out.url);
  return out.url[0] && out.token[0];
}

bool settings_save(const ServerConfig& config) {
  File f = LittleFS.open(kFile, "w");
  if (!f) return false;
  f.printf("url=%s\ntoken=%s\nota=%s\ncritical=%s\n", config.url, config.token, config.ota, config.critical);
  f.close();
  return true;
}
