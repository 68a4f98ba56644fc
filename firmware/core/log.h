// Logging seam: the core formats, the glue decides where lines go (Serial on
// the device, nowhere in tests). Each .cpp declares one `static const char
// TAG[]` and logs through mp::logf(TAG, ...).
#pragma once

namespace mp {

using LogSink = void (*)(const char* tag, const char* line);

void log_set_sink(LogSink sink);
void logf(const char* tag, const char* fmt, ...) __attribute__((format(printf, 2, 3)));

}  // namespace mp
