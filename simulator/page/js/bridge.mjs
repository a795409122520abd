// The page's world: mini-program globals backed by the Python host over JSON lines on stdio.
// Node's own globals are captured here and then removed, so page code sees only what a
// mini-program has. argv: <page path> <sync fd>. The first stdin line is the `init` message.
import { registerHooks, builtinModules } from 'node:module';
import { readSync } from 'node:fs';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { format } from 'node:util';

const proc = globalThis.process;
const NodeBuffer = globalThis.Buffer;
const [pagePath, syncFdText] = proc.argv.slice(2);
const syncFd = Number(syncFdText);
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
const realSetInterval = globalThis.setInterval;
const realClearInterval = globalThis.clearInterval;
const realSetImmediate = globalThis.setImmediate;
const hrNow = () => Number(proc.hrtime.bigint()) / 1e9; // CLOCK_MONOTONIC, as Python's monotonic
const BRIDGE_URL = import.meta.url;
const TARO_URL = 'wxsim:taro';
const FRAMEWORK_MODULES = new Set(['@tarojs/taro', '@dcloudio/uni-app', 'uni-app']);
const BUILTINS = new Set(builtinModules);

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

function postNow(msg) {
  outbox.push(JSON.stringify(msg));
  flush();
}

// -- values across the wire: functions by id, ArrayBuffers as base64, host objects by handle --
const fnById = new Map();
const idByFn = new WeakMap();
let nextFnId = 1;
const HANDLE = Symbol('wxsim.handle');
const handles = new Map();
let nextHandle = 1;

function toWire(v) {
  if (typeof v === 'function') {
    let id = idByFn.get(v);
    if (id === undefined) {
      id = nextFnId++;
      idByFn.set(v, id);
      fnById.set(id, v);
    }
    return { $fn: id };
  }
  if (v instanceof ArrayBuffer) return { $ab: NodeBuffer.from(v).toString('base64') };
  if (v instanceof Date) return { $date: v.getTime() };
  if (ArrayBuffer.isView(v)) {
    return { $ab: NodeBuffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  }
  if (Array.isArray(v)) return v.map(toWire);
  if (v !== null && typeof v === 'object') {
    if (v[HANDLE] !== undefined) return { $h: v[HANDLE] };
    const out = {};
    for (const k of Object.keys(v)) if (v[k] !== undefined) out[k] = toWire(v[k]);
    return out;
  }
  return v;
}

function fromWire(v) {
  if (Array.isArray(v)) return v.map(fromWire);
  if (v !== null && typeof v === 'object') {
    if (typeof v.$ab === 'string') {
      const b = NodeBuffer.from(v.$ab, 'base64');
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
    }
    if (typeof v.$date === 'number' && Object.keys(v).length === 1) return new Date(v.$date);
    const out = {};
    for (const k of Object.keys(v)) out[k] = fromWire(v[k]);
    return out;
  }
  return v;
}

// -- errors: the user's frames only, so the top line is their file and line --
function userStack(err) {
  if (!(err instanceof Error)) return '';
  let stack = String(err.stack || '');
  const head = `${err.name}: ${err.message}`;
  if (stack.startsWith(head)) stack = stack.slice(head.length).replace(/^\n/, ''); // said in message
  const lines = stack.split('\n');
  return lines
    .filter((l) => !l.includes(BRIDGE_URL) && !l.includes('node:internal') && !l.includes('(node:'))
    .join('\n');
}

function reportError(where, err) {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : `Uncaught ${format(err)}`;
  postNow({ t: 'error', where, message, stack: userStack(err) });
}

function guarded(fn, where) {
  return (...args) => {
    try {
      return fn(...args);
    } catch (err) {
      reportError(where, err);
      return undefined;
    }
  };
}

// -- the API table (sent by the host) turned into `wx`, `Taro` and handle classes --
let table = [];
const rowsByClass = new Map();

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
  const reply = JSON.parse(NodeBuffer.concat(chunks).toString('utf8'));
  if (reply.error !== undefined) throw new Error(reply.error);
  return fromWire(reply.value);
}

function handleObject(cls, id) {
  const obj = { [HANDLE]: id };
  for (const row of rowsByClass.get(cls) || []) {
    obj[row.method] = makeFunction(row, id, false);
  }
  handles.set(id, obj);
  return obj;
}

