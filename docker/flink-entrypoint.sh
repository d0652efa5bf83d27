#!/usr/bin/env bash
# Entry point of the Flink image: Flink's own, after one step for the JobManager in application mode.
# Without Flink high availability a restarted JobManager submits the job afresh (a new job id, empty
# state), which would forget the de-duplication memory, open windows and work-order deadlines. So, as
# ./hcp run does, it resumes from the newest completed checkpoint retained under the checkpoint folder
# and deletes the folders of earlier runs (each run is a new job id with a folder of its own).
set -euo pipefail

CHECKPOINTS="${HCP_CHECKPOINT_DIR:-/var/lib/haochaping/checkpoints}"

# prints the folder (…/<job id>/chk-N) of the newest checkpoint whose _metadata was written, if any
newest_checkpoint() {
  local newest="" metadata
  for metadata in "$CHECKPOINTS"/*/chk-*/_metadata; do
    [ -f "$metadata" ] || continue
    if [ -z "$newest" ] || [ "$metadata" -nt "$newest" ]; then
      newest="$metadata"
    fi
  done
  [ -n "$newest" ] && dirname "$newest"
}

if [ "${1:-}" = "standalone-job" ]; then
  shift
  resume="$(newest_checkpoint || true)"
  if [ -n "$resume" ]; then
    keep="$(dirname "$resume")"
    for job in "$CHECKPOINTS"/*/; do
      job="${job%/}"
      [ "$job" = "$keep" ] || rm -rf -- "$job"
    done
    echo "hcp: resuming the rating pipeline from checkpoint $resume"
    set -- standalone-job --fromSavepoint "$resume" "$@"
  else
    set -- standalone-job "$@"
  fi
fi

exec /docker-entrypoint.sh "$@"
