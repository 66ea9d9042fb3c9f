#!/bin/sh
# bench.sh: measure ingest speed and peak memory on a sysdump whose agent log
# is large (2 GiB by default).  Run by `make bench`, which builds ./ctriage and
# build/mkarchive first.
#
# The issue asks that memory stay flat when a member is a 2 GB log and that
# such a log be scanned at close to the speed of decompressing it.  So we
# generate a realistic Cilium agent log, pack it with a couple of small files
# as a .tar.gz and a .zip sysdump, and for each archive compare
#   ctriage inventory --format json ARCHIVE >/dev/null
# with plain decompression of the same archive (gzip -dc, unzip -p), reporting
# wall seconds and peak RSS as measured by GNU time.  A baseline row, the same
# sysdump without the big log, shows what "flat" memory should look like.
# Then the same for
#   ctriage analyze --format json ARCHIVE >/dev/null   (CTRIAGE_RULES_DIR)
# which builds the model (every line parsed, warnings and worse kept) and
# runs the rule catalog, the log rules over the kept lines among them.
#
# Environment:
#   BENCH_LOG_MB  size of the generated agent log in MiB (default 2048)
#   BENCH_RUNS    runs per measurement; the fastest is reported (default 1)
#   BENCH_KEEP    0 removes build/bench at the end (default 1: keep it, so
#                 re-runs skip generation and packing)
#   CTRIAGE, MKARCHIVE  binaries to use (default ./ctriage, build/mkarchive)
#   BENCH_DIR     working directory (default build/bench)
#   CTRIAGE_RULES_DIR  the rules analyze runs (default rules)
#
# Generated files are reused while the log has the requested size and the
# archives are newer than the log and mkarchive.  Everything is
# deterministic: the log comes from a fixed-seed generator in awk, the
# archives from mkarchive.  Options go before ARCHIVE so that the command
# also works where getopt does not permute (POSIXLY_CORRECT).
set -eu

cd "$(dirname "$0")/.."

LOG_MB=${BENCH_LOG_MB:-2048}
RUNS=${BENCH_RUNS:-1}
KEEP=${BENCH_KEEP:-1}
CTRIAGE=${CTRIAGE:-./ctriage}
MKARCHIVE=${MKARCHIVE:-build/mkarchive}
export LC_ALL=C TZ=UTC

TS=20250601-101500
POD=cilium-x7k2p
NODE=kind-worker
W=${BENCH_DIR:-build/bench}
RULES=${CTRIAGE_RULES_DIR:-rules}
TOP=cilium-sysdump-$TS
LOG=$W/$TOP/logs-$POD-cilium-agent-$TS.log

die() {
	echo "bench: $*" >&2
	exit 1
}

case $LOG_MB in
''|*[!0-9]*) die "BENCH_LOG_MB must be a whole number of MiB, not '$LOG_MB'" ;;
esac
case $RUNS in
''|*[!0-9]*|0) die "BENCH_RUNS must be a positive number, not '$RUNS'" ;;
esac
[ "$LOG_MB" -gt 0 ] || die "BENCH_LOG_MB must be at least 1"
[ -x "$CTRIAGE" ] || die "no $CTRIAGE; run 'make bench'"
[ -x "$MKARCHIVE" ] || die "no $MKARCHIVE; run 'make bench'"

# need_pkg COMMAND DEBIAN-PACKAGE: install the package when COMMAND is
# missing, through sudo when we are not root.
need_pkg() {
	if [ -x "$1" ] || command -v "$1" >/dev/null 2>&1; then
		return 0
	fi
	if [ "$(id -u)" -eq 0 ]; then
		sudo=""
	elif command -v sudo >/dev/null 2>&1; then
		sudo="sudo"
	else
		die "need $1 (Debian package $2) and have neither root nor sudo"
	fi
	echo "bench: installing $2" >&2
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
	    --no-install-recommends "$2" >/dev/null ||
	    die "cannot install $2"
}
need_pkg /usr/bin/time time
need_pkg unzip unzip
need_pkg gzip gzip

