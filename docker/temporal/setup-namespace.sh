#!/bin/sh
# One-shot (temporalio/admin-tools): once the Temporal server answers, creates the
# namespace if missing and registers the custom search attributes the workflows
# use. Idempotent: an attribute that already exists is not an error.
set -eu

address=${TEMPORAL_ADDRESS:-temporal:7233}
namespace=${TEMPORAL_NAMESPACE:-default}
# How long Temporal keeps a closed workflow. Nothing people look up depends on it (PostgreSQL keeps the records);
# it bounds how long operators can inspect a closed run in the UI (README, What is kept where).
retention=${TEMPORAL_NAMESPACE_RETENTION:-720h}

echo "waiting for the Temporal server at ${address}..."
tries=0
until temporal operator cluster health --address "$address" >/dev/null 2>&1; do
  tries=$((tries + 1))
  [ "$tries" -lt 90 ] || { echo "Temporal server not healthy" >&2; exit 1; }
  sleep 2
done

if temporal operator namespace describe --address "$address" --namespace "$namespace" >/dev/null 2>&1; then
  echo "namespace ${namespace} exists; retention ${retention}"
  temporal operator namespace update --address "$address" --namespace "$namespace" --retention "$retention"
else
  echo "creating namespace ${namespace} (retention ${retention})"
  temporal operator namespace create --address "$address" --namespace "$namespace" --retention "$retention"
fi

# name:type, types as the temporal CLI spells them
for attr in SaleId:Keyword CustomerId:Keyword FollowUpStage:Keyword NextDueAt:Datetime \
            Late:Bool CaseNo:Keyword CaseStage:Keyword CasePriority:Keyword; do
  name=${attr%%:*}
  type=${attr##*:}
  tries=0
  while :; do
    if out=$(temporal operator search-attribute create --address "$address" --namespace "$namespace" \
               --name "$name" --type "$type" 2>&1); then
      echo "search attribute ${name} (${type}) registered"
      break
    fi
    if printf '%s' "$out" | grep -qi 'already exists'; then
      echo "search attribute ${name} already exists"
      break
    fi
    tries=$((tries + 1))
    # a namespace that was just created can take a few seconds to be usable
    if [ "$tries" -ge 15 ]; then
      echo "could not register search attribute ${name}: ${out}" >&2
      exit 1
    fi
    sleep 2
  done
done
echo "namespace ${namespace} is ready"
