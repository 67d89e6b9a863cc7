# compare_scores.awk: compare two score CSVs (header `product_id,<indicator ids...>`).
#
# Usage: awk -f compare_scores.awk PCF.csv REFERENCE.csv
#
# Rows are matched by product id, columns by indicator id (by position if no
# header name matches).  A value pair passes when
#     |a - b| <= 1e-9 * max(|a|, |b|, 1e-12 * colmax)
# where colmax is the largest |value| of that indicator column in either
# file: relative accuracy, with a tiny magnitude-scaled floor so that values
# that cancel to ~0 are not judged by their noise alone.
# Prints one line `compared=… mismatches=… missing=… invalid=… max_scaled_err=…`
# and exits 1 when anything failed.
#
# Fields are split on commas; surrounding quotes are stripped.  That is enough
# for UUID-like ids; ids containing commas are not supported here.

function abs(x) { return x < 0 ? -x : x }
function unquote(s) { gsub(/^"|"$/, "", s); gsub(/""/, "\"", s); return s }
function numeric(s) { return s ~ /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/ }

BEGIN { FS = ","; rtol = 1e-9; floor_rel = 1e-12 }

{ sub(/\r$/, "") }

FNR == 1 {
  file++
  ncol[file] = NF
  for (i = 2; i <= NF; i++) name[file, i] = unquote($i)
  next
}

{
  key = unquote($1)
  if (file == 1) { order[++nrows] = key }
  seen[file, key] = 1
  for (i = 2; i <= NF; i++) val[file, key, i] = $i
}

END {
  if (file != 2) { print "usage: awk -f compare_scores.awk PCF.csv REFERENCE.csv" > "/dev/stderr"; exit 2 }
  # Column map: reference column -> pcf column.
  matched = 0
  for (i = 2; i <= ncol[2]; i++) {
    colmap[i] = 0
    for (j = 2; j <= ncol[1]; j++) if (name[1, j] == name[2, i]) { colmap[i] = j; matched++ }
  }
  if (matched == 0) {
    print "warning: no indicator ids in common; comparing columns by position" > "/dev/stderr"
    for (i = 2; i <= ncol[2]; i++) colmap[i] = (i <= ncol[1]) ? i : 0
  }
  # Column magnitudes over both files.
  for (r = 1; r <= nrows; r++) {
    key = order[r]
    for (i = 2; i <= ncol[2]; i++) {
      j = colmap[i]
      if (j && numeric(val[1, key, j])) { v = abs(val[1, key, j] + 0); if (v > colmax[i]) colmax[i] = v }
      if (numeric(val[2, key, i])) { v = abs(val[2, key, i] + 0); if (v > colmax[i]) colmax[i] = v }
    }
  }
  compared = mismatches = missing = invalid = 0
  worst = 0
  for (i = 2; i <= ncol[2]; i++) if (!colmap[i]) missing += nrows
  for (r = 1; r <= nrows; r++) {
    key = order[r]
    if (!seen[2, key]) { missing++; continue }
    for (i = 2; i <= ncol[2]; i++) {
      j = colmap[i]
      if (!j) continue
      a = val[1, key, j]; b = val[2, key, i]
      if (!numeric(a) || !numeric(b)) { invalid++; continue }
      a += 0; b += 0
      scale = abs(a); if (abs(b) > scale) scale = abs(b)
      if (floor_rel * colmax[i] > scale) scale = floor_rel * colmax[i]
      err = (scale > 0) ? abs(a - b) / scale : 0
      if (err > worst) worst = err
      if (err > rtol) mismatches++
      compared++
    }
  }
  # Products only in the reference file.
  for (k in seen) { split(k, parts, SUBSEP); if (parts[1] == 2 && !seen[1, parts[2]]) missing++ }
  printf "compared=%d mismatches=%d missing=%d invalid=%d max_scaled_err=%.3g\n", compared, mismatches, missing, invalid, worst
  exit (mismatches || missing || invalid || compared == 0) ? 1 : 0
}