# file_size FILE: its size in bytes (0 when it does not exist).
file_size() {
	if [ -e "$1" ]; then
		wc -c <"$1" | tr -d ' '
	else
		echo 0
	fi
}

# gen_log BYTES OUT: write a Cilium 1.17-style agent log of exactly BYTES
# bytes to OUT.  Each line is the kubelet RFC3339Nano prefix followed by a
# logrus text line (time, level, msg, then keys sorted, subsys last in
# practice); about 1% warnings and 0.2% errors, with the messages the rules
# look for.  Timestamps advance over the 24 hours before the sysdump.  A
# Park-Miller generator keeps the output identical under any awk.
gen_log() {
	awk -v target="$1" '
	function rnd(n) {
		seed = (seed * 16807) % 2147483647
		return seed % n
	}
	function ip() {
		return "10.0." rnd(8) "." (rnd(250) + 2)
	}
	# frac(ns): RFC3339Nano fraction, trailing zeros trimmed, "" for 0.
	function frac(ns,   f) {
		if (ns == 0)
			return ""
		f = sprintf(".%09d", ns)
		while (substr(f, length(f)) == "0")
			f = substr(f, 1, length(f) - 1)
		return f
	}
	BEGIN {
		seed = 20250601
		# 2025-05-31T10:15:00Z plus up to ~24 h; dates for a few more
		# days in case a huge log stretches the estimate.
		date[0] = "2025-05-31"
		for (d = 1; d < 30; d++)
			date[d] = sprintf("2025-06-%02d", d)
		base = 10 * 3600 + 15 * 60
		# ~330 bytes a line; spread the lines over 86000 s.
		step = 86000 * 1e9 / (target / 330)
		if (step < 2)
			step = 2
		t = 0
		nsub = split("endpoint daemon k8s-watcher policy datapath-loader " \
		    "hubble fqdn/dnsproxy envoy-manager allocator " \
		    "ipam k8s-client controller", subs, " ")
		nns = split("default kube-system payments checkout monitoring " \
		    "ingress-nginx cert-manager", nss, " ")
		# Stop while the rest still holds one long padding line (lines
		# are shorter than 624 bytes, so 600 to 1224 bytes remain).
		written = 0
		while (target - written >= 1224) {
			line = mkline()
			print line
			written += length(line) + 1
		}
		# Pad the tail with one line of exactly the remaining size.
		rem = target - written
		if (rem > 0) {
			line = prefix("info") "msg=\"bench padding\" subsys=bench pad="
			if (length(line) + 1 > rem)
				line = ""
			while (length(line) + 1 < rem)
				line = line "x"
			print line
		}
	}
	# prefix(level): timestamps and level; advances the clock.
	function prefix(level,   s, sec, day, ns, kns, hms) {
		t += 1 + rnd(int(2 * step))
		s = int(t / 1e9)
		ns = t - s * 1e9
		sec = base + s
		day = int(sec / 86400)
		if (day > 29)
			day = 29
		sec = sec % 86400
		hms = sprintf("%sT%02d:%02d:%02d", date[day], int(sec / 3600),
		    int(sec % 3600 / 60), sec % 60)
		# kubelet stamps the line a few microseconds after logrus did.
		kns = ns + 1000 + rnd(90000)
		if (kns > 999999999)
			kns = 999999999
		return hms frac(kns) "Z time=\"" hms sprintf(".%09d", ns) \
		    "Z\" level=" level " "
	}
	function pod(   ns) {
		ns = nss[1 + rnd(nns)]
		return ns "/app-" (1000 + rnd(9000)) "-" substr("bcdfghjklmnpqrstvwxz", 1 + rnd(20), 1) \
		    substr("bcdfghjklmnpqrstvwxz", 1 + rnd(20), 1) (rnd(90) + 10)
	}
	function mkline(   r, ep, id, p) {
		r = rnd(1000)
		ep = 100 + rnd(3900)
		id = 1000 + rnd(64000)
		if (r < 2) {
			return prefix("error") "msg=\"Failed to add PolicyMap key\" " \
			    "endpointID=" ep " error=\"update map cilium_policy_" \
			    sprintf("%05d", ep) ": update: no space left on device\" " \
			    "identity=" id " subsys=endpoint"
		}
		if (r < 4) {
			p = pod()
			return prefix("warning") "msg=\"Unable to add CiliumNetworkPolicy\" " \
			    "ciliumNetworkPolicyName=allow-" rnd(40) " error=\"Invalid " \
			    "CiliumNetworkPolicy spec: combining ToServices and ToPorts " \
			    "is not supported yet\" k8sApiVersion= k8sNamespace=" \
			    substr(p, 1, index(p, "/") - 1) " subsys=k8s-watcher"
		}
		if (r < 7) {
			return prefix("warning") "msg=\"Regeneration of endpoint failed\" " \
			    "bpfCompilation=0s bpfLoadProg=" rnd(900) "ms bpfWaitForELF=" \
			    rnd(90) "us bpfWriteELF=" rnd(900) "us containerID=" \
			    sprintf("%08x%04x", rnd(2147483647), rnd(65536)) \
			    " datapathPolicyRevision=" rnd(50) " desiredPolicyRevision=" \
			    (50 + rnd(50)) " endpointID=" ep " error=\"context canceled\" " \
			    "identity=" id " ipv4=" ip() " k8sPodName=" pod() \
			    " subsys=endpoint"
		}
		if (r < 12) {
			return prefix("warning") "msg=\"Timeout waiting for response to " \
			    "forwarded proxied DNS lookup\" DNSRequestID=" rnd(65536) \
			    " dnsName=svc-" rnd(300) ".example.com. endpointID=" ep \
			    " error=\"read udp " ip() ":" (32768 + rnd(28000)) "->" ip() \
			    ":53: i/o timeout\" ipAddr=\"" ip() ":" (32768 + rnd(28000)) \
			    "\" subsys=fqdn/dnsproxy"
		}
		if (r < 400) {
			p = pod()
			return prefix("info") "msg=\"Rewrote endpoint BPF program\" " \
			    "ciliumEndpointName=" p " containerID=" \
			    sprintf("%08x%04x", rnd(2147483647), rnd(65536)) \
			    " datapathPolicyRevision=" rnd(500) " desiredPolicyRevision=" \
			    rnd(500) " endpointID=" ep " identity=" id " ipv4=" ip() \
			    " ipv6=\"\" k8sPodName=" p " subsys=endpoint"
		}
		if (r < 650) {
			return prefix("info") "msg=\"Completed endpoint regeneration\" " \
			    "bpfCompilation=0s bpfLoadProg=" rnd(900) "." rnd(1000) \
			    "ms bpfWaitForELF=" rnd(90) ".1us bpfWriteELF=" rnd(900) \
			    ".7us endpointID=" ep " identity=" id " mapSync=" rnd(90) \
			    ".2us policyCalculation=" rnd(900) ".3us prepareBuild=" \
			    rnd(900) ".4us proxyConfiguration=" rnd(90) ".5us " \
			    "proxyPolicyCalculation=" rnd(90) ".6us proxyWaitForAck=0s " \
			    "reason=\"policy rules added\" subsys=endpoint total=" \
			    rnd(900) ".8ms"
		}
		if (r < 800) {
			return prefix("info") "msg=\"Processing API request with rate " \
			    "limiter\" maxWaitDuration=15s name=endpoint-create " \
			    "parallelRequests=" (1 + rnd(8)) " subsys=rate uuid=" \
			    sprintf("%08x-%04x-%04x-%04x-%08x%04x", rnd(2147483647), \
			    rnd(65536), rnd(65536), rnd(65536), rnd(2147483647), \
			    rnd(65536))
		}
		if (r < 900) {
			p = pod()
			return prefix("info") "msg=\"Imported CiliumNetworkPolicy\" " \
			    "ciliumNetworkPolicyName=allow-" rnd(40) " k8sApiVersion= " \
			    "k8sNamespace=" substr(p, 1, index(p, "/") - 1) \
			    " subsys=k8s-watcher"
		}
		return prefix("info") "msg=\"Create endpoint request\" addressing=\"&{" \
		    ip() " " sprintf("%08x", rnd(2147483647)) " default   }\" " \
		    "containerID=" sprintf("%08x%04x", rnd(2147483647), rnd(65536)) \
		    " datapathConfiguration=\"<nil>\" interface=lxc" \
		    sprintf("%04x", rnd(65536)) " k8sPodName=" pod() " labels=\"[]\" " \
		    "subsys=" subs[1 + rnd(nsub)] " sync-build=false"
	}' >"$2"
}

