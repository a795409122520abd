// The logic layer of project mode: the developer's App/Page/Component code in a bare V8
// context (vm), with the mini-program's globals only (which Web-ish ones: the platform
// profile's table, sent by the host). argv: <miniprogram root> <sync fd>; the first stdin
// line is the host's `init`, then the view's and the runtime's messages (project-protocol.md).
import vm from 'node:vm';
import path from 'node:path';
import { format } from 'node:util';
import { makeChannel } from '../../../page/js/lib/channel.mjs';
import { makeWire } from '../../../page/js/lib/wire.mjs';
import { makeApis } from '../../../page/js/lib/wxapi.mjs';
import { makeTimers } from '../../../page/js/lib/timers.mjs';
import { promiseCallbacksAsTimers } from '../../../page/js/lib/promise_timers.mjs';
import { makeModules } from './modules.mjs';
import { makeFramework } from './framework.mjs';
import { makeAutomation } from './automation.mjs';

const proc = globalThis.process;
const [root, syncFdText] = proc.argv.slice(2);
const channel = makeChannel(proc, Number(syncFdText));
const { post, postNow } = channel;
const hrNow = () => Number(proc.hrtime.bigint()) / 1e9; // CLOCK_MONOTONIC, as Python's monotonic
const OWN = path.dirname(new URL(import.meta.url).pathname);

// Web-ish globals the platform table may grant, taken from Node (this realm)
const GRANTABLE = {
  TextDecoder: () => globalThis.TextDecoder,
  TextEncoder: () => globalThis.TextEncoder,
  atob: () => globalThis.atob,
  btoa: () => globalThis.btoa,
  URL: () => globalThis.URL,
  URLSearchParams: () => globalThis.URLSearchParams,
  structuredClone: () => globalThis.structuredClone,
  queueMicrotask: () => globalThis.queueMicrotask,
  AbortController: () => globalThis.AbortController,
};
const CONTEXT_OWN = ['WebAssembly']; // V8 puts these in every context: removed where absent

// -- errors: the message, the project's file and line, the project's frames --
const isError = (e) => e !== null && typeof e === 'object' && typeof e.stack === 'string';
const FRAME = /\(?([^\s()]+):(\d+):(\d+)\)?$/;

function projectFrames(err) {
  return String(err.stack)
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .filter((l) => !l.includes(OWN) && !l.includes('/page/js/lib/') && !l.includes('node:') && !l.includes('(<anonymous>)'));
}

function locate(err) {
  if (!isError(err)) return {};
  const first = String(err.stack).split('\n')[0];
  const syntax = /^([^\s:]+\.(?:js|ts|json)):(\d+)$/.exec(first); // vm's compile error header
  if (syntax) return { file: syntax[1], line: Number(syntax[2]) };
  for (const frame of projectFrames(err)) {
    const m = FRAME.exec(frame.trim());
    if (m && !m[1].startsWith('/') && !m[1].startsWith('file:')) return { file: m[1], line: Number(m[2]) };
  }
  return {};
}

let framework = null;
let automation = null;
let parseLine = JSON.parse; // the page's realm once it exists: callbacks get its objects

function report(where, err) {
  const message = isError(err) ? `${err.name}: ${err.message}` : `Uncaught ${format(err)}`;
  const { file, line } = locate(err);
  const stack = isError(err) ? projectFrames(err).join('\n') : '';
  postNow({ t: 'error', where, message, stack, file, line });
  if (framework !== null) framework.appError(isError(err) ? `${message}\n${stack}` : message);
}

function guarded(fn, where) {
  return (...args) => {
    try {
      return fn(...args);
    } catch (err) {
      report(where, err);
      return undefined;
    }
  };
}

const warn = (text) => post({ t: 'log', level: 'warn', text });

function makeConsole() {
  const out = {};
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) out[level] = (...args) => postNow({ t: 'log', level, text: format(...args) });
  return out;
}

function makeContext(env, timers) {
  const ctx = vm.createContext({}, { name: 'appservice' });
  const g = vm.runInContext('globalThis', ctx);
  const realm = vm.runInContext('({ Object, Array, Promise, JSON, Error, TypeError, ArrayBuffer, Uint8Array, String, Number, Boolean })', ctx);
  const present = new Set(env.globals);
  for (const name of CONTEXT_OWN) if (!present.has(name)) delete g[name];
  for (const [name, get] of Object.entries(GRANTABLE)) if (present.has(name)) g[name] = get();
  if (present.has('window')) g.window = g;
  Object.assign(g, {
    console: makeConsole(),
    setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout,
    setInterval: timers.setInterval, clearInterval: timers.clearInterval,
  });
  return { ctx, g, realm };
}

