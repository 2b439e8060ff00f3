# Run by tst_cli_full_disk inside a private mount namespace (unshare -rm): two small tmpfs
# disks, a region on one and a restore target on the other. Each step's exit code, stdout
# and stderr land in $OUT/<step>.rc|out|err for the test to check.
set -u
mount -t tmpfs -o size=4m tmpfs "$DIR/region-disk" || exit 77
mount -t tmpfs -o size=100k tmpfs "$DIR/restore-disk" || exit 77
cli() { "$CLI" --workspace "$WS" "$@"; }
step() { name=$1; shift; "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"; echo $? >"$OUT/$name.rc"; }
step region cli region add tight --kind local --path "$DIR/region-disk/region"
step vault cli vault create v --region tight
step first cli --json backup "$DIR/small" --vault v
step big cli --json backup "$DIR/big" --vault v
step points cli --json points --vault v
step check cli --json check v --read-data
step usage df -k "$DIR/region-disk"
point=$(sed -n 's/.*"point": *"\([^"]*\)".*/\1/p' "$OUT/first.out")
step restorefull cli restore "$point" --to "$DIR/restore-disk/out"
ls "$DIR/restore-disk/out" >"$OUT/restorefull.ls" 2>&1
step restore cli restore "$point" --to "$DIR/restored"
step again cli --json backup "$DIR/small2" --vault v
# A replication copy into the full region: refused with the reason, and no replica appears
# (the manifest is published last; objects already sent stay for the resumed copy).
step roomy cli region add roomy --kind local --path "$DIR/roomy"
step vaultw cli vault create w --region roomy
step bigw cli --json backup "$DIR/big" --vault w
bigpoint=$(sed -n 's/.*"point": *"\([^"]*\)".*/\1/p' "$OUT/bigw.out")
step copyfull cli --json copy "$bigpoint" --to-region tight
step copypoints cli --json points --vault w-tight
