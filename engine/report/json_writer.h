// A small streaming JSON writer. Numbers are written in shortest round-trip form (fmt's Dragonbox), so a
// reader gets back the exact doubles; non-finite numbers are refused (JSON has none).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pcf {

class JsonWriter {
 public:
  explicit JsonWriter(int indent = 2) : indent_(indent) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Number(double value);  // throws Error(kNumerical) for NaN or Inf
  JsonWriter& Integer(long long value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();

  // Shorthands for "key": value inside an object.
  JsonWriter& Field(std::string_view key, std::string_view value) { return Key(key).String(value); }
  JsonWriter& Field(std::string_view key, const char* value) { return Key(key).String(value); }
  JsonWriter& Field(std::string_view key, double value) { return Key(key).Number(value); }

  // The document, with a final newline.
  std::string Finish();

 private:
  void BeforeValue();
  void NewLine();
  std::string out_;
  struct Level { bool is_object; bool empty; };
  std::vector<Level> stack_;
  bool after_key_ = false;
  int indent_;
};

std::string JsonEscape(std::string_view text);

}  // namespace pcf
