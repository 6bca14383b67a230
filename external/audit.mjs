// Runs the graphql-http server audit (GraphQL over HTTP conformance) against a
// running Steward and prints one line per audit.
//
// Usage: node audit.mjs http://127.0.0.1:PORT/graphql
// Exit code 1 when a MUST audit fails. SHOULD and MAY results that are not `ok`
// are printed but do not fail the run; docs/compliance.md records them.

import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs http://127.0.0.1:PORT/graphql');
  process.exit(2);
}

const results = await auditServer({ url });
const counts = {};
for (const result of results) {
  const level = result.name.split(' ', 1)[0];
  const key = `${level} ${result.status}`;
  counts[key] = (counts[key] ?? 0) + 1;
  console.log(`${result.status.padEnd(6)} ${result.id}  ${result.name}`);
  if (result.status !== 'ok') console.log(`         ${result.reason}`);
}

console.log(
  Object.entries(counts)
    .sort()
    .map(([key, count]) => `${key}: ${count}`)
    .join(', '),
);
const mustFailures = results.filter((result) => result.status === 'error');
if (mustFailures.length > 0) {
  console.error(`graphql-http audit: ${mustFailures.length} MUST audits failed`);
  process.exit(1);
}
console.log('graphql-http audit: every MUST audit passed');
