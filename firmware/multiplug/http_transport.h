// mp::Transport over a raw HTTP/1.0 connection (plain or TLS).
//
// Why not ESP8266HTTPClient: it blocks until the answer arrives, and a 25 s
// long-poll would stall metering and the overload guard. Here only connect
// (TCP + TLS handshake, bounded by a timeout) blocks; the answer is read a
// little on every loop pass. HTTP/1.0 with "Connection: close" means no
// chunked encoding: the body is whatever arrives before the server closes.
#pragma once
#include <Arduino.h>
#include <ESP8266WiFi.h>
#include <WiFiClientSecureBearSSL.h>

#include "transport.h"

struct ServerConfig {
  char url[96];           // e.g. https://power.example.org or http://192.168.1.10:3000
  char token[72];         // device token, sent as "Authorization: Bearer <token>"
  char fingerprint[64];   // optional SHA-1 of the server certificate ("AB:CD:..."); empty = no check
};

class HttpTransport : public mp::Transport {
 public:
  explicit HttpTransport(const ServerConfig& config) : config_(config) {}
  bool configure();  // parses the URL; false if it is not http(s)://host[:port][/base]

  bool begin(const char* method, const char* path, const char* body, size_t body_len, char* answer,
             size_t answer_cap) override;
  mp::HttpPoll poll(mp::HttpAnswer& out) override;
  void cancel() override;

 private:
  void header_line(const char* line);
  mp::HttpPoll done(mp::HttpAnswer& out, int status);

  const ServerConfig& config_;
  bool tls_ = false;
  char host_[64] = {};
  uint16_t port_ = 80;
  char base_[32] = {};

  WiFiClient plain_;
  BearSSL::WiFiClientSecure secure_;
  WiFiClient* client_ = nullptr;

  bool busy_ = false;
  bool in_body_ = false;
  int status_ = -1;
  uint32_t retry_after_s_ = 0;
  uint32_t started_ms_ = 0;
  uint32_t timeout_ms_ = 0;
  char line_[160];
  size_t line_len_ = 0;
  char* answer_ = nullptr;
  size_t answer_cap_ = 0;
  size_t answer_len_ = 0;
};
