#include "engine/db/matrix_dir.h"

#include <algorithm>

#include <fmt/format.h>

#include "engine/core/atomic_file.h"
#include "engine/core/csv.h"
#include "engine/core/error.h"
#include "engine/core/numbers.h"
#include "engine/matrix/matrix_market.h"

namespace pcf {

namespace {

namespace fs = std::filesystem;

std::string JoinHeader(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + fields[i];
  return out;
}

// Reads a CSV file and checks its header; returns the data records.
std::vector<CsvRecord> ReadTable(const fs::path& path, const std::vector<std::string>& header) {
  const std::string name = path.string();
  const std::string text = ReadWholeFile(path);
  std::vector<CsvRecord> records = ParseCsv(text, name);
  if (records.empty())
    throw Error(ErrorKind::kBadInput, fmt::format("file is empty (expected the header \"{}\")", JoinHeader(header)),
                {name, 1, 0, ""});
  if (records.front().fields != header)
    throw Error(ErrorKind::kBadInput,
                fmt::format("wrong header \"{}\": expected \"{}\"", JoinHeader(records.front().fields), JoinHeader(header)),
                {name, records.front().line, 0, "header"});
  for (const CsvRecord& r : records)
    if (r.fields.size() != header.size())
      throw Error(ErrorKind::kBadInput,
                  fmt::format("expected {} fields, found {} (quote fields that contain commas)", header.size(), r.fields.size()),
                  {name, r.line, 0, ""});
  records.erase(records.begin());
  return records;
}

template <class Tag>
Index<Tag> ReadIndex(const fs::path& path, bool with_compartment) {
  std::vector<std::string> header = {"id", "name", "unit"};
  if (with_compartment) header.push_back("compartment");
  Index<Tag> index;
  std::vector<int> line_of_row;
  for (const CsvRecord& r : ReadTable(path, header)) {
    IndexEntry e{r.fields[0], r.fields[1], r.fields[2], with_compartment ? r.fields[3] : ""};
    if (e.id.empty()) throw Error(ErrorKind::kBadInput, "empty id", {path.string(), r.line, 0, "id"});
    const std::string id = e.id;
    if (!index.Add(std::move(e)))
      throw Error(ErrorKind::kBadInput,
                  fmt::format("duplicate id \"{}\" (first defined on line {})", id, line_of_row[*index.Find(id)]),
                  {path.string(), r.line, 0, "id"});
    line_of_row.push_back(r.line);
  }
  return index;
}

SparseMatrix ReadMatrix(const fs::path& path, std::size_t rows, std::size_t cols) {
  return ParseMatrixMarket(ReadWholeFile(path), path.string(), rows, cols);
}

template <class Tag>
std::string FormatIndex(const Index<Tag>& index, bool with_compartment) {
  std::string out = with_compartment ? "id,name,unit,compartment\n" : "id,name,unit\n";
  for (const IndexEntry& e : index.Entries()) {
    // fmt, not `"," + std::string`: GCC 12 warns falsely (-Wrestrict) on that concatenation.
    out += fmt::format("{},{},{}", CsvEscape(e.id), CsvEscape(e.name), CsvEscape(e.unit));
    if (with_compartment) out += fmt::format(",{}", CsvEscape(e.compartment));
    out += '\n';
  }
  return out;
}

}  // namespace

std::vector<DemandEntry> ParseDemandCsv(std::string_view text, const std::string& file_name,
                                        const ProductIndex& products) {
  const std::vector<std::string> header = {"product_id", "amount"};
  std::vector<CsvRecord> records = ParseCsv(text, file_name);
  if (records.empty())
    throw Error(ErrorKind::kBadInput, "file is empty (expected the header \"product_id,amount\")", {file_name, 1, 0, ""});
  if (records.front().fields != header)
    throw Error(ErrorKind::kBadInput,
                fmt::format("wrong header \"{}\": expected \"product_id,amount\"", JoinHeader(records.front().fields)),
                {file_name, records.front().line, 0, "header"});
  std::vector<DemandEntry> entries;
  for (std::size_t k = 1; k < records.size(); ++k) {
    const CsvRecord& r = records[k];
    if (r.fields.size() != 2)
      throw Error(ErrorKind::kBadInput, fmt::format("expected 2 fields, found {}", r.fields.size()), {file_name, r.line, 0, ""});
    auto row = products.Find(r.fields[0]);
    if (!row)
      throw Error(ErrorKind::kNotFound, fmt::format("unknown product id \"{}\"", r.fields[0]),
                  {file_name, r.line, 0, "product_id"});
    entries.push_back({*row, ParseFiniteDouble(r.fields[1], {file_name, r.line, 0, "amount"})});
  }
  return entries;
}

Model ReadMatrixDir(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw Error(ErrorKind::kNotFound, "matrix model folder not found", {dir.string(), 0, 0, ""});
  Model model;
  model.products = ReadIndex<ProductTag>(dir / "products.csv", false);
  model.processes = ReadIndex<ProcessTag>(dir / "processes.csv", false);
  model.flows = ReadIndex<FlowTag>(dir / "flows.csv", true);
  model.indicators = ReadIndex<IndicatorTag>(dir / "indicators.csv", false);
  model.technosphere = ReadMatrix(dir / "A.mtx", model.products.Size(), model.processes.Size());
  model.interventions = ReadMatrix(dir / "B.mtx", model.flows.Size(), model.processes.Size());
  model.characterization = ReadMatrix(dir / "C.mtx", model.indicators.Size(), model.flows.Size());

  const fs::path demand_dir = dir / "demands";
  if (fs::is_directory(demand_dir, ec)) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(demand_dir))
      if (entry.path().extension() == ".csv") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files)
      model.demands.push_back(
          {file.stem().string(), ParseDemandCsv(ReadWholeFile(file), file.string(), model.products)});
  }
  return model;
}

void WriteMatrixDir(const Model& model, const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir / "demands", ec);
  if (ec) throw Error(ErrorKind::kIo, fmt::format("cannot create the folder: {}", ec.message()), {dir.string(), 0, 0, ""});
  WriteFileAtomically(dir / "products.csv", FormatIndex(model.products, false));
  WriteFileAtomically(dir / "processes.csv", FormatIndex(model.processes, false));
  WriteFileAtomically(dir / "flows.csv", FormatIndex(model.flows, true));
  WriteFileAtomically(dir / "indicators.csv", FormatIndex(model.indicators, false));
  WriteFileAtomically(dir / "A.mtx", FormatMatrixMarket(model.technosphere, "technosphere A: products x processes"));
  WriteFileAtomically(dir / "B.mtx", FormatMatrixMarket(model.interventions, "interventions B: flows x processes"));
  WriteFileAtomically(dir / "C.mtx", FormatMatrixMarket(model.characterization, "characterization C: indicators x flows"));
  for (const NamedDemand& d : model.demands) {
    std::string out = "product_id,amount\n";
    for (const DemandEntry& e : d.entries)
      out += fmt::format("{},{}\n", CsvEscape(model.products.At(e.product).id), FormatDouble(e.amount));
    WriteFileAtomically(dir / "demands" / (d.name + ".csv"), out);
  }
}

}  // namespace pcf
