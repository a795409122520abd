// The headless view: the renderer over linkedom in a Node child process. JSON lines: host → view
// messages on stdin, view → host messages on stdout. Nothing else may write stdout, so the page
// templates' console output (WXS console.log, $gwx warnings) becomes `log` messages.
import module from 'node:module';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { runInThisContext } from 'node:vm';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// V8's code cache for linkedom's modules (Node's temp-dir cache): a faster start after the first
module.enableCompileCache?.();
const { parseHTML } = await import('linkedom');

const here = dirname(fileURLToPath(import.meta.url));
const FILES = JSON.parse(readFileSync(join(here, 'files.json'), 'utf8'));
for (const f of FILES) runInThisContext(readFileSync(join(here, f), 'utf8'), { filename: join(here, f) });

const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');

const out = process.stdout;
function send(msg) {
  out.write(JSON.stringify(msg) + '\n');
}
const text = (args) => args.map((a) => (typeof a === 'string' ? a : (() => { try { return JSON.stringify(a); } catch { return String(a); } })())).join(' ');
for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  console[level] = (...args) => send({ t: 'log', level, message: text(args) });
}

const view = new globalThis.WxView.View({ doc: document, send, mount: document.body, live: false });
const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => {
  if (!line.trim()) return;
  let msg;
  try {
    msg = JSON.parse(line);
  } catch (err) {
    send({ t: 'error', message: 'view: bad JSON line: ' + err.message });
    return;
  }
  if (msg.t === 'stats') {
    const m = process.memoryUsage();
    send({ t: 'result', q: msg.q, value: { rss: m.rss, heapUsed: m.heapUsed, nodes: document.querySelectorAll('*').length } });
    return;
  }
  view.handle(msg);
});
rl.on('close', () => process.exit(0));
send({ t: 'ready' });