function withPromise(opts) {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const wrapped = { ...opts, success: (r) => resolve(r), fail: (r) => reject(r) };
  return { wrapped, promise };
}

const hasCallbacks = (o) => o && (o.success || o.fail || o.complete);

function makeFunction(row, target, taro) {
  const send = (args, extra = {}) => post({ t: 'call', api: row.name, h: target, args: toWire(args), ...extra });
  switch (row.kind) {
    case 'callback':
      return (opts = {}) => {
        if ((row.promise || taro) && !hasCallbacks(opts)) {
          const { wrapped, promise } = withPromise(opts);
          send([wrapped]);
          return promise;
        }
        send([opts]);
        return undefined;
      };
    case 'task':
      return (opts = {}) => {
        const id = nextHandle++;
        if (!taro) {
          send([opts], { ret: id });
          return handleObject(row.returns, id);
        }
        // Taro: a Promise of the result that also carries the task's methods
        const { wrapped, promise } = withPromise(opts);
        let task;
        const settled = row.taroResolvesTask
          ? new Promise((res, rej) => {
              wrapped.success = () => res(task);
              wrapped.fail = (r) => rej(r);
            })
          : promise;
        send([hasCallbacks(opts) ? opts : wrapped], { ret: id });
        task = handleObject(row.returns, id);
        return Object.assign(settled, task);
      };
    case 'object':
      return (...args) => {
        const id = nextHandle++;
        send(args, { ret: id });
        return handleObject(row.returns, id);
      };
    case 'listener':
    case 'method':
      return (...args) => {
        send(args);
      };
    case 'sync':
      return (...args) => syncCall({ t: 'call', api: row.name, h: target, args: toWire(args) });
    case 'local':
      return LOCAL[row.name];
    default:
      throw new Error(`unknown API kind ${row.kind}`);
  }
}

const LOCAL = {
  arrayBufferToBase64: (buf) => NodeBuffer.from(buf instanceof ArrayBuffer ? buf : buf.buffer).toString('base64'),
  base64ToArrayBuffer: (text) => {
    const b = NodeBuffer.from(String(text), 'base64');
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  },
};

// The platform's own API list (init.platform, from miniprogram-api-typings): a name it has that
// we do not emulate warns once and fails; a name it lacks is undefined (TypeError when called).
let platform = null;
const warned = new Set();

function warnOnce(name, errMsg) {
  if (warned.has(name)) return;
  warned.add(name);
  post({ t: 'log', level: 'warn', text: `${errMsg} (wx.${name} exists on the platform; the simulator does not emulate it)` });
}

function notSupported(name, kind = 'async') {
  const errMsg = `${name}:fail not supported in simulator`;
  if (kind === 'listener' || kind === 'sync') {
    return () => {
      warnOnce(name, errMsg);
      return undefined;
    };
  }
  return (opts = {}) => {
    const res = { errMsg };
    warnOnce(name, errMsg);
    if (hasCallbacks(opts)) {
      realSetTimeout(() => {
        guarded(() => opts.fail && opts.fail(res), 'fail')();
        guarded(() => opts.complete && opts.complete(res), 'complete')();
      }, 0);
      return undefined;
    }
    if (kind !== 'async') return undefined;
    // The page may await it and catch; left alone it must not fail the run by itself
    const rejected = Promise.reject(res);
    rejected.catch(() => {});
    return rejected;
  };
}

function makeApi(taro, env) {
  const known = {};
  for (const row of table) if (row.cls === null) known[row.name] = makeFunction(row, null, taro);
  known.env = env;
  const missing = new Map();
  return new Proxy(known, {
    get(target, prop) {
      if (typeof prop === 'symbol' || prop === 'then') return target[prop];
      if (prop in target) return target[prop];
      const row = platform && !taro ? platform[prop] : { kind: 'async' };
      if (!row || row.kind === 'property') return undefined;
      if (!missing.has(prop)) missing.set(prop, notSupported(prop, row.kind));
      return missing.get(prop);
    },
    has(target, prop) {
      return prop in target || Boolean(platform && !taro && platform[prop]);
    },
  });
}

