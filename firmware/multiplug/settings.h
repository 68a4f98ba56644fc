// Server URL, device token and OTA password: entered in the WiFiManager
// captive portal, kept in LittleFS (/server.cfg, one "key=value" per line).
#pragma once
#include "http_transport.h"

bool settings_load(ServerConfig& out);
bool settings_save(const ServerConfig& config);
