#!/usr/bin/env bash
# `hcp` inside the application image: the JVM with the flags ./hcp gives it, the image's libraries and its
# container logging (everything to stdout, where `docker logs` and the log driver's rotation take it).
# HCP_HEAP sets the heap (default 1g). The configuration file comes with --config; commands run without
# one get /etc/haochaping/hcp.yaml when it is mounted.
set -euo pipefail

args=("$@")
if [ "${#args[@]}" -gt 0 ] && [[ " ${args[*]} " != *" --config "* ]] && [ -f /etc/haochaping/hcp.yaml ]; then
  args+=(--config /etc/haochaping/hcp.yaml)
fi

# word splitting of the flag list is intended: one flag per word
# shellcheck disable=SC2046
exec java \
  -Xmx"${HCP_HEAP:-1g}" -XX:+UseG1GC \
  $(cat /opt/haochaping/jvm-opens) \
  -Dlog4j2.configurationFile=/opt/haochaping/log4j2.xml \
  -Dlog4j2.shutdownHookEnabled=false \
  -cp "/opt/haochaping/app.jar:/opt/haochaping/lib/*" \
  org.haochaping.app.Hcp "${args[@]}"
