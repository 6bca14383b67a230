// A Steward client written for Node. It logs in over HTTP (fetch), lists deals and
// hands one deal to a colleague. It then waits for the change on two graphql-ws
// subscriptions: `ownershipChanged` of the sender and `notifications` of the
// colleague who receives the deal.
//
// Usage: node client.mjs http://127.0.0.1:PORT/graphql
// It needs the demo data set that `steward run` loads into an empty database.
// Exit code 0 when both notices arrived, 1 otherwise.

import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const PASSWORD = 'steward-demo';
const SENDER = 'anna.snelling@demo.steward.test';
const RECEIVER_NAME = 'Cecily Lampkin';
const NOTICE_TIMEOUT_MS = 15_000;
// The server subscribes to Redis only after it reads the `subscribe` message, and
// the protocol acknowledges nothing then. So the client waits this long before it
// makes the change.
const SUBSCRIBE_SETTLE_MS = 1_000;

const url = process.argv[2];
if (!url) {
  console.error('usage: node client.mjs http://127.0.0.1:PORT/graphql');
  process.exit(2);
}

async function execute(query, variables = {}, token = null) {
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (response.status !== 200 || body.errors) {
    throw new Error(`${query.trim().split('\n')[0]}: HTTP ${response.status} ${JSON.stringify(body)}`);
  }
  return body.data;
}

async function login(email) {
  const data = await execute(
    'mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
    { email, password: PASSWORD },
  );
  return data.login.token;
}

function subscribe(token, query) {
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { Authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  const received = [];
  let wake = () => {};
  const failed = new Promise((_, reject) => {
    client.subscribe(
      { query },
      {
        next: (result) => {
          received.push(result);
          wake();
        },
        error: (error) => reject(new Error(`subscription failed: ${JSON.stringify(error)}`)),
        complete: () => reject(new Error('the server completed the subscription')),
      },
    );
  });
  failed.catch(() => {});
  return {
    client,
    received,
    // Resolves with the first result that `match` accepts, or rejects on timeout.
    async waitFor(match) {
      const deadline = Date.now() + NOTICE_TIMEOUT_MS;
      while (Date.now() < deadline) {
        const found = received.find(match);
        if (found) return found;
        let timer;
        try {
          await Promise.race([
            new Promise((resolve) => {
              wake = resolve;
              timer = setTimeout(resolve, deadline - Date.now());
            }),
            failed,
          ]);
        } finally {
          clearTimeout(timer);
        }
      }
      throw new Error(`no matching event within ${NOTICE_TIMEOUT_MS} ms; got ${JSON.stringify(received)}`);
    },
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const senderToken = await login(SENDER);
  const { users } = await execute('{ users { id name email } }', {}, senderToken);
  const receiver = users.find((user) => user.name === RECEIVER_NAME);
  if (!receiver) throw new Error(`user ${RECEIVER_NAME} is not in the demo account`);
  const receiverToken = await login(receiver.email);

  const { deals } = await execute(
    `query MyDeals { deals(first: 5, filter: {owner: {me: true}}) {
       totalCount edges { node { id name owner { id name } } } } }`,
    {},
    senderToken,
  );
  console.log(`listed ${deals.edges.length} of ${deals.totalCount} deals of ${SENDER}`);
  if (deals.edges.length === 0) throw new Error(`${SENDER} owns no deal`);
  const deal = deals.edges[0].node;

  const changes = subscribe(
    senderToken,
    'subscription { ownershipChanged(recordType: DEAL) { recordId reason newUser { id name } } }',
  );
  const notices = subscribe(
    receiverToken,
    'subscription { notifications { id kind recordCount recordIds } }',
  );
  try {
    await sleep(SUBSCRIBE_SETTLE_MS);
    const changed = await execute(
      `mutation Hand($deal: ID!, $owner: ID) {
         changeOwner(recordId: $deal, ownerId: $owner) { id owner { id name } } }`,
      { deal: deal.id, owner: receiver.id },
      senderToken,
    );
    console.log(`changed the owner of ${deal.name} (${deal.id}) to ${changed.changeOwner.owner.name}`);

    const change = await changes.waitFor(
      (result) => result.data?.ownershipChanged?.recordId === deal.id,
    );
    console.log(`ownershipChanged: ${JSON.stringify(change.data.ownershipChanged)}`);
    const notice = await notices.waitFor(
      (result) => result.data?.notifications?.recordIds?.includes(deal.id),
    );
    console.log(`notifications: ${JSON.stringify(notice.data.notifications)}`);
  } finally {
    await changes.client.dispose();
    await notices.client.dispose();
  }
}

try {
  await main();
  console.log('node client: passed');
} catch (error) {
  console.error(`node client: failed: ${error.message}`);
  process.exit(1);
}
