// Modbus RTU framing, just what the PZEM-004T v3.0 needs.
//
// Request, "read input registers" (function 0x04), 8 bytes:
//   +------+------+---------+---------+---------+---------+--------+--------+
//   | addr | 0x04 | reg hi  | reg lo  | count hi| count lo| crc lo | crc hi |
//   +------+------+---------+---------+---------+---------+--------+--------+
// Normal response, 5 + 2*count bytes:
//   +------+------+-------+------------------------------+--------+--------+
//   | addr | 0x04 | bytes | data, big-endian 16-bit regs | crc lo | crc hi |
//   +------+------+-------+------------------------------+--------+--------+
// Exception response, 5 bytes (the slave sets bit 7 of the function code):
//   +------+------+------+--------+--------+
//   | addr | 0x84 | code | crc lo | crc hi |
//   +------+------+------+--------+--------+
// "Write single register" (0x06) request and its echoed reply, 8 bytes:
//   | addr | 0x06 | reg hi | reg lo | value hi | value lo | crc lo | crc hi |
// "Read holding registers" (0x03) has the layout of 0x04, request and answer.
// RTU frames are delimited by silence (3.5 characters, ~4 ms at 9600 baud);
// we send one request and wait for its answer, so the gap is always there.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace mp {

constexpr uint8_t kModbusReadHolding = 0x03;
constexpr uint8_t kModbusReadInput = 0x04;
constexpr uint8_t kModbusWriteSingle = 0x06;
constexpr size_t kModbusRequestLen = 8;

enum class ModbusStatus : uint8_t {
  kOk,
  kIncomplete,     // keep reading (or time out)
  kBadCrc,
  kWrongAddress,   // an answer from another slave: bus trouble
  kWrongFunction,
  kBadLength,      // byte count disagrees with what we asked for
  kException,      // the slave refused; code in *exception_code
};

size_t modbus_read_input_request(uint8_t addr, uint16_t first_reg, uint16_t count, uint8_t* out);
size_t modbus_read_holding_request(uint8_t addr, uint16_t first_reg, uint16_t count, uint8_t* out);
size_t modbus_write_single_request(uint8_t addr, uint16_t reg, uint16_t value, uint8_t* out);

// Checks a read-input-registers answer of `count` registers; data starts at rx + 3.
ModbusStatus modbus_check_read_input(const uint8_t* rx, size_t len, uint8_t addr, uint16_t count,
                                     uint8_t* exception_code);
ModbusStatus modbus_check_read_holding(const uint8_t* rx, size_t len, uint8_t addr, uint16_t count,
                                       uint8_t* exception_code);
// Appends the CRC to len bytes at out; returns len + 2.
size_t modbus_finish_frame(uint8_t* out, size_t len);
// Checks the CRC of an answer of exactly len bytes and its address and
// function (exceptions included): for vendor functions such as the PZEM's 0x42.
ModbusStatus modbus_check_fixed(const uint8_t* rx, size_t rx_len, size_t len, uint8_t addr, uint8_t fn,
                                uint8_t* exception_code);
// A write-single-register answer must echo the request byte for byte.
ModbusStatus modbus_check_echo(const uint8_t* rx, size_t len, const uint8_t* request,
                               uint8_t* exception_code);

inline uint16_t modbus_reg(const uint8_t* data, uint8_t index) {
  return static_cast<uint16_t>((data[2 * index] << 8) | data[2 * index + 1]);
}

}  // namespace mp
