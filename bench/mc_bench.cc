// mc_bench: times pcf's Monte Carlo (engine/calc/monte_carlo.h) on a product file and a database, by the
// fast path or by the plain loop that relinks and refactorizes everything per draw (bench/mc_speed.sh).
//
// Usage: mc_bench --db DB.sqlite --product FILE.yaml --draws N [--jobs J] [--seed S] [--mode fast|rebuild]
//                 [--technosphere-gsd G] [--draw-solve auto|direct|iterative]
//
// --technosphere-gsd G makes every off-diagonal technosphere entry of the database uncertain (lognormal,
// geometric sd G), as if each were made by one factor of that spread: for an imported matrix model (e.g.
// bench/gen_model's 26,000 processes), which carries no factors and hence no uncertainty of its own.
//
// Prints one line: mode, draws, jobs, wall seconds of the whole Monte Carlo run (set-up, draws, contribution
// to variance, statistics), its CPU seconds (all threads), the wall seconds of the draws alone and of the
// contribution analysis, draw seconds per draw, mean and sd of the total (the same for both modes to rounding).
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include "engine/calc/footprint.h"
#include "engine/calc/link.h"
#include "engine/calc/monte_carlo.h"
#include "engine/db/model_store.h"
#include "engine/model/product.h"

namespace {

[[noreturn]] void Usage() {
  std::fprintf(stderr,
               "usage: mc_bench --db DB --product FILE --draws N [--jobs J] [--seed S] [--mode fast|rebuild] "
               "[--technosphere-gsd G] [--draw-solve auto|direct|iterative]\n");
  std::exit(2);
}

// Every off-diagonal entry of A made by one factor with a label of GSD `gsd`: only "secondary" (1.2),
// "official" (1.05) and "unconfirmed" (1.5) exist, so the closest label is taken.
void MakeTechnosphereUncertain(pcf::StoredModel* db, double gsd) {
  const char* label = gsd < 1.1 ? "official" : gsd < 1.35 ? "secondary" : "unconfirmed";
  pcf::FactorRecord factor;
  factor.id = "bench technosphere";
  factor.confidence = label;
  db->info.factors.push_back(factor);
  const pcf::SparseMatrix& a = db->model.technosphere;
  for (int j = 0; j < a.outerSize(); ++j)
    for (pcf::SparseMatrix::InnerIterator it(a, j); it; ++it)
      if (it.value() < 0) db->info.entry_sources.push_back({'A', static_cast<int>(it.row()), j, factor.id});
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_path, product_path, mode = "fast", draw_solve = "auto";
  pcf::MonteCarloOptions options;
  double technosphere_gsd = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) Usage();
    const std::string value = argv[++i];
    if (arg == "--db") db_path = value;
    else if (arg == "--product") product_path = value;
    else if (arg == "--draws") options.draws = std::stoull(value);
    else if (arg == "--jobs") options.jobs = static_cast<unsigned>(std::stoul(value));
    else if (arg == "--seed") options.seed = std::stoull(value);
    else if (arg == "--mode") mode = value;
    else if (arg == "--technosphere-gsd") technosphere_gsd = std::stod(value);
    else if (arg == "--draw-solve") draw_solve = value;
    else Usage();
  }
  if (db_path.empty() || product_path.empty() || options.draws == 0 || (mode != "fast" && mode != "rebuild")) Usage();
  options.rebuild_each_draw = mode == "rebuild";
  using DrawSolve = pcf::MonteCarloOptions::DrawSolve;
  if (draw_solve == "direct") options.draw_solve = DrawSolve::kDirect;
  else if (draw_solve == "iterative") options.draw_solve = DrawSolve::kIterative;
  else if (draw_solve != "auto") Usage();
  try {
    pcf::StoredModel db = pcf::LoadModel(db_path);
    if (technosphere_gsd > 1) MakeTechnosphereUncertain(&db, technosphere_gsd);
    const pcf::ProductFile product = pcf::ReadProductFile(product_path);
    const pcf::LinkedSystem system = pcf::LinkProduct(product, db);
    const pcf::Footprint footprint = pcf::CalculateFootprint(system);
    const std::clock_t cpu_start = std::clock();
    const pcf::MonteCarloResult r =
        pcf::RunMonteCarlo(product, db, system, footprint, pcf::SolveMethod::kBlockTriangular, options);
    const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    std::printf("mode=%s draws=%llu jobs=%u uncertain=%zu+%zu seconds=%.3f cpu_seconds=%.3f draw_seconds=%.3f contribution_seconds=%.3f per_draw=%.6f iterative_draws=%llu fallback_draws=%llu krylov_iterations=%llu mean=%.17g sd=%.17g\n",
                mode.c_str(), static_cast<unsigned long long>(r.draws), options.jobs, r.uncertain_foreground,
                r.uncertain_background, r.seconds, cpu, r.draw_seconds, r.contribution_seconds, r.draw_seconds / static_cast<double>(r.draws),
                static_cast<unsigned long long>(r.iterative_draws), static_cast<unsigned long long>(r.fallback_draws),
                static_cast<unsigned long long>(r.krylov_iterations), r.total.mean, r.total.sd);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mc_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
