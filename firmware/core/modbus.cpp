#include "modbus.h"

#include "crc.h"

namespace mp {

size_t modbus_finish_frame(uint8_t* out, size_t len) {
  uint16_t crc = crc16_modbus(out, len);
  out[len] = static_cast<uint8_t>(crc & 0xFF);  // Modbus sends the CRC low byte first
  out[len + 1] = static_cast<uint8_t>(crc >> 8);
  return len + 2;
}

static size_t six_byte_request(uint8_t addr, uint8_t fn, uint16_t a, uint16_t b, uint8_t* out) {
  out[0] = addr;
  out[1] = fn;
  out[2] = static_cast<uint8_t>(a >> 8);
  out[3] = static_cast<uint8_t>(a & 0xFF);
  out[4] = static_cast<uint8_t>(b >> 8);
  out[5] = static_cast<uint8_t>(b & 0xFF);
  return modbus_finish_frame(out, 6);
}

size_t modbus_read_input_request(uint8_t addr, uint16_t first_reg, uint16_t count, uint8_t* out) {
  return six_byte_request(addr, kModbusReadInput, first_reg, count, out);
}

size_t modbus_read_holding_request(uint8_t addr, uint16_t first_reg, uint16_t count, uint8_t* out) {
  return six_byte_request(addr, kModbusReadHolding, first_reg, count, out);
}

size_t modbus_write_single_request(uint8_t addr, uint16_t reg, uint16_t value, uint8_t* out) {
  return six_byte_request(addr, kModbusWriteSingle, reg, value, out);
}

static bool crc_ok(const uint8_t* rx, size_t len) {
  uint16_t crc = crc16_modbus(rx, len - 2);
  return rx[len - 2] == (crc & 0xFF) && rx[len - 1] == (crc >> 8);
}

// Shared head of every answer: address, function, exception frames.
// Returns kOk when the caller should go on checking the normal form.
static ModbusStatus check_head(const uint8_t* rx, size_t len, uint8_t addr, uint8_t fn,
                               uint8_t* exception_code) {
  if (len < 2) return ModbusStatus::kIncomplete;
  if (rx[1] == (fn | 0x80)) {
    if (len < 5) return ModbusStatus::kIncomplete;
    if (!crc_ok(rx, 5)) return ModbusStatus::kBadCrc;
    if (rx[0] != addr) return ModbusStatus::kWrongAddress;
    if (exception_code) *exception_code = rx[2];
    return ModbusStatus::kException;
  }
  if (rx[1] != fn) return ModbusStatus::kWrongFunction;
  return ModbusStatus::kOk;
}

static ModbusStatus check_read(const uint8_t* rx, size_t len, uint8_t addr, uint8_t fn, uint16_t count,
                               uint8_t* exception_code) {
  ModbusStatus head = check_head(rx, len, addr, fn, exception_code);
  if (head != ModbusStatus::kOk) return head;
  if (len < 3) return ModbusStatus::kIncomplete;
  size_t want = 5u + 2u * count;
  if (rx[2] != 2 * count) {
    // A corrupted byte count would make us wait for the wrong length; CRC
    // over what we expected tells noise (bad CRC) from a real mismatch.
    if (len < want) return ModbusStatus::kIncomplete;
    return crc_ok(rx, want) ? ModbusStatus::kBadLength : ModbusStatus::kBadCrc;
  }
  if (len < want) return ModbusStatus::kIncomplete;
  if (!crc_ok(rx, want)) return ModbusStatus::kBadCrc;
  if (rx[0] != addr) return ModbusStatus::kWrongAddress;
  return ModbusStatus::kOk;
}

ModbusStatus modbus_check_read_input(const uint8_t* rx, size_t len, uint8_t addr, uint16_t count,
                                     uint8_t* exception_code) {
  return check_read(rx, len, addr, kModbusReadInput, count, exception_code);
}

ModbusStatus modbus_check_read_holding(const uint8_t* rx, size_t len, uint8_t addr, uint16_t count,
                                       uint8_t* exception_code) {
  return check_read(rx, len, addr, kModbusReadHolding, count, exception_code);
}

ModbusStatus modbus_check_fixed(const uint8_t* rx, size_t rx_len, size_t len, uint8_t addr, uint8_t fn,
                                uint8_t* exception_code) {
  ModbusStatus head = check_head(rx, rx_len, addr, fn, exception_code);
  if (head != ModbusStatus::kOk) return head;
  if (rx_len < len) return ModbusStatus::kIncomplete;
  if (!crc_ok(rx, len)) return ModbusStatus::kBadCrc;
  if (rx[0] != addr) return ModbusStatus::kWrongAddress;
  return ModbusStatus::kOk;
}

ModbusStatus modbus_check_echo(const uint8_t* rx, size_t len, const uint8_t* request,
                               uint8_t* exception_code) {
  ModbusStatus head = check_head(rx, len, request[0], request[1], exception_code);
  if (head != ModbusStatus::kOk) return head;
  if (len < kModbusRequestLen) return ModbusStatus::kIncomplete;
  if (!crc_ok(rx, kModbusRequestLen)) return ModbusStatus::kBadCrc;
  for (size_t i = 0; i < kModbusRequestLen; i++)
    if (rx[i] != request[i]) return ModbusStatus::kBadLength;
  return ModbusStatus::kOk;
}

}  // namespace mp