async function start(init) {
  const timers = makeTimers({ post, guarded });
  const { ctx, g, realm } = makeContext(init.env, timers);
  // iOS <= 15's Promise (check's `ios15-promise-timers`): the page realm's, before any code runs
  if (init.env.promiseTimers) promiseCallbacksAsTimers(realm.Promise, timers.real.setTimeout);
  const wire = makeWire(realm);
  parseLine = realm.JSON.parse;
  const modules = makeModules({ root, ctx, realm });
  const scripts = { files: init.scripts, pages: new Set(init.app.pages.map((p) => p.replace(/^\//, ''))) };
  for (const sub of init.app.subpackages || init.app.subPackages || []) for (const p of sub.pages || []) scripts.pages.add(`${sub.root.replace(/\/$/, '')}/${p}`);
  framework = makeFramework({ realm, channel, modules, scripts, app: init.app, report, warn, timers, hrNow });
  const wrapListener = (row, fn) => {
    if (row.name !== 'RequestTask.onChunkReceived' || init.env.chunkData !== 'Uint8Array') return fn;
    return (res) => fn(Object.assign(res, { data: new realm.Uint8Array(res.data) }));
  };
  const apis = makeApis({
    table: init.apis, channel, wire, realm, guarded, warn,
    platformNames: new Map(Object.entries(init.platform).map(([name, row]) => [name, row.kind])), local: framework.nav, wrapListener,
  });
  const wx = apis.makeApi(false, init.wxEnv);
  framework.setWx(wx);
  automation = makeAutomation({ ctx, realm, post, framework, wx });
  // `global`: the platform's own, a plain object every module shares (not the global object:
  // `global.Object !== Object`, the trap of lodash's global lookup); uni-app's vendor sets
  // `global.createApp` on it
  Object.assign(g, framework.globals, { wx, global: new realm.Object(), __wxConfig: { envVersion: 'develop', platform: init.env.platform, pages: init.app.pages, global: { window: init.app.window || {} } } });
  onHostMessage.cb = (msg) => {
    const fn = wire.fnById.get(msg.fn);
    if (fn) guarded(fn, msg.name || 'callback')(...wire.fromWire(msg.args));
  };
  proc.on('uncaughtException', (err) => report('uncaught', err));
  proc.on('unhandledRejection', (err) => report('unhandled rejection', err));
  timers.real.setInterval(() => postNow({ t: 'hb' }), init.heartbeatMs);
  if (init.scripts.app) {
    try {
      modules.load(init.scripts.app);
    } catch (err) {
      report('app.js', err);
      post({ t: 'loadFailed' });
      return;
    }
  }
  const launched = framework.launch(init.launch.route, init.launch.query);
  post({ t: launched ? 'ready' : 'loadFailed' });
}

function onHostMessage(msg) {
  if (framework === null) return;
  switch (msg.t) {
    case 'cb':
      onHostMessage.cb(msg);
      break;
    case 'event':
      framework.event(msg);
      break;
    case 'firstRender':
      framework.firstRender(msg);
      break;
    case 'applied':
      framework.applied(msg);
      break;
    case 'componentCreate':
      framework.createComponent(msg);
      break;
    case 'componentProps':
      framework.componentProps(msg);
      break;
    case 'componentDetach':
      framework.componentDetach(msg);
      break;
    case 'appHide':
      framework.appVisibility(false, msg);
      break;
    case 'appShow':
      framework.appVisibility(true, msg);
      break;
    case 'automation':
      if (automation !== null) void automation.handle(msg);
      break;
    case 'inspectSetData':
      framework.inspectSetData(msg);
      break;
    case 'navigate': {
      // a person's navigation outside the page's code: the chrome's tab bar, a <navigator>
      const name = { navigate: 'navigateTo', redirect: 'redirectTo' }[msg.openType] || msg.openType || 'navigateTo';
      const go = framework.nav[name];
      // eventDone once navigated (or refused): a tap on a <navigator> is handled then
      const done = (ok) => post({ t: 'eventDone', id: msg.id, handler: 'navigator', ok });
      if (go) go({ url: msg.url, delta: msg.delta, success: () => done(true), fail: () => done(false) });
      else {
        post({ t: 'log', level: 'warn', text: `navigator: unknown open-type ${msg.openType}` });
        done(false);
      }
      break;
    }
    default:
      post({ t: 'log', level: 'error', text: `logic layer: unknown host message ${msg.t}` });
  }
}

channel.listen((line) => parseLine(line), start, onHostMessage);
