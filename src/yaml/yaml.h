/*
 * yaml.h - YAML in and out, exactly as helm reads and writes it.
 *
 * Reading follows sigs.k8s.io/yaml as helm uses it: go-yaml v2 (YAML 1.1
 * resolution) converted to JSON and decoded, so every number becomes a
 * float64, map keys are stringified, and errors read
 * "error converting YAML to JSON: yaml: line N: <libyaml problem>".
 * Writing follows go-yaml v2's emitter (a port of libyaml's), configured
 * the same way, as toYaml prints.
 *
 * Owner: the data-format work (issue 3).  Other modules use only this API.
 */
#ifndef CHARTC_YAML_H
#define CHARTC_YAML_H

#include "../value/value.h"

/* Decode one YAML text the way helm decodes a values file (chartutil.
 * ReadValues): multiple documents deep-merged, empty text -> empty map,
 * non-map top level -> error.  On error returns -1 and puts the message
 * (e.g. "error converting YAML to JSON: yaml: line 2: mapping values are
 * not allowed in this context") in *err; callers add their own prefix. */
int yaml_load_values(Arena *a, const char *text, size_t n, Value *out, Buf *err);

/* Decode one YAML document into any value (fromYaml / fromYamlArray and
 * manifest heads use this; `want` is V_MAP, V_LIST or V_NIL for any). */
int yaml_decode(Arena *a, const char *text, size_t n, int want, Value *out, Buf *err);

/* go-yaml v2 Marshal of v (what toYaml prints before helm trims the final
 * newline).  Returns 0, or -1 with *err set. */
int yaml_encode(Buf *out, Value v, Buf *err);

#endif
