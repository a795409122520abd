// Automation's hook into the logic layer (project-protocol.md, "Automation"): the host sends
// {t:'automation', q, op, …}; the answer is {t:'automationResult', q, ok, value} or {…, ok:false, error}.
// Ops: eval (a function's source, run in the page's context: miniprogram-automator's
// App.callFunction), callWx, mock/restore (App.mockWxMethod), data/setData/callMethod of a page
// or component instance, ping (answered after every message sent before it was handled).
import vm from 'node:vm';

// APIs that answer by return value, not callbacks (so a mocked result is returned as is)
const RETURNS = /Sync$|^create|^canIUse$|Manager$|^getMenuButtonBoundingClientRect$|^getLaunchOptions|^getEnter/;
const PART = /([^.[\]]+)|\[(\d+)\]/g;

export function makeAutomation({ ctx, realm, post, framework, wx }) {
  const originals = new Map(); // mocked API name → the function it replaced
  const global = vm.runInContext('globalThis', ctx);

  const toRealm = (value) => (value === undefined ? undefined : realm.JSON.parse(JSON.stringify(value)));
  const toJson = (value) => (value === undefined || typeof value === 'function' ? null : JSON.parse(JSON.stringify(value)));
  // automation code sees `global` (DevTools' app service has one; minium's helpers use it)
  // without it being added to the page's own globals
  const compile = (source) => {
    const fn = vm.runInContext(`(function (global) { return (${source}\n); })`, ctx, { filename: 'automator' })(global);
    if (typeof fn !== 'function') throw new TypeError('functionDeclaration is not a function');
    return fn;
  };
  const hasCallbacks = (o) => o !== null && typeof o === 'object' && ['success', 'fail', 'complete'].some((k) => typeof o[k] === 'function');

  function instance(id) {
    const inst = framework.instanceOf(id);
    if (!inst) throw new Error(`no page or component with id ${JSON.stringify(id)}`);
    return inst;
  }

  function atPath(root, path) {
    let node = root;
    for (const [, key, index] of String(path).matchAll(PART)) {
      if (node === null || node === undefined) return undefined;
      node = node[index !== undefined ? Number(index) : key];
    }
    return node;
  }

  // what App.callWxMethod resolves with: a return value, or the success callback's result
  function callWx(name, args) {
    const fn = wx[name];
    // DevTools' wording (minium reads it as "not implemented"); an API the simulator does not
    // emulate (its call fails "not supported in simulator") counts as missing too
    const missing = () => new Error(`wx.${name} not exists`);
    if (typeof fn !== 'function') throw missing();
    const first = args[0];
    if (RETURNS.test(name) || (first !== undefined && (first === null || typeof first !== 'object'))) return fn.apply(wx, args);
    return new Promise((resolve, reject) => {
      const opts = Object.assign(new realm.Object(), first || {});
      opts.success = (res) => resolve(res);
      opts.fail = (res) => {
        const text = (res && res.errMsg) || `${name}:fail`;
        reject(/not supported in simulator$/.test(text) ? missing() : new Error(text));
      };
      const ret = fn.call(wx, opts, ...args.slice(1));
      if (ret !== undefined && ret !== null && typeof ret.then === 'function') ret.then(resolve, reject);
    });
  }

  function mock(name, spec) {
    if (!originals.has(name)) originals.set(name, wx[name]);
    const origin = originals.get(name);
    const impl = spec.fn !== undefined
      ? (() => {
          const fn = compile(spec.fn);
          const self = { origin: (...a) => origin.apply(wx, a) };
          const extra = toRealm(spec.args || []);
          return (args) => fn.apply(self, [...args, ...extra]);
        })()
      : () => toRealm(spec.result);
    wx[name] = function mocked(...args) {
      const value = impl(args);
      const opts = args[0];
      if (RETURNS.test(name)) return value;
      if (hasCallbacks(opts)) {
        Promise.resolve(value).then(
          (res) => {
            if (typeof opts.success === 'function') opts.success(res);
            if (typeof opts.complete === 'function') opts.complete(res);
          },
          (err) => {
            if (typeof opts.fail === 'function') opts.fail(err);
            if (typeof opts.complete === 'function') opts.complete(err);
          },
        );
        return undefined;
      }
      return realm.Promise.resolve(value);
    };
  }

  function restore(name) {
    if (!originals.has(name)) return;
    wx[name] = originals.get(name);
    originals.delete(name);
  }

  const OPS = {
    eval: (m) => compile(m.fn).apply(undefined, toRealm(m.args || [])),
    callWx: (m) => callWx(m.method, toRealm(m.args || [])),
    mock: (m) => mock(m.method, m),
    restore: (m) => restore(m.method),
    data: (m) => {
      const data = instance(m.id).data;
      return m.path ? atPath(data, m.path) : data;
    },
    setData: (m) => new Promise((resolve) => instance(m.id).setData(toRealm(m.data || {}), () => resolve(null))),
    callMethod: (m) => {
      const inst = instance(m.id);
      if (typeof inst[m.method] !== 'function') throw new Error(`${inst.route || inst.is || m.id}.${m.method} is not a function`);
      return inst[m.method](...toRealm(m.args || []));
    },
    ping: () => null,
    // App.addBinding: a global function whose calls reach the client as App.bindingCalled
    bind: (m) => {
      global[m.name] = (...args) => post({ t: 'automationEvent', method: 'App.bindingCalled', params: { name: m.name, args: toJson(args) } });
    },
  };

  async function handle(msg) {
    try {
      const op = OPS[msg.op];
      if (!op) throw new Error(`unknown automation op ${JSON.stringify(msg.op)}`);
      const value = await op(msg);
      post({ t: 'automationResult', q: msg.q, ok: true, value: toJson(value) });
    } catch (err) {
      const error = err && typeof err === 'object' && 'message' in err ? String(err.message) : String(err);
      post({ t: 'automationResult', q: msg.q, ok: false, error });
    }
  }

  return { handle };
}