// -- timers and console: counted timers so the host knows when the page has gone quiet --
let pendingTimers = 0;
const liveTimers = new Set();
function timersChanged(before) {
  if ((before === 0) !== (pendingTimers === 0)) post({ t: 'timers', n: pendingTimers });
}
function pageSetTimeout(fn, ms, ...args) {
  const before = pendingTimers++;
  let handle = null;
  handle = realSetTimeout(() => {
    if (liveTimers.delete(handle)) {
      const b = pendingTimers--;
      timersChanged(b);
    }
    if (typeof fn === 'function') guarded(fn, 'setTimeout')(...args);
  }, ms);
  liveTimers.add(handle);
  timersChanged(before);
  return handle;
}
function pageClearTimeout(handle) {
  if (liveTimers.delete(handle)) {
    const b = pendingTimers--;
    timersChanged(b);
  }
  realClearTimeout(handle);
}
function pageSetInterval(fn, ms, ...args) {
  const before = pendingTimers++;
  const handle = realSetInterval(guarded(fn, 'setInterval'), ms, ...args);
  liveTimers.add(handle);
  timersChanged(before);
  return handle;
}
function pageClearInterval(handle) {
  if (liveTimers.delete(handle)) {
    const b = pendingTimers--;
    timersChanged(b);
  }
  realClearInterval(handle);
}

const pageConsole = {};
for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  pageConsole[level] = (...args) => postNow({ t: 'log', level, text: format(...args) });
}

// -- the page model: setData with path keys, coalesced per event-loop turn --
function setPath(root, path, value) {
  const parts = [];
  path.replace(/([^.[\]]+)|\[(\d+)\]/g, (_, key, index) => {
    parts.push(index !== undefined ? Number(index) : key);
    return '';
  });
  let node = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i];
    if (node[key] === null || typeof node[key] !== 'object') {
      node[key] = typeof parts[i + 1] === 'number' ? [] : {};
    }
    node = node[key];
  }
  node[parts[parts.length - 1]] = value;
}

let binding = { messages: 'messages', send: 'onSend' };
let renderPending = false;
let firstStamp = 0;
let lastStamp = 0;
let setDataCalls = 0;
const renderCallbacks = [];
let currentPage = null;

function flushRender() {
  renderPending = false;
  const list = currentPage ? currentPage.data[binding.messages] : undefined;
  post({
    t: 'render',
    first: firstStamp,
    at: lastStamp,
    calls: setDataCalls,
    messages: Array.isArray(list) ? list.map((m) => ({ id: m && m.id, role: m && m.role, content: String((m && m.content) ?? '') })) : null,
  });
  setDataCalls = 0;
  for (const cb of renderCallbacks.splice(0)) guarded(cb, 'setData callback')();
}

function setData(patch, callback) {
  const at = hrNow();
  if (!renderPending) firstStamp = at;
  lastStamp = at;
  setDataCalls++;
  for (const key of Object.keys(patch || {})) setPath(this.data, key, patch[key]);
  if (typeof callback === 'function') renderCallbacks.push(callback);
  if (!renderPending) {
    renderPending = true;
    realSetImmediate(flushRender);
  }
}

function Page(options) {
  if (currentPage !== null) throw new Error('Page() may be called only once per page file');
  const page = Object.assign({}, options, { data: structuredClone(options.data || {}), route: pagePath });
  page.setData = setData;
  currentPage = page;
}

function modulePage(mod) {
  // module style: onSend(text, page); page mirrors a React-style setMessages
  const page = { data: { [binding.messages]: [] }, route: pagePath, setData };
  page.setMessages = (next) => {
    const prev = page.data[binding.messages];
    page.setData({ [binding.messages]: typeof next === 'function' ? next(prev) : next });
  };
  page.update = (id, content) => {
    const list = page.data[binding.messages];
    const i = list.findIndex((m) => m.id === id);
    if (i >= 0) page.setData({ [`${binding.messages}[${i}].content`]: content });
  };
  Object.defineProperty(page, 'messages', { get: () => page.data[binding.messages] });
  page[binding.send] = (text) => mod[binding.send](text, page);
  if (typeof mod.onLoad === 'function') page.onLoad = (query) => mod.onLoad(query, page);
  currentPage = page;
}

// -- module resolution: framework imports onto our shim, Node's builtins refused --
function taroSource() {
  const names = table.filter((r) => r.cls === null).map((r) => r.name);
  return `const T = globalThis[Symbol.for('wxsim.taro')];\nexport default T;\nexport const { ${names.join(', ')} } = T;\n`;
}

