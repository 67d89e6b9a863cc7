// Views of a product footprint: the JSON result (the calc result of docs/result-json.md extended with
// the product, method, stages, origin split, allocation, suppliers and parameters) and a short terminal
// summary. Pure functions.
#pragma once

#include <string>

#include "engine/calc/footprint.h"
#include "engine/model/product.h"
#include "engine/report/calc_report.h"

namespace pcf {

std::string FormatFootprintJson(const ProductFile& product, const LinkedSystem& system, const Footprint& footprint,
                                const CalcManifest& manifest);
std::string FormatFootprintText(const ProductFile& product, const LinkedSystem& system, const Footprint& footprint,
                                const CalcManifest& manifest);

}  // namespace pcf
