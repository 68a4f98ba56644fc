#include "log.h"

#include <stdarg.h>
#include <stdio.h>

namespace mp {

static LogSink g_sink = nullptr;

void log_set_sink(LogSink sink) { g_sink = sink; }

void logf(const char* tag, const char* fmt, ...) {
  if (!g_sink) return;  // no formatting cost when nobody listens
  char line[120];       // stack, not heap: logging must not fragment memory
  va_list args;
  va_start(args, fmt);
  vsnprintf(line, sizeof line, fmt, args);
  va_end(args);
  g_sink(tag, line);
}

}  // namespace mp
