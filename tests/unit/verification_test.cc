// The engine reproduces every published answer in tests/data/verification, through every solve path.
#include <doctest/doctest.h>

#include "engine/calc/lci.h"
#include "engine/db/matrix_dir.h"
#include "verification_support.h"

namespace fs = std::filesystem;
using pcf::test::Close;
using pcf::test::Scale;

TEST_CASE("verification: small cases reproduce expected.json with every solver") {
  const auto cases = pcf::test::SmallCases();
  CHECK(cases.size() == 9);
  for (const std::string& name : cases) {
    CAPTURE(name);
    const fs::path dir = fs::path(PCF_TEST_DATA) / "verification" / "small" / name;
    const pcf::Model model = pcf::ReadMatrixDir(dir);
    const nlohmann::json expected = pcf::test::LoadJson(dir / "expected.json");
    for (pcf::SolveMethod method :
         {pcf::SolveMethod::kBlockTriangular, pcf::SolveMethod::kSparseLU, pcf::SolveMethod::kDenseLU}) {
      const pcf::Factorization lu = pcf::FactorizeTechnosphere(model, method);
      for (const auto& [demand_name, want] : expected["results"].items()) {
        CAPTURE(demand_name);
        // The demand comes from the model's own demands/ file; expected.json restates it.
        auto named = std::find_if(model.demands.begin(), model.demands.end(),
                                  [&](const pcf::NamedDemand& d) { return d.name == demand_name; });
        REQUIRE(named != model.demands.end());
        const Eigen::VectorXd f = pcf::DemandVector(model, named->entries);
        for (const auto& [product, amount] : want["demand"].items())
          CHECK(f[static_cast<Eigen::Index>(*model.products.Find(product))] == amount.get<double>());
        const pcf::LciResult r = pcf::CalculateLci(model, lu, f);
        CHECK(r.residual < 1e-14);
        const double s_scale = Scale(want["supply"]), g_scale = Scale(want["inventory"]), h_scale = Scale(want["scores"]);
        for (const auto& [id, v] : want["supply"].items())
          CHECK_MESSAGE(Close(r.supply[static_cast<Eigen::Index>(*model.processes.Find(id))], v, s_scale), "supply ", id);
        for (const auto& [id, v] : want["inventory"].items())
          CHECK_MESSAGE(Close(r.inventory[static_cast<Eigen::Index>(*model.flows.Find(id))], v, g_scale), "inventory ", id);
        for (const auto& [id, v] : want["scores"].items())
          CHECK_MESSAGE(Close(r.scores[static_cast<Eigen::Index>(*model.indicators.Find(id))], v, h_scale), "score ", id);
      }
    }
  }
}

TEST_CASE("verification: USEEIO v2.1.20-GHG published N and totals, every solver") {
  const fs::path dir = fs::path(PCF_TEST_DATA) / "verification" / "useeio-v2.1.20-ghg";
  const pcf::Model model = pcf::ReadMatrixDir(dir);
  const nlohmann::json expected = pcf::test::LoadJson(dir / "expected.json");
  for (pcf::SolveMethod method :
       {pcf::SolveMethod::kBlockTriangular, pcf::SolveMethod::kSparseLU, pcf::SolveMethod::kDenseLU}) {
    const pcf::Factorization lu = pcf::FactorizeTechnosphere(model, method);
    const Eigen::MatrixXd n = pcf::ProductScores(model, lu);
    double worst = 0;
    for (const auto& [indicator, row] : expected["N"].items()) {
      const auto k = static_cast<Eigen::Index>(*model.indicators.Find(indicator));
      CHECK(row.size() == 411);
      for (const auto& [product, v] : row.items()) {
        const double got = n(static_cast<Eigen::Index>(*model.products.Find(product)), k);
        worst = std::max(worst, std::fabs(got - v.get<double>()) / std::fabs(v.get<double>()));
      }
    }
    CHECK(worst <= 1e-9);
    for (const auto& [demand_name, totals] : expected["totals"].items()) {
      auto named = std::find_if(model.demands.begin(), model.demands.end(),
                                [&](const pcf::NamedDemand& d) { return d.name == demand_name; });
      REQUIRE(named != model.demands.end());
      const pcf::LciResult r = pcf::CalculateLci(model, lu, pcf::DemandVector(model, named->entries));
      for (const auto& [indicator, v] : totals.items())
        CHECK(Close(r.scores[static_cast<Eigen::Index>(*model.indicators.Find(indicator))], v, 0.0));
    }
  }
}