registerHooks({
  resolve(specifier, context, next) {
    if (FRAMEWORK_MODULES.has(specifier)) return { url: TARO_URL, shortCircuit: true };
    const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
    if (BUILTINS.has(bare) && context.parentURL && context.parentURL !== BRIDGE_URL) {
      throw new Error(`'${specifier}' is Node's, not the mini-program's: pages cannot import it`);
    }
    return next(specifier, context);
  },
  load(url, context, next) {
    if (url === TARO_URL) return { format: 'module', source: taroSource(), shortCircuit: true };
    return next(url, context);
  },
});

// -- the host's messages --
async function runSend(run, text) {
  let ok = true;
  try {
    const method = currentPage && currentPage[binding.send];
    if (typeof method !== 'function') throw new Error(`the page has no method ${binding.send}(text)`);
    await method.call(currentPage, text);
  } catch (err) {
    ok = false;
    reportError('send', err);
  }
  post({ t: 'sent', run, ok });
}

function onHostMessage(msg) {
  switch (msg.t) {
    case 'cb': {
      const fn = fnById.get(msg.fn);
      if (fn) guarded(fn, msg.name || 'callback')(...fromWire(msg.args));
      break;
    }
    case 'send':
      void runSend(msg.run, msg.text);
      break;
    case 'free':
      for (const id of msg.fns) fnById.delete(id);
      break;
    default:
      post({ t: 'log', level: 'error', text: `bridge: unknown host message ${msg.t}` });
  }
}

async function start(init) {
  table = init.apis;
  for (const row of table) {
    const dot = row.name.indexOf('.');
    row.cls = dot < 0 ? null : row.name.slice(0, dot);
    row.method = dot < 0 ? row.name : row.name.slice(dot + 1);
    if (row.cls !== null) {
      if (!rowsByClass.has(row.cls)) rowsByClass.set(row.cls, []);
      rowsByClass.get(row.cls).push(row);
    }
  }
  binding = { ...binding, ...init.binding };
  platform = init.platform || null;
  const wx = makeApi(false, init.env);
  const taro = makeApi(true, init.env);
  const app = {};
  const pageGlobals = {
    wx, uni: taro, Page, getApp: () => app, App: (o) => Object.assign(app, o),
    getCurrentPages: () => (currentPage ? [currentPage] : []),
    setTimeout: pageSetTimeout, clearTimeout: pageClearTimeout,
    setInterval: pageSetInterval, clearInterval: pageClearInterval,
    console: pageConsole, wxsim: Object.freeze({ ...init.backend }),
  };
  globalThis[Symbol.for('wxsim.taro')] = taro;
  for (const name of ['process', 'Buffer', 'global', 'setImmediate', 'clearImmediate', 'fetch', 'WebSocket', 'EventSource', 'require', 'module']) {
    delete globalThis[name];
  }
  Object.assign(globalThis, pageGlobals);
  proc.on('uncaughtException', (err) => reportError('uncaught', err));
  proc.on('unhandledRejection', (err) => reportError('unhandled rejection', err));
  realSetInterval(() => postNow({ t: 'hb' }), init.heartbeatMs);
  const url = pathToFileURL(pagePath).href;
  let mod;
  try {
    mod = await import(url);
  } catch (err) {
    reportError('load', err);
    post({ t: 'loadFailed' });
    return;
  }
  let style = 'page';
  if (currentPage === null) {
    style = 'module';
    if (typeof mod[binding.send] === 'function') modulePage(mod);
    else {
      reportError('load', new Error(`${fileURLToPath(url)}: neither Page({...}) nor export function ${binding.send}(text, page)`));
      post({ t: 'loadFailed' });
      return;
    }
  }
  for (const hook of ['onLoad', 'onShow', 'onReady']) {
    if (typeof currentPage[hook] === 'function') guarded(() => currentPage[hook].call(currentPage, hook === 'onLoad' ? { ...init.query } : undefined), hook)();
  }
  post({ t: 'ready', style });
  if (!renderPending) {
    renderPending = true;
    firstStamp = lastStamp = hrNow();
    realSetImmediate(flushRender);
  }
}

const lines = createInterface({ input: proc.stdin, crlfDelay: Infinity });
let started = false;
lines.on('line', (line) => {
  const msg = JSON.parse(line);
  if (!started) {
    started = true;
    void start(msg);
  } else onHostMessage(msg);
});
lines.on('close', () => proc.exit(0));
