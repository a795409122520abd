// JSON lines to and from the Python host: one write per synchronous run of page code, and a
// blocking `sync` round trip over a separate pipe for the platform's *Sync APIs.
import { readSync } from 'node:fs';
import { createInterface } from 'node:readline';

export function makeChannel(proc, syncFd) {
  const NodeBuffer = globalThis.Buffer;
  // What one synchronous run of page code sends goes out in one write, when it yields: the host
  // then registers `connectSocket` and the `onSocketOpen` right after it together, so no event
  // can slip between them (on the platform, callbacks cannot run inside synchronous code).
  let outbox = [];
  let flushQueued = false;

  function flush() {
    flushQueued = false;
    if (outbox.length === 0) return;
    const text = outbox.join('\n') + '\n';
    outbox = [];
    proc.stdout.write(text); // synchronous on pipes: survives a runaway loop that follows
  }

  function post(msg) {
    outbox.push(JSON.stringify(msg));
    if (!flushQueued) {
      flushQueued = true;
      queueMicrotask(flush);
    }
  }

  /** A line already serialized (setData sends the JSON it measured). */
  function postRaw(line) {
    outbox.push(line);
    if (!flushQueued) {
      flushQueued = true;
      queueMicrotask(flush);
    }
  }

  function postNow(msg) {
    outbox.push(JSON.stringify(msg));
    flush();
  }

  /** Send `msg` and block until the host answers on the sync pipe; the parsed reply. */
  function syncCall(msg) {
    postNow({ ...msg, sync: true });
    const chunks = [];
    const buf = NodeBuffer.alloc(65536);
    for (;;) {
      const n = readSync(syncFd, buf, 0, buf.length, null);
      if (n === 0) throw new Error('simulator host went away');
      chunks.push(NodeBuffer.from(buf.subarray(0, n)));
      if (buf[n - 1] === 10) break;
    }
    return NodeBuffer.concat(chunks).toString('utf8');
  }

  /** Host lines: the first to `onFirst`, the rest to `onMessage`; exit when stdin closes. */
  function listen(parse, onFirst, onMessage) {
    const lines = createInterface({ input: proc.stdin, crlfDelay: Infinity });
    let started = false;
    lines.on('line', (line) => {
      const msg = parse(line);
      if (!started) {
        started = true;
        void onFirst(msg);
      } else onMessage(msg);
    });
    lines.on('close', () => proc.exit(0));
  }

  return { post, postRaw, postNow, syncCall, listen, flush };
}
