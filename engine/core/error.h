// pcf::Error — the one error type of the engine.
//
// The engine never prints and never exits: every failure is thrown as an Error that says what kind of
// failure it is (the CLI maps kinds to exit codes in one place, docs/exit-codes.md), where it came from
// (file, line, column, field) and why. We use exceptions rather than an expected<T> return type because
// C++20 has no std::expected and errors here always unwind to the command boundary.
#pragma once

#include <stdexcept>
#include <string>

namespace pcf {

enum class ErrorKind {
  kBadInput,       // the user's file or argument is malformed or inconsistent
  kNotFound,       // a file or id that was named does not exist
  kCorruptDatabase,// a database that is damaged, foreign or fails its content hash
  kIo,             // the operating system refused a read or write
  kNumerical,      // singular or structurally deficient system, non-finite result
  kUnsupported,    // valid input that this version cannot handle
  kUsage,          // a command line that cannot be carried out as given (e.g. an output that is an input)
};

// Where an error points: all fields optional (empty file / line 0 mean "not known").
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  std::string field;  // e.g. "A.mtx entry", "processes[2].inputs[0].amount"
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message, SourceLocation where = {});

  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  const SourceLocation& where() const { return where_; }

  // "file:line:column: field: message", leaving out the parts that are not known.
  std::string ToString() const;

 private:
  ErrorKind kind_;
  std::string message_;
  SourceLocation where_;
};

const char* ErrorKindName(ErrorKind kind);

}  // namespace pcf
