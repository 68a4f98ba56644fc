#include "command_parser.h"

#include <string.h>

namespace mp {

namespace {

constexpr int kMaxDepth = 12;  // deeper nesting is not an answer of ours

enum class R : uint8_t { kOk, kEnd, kBad };  // kEnd: ran out of input (truncated)

struct Cursor {
  const char* p;
  const char* end;

  void ws() {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
  }
  // Skips whitespace, then: kOk if the next byte is c (consumed when take).
  R expect(char c) {
    ws();
    if (p >= end) return R::kEnd;
    if (*p != c) return R::kBad;
    p++;
    return R::kOk;
  }
  bool peek(char c) {
    ws();
    return p < end && *p == c;
  }
};

// A string. Copies printable ASCII into out (if given); anything else
// (escapes, non-ASCII, too long) still parses but marks *usable false.
R string(Cursor& c, char* out, size_t cap, bool* usable) {
  R r = c.expect('"');
  if (r != R::kOk) return r;
  size_t n = 0;
  bool ok = true;
  while (c.p < c.end) {
    char ch = *c.p++;
    if (ch == '"') {
      if (out) out[n < cap ? n : cap - 1] = '\0';
      if (usable) *usable = ok && n > 0 && n < cap;
      return R::kOk;
    }
    if (static_cast<unsigned char>(ch) < 0x20) return R::kBad;
    if (ch == '\\') {
      if (c.p >= c.end) return R::kEnd;
      char e = *c.p++;
      if (e == 'u') {
        if (c.end - c.p < 4) return R::kEnd;
        c.p += 4;
      } else if (!strchr("\"\\/bfnrt", e)) {
        return R::kBad;
      }
      ok = false;  // our ids are plain; an escaped one is not one of ours
      continue;
    }
    if (static_cast<unsigned char>(ch) >= 0x7F) ok = false;
    if (out && n < cap) out[n] = ch;
    n++;
  }
  return R::kEnd;
}

// A number; *is_int is false for fractions, exponents or overflow.
R number(Cursor& c, int64_t* value, bool* is_int) {
  c.ws();
  const char* start = c.p;
  bool neg = false, integer = true, digits = false;
  int64_t v = 0;
  if (c.p < c.end && *c.p == '-') {
    neg = true;
    c.p++;
  }
  while (c.p < c.end && *c.p >= '0' && *c.p <= '9') {
    int d = *c.p++ - '0';
    if (v > (INT64_MAX - d) / 10) integer = false; else v = v * 10 + d;
    digits = true;
  }
  while (c.p < c.end && (strchr(".eE+-", *c.p) || (*c.p >= '0' && *c.p <= '9'))) {
    integer = false;
    c.p++;
  }
  if (c.p >= c.end) return R::kEnd;  // a number at the very end may be cut short
  if (!digits || c.p == start) return R::kBad;
  *value = neg ? -v : v;
  *is_int = integer;
  return R::kOk;
}

// true, false or null (*is_null: callers treat null as "not given").
R literal(Cursor& c, bool* value, bool* is_null) {
  c.ws();
  const char* words[] = {"true", "false", "null"};
  for (int i = 0; i < 3; i++) {
    size_t n = strlen(words[i]);
    size_t left = static_cast<size_t>(c.end - c.p);
    if (left == 0 || strncmp(c.p, words[i], left < n ? left : n) != 0) continue;
    if (left < n) return R::kEnd;
    c.p += n;
    *value = (i == 0);
    *is_null = (i == 2);
    return R::kOk;
  }
  return c.p >= c.end ? R::kEnd : R::kBad;
}

R skip_value(Cursor& c, int depth);

// Walks an object's or array's members; `member` handles one of them.
template <typename F>
R members(Cursor& c, char open, char close, F member) {
  R r = c.expect(open);
  if (r != R::kOk) return r;
  if (c.peek(close)) {
    c.p++;
    return R::kOk;
  }
  for (;;) {
    r = member();
    if (r != R::kOk) return r;
    c.ws();
    if (c.p >= c.end) return R::kEnd;
    char ch = *c.p++;
    if (ch == close) return R::kOk;
    if (ch != ',') return R::kBad;
  }
}

R skip_value(Cursor& c, int depth) {
  if (depth > kMaxDepth) return R::kBad;
  c.ws();
  if (c.p >= c.end) return R::kEnd;
  int64_t n;
  bool b;
  switch (*c.p) {
    case '"': return string(c, nullptr, 0, nullptr);
    case '{':
      return members(c, '{', '}', [&]() {
        R r = string(c, nullptr, 0, nullptr);
        if (r == R::kOk) r = c.expect(':');
        return r == R::kOk ? skip_value(c, depth + 1) : r;
      });
    case '[': return members(c, '[', ']', [&]() { return skip_value(c, depth + 1); });
    case 't': case 'f': case 'n': return literal(c, &b, &b);
    default: return number(c, &n, &b);
  }
}

CommandAction action_named(const char* name, bool usable) {
  if (usable && strcmp(name, "assign_address") == 0) return CommandAction::kAssignAddress;
  if (usable && strcmp(name, "reset_energy") == 0) return CommandAction::kResetEnergy;
  return CommandAction::kUnknown;
}

// One {"id":..,"port":..,"on":..,"expires":..[,"override":true]} or
// {"id":..,"action":..,"port":..,"expires":..} in any key order.
R command(Cursor& c, CommandBatch& out) {
  Command cmd = {};
  bool has_id = false, has_port = false, has_on = false, has_expires = false, has_action = false;
  bool bad = false;
  R r = members(c, '{', '}', [&]() {
    char key[12];
    bool key_ok = false;
    R k = string(c, key, sizeof key, &key_ok);
    if (k == R::kOk) k = c.expect(':');
    if (k != R::kOk) return k;
    int64_t v = 0;
    bool is_int = false;
    if (key_ok && strcmp(key, "id") == 0 && c.peek('"')) {
      bool usable = false;
      k = string(c, cmd.id, sizeof cmd.id, &usable);
      has_id = usable;
    } else if (key_ok && strcmp(key, "action") == 0 && c.peek('"')) {
      char name[16];
      bool usable = false;
      k = string(c, name, sizeof name, &usable);
      cmd.action = action_named(name, usable);
      has_action = true;
    } else if (key_ok && strcmp(key, "port") == 0 && !c.peek('"')) {
      k = number(c, &v, &is_int);
      has_port = is_int && v >= 1 && v <= kPorts;
      cmd.port = static_cast<uint8_t>(has_port ? v : 0);
    } else if (key_ok && strcmp(key, "on") == 0 && (c.peek('t') || c.peek('f'))) {
      bool is_null = false;
      k = literal(c, &cmd.on, &is_null);
      has_on = !is_null;
    } else if (key_ok && strcmp(key, "expires") == 0 && !c.peek('"')) {
      k = number(c, &v, &is_int);
      has_expires = is_int && v > 0;
      cmd.expires = v;
    } else if (key_ok && strcmp(key, "override") == 0 && (c.peek('t') || c.peek('f'))) {
      bool is_null = false;
      k = literal(c, &cmd.override_trip, &is_null);
    } else {
      if (key_ok && (!strcmp(key, "id") || !strcmp(key, "port") || !strcmp(key, "on") ||
                     !strcmp(key, "expires") || !strcmp(key, "action")))
        bad = true;  // a known key with the wrong type
      k = skip_value(c, 3);
    }
    return k;
  });
  if (r != R::kOk) return r;
  bool valid = !bad && has_id && has_expires;
  if (!has_action) valid = valid && has_port && has_on;  // a switch
  else if (cmd.action != CommandAction::kUnknown) valid = valid && has_port && !has_on;
  else cmd.port = 0;  // refused by id; nothing else of it is used
  if (valid && out.count < kMaxCommandsPerAnswer)
    out.items[out.count++] = cmd;
  else
    out.invalid++;
  return R::kOk;
}

}  // namespace

ParseStatus parse_commands(const char* body, size_t len, CommandBatch& out) {
  out.count = 0;
  out.invalid = 0;
  out.has_server_time = false;
  Cursor c{body, body + len};
  R r = members(c, '{', '}', [&]() {
    char key[16];
    bool key_ok = false;
    R k = string(c, key, sizeof key, &key_ok);
    if (k == R::kOk) k = c.expect(':');
    if (k != R::kOk) return k;
    if (key_ok && strcmp(key, "commands") == 0 && c.peek('[')) {
      return members(c, '[', ']', [&]() {
        if (!c.peek('{')) {
          out.invalid++;
          return skip_value(c, 2);
        }
        return command(c, out);
      });
    }
    if (key_ok && strcmp(key, "server_time") == 0 && !c.peek('"') && !c.peek('n')) {
      int64_t v = 0;
      bool is_int = false;
      k = number(c, &v, &is_int);
      if (k == R::kOk && is_int && v > 0) {
        out.server_time = v;
        out.has_server_time = true;
      }
      return k;
    }
    return skip_value(c, 1);
  });
  if (r == R::kEnd) return ParseStatus::kTruncated;
  return r == R::kOk ? ParseStatus::kOk : ParseStatus::kMalformed;
}

}  // namespace mp