# write_small DIR: the few small files a sysdump always has, enough for
# inventory to find a time, a node and the agent pod.
write_small() {
	cat >"$1/cilium-sysdump.log" <<EOF
🔍 Collecting sysdump with cilium-cli version: v0.16.24, args: [sysdump]
🔍 Collecting Kubernetes nodes
🔍 Collecting Kubernetes pods
🔍 Collecting logs from Cilium pods
🔍 Compiling sysdump
✅ The sysdump has been saved to $TOP.zip
EOF
	cat >"$1/k8s-nodes-$TS.yaml" <<EOF
apiVersion: v1
items:
- apiVersion: v1
  kind: Node
  metadata:
    labels:
      kubernetes.io/hostname: $NODE
    name: $NODE
  spec:
    podCIDR: 10.0.1.0/24
kind: NodeList
metadata:
  resourceVersion: "12345"
EOF
	cat >"$1/k8s-pods-$TS.yaml" <<EOF
apiVersion: v1
items:
- apiVersion: v1
  kind: Pod
  metadata:
    labels:
      k8s-app: cilium
    name: $POD
    namespace: kube-system
  spec:
    containers:
    - image: quay.io/cilium/cilium:v1.17.4
      name: cilium-agent
    nodeName: $NODE
  status:
    phase: Running
kind: PodList
metadata:
  resourceVersion: "12345"
EOF
}

