// mp::Transport over one kept-alive HTTP/1.1 connection (plain or TLS).
//
// Why not ESP8266HTTPClient: it blocks until the answer arrives, and a long-
// poll would stall the loop. Here only connect (TCP + TLS handshake, bounded by
// a timeout) blocks, and the core's safety timer runs during it; the answer is
// read a little on every loop pass by the core's HttpReader, which finds the
// end of each response so the next request reuses the connection.
//
// TLS verifies the server against CA trust anchors (trust_anchors.h) with the
// time from NTP: no pin to break at a certificate renewal. Until NTP has set
// the clock no TLS connection is attempted (frames wait in the ring). The TLS
// client and its buffers exist only for https:// servers.
#pragma once
#include <Arduino.h>
#include <ESP8266WiFi.h>
#include <WiFiClientSecureBearSSL.h>

#include "http_reader.h"
#include "transport.h"

struct ServerConfig {
  char url[96];    // e.g. https://power.example.org or http://192.168.1.10:3000
  char token[72];  // device token, sent as "Authorization: Bearer <token>"
  char ota[40];    // OTA password, not the token: a leaked image password must not post readings
  char critical[12];  // ports kept on when their meter falls silent, e.g. "3" or "1,3"
};

class HttpTransport : public mp::Transport {
 public:
  explicit HttpTransport(const ServerConfig& config) : config_(config) {}
  bool configure();  // parses the URL; false if it is not http(s)://host[:port][/base]

  bool begin(const char* method, const char* path, const char* body, size_t body_len, char* answer,
             size_t answer_cap) override;
  mp::HttpPoll poll(mp::HttpAnswer& out) override;
  void cancel() override;
  uint32_t handshakes() const { return handshakes_; }

 private:
  bool connect();
  mp::HttpPoll done(mp::HttpAnswer& out, int status);

  const ServerConfig& config_;
  bool tls_ = false;
  char host_[64] = {};
  uint16_t port_ = 80;
  char base_[32] = {};

  WiFiClient plain_;
  BearSSL::WiFiClientSecure* secure_ = nullptr;  // allocated for https only
  BearSSL::X509List* anchors_ = nullptr;
  BearSSL::Session session_;                     // resumption makes a reconnect cheap
  WiFiClient* client_ = nullptr;
  bool reusable_ = false;
  uint32_t handshakes_ = 0;

  mp::HttpReader reader_;
  bool busy_ = false;
  uint32_t started_ms_ = 0;
  uint32_t timeout_ms_ = 0;
};
