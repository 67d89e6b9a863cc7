#include "engine/core/formula_check.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <fmt/format.h>

#include "engine/core/units.h"
#include "engine/core/utf8.h"

namespace pcf {

namespace {

bool Digit(char c) { return c >= '0' && c <= '9'; }
bool NameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool NameChar(char c) { return NameStart(c) || Digit(c); }
bool Blank(char c) { return c == ' ' || c == '\t'; }

// The ASCII character people mean by a full-width or typographic one, or 0 when there is none.
char AsciiFor(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) return static_cast<char>(cp - 0xFEE0);  // full-width ！…～ (０-９，．（）…)
  switch (cp) {
    case 0x3002: return '.';   // 。 ideographic full stop
    case 0x3001: return ',';   // 、 ideographic comma
    case 0x2212: case 0x2013: return '-';  // − minus sign, – en dash
    case 0x00D7: case 0x00B7: case 0x22C5: case 0x2219: return '*';  // × · ⋅ ∙
    case 0x00F7: return '/';   // ÷
    case 0x00A0: case 0x2007: case 0x2009: case 0x202F: case 0x3000: return ' ';  // no-break, thin, ideographic spaces
    case 0x2018: case 0x2019: return '\'';  // ’ (Swiss thousands separator)
    default: return 0;
  }
}

// A formula in ASCII, or its first non-ASCII character and the ASCII text it stands for.
struct AsciiForm {
  std::string text;          // every known character replaced by its ASCII form
  std::string first_foreign; // the first non-ASCII character as written ("" when there is none)
  char32_t first_cp = 0;
  bool all_known = true;     // every non-ASCII character has an ASCII form
};

AsciiForm ToAscii(std::string_view text) {
  AsciiForm out;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '{') {  // a {NAME} of background data stays as written
      const std::size_t close = text.find('}', i);
      const std::size_t end = close == std::string_view::npos ? text.size() : close + 1;
      out.text += text.substr(i, end - i);
      i = end;
      continue;
    }
    if (static_cast<unsigned char>(text[i]) < 0x80) { out.text += text[i++]; continue; }
    const Utf8Char c = DecodeUtf8(text, i);
    if (out.first_foreign.empty()) {
      out.first_foreign = std::string(text.substr(i, c.length));
      out.first_cp = c.valid ? c.code_point : static_cast<unsigned char>(text[i]);
    }
    const char ascii = c.valid ? AsciiFor(c.code_point) : 0;
    if (ascii) out.text += ascii;
    else out.all_known = false;
    i += c.length;
  }
  return out;
}

// One or more ASCII digits. (Hand-written matchers here: std::regex draws a false GCC 12 warning in the
// sanitizer build.)
bool Digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Digits in groups: 1–3 digits, then one or more groups of exactly 3, each after `separator` (1,234,567).
bool Grouped(std::string_view s, char separator) {
  std::size_t start = 0, groups = 0;
  while (true) {
    const std::size_t end = std::min(s.find(separator, start), s.size());
    const std::string_view group = s.substr(start, end - start);
    if (!Digits(group) || (groups == 0 ? group.size() > 3 : group.size() != 3)) return false;
    ++groups;
    if (end == s.size()) return groups >= 2;
    start = end + 1;
  }
}

std::string Without(std::string_view text, char drop) {
  std::string out;
  for (char c : text)
    if (c != drop) out += c;
  return out;
}

// What a comma outside a function's arguments was meant to be, judged from the number around it:
// "3,25" a decimal comma, "1,234,567" or "1,234.5" thousands, "1.234,5" both, "1,000" either.
std::string CommaHint(std::string_view text, std::size_t comma) {
  const std::string generic = "a comma only separates the arguments of a function, e.g. max(a, b); muParser would "
                              "keep only the last of the comma-separated values";
  if (comma == 0 || comma + 1 >= text.size() || !Digit(text[comma - 1]) || !Digit(text[comma + 1])) return generic;
  auto in_number = [](char c) { return Digit(c) || c == ',' || c == '.'; };
  std::size_t start = comma, end = comma;
  while (start > 0 && in_number(text[start - 1])) --start;
  while (end < text.size() && in_number(text[end])) ++end;
  const std::string run(text.substr(start, end - start));
  auto with = [&](const std::string& number) {
    return std::string(text.substr(0, start)) + number + std::string(text.substr(end));
  };
  std::string plain = Without(Without(run, ','), '.');
  std::string decimal = run;
  std::replace(decimal.begin(), decimal.end(), ',', '.');
  const auto commas = std::count(run.begin(), run.end(), ',');
  const auto points = std::count(run.begin(), run.end(), '.');
  const std::size_t run_comma = run.find(','), run_point = run.find('.');
  if (points == 0 && commas == 1 && Grouped(run, ','))  // 1,000
    return fmt::format("numbers take no thousands separator and no decimal comma: write {} (or {} if the comma is a "
                       "decimal mark)", with(plain), with(decimal));
  if (points == 0 && Grouped(run, ','))  // 1,234,567
    return fmt::format("numbers take no thousands separator: write {}", with(plain));
  if (points == 1 && Grouped(run.substr(0, run_point), ',') && Digits(run.substr(run_point + 1)))  // 1,234.5
    return fmt::format("numbers take no thousands separator: write {}", with(Without(run, ',')));
  if (points == 0 && commas == 1 && Digits(run.substr(0, run_comma)) && Digits(run.substr(run_comma + 1)))  // 3,25
    return fmt::format("a comma is not a decimal mark: write {}", with(decimal));
  if (commas == 1 && Grouped(run.substr(0, run_comma), '.') && Digits(run.substr(run_comma + 1))) {  // 1.234,5
    std::string number = Without(run, '.');
    std::replace(number.begin(), number.end(), ',', '.');
    return fmt::format("numbers take no thousands separator and no decimal comma: write {}", with(number));
  }
  return generic;
}