want=$((LOG_MB * 1024 * 1024))
mkdir -p "$W/$TOP" "$W/small/$TOP"
write_small "$W/$TOP"
write_small "$W/small/$TOP"

if [ "$(file_size "$LOG")" -ne "$want" ]; then
	echo "bench: generating $LOG_MB MiB agent log" >&2
	rm -f "$W"/bench.tar.gz "$W"/bench.zip
	gen_log "$want" "$LOG.tmp"
	[ "$(file_size "$LOG.tmp")" -eq "$want" ] ||
	    die "generated log has $(file_size "$LOG.tmp") bytes, not $want"
	mv "$LOG.tmp" "$LOG"
fi

# pack FORMAT OUT DIR: (re)build OUT unless it is newer than the log.
pack() {
	if [ -s "$2" ] &&
	    [ -n "$(find "$2" -newer "$LOG" -newer "$MKARCHIVE")" ]; then
		return 0
	fi
	echo "bench: packing $2" >&2
	"$MKARCHIVE" -f "$1" -o "$2.tmp" "$3" || die "cannot pack $2"
	mv "$2.tmp" "$2"
}
pack tar.gz "$W/bench.tar.gz" "$W/$TOP"
pack zip "$W/bench.zip" "$W/$TOP"
pack tar.gz "$W/small.tar.gz" "$W/small/$TOP"

