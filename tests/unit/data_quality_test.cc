// The data quality rating's derivation rules (docs/data-quality.md), each against its table written out
// by hand: temporal from the years between reference and data year, geographical from the region codes,
// reliability from a factor's confidence label, and PACT v2's 1–3 mapping and 5 % threshold.
#include <doctest/doctest.h>

#include "engine/calc/data_quality.h"

using namespace pcf;

TEST_CASE("data quality: temporal rating from the years between the reference period and the data year") {
  // Weidema et al. 2013 temporal correlation: under 3 years 1, under 6 2, under 10 3, under 15 4, else 5.
  CHECK(TemporalRating(2024, 2024) == 1);
  CHECK(TemporalRating(2024, 2022) == 1);
  CHECK(TemporalRating(2024, 2021) == 2);  // 3 years
  CHECK(TemporalRating(2024, 2019) == 2);  // 5 years
  CHECK(TemporalRating(2024, 2018) == 3);  // 6 years
  CHECK(TemporalRating(2024, 2015) == 3);  // 9 years
  CHECK(TemporalRating(2024, 2014) == 4);  // 10 years
  CHECK(TemporalRating(2024, 2010) == 4);  // 14 years
  CHECK(TemporalRating(2024, 2009) == 5);  // 15 years
  CHECK(TemporalRating(2024, 2027) == 2);  // data newer than the period count the same way
}

TEST_CASE("data quality: geographical rating from the product's and the data's region codes") {
  CHECK(GeographicalRating("CN-HB", "CN-HB") == 1);    // Hubei data for a Hubei product
  CHECK(GeographicalRating("CN-HB", "CN") == 2);       // the national average contains Hubei
  CHECK(GeographicalRating("CN-HB", "CN-HN") == 3);    // another province
  CHECK(GeographicalRating("CN-HB", "CN-Central") == 3);  // a grid region pcf cannot place
  CHECK(GeographicalRating("CN", "CN-HB") == 3);       // one province standing for the country
  CHECK(GeographicalRating("CN-HB", "global") == 4);
  CHECK(GeographicalRating("CN-HB", "GLO") == 4);
  CHECK(GeographicalRating("CN-HB", "DE") == 5);
  CHECK(GeographicalRating("CN", "CN") == 1);
}

TEST_CASE("data quality: reliability from a factor's confidence label") {
  CHECK(ConfidenceReliability("official") == 1);
  CHECK(ConfidenceReliability("secondary") == 2);
  CHECK(ConfidenceReliability("derived") == 2);
  CHECK(ConfidenceReliability("unconfirmed") == 5);
  CHECK(ConfidenceReliability("") == 5);
}

TEST_CASE("data quality: PACT v2 keeps the inputs above 5 percent, maps 1-5 to 1-3 and states their coverage") {
  DataQuality dq;
  auto input = [](double c, double r) {
    InputDqr d;
    d.contribution = c;
    d.ratings = {r, r, r, r, r};
    return d;
  };
  // |contributions| 60, 30 (negative), 6, 4 of 100: the last is not above 5 %.
  dq.inputs = {input(60, 1), input(-30, 5), input(6, 3), input(4, 5)};
  dq.absolute_total = 100;
  const auto v2 = PactV2DataQuality(dq);
  REQUIRE(v2);
  CHECK(v2->coverage_percent == doctest::Approx(96));
  const double mean = (60 * 1 + 30 * 5 + 6 * 3) / 96.0;  // on the 1–5 scale
  for (double r : v2->ratings) CHECK(r == doctest::Approx(1 + (mean - 1) / 2));
  // No input above the threshold: no v2 dqi.
  dq.inputs = {input(4, 1), input(4, 2)};
  dq.absolute_total = 100;
  CHECK_FALSE(PactV2DataQuality(dq));
}