std::optional<std::string> AsciiProblem(std::string_view text);

std::optional<std::string> Problem(std::string_view text) {
  const AsciiForm ascii = ToAscii(text);
  if (ascii.first_foreign.empty()) return AsciiProblem(text);
  if (!DecodeUtf8(ascii.first_foreign, 0).valid)  // only from text that bypassed the file's UTF-8 check
    return fmt::format("byte 0x{:02X} is not valid UTF-8: write formulas in ASCII characters",
                       static_cast<unsigned>(static_cast<unsigned char>(ascii.first_foreign[0])));
  std::string message = fmt::format("\"{}\" (U+{:04X}) is not allowed: write formulas in ASCII (half-width) characters",
                                    ascii.first_foreign, static_cast<std::uint32_t>(ascii.first_cp));
  if (!ascii.all_known) return message;
  if (const auto inner = AsciiProblem(ascii.text)) return fmt::format("{}; as \"{}\": {}", message, ascii.text, *inner);
  return fmt::format("{}: write {}", message, ascii.text);
}

std::optional<std::string> AsciiProblem(std::string_view text) {
  enum class Last { kNothing, kNumber, kName, kSign, kOperator, kOpen, kClose, kComma };
  Last last = Last::kNothing;
  std::string last_number;      // the text of the number just read
  // One level for the whole formula and one per open parenthesis.
  struct Level {
    bool function = false;  // holds a function's arguments
    int comparisons = 0;    // comparisons since the start, `&&`, `||`, `?` or `:`
    bool condition = false; // a comparison or logic seen that no `?` has used yet
  };
  std::vector<Level> levels(1);
  // A comparison gives 1 or 0: only the condition of `c ? a : b` may hold one.
  auto unused_condition = [&]() -> std::optional<std::string> {
    if (!levels.back().condition) return std::nullopt;
    return fmt::format("\"{}\": a comparison or logic gives 1 or 0, not an amount: use it only as the condition of "
                       "\"condition ? value : other value\"", text);
  };
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (Blank(c)) { ++i; continue; }
    const bool spaced = i > 0 && Blank(text[i - 1]);
    if (Digit(c) || (c == '.' && i + 1 < text.size() && Digit(text[i + 1]))) {
      const std::size_t start = i;
      while (i < text.size() && Digit(text[i])) ++i;
      if (i < text.size() && text[i] == '.') { ++i; while (i < text.size() && Digit(text[i])) ++i; }
      if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        std::size_t k = i + 1;
        if (k < text.size() && (text[k] == '+' || text[k] == '-')) ++k;
        if (k >= text.size() || !Digit(text[k]))
          return fmt::format("\"{}\" has an exponent without digits: write e.g. {}e3 for {} × 1000, or leave the e out",
                             text.substr(start, k - start), text.substr(start, i - start), text.substr(start, i - start));
        i = k;
        while (i < text.size() && Digit(text[i])) ++i;
      }
      const std::string number(text.substr(start, i - start));
      if (last == Last::kNumber && spaced) {
        std::string joined = last_number + number;
        return fmt::format("a number cannot contain spaces (\"{} {}\"): write {}", last_number, number, joined);
      }
      if (i < text.size() && text[i] == '.')
        return fmt::format("\"{}.\" has two decimal points", number);
      if (i + 1 < text.size() && (text[i] == '\'' || text[i] == '_') && Digit(text[i + 1])) {
        std::size_t end = i;
        while (end < text.size() && (Digit(text[end]) || text[end] == '\'' || text[end] == '_' || text[end] == '.')) ++end;
        return fmt::format("numbers take no thousands separator: write {}",
                           Without(Without(text.substr(start, end - start), '\''), '_'));
      }
      if (i < text.size() && text[i] == '%')
        return fmt::format("\"{}%\": a percentage is not a number here: write {} / 100", number, number);
      last = Last::kNumber;
      last_number = number;
      continue;
    }
    if (NameStart(c)) {
      const std::size_t start = i;
      while (i < text.size() && NameChar(text[i])) ++i;
      const std::string name(text.substr(start, i - start));
      if (name == "_pi")
        return "muParser's _pi is 3.141592653589 (13 digits only): write 3.141592653589793 or define a parameter";
      if (name == "_e") return "muParser's constant _e is not used here: write exp(1)";
      if (last == Last::kNumber) {
        if (last_number == "0" && !spaced && (name[0] == 'x' || name[0] == 'X'))
          return fmt::format("\"0{}\": hexadecimal numbers are not read: write the decimal value", name);
        if (FindUnit(name))
          return fmt::format("\"{}\" is a unit: an amount is a number or a formula, its unit goes under \"unit\" "
                             "(write {})", name, last_number);
        return fmt::format("\"{}{}{}\": write {} * {} (multiplication needs *)", last_number, spaced ? " " : "", name,
                           last_number, name);
      }
      last = Last::kName;
      continue;
    }
    if (c == '{') {  // a {NAME} of background data: one name, whatever it holds
      const std::size_t close = text.find('}', i);
      i = close == std::string_view::npos ? text.size() : close + 1;
      last = Last::kName;
      continue;
    }
    switch (c) {
      case '(':
        if (last == Last::kNumber || last == Last::kClose)
          return fmt::format("\"{}\": multiplication needs * before \"(\"", text);
        levels.push_back({last == Last::kName});
        last = Last::kOpen;
        break;
      case ')':
        if (levels.size() > 1) {  // an unmatched ')' is muParser's to report
          const bool condition = levels.back().condition;
          if (levels.back().function) {
            if (auto problem = unused_condition()) return problem;
          }
          levels.pop_back();
          if (condition) levels.back().condition = true;  // "(a < b) ? 1 : 2": the group is the condition
        }
        last = Last::kClose;
        break;
      case ',':
        if (!levels.back().function) return fmt::format("\"{}\" is not a number: {}", text, CommaHint(text, i));
        if (auto problem = unused_condition()) return problem;
        levels.back() = {true};
        if (i > 0 && Digit(text[i - 1]) && i + 1 < text.size() && Digit(text[i + 1]))
          return fmt::format("\"{}\": a comma between digits is ambiguous; separate a function's arguments with \", \" "
                             "(a comma and a space), and write numbers without thousands separators or decimal commas",
                             text);
        last = Last::kComma;
        break;
      case '+':
      case '-':
        if (last == Last::kSign)
          return fmt::format("\"{}\": two signs in a row; write a negative number in parentheses, e.g. 1 - (-1)", text);
        last = Last::kSign;
        break;
      case '*':
        if (i + 1 < text.size() && text[i + 1] == '*') return fmt::format("\"{}\": write ^ for a power, not **", text);
        last = Last::kOperator;
        break;
      case '}':  // an unmatched '}' of background data: the evaluator names it
        break;
      case '/':
      case '^':
        last = Last::kOperator;
        break;
      case '\'':
        return fmt::format("\"{}\": numbers take no thousands separator", text);
      case '%':
        return fmt::format("\"{}\": a percentage is not a number here: divide by 100", text);
      case '<': case '>': case '=': case '!': {
        const bool two = i + 1 < text.size() && text[i + 1] == '=';
        if (c == '=' && !two)
          return fmt::format("\"{}\": \"=\" assigns in muParser: write == to compare, or leave it out", text);
        if (c == '!' && !two) {  // logical not
          levels.back().condition = true;
          last = Last::kOperator;
          break;
        }
        if (++levels.back().comparisons > 1)
          return fmt::format("\"{}\": comparisons do not chain (muParser reads \"3 < 2 < 1\" as (3 < 2) < 1, which is "
                             "1): write a < b && b < c", text);
        levels.back().condition = true;
        last = Last::kOperator;
        if (two) ++i;
        break;
      }
      case '&': case '|':
        if (i + 1 >= text.size() || text[i + 1] != c)
          return fmt::format("\"{}\": write {}{} for \"{}\"", text, c, c, c == '&' ? "and" : "or");
        levels.back().comparisons = 0;
        levels.back().condition = true;
        last = Last::kOperator;
        ++i;
        break;
      case '?':
      case ':':
        levels.back().comparisons = 0;
        levels.back().condition = false;
        last = Last::kOperator;
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
          return fmt::format("control character U+{:04X} is not allowed in a formula", static_cast<unsigned>(c));
        return fmt::format("\"{}\": the character \"{}\" is not allowed in a formula", text, c);
    }
    ++i;
  }
  return unused_condition();
}

}  // namespace

bool IsBuiltInConstant(std::string_view name) { return name == "_pi" || name == "_e"; }

std::optional<std::string> FormulaProblem(std::string_view text) { return Problem(text); }

std::string NotFiniteMessage(std::string_view text, double value) {
  if (std::isnan(value))
    return fmt::format("\"{}\" evaluates to NaN (not a number, e.g. 0/0 or the root or logarithm of a negative "
                       "value): a result must be a finite number", text);
  return fmt::format("\"{}\" evaluates to {}infinity (e.g. a division by zero or an overflow): a result must be a "
                     "finite number", text, value < 0 ? "minus " : "");
}

void CheckFormula(std::string_view text, const SourceLocation& where) {
  if (const auto problem = FormulaProblem(text)) throw Error(ErrorKind::kBadInput, *problem, where);
}

}  // namespace pcf
