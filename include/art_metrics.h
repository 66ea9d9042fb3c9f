/*
 * art_metrics.h: metric samples from agent tables and Prometheus text.
 *
 * Two text forms land here (sysdump-layout.md 1.3, 2.5):
 *
 * - `cilium(-dbg) metrics list` (cmd/...-metrics-list.md): a tabwriter
 *   table `Metric  Labels  Value`.  Up to 1.15 the agent's API filled it
 *   (cilium/cmd/metrics_list.go): labels `k="v" k2="v2"`, value "%f".  Since
 *   1.16 the agent's "metrics" shell command does (pkg/metrics/cmd.go):
 *   labels `k=v k2=v2` unquoted, value "%f" for counters and gauges,
 *   "p50(..) p90(..)" for summaries and "15ms / 30ms / 60ms" (p50/p90/p99)
 *   for histograms.  Values may be in exponent form.  Issue pastes often
 *   lack the header.
 * - Prometheus text exposition (`# HELP`, `# TYPE`, `name{k="v",...} value
 *   [timestamp]`): metrics-<pod>-<ctr>-<ts>.txt, hubble-metrics.txt,
 *   envoy-metrics.txt and k8s-metrics-<ts>.yaml (apiserver /metrics despite
 *   the name).
 *
 * Every sample is kept, with its name, its labels as printed and parsed,
 * its value and its line.  Helpers find samples by name and label and
 * collect the BPF map pressure gauges (cilium_bpf_map_pressure{map_name}).
 */
#ifndef CTRIAGE_ART_METRICS_H
#define CTRIAGE_ART_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

enum metrics_format {
	METRICS_LIST_TABLE,	/* metrics list */
	METRICS_PROMETHEUS,	/* Prometheus text exposition */
};

struct metric_label {
	const char	*key;		/* interned */
	const char	*value;		/* interned, unescaped */
};

struct metric_sample {
	unsigned long		 line;
	const char		*name;		/* interned */
	const char		*labels_text;	/* interned, as printed (without
						   braces); "" when none */
	struct metric_label	*labels;
	size_t			 nlabels;
	/*
	 * The value.  Histogram and summary cells of metrics list have no
	 * single number: has_value is false and value_text holds the cell.
	 */
	bool			 has_value;
	double			 value;
	const char		*value_text;	/* only when !has_value */
	bool			 has_timestamp;
	int64_t			 timestamp_ms;
	const char		*type;		/* interned "counter", "gauge",
						   ... from # TYPE, or NULL */
};

struct metrics_result {
	const char		*path;		/* interned member path */
	enum metrics_format	 format;
	struct metric_sample	*samples;
	size_t			 nsamples;
};

/*
 * Parse either form (recognized by content).  Bad lines get a diagnostic
 * each and are skipped.  Returns 0 when the member parsed, -1 when nothing
 * usable came out.
 */
int art_metrics_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct metrics_result *out);

/* The value of a sample's label, or NULL. */
const char *metric_label_get(const struct metric_sample *s, const char *key);

/*
 * The first sample named `name` whose label `key` has `value` (key NULL:
 * any sample of that name), or NULL.
 */
const struct metric_sample *metrics_find(const struct metrics_result *r,
    const char *name, const char *key, const char *value);

/* Map pressure: one cilium_bpf_map_pressure sample. */
struct metrics_map_pressure {
	const char	*map_name;	/* interned */
	double		 value;		/* fill ratio, 0..1 */
	unsigned long	 line;
};

/*
 * The cilium_bpf_map_pressure samples with a map_name label and a value,
 * in file order, as an array in the arena (*out NULL when none).  Returns
 * the count.
 */
size_t metrics_map_pressure(const struct metrics_result *r, struct arena *a,
    struct metrics_map_pressure **out);

#endif
