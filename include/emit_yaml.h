/*
 * emit_yaml.h: writing a jansson value as YAML, with libyaml's emitter.
 *
 * Keys come out sorted (as sigs.k8s.io/yaml writes them), two-space
 * indent, block style.  A string that would read back as another type
 * ("80", "true", "null", "") is double-quoted so the YAML round-trips.
 */
#ifndef CTRIAGE_EMIT_YAML_H
#define CTRIAGE_EMIT_YAML_H

#include <stdio.h>

#include <jansson.h>

/* Write v as one YAML document to out.  Returns 0, or -1 on error. */
int yaml_emit_json(FILE *out, json_t *v);

#endif
