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

/* Decode one YAML text the way helm decodes a values file (LoadValues):
 * cut into documents at "---" lines (apimachinery's YAMLReader), each
 * decoded alone and deep-merged, empty text -> empty map, non-map top
 * level -> error.  On error returns -1 and puts helm's message in *err,
 * e.g. "cannot unmarshal yaml document: error converting YAML to JSON:
 * yaml: line 2: mapping values are not allowed in this context" or
 * "error reading yaml document: invalid Yaml document separator: x";
 * callers add their own prefix ("cannot load values.yaml: ",
 * "failed to parse PATH: "). */
int yaml_load_values(Arena *a, const char *text, size_t n, Value *out, Buf *err);

/* Decode the first YAML document of text into any value, as
 * sigs.k8s.io/yaml.Unmarshal does (fromYaml / fromYamlArray and manifest
 * heads use this; `want` is V_MAP, V_LIST or V_NIL for any; a null
 * document gives V_NIL).  Numbers are float64, map keys strings.  Errors
 * carry sigs.k8s.io/yaml's prefixes: "error converting YAML to JSON: yaml:
 * line N: ...", "error converting YAML to JSON: json: unsupported value:
 * +Inf", "error unmarshaling JSON: while decoding JSON: json: cannot
 * unmarshal array into Go value of type map[string]interface {}". */
int yaml_decode(Arena *a, const char *text, size_t n, int want, Value *out, Buf *err);

/* want for yaml_decode() by a reader of manifest heads (helm's
 * SimpleHead): like V_NIL (same return, same error text), but a map
 * result may lack top-level keys other than apiVersion, kind and metadata
 * (ASCII case-insensitive, as encoding/json matches fields): plain
 * documents skip building them. */
#define YAML_WANT_HEAD (-1)

/* sigs.k8s.io/yaml.Marshal of v (what toYaml prints before helm trims the
 * final newline): keys in go-yaml's order, numbers after the JSON round
 * trip.  Returns 0, or -1 with *err set to Go's text ("json: unsupported
 * value: NaN", "yaml: control characters are not allowed"). */
int yaml_encode(Buf *out, Value v, Buf *err);

#endif