# measure CMD...: run CMD (stdout to /dev/null) RUNS times under GNU time
# and print "SECONDS PEAK_KIB" of the fastest run.  Dies, showing the
# command's stderr, when it fails.
measure() {
	best=""
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		if ! /usr/bin/time -f '%e %M' -o "$W/time.out" "$@" \
		    >/dev/null 2>"$W/stderr.out"; then
			cat "$W/stderr.out" >&2
			die "'$*' failed"
		fi
		cur=$(tail -n 1 "$W/time.out")
		best=$(printf '%s\n%s\n' "$best" "$cur" |
		    awk 'NF == 2 && (b == "" || $1 < s) { s = $1; b = $0 }
		    END { print b }')
		i=$((i + 1))
	done
	echo "$best"
}

# Read each archive once so the first timed run does not pay for the disk.
cat "$W/bench.tar.gz" "$W/bench.zip" "$W/small.tar.gz" >/dev/null

# row LABEL ARCHIVE DECOMPRESS-CMD...: measure and print one table row.
row() {
	label=$1
	arc=$2
	shift 2
	c=$(measure "$CTRIAGE" inventory --format json "$arc")
	d=$(measure "$@")
	echo "$label $c $d $(file_size "$arc")" | awk '{
		ratio = ($4 > 0) ? sprintf("%.2f", $2 / $4) : "-"
		printf "%-9s %9.2f %13.2f %6s %13.1f %12.1f\n", $1, $2, $4,
		    ratio, $3 / 1024, $6 / 1048576
	}'
}

# arow LABEL ARCHIVE DECOMPRESS-CMD...: the same for analyze, with the log
# rules: model, rules and report of the whole sysdump.
arow() {
	label=$1
	arc=$2
	shift 2
	c=$(measure env CTRIAGE_RULES_DIR="$RULES" "$CTRIAGE" analyze \
	    --format json "$arc")
	d=$(measure "$@")
	echo "$label $c $d" | awk '{
		ratio = ($4 > 0) ? sprintf("%.2f", $2 / $4) : "-"
		printf "%-9s %9.2f %13.2f %6s %13.1f\n", $1, $2, $4, ratio,
		    $3 / 1024
	}'
}

echo "bench: $LOG_MB MiB agent log, best of $RUNS run(s)"
printf '%-9s %9s %13s %6s %13s %12s\n' archive ctriage_s decompress_s \
    ratio peak_rss_mib archive_mib
row tar.gz "$W/bench.tar.gz" gzip -dc "$W/bench.tar.gz"
row zip "$W/bench.zip" unzip -p "$W/bench.zip"
row baseline "$W/small.tar.gz" gzip -dc "$W/small.tar.gz"

echo
echo "bench: analyze with the rules of $RULES ($(ls "$RULES"/*.yaml | wc -l |
    tr -d ' ') rules, the log rules scan the kept lines)"
printf '%-9s %9s %13s %6s %13s\n' archive analyze_s decompress_s ratio \
    peak_rss_mib
arow tar.gz "$W/bench.tar.gz" gzip -dc "$W/bench.tar.gz"
arow zip "$W/bench.zip" unzip -p "$W/bench.zip"
arow baseline "$W/small.tar.gz" gzip -dc "$W/small.tar.gz"

# The model at scale: 50,000 pods with Cilium endpoints and 5,000
# CiliumNetworkPolicies (BENCH_PODS, BENCH_POLICIES).  `get policies`
# resolves every policy's subject selector against every endpoint, the
# work the rule engine builds on.
PODS=${BENCH_PODS:-50000}
POLS=${BENCH_POLICIES:-5000}
S="$W/scale-$PODS-$POLS"
if [ ! -d "$S" ]; then
	rm -rf "$W"/scale-*
	sh scripts/gen-scale.sh "$S" "$PODS" "$POLS"
fi
echo
echo "bench: model of $PODS endpoints and $POLS policies, best of $RUNS run(s)"
printf '%-22s %9s %13s\n' command seconds peak_rss_mib
D="$S/cilium-sysdump-20250601-101500"
for what in "inventory" "get nodes" "get policies" "get endpoints"; do
	# "get KIND": the model is built, then KIND listed (INPUT first).
	set -- $what
	if [ "$1" = get ]; then
		c=$(measure "$CTRIAGE" get -q "$D" "$2")
	else
		c=$(measure "$CTRIAGE" inventory -q "$D")
	fi
	echo "$c" | awk -v w="$what" '{ printf "%-22s %9.2f %13.1f\n", w, \
	    $1, $2 / 1024 }'
done

rm -f "$W/time.out" "$W/stderr.out"
if [ "$KEEP" = 0 ]; then
	rm -rf "$W"
fi
