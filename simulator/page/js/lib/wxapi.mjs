// `wx` (and `Taro`/`uni`) built from the host's API table: each row says how a JS call maps
// onto the Python runtime (see simulator/page/apis.py). Names the table lacks follow the
// platform's list when one is given (name → kind, from the official typings): on the platform but not emulated → a warning once and
// `fail`/`complete` with the errMsg (a rejected Promise that counts as handled); not on the
// platform at all → undefined, so calling it throws TypeError as on the phone.
import { HANDLE } from './wire.mjs';

export function makeApis({ table, channel, wire, realm, guarded, warn, platformNames = null, local = {}, wrapListener = null }) {
  const { post, syncCall } = channel;
  const rowsByClass = new Map();
  const handles = new Map();
  let nextHandle = 1;
  for (const row of table) {
    const dot = row.name.indexOf('.');
    row.cls = dot < 0 ? null : row.name.slice(0, dot);
    row.method = dot < 0 ? row.name : row.name.slice(dot + 1);
    if (row.cls !== null) {
      if (!rowsByClass.has(row.cls)) rowsByClass.set(row.cls, []);
      rowsByClass.get(row.cls).push(row);
    }
  }

  function sync(msg) {
    const reply = realm.JSON.parse(syncCall(msg));
    if (reply.error !== undefined) throw new realm.Error(reply.error);
    return wire.fromWire(reply.value);
  }

  function handleObject(cls, id) {
    const obj = new realm.Object();
    obj[HANDLE] = id;
    for (const row of rowsByClass.get(cls) || []) obj[row.method] = makeFunction(row, id, false);
    // `.in(component)` (a Python keyword on the runtime's side): the query stays the page's
    // (ids are looked up page-wide), which is what most `.in(this)` calls mean
    if (cls === 'SelectorQuery' && obj.in === undefined) obj.in = () => obj;
    handles.set(id, obj);
    return obj;
  }

  function withPromise(opts) {
    let resolve;
    let reject;
    const promise = new realm.Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const wrapped = { ...opts, success: (r) => resolve(r), fail: (r) => reject(r) };
    return { wrapped, promise };
  }

  const hasCallbacks = (o) => o && (o.success || o.fail || o.complete);

  function makeFunction(row, target, taro) {
    const send = (args, extra = {}) => post({ t: 'call', api: row.name, h: target, args: wire.toWire(args), ...extra });
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
            ? new realm.Promise((res, rej) => {
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
          if (wrapListener !== null && typeof args[0] === 'function') args[0] = wrapListener(row, args[0]);
          send(args);
        };
      case 'sync':
        return (...args) => sync({ t: 'call', api: row.name, h: target, args: wire.toWire(args) });
      case 'local':
        return LOCAL[row.name];
      default:
        throw new Error(`unknown API kind ${row.kind}`);
    }
  }

  const NodeBuffer = globalThis.Buffer;
  const LOCAL = {
    arrayBufferToBase64: (buf) => {
      const view = ArrayBuffer.isView(buf) ? NodeBuffer.from(buf.buffer, buf.byteOffset, buf.byteLength) : NodeBuffer.from(buf);
      return view.toString('base64');
    },
    base64ToArrayBuffer: (text) => wire.arrayBuffer(NodeBuffer.from(String(text), 'base64')),
  };

  const warned = new Set();
  function warnOnce(name, errMsg) {
    if (warned.has(name)) return;
    warned.add(name);
    warn(`${errMsg} (wx.${name} exists on the platform; the simulator does not emulate it)`);
  }

  /** A platform API we do not emulate, by its kind in the platform's list. */
  function notSupported(name, kind) {
    const errMsg = `${name}:fail not supported in simulator`;
    if (kind === 'listener' || kind === 'sync') {
      return () => {
        warnOnce(name, errMsg);
        return undefined;
      };
    }
    return (opts = {}) => {
      warnOnce(name, errMsg);
      const res = new realm.Object();
      res.errMsg = errMsg;
      if (hasCallbacks(opts)) {
        setTimeout(() => {
          if (typeof opts.fail === 'function') guarded(() => opts.fail(res), 'fail')();
          if (typeof opts.complete === 'function') guarded(() => opts.complete(res), 'complete')();
        }, 0);
        return undefined;
      }
      if (kind !== 'async') return undefined;
      // the page may await it and catch; left alone it must not fail the run by itself
      const rejected = realm.Promise.reject(res);
      rejected.catch(() => {});
      return rejected;
    };
  }

  /** `wx` (the platform's names only) or `Taro`/`uni` (names of their own: soft failures). */
  function makeApi(taro, env) {
    const names = taro ? null : platformNames;
    const known = new realm.Object();
    for (const row of table) if (row.cls === null) known[row.name] = makeFunction(row, null, taro);
    Object.assign(known, local);
    known.env = env;
    return new Proxy(known, {
      get(target, prop) {
        if (typeof prop === 'symbol' || prop === 'then') return target[prop];
        if (prop in target) return target[prop];
        const kind = names === null ? 'async' : names.get(prop);
        if (kind === undefined || kind === 'property') return undefined;
        target[prop] = notSupported(prop, kind);
        return target[prop];
      },
      has(target, prop) {
        return prop in target || names === null || names.has(prop);
      },
    });
  }

  return { makeApi, handles };
}
