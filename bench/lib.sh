# lib.sh: what the benchmark scripts share; sourced (". bench/lib.sh").
#   now_ms            the clock, in milliseconds
#   ratio A B         A / B to two decimals ("-" when B is 0)
#   median            the median of the numbers on standard input, one a
#                     line (the mean of the two middle ones for an even count)
now_ms() { echo $(($(date +%s%N) / 1000000)); }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print "-"; else print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
