// The page's world: mini-program globals backed by the Python host over JSON lines on stdio.
// Node's own globals are captured here and then removed, so page code sees only what a
// mini-program has. argv: <page path> <sync fd>. The first stdin line is the `init` message.
import { registerHooks, isBuiltin } from 'node:module';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { makeChannel } from './lib/channel.mjs';
import { makeWire } from './lib/wire.mjs';
import { makeApis } from './lib/wxapi.mjs';
import { makeTimers } from './lib/timers.mjs';
import { promiseCallbacksAsTimers } from './lib/promise_timers.mjs';

const proc = globalThis.process;
const NodeBuffer = globalThis.Buffer;
const [pagePath, syncFdText] = proc.argv.slice(2);
const syncFd = Number(syncFdText);
const realSetImmediate = globalThis.setImmediate;
const realStructuredClone = globalThis.structuredClone; // a platform profile may remove it
const hrNow = () => Number(proc.hrtime.bigint()) / 1e9; // CLOCK_MONOTONIC, as Python's monotonic
const OWN_DIR = new URL('.', import.meta.url).href; // the bridge and its lib: may use Node
const TARO_URL = 'wxsim:taro';
const FRAMEWORK_MODULES = new Set(['@tarojs/taro', '@dcloudio/uni-app', 'uni-app']);

const channel = makeChannel(proc, syncFd);
const { post, postNow } = channel;
const wire = makeWire(globalThis);
const { fnById } = wire;

// -- errors: the user's frames only, so the top line is their file and line --
function userStack(err) {
  if (!(err instanceof Error)) return '';
  let stack = String(err.stack || '');
  const head = `${err.name}: ${err.message}`;
  if (stack.startsWith(head)) stack = stack.slice(head.length).replace(/^\n/, ''); // said in message
  const lines = stack.split('\n');
  return lines
    .filter((l) => !l.includes(OWN_DIR) && !l.includes('node:internal') && !l.includes('(node:'))
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

let table = [];

// -- console --
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
let setDataCosts = []; // [stamp, bytes of JSON] per call: the host holds them to the guidance
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
    costs: setDataCosts,
    messages: Array.isArray(list) ? list.map((m) => ({ id: m && m.id, role: m && m.role, content: String((m && m.content) ?? '') })) : null,
  });
  setDataCalls = 0;
  setDataCosts = [];
  for (const cb of renderCallbacks.splice(0)) guarded(cb, 'setData callback')();
}

function jsonBytes(value) {
  try {
    return NodeBuffer.byteLength(JSON.stringify(value));
  } catch {
    return 0; // not JSON (a cycle): the platform's own error, not a size
  }
}

function setData(patch, callback) {
  const at = hrNow();
  if (!renderPending) firstStamp = at;
  lastStamp = at;
  setDataCalls++;
  setDataCosts.push([at, jsonBytes(patch || {})]);
  for (const key of Object.keys(patch || {})) setPath(this.data, key, patch[key]);
  if (typeof callback === 'function') renderCallbacks.push(callback);
  if (!renderPending) {
    renderPending = true;
    realSetImmediate(flushRender);
  }
}

function Page(options) {
  if (currentPage !== null) throw new Error('Page() may be called only once per page file');
  const page = Object.assign({}, options, { data: realStructuredClone(options.data || {}), route: pagePath });
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
    const ours = context.parentURL !== undefined && context.parentURL.startsWith(OWN_DIR);
    // an allow-list of none: every Node built-in, `node:`-only ones (node:sqlite, node:test) too
    if (!ours && (isBuiltin(specifier) || specifier.startsWith('node:'))) {
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
      if (fn) guarded(fn, msg.name || 'callback')(...wire.fromWire(msg.args));
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
  binding = { ...binding, ...init.binding };
  const warn = (text) => post({ t: 'log', level: 'warn', text });
  const platformNames = new Map(Object.entries(init.platform || {}).map(([name, row]) => [name, row.kind]));
  // the platform's JS environment (project mode's table, simulator/project/jsenv.py): Web-ish
  // globals a phone lacks are removed; DevTools' chunk data may come as a Uint8Array
  const jsEnv = init.jsEnv || null;
  const wrapListener = (row, fn) => {
    if (!jsEnv || row.name !== 'RequestTask.onChunkReceived' || jsEnv.chunkData !== 'Uint8Array') return fn;
    return (res) => fn(Object.assign(res, { data: new Uint8Array(res.data) }));
  };
  const apis = makeApis({ table, channel, wire, realm: globalThis, guarded, warn, platformNames, wrapListener });
  const wx = apis.makeApi(false, init.env);
  const taro = apis.makeApi(true, init.env);
  const timers = makeTimers({ post, guarded });
  const app = {};
  const pageGlobals = {
    wx, uni: taro, Page, getApp: () => app, App: (o) => Object.assign(app, o),
    getCurrentPages: () => (currentPage ? [currentPage] : []),
    setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout,
    setInterval: timers.setInterval, clearInterval: timers.clearInterval,
    console: pageConsole, wxsim: Object.freeze({ ...init.backend }),
  };
  globalThis[Symbol.for('wxsim.taro')] = taro;
  for (const name of ['process', 'Buffer', 'global', 'setImmediate', 'clearImmediate', 'fetch', 'WebSocket', 'EventSource', 'require', 'module']) {
    delete globalThis[name];
  }
  if (jsEnv) for (const name of jsEnv.absent) delete globalThis[name];
  if (jsEnv && jsEnv.promiseTimers) promiseCallbacksAsTimers(Promise, timers.real.setTimeout);
  Object.assign(globalThis, pageGlobals);
  proc.on('uncaughtException', (err) => reportError('uncaught', err));
  proc.on('unhandledRejection', (err) => reportError('unhandled rejection', err));
  timers.real.setInterval(() => postNow({ t: 'hb' }), init.heartbeatMs);
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

channel.listen(JSON.parse, start, onHostMessage);
