// How big recorded workflow histories are, and what makes them so: bytes of each history as Temporal stores it
// (protobuf), and the share of each kind of event. Used for BENCHMARKS.md ("Workflow history sizes").
//
//   node dist/scripts/history-sizes.js test/replay/histories/feedback-case-reprocessed-twice.json [more.json …]
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import proto from '@temporalio/proto';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';

const { History, HistoryEvent } = proto.temporal.api.history.v1;
const { EventType } = proto.temporal.api.enums.v1;

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const files = process.argv.slice(2);
if (files.length === 0) throw new Error('name one or more history JSON files');

let all = 0;
const byType = new Map<string, number>();
for (const file of files) {
  const history = historyFromJSON(JSON.parse(await readFile(file, 'utf8')));
  const bytes = History.encode(History.create(history)).finish().length;
  all += bytes;
  for (const event of history.events ?? []) {
    const type = String(EventType[event.eventType ?? 0]).replace(/^EVENT_TYPE_/, '').toLowerCase();
    byType.set(type, (byType.get(type) ?? 0) + HistoryEvent.encode(HistoryEvent.create(event)).finish().length);
  }
  console.log(`${basename(file)}: ${history.events?.length ?? 0} events, ${kib(bytes)}`);
}
console.log(`total ${kib(all)} in ${files.length} run(s); by event type:`);
for (const [type, bytes] of [...byType].sort((a, b) => b[1] - a[1])) {
  console.log(`  ${type.padEnd(40)} ${kib(bytes).padStart(10)}  ${((100 * bytes) / all).toFixed(1)} %`);
}
