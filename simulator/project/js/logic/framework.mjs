// (Over 400 lines: one closure over the instances, the page stack and the setData channel;
// definitions.mjs and navigation.mjs hold what does not need them.)
// The mini-program framework of the logic layer: App/getApp, Page/Component/Behavior, the
// page stack (navigateTo…, getCurrentPages), setData with path keys, events from the view.
// Talks to the host only through messages (see /work/notes/project-protocol.md).
import { MAX_SET_DATA_BYTES, overLimitText, parsePath, setPath, getPath, overlaps } from './data.mjs';
import { makeDefinitions } from './definitions.mjs';
import { makeNavigation } from './navigation.mjs';


export function makeFramework({ realm, channel, modules, scripts, app: appConfig, report, warn, timers, hrNow }) {
  const { post, postRaw } = channel;
  const pageDefs = new Map(); // route → { component: bool, options }
  const compDefs = new Map(); // path → normalized
  const instances = new Map(); // id → instance record
  const stack = []; // page records, bottom first
  let defining = null; // the page/component path whose script is running
  let appInstance = null;
  let nextWebviewId = 1;
  const callbacks = new Map(); // `${id}:${seq}` → setData callbacks
  let lastInput = 0; // the newest keystroke (view `inputSeq`) a bindinput handler has run for
  const tabPages = new Set(((appConfig.tabBar || {}).list || []).map((i) => String(i.pagePath).replace(/\.html$/, '')));

  const clone = (v) => (v === undefined ? undefined : realm.JSON.parse(JSON.stringify(v)));

  // -- definitions --
  function App(options = {}) {
    if (appInstance !== null) throw new realm.Error('App() may be called only once');
    appInstance = new realm.Object();
    Object.assign(appInstance, options);
    if (options.globalData === undefined) appInstance.globalData = new realm.Object();
    return appInstance;
  }
  const getApp = () => appInstance;

  function Page(options = {}) {
    if (defining === null || !scripts.pages.has(defining)) {
      throw new realm.Error(`Page() is called in ${defining || 'a file'} that is not a page of app.json`);
    }
    pageDefs.set(defining, { component: false, options });
  }

  const { normalize, coerce, BEHAVIOR } = makeDefinitions(realm);
  function Behavior(options = {}) {
    const b = normalize(options);
    b[BEHAVIOR] = true;
    return b;
  }

  function Component(options = {}) {
    if (defining === null) throw new realm.Error('Component() is called outside a component file');
    const def = normalize(options);
    if (scripts.pages.has(defining)) pageDefs.set(defining, { component: true, options: def });
    else compDefs.set(defining, def);
  }

  function runScript(path) {
    const file = scripts.files[path];
    const before = defining;
    defining = path;
    try {
      modules.load(file);
    } finally {
      defining = before;
    }
  }

  // -- instances --
  function call(inst, fn, args, where) {
    try {
      return fn.apply(inst, args);
    } catch (err) {
      report(where, err);
      return undefined;
    }
  }

  function lifecycle(rec, name, args = []) {
    const inst = rec.inst;
    if (rec.def === null) {
      if (typeof inst[name] === 'function') call(inst, inst[name], args, `${rec.path}.${name}`);
      return;
    }
    // a Component as a page: page events are methods, its lifetimes in `lifetimes`
    const life = { onShow: 'show', onHide: 'hide' }[name];
    for (const fn of rec.def.lifetimes[name] || []) call(inst, fn, args, `${rec.path}.${name}`);
    if (rec.isPage && typeof inst[name] === 'function') call(inst, inst[name], args, `${rec.path}.${name}`);
    if (life) for (const fn of rec.def.pageLifetimes[life] || []) call(inst, fn, args, `${rec.path}.pageLifetimes.${life}`);
  }

  function baseInstance(rec) {
    const inst = new realm.Object();
    inst.setData = (patch, cb) => setData(rec, patch, cb);
    inst.selectComponent = (sel) => select(rec, sel, false);
    inst.selectAllComponents = (sel) => select(rec, sel, true);
    inst.getPageId = () => `pageId:${pageOf(rec).id}`;
    inst.createSelectorQuery = () => globalWx().createSelectorQuery().in(inst);
    return inst;
  }

  let wxRef = null;
  const globalWx = () => wxRef;

  function pageOf(rec) {
    let r = rec;
    while (r && !r.isPage) r = instances.get(r.owner);
    return r || rec;
  }

  function createPage(route, query) {
    const def = pageDefs.get(route);
    const id = nextWebviewId++;
    const rec = { id, path: route, isPage: true, def: def.component ? def.options : null, owner: null, seq: 0 };
    const inst = baseInstance(rec);
    rec.inst = inst;
    if (def.component) {
      initComponent(rec, def.options);
      for (const [name, spec] of Object.entries(def.options.properties)) {
        if (query[name] !== undefined) inst.data[name] = coerce(spec, query[name]);
      }
    } else {
      for (const [k, v] of Object.entries(def.options)) if (k !== 'data') inst[k] = v;
      inst.data = clone(def.options.data || {}) || new realm.Object();
    }
    inst.route = route;
    inst.__route__ = route;
    inst.options = query;
    inst.__wxWebviewId__ = id;
    instances.set(id, rec);
    post({ t: 'pageCreate', id, route, query, data: viewData(rec) });
    if (def.component) {
      lifecycle(rec, 'created');
      lifecycle(rec, 'attached');
    }
    lifecycle(rec, 'onLoad', [query]);
    lifecycle(rec, 'onShow');
    return rec;
  }

  function initComponent(rec, def) {
    const inst = rec.inst;
    inst.is = rec.path;
    const data = clone(def.data) || new realm.Object();
    for (const [name, spec] of Object.entries(def.properties)) data[name] = clone(spec.value) ?? spec.value;
    inst.data = data;
    inst.properties = data;
    for (const [name, fn] of Object.entries(def.methods)) if (typeof fn === 'function') inst[name] = fn;
    inst.triggerEvent = (name, detail, opts) => triggerEvent(rec, name, detail, opts);
  }

  function createComponent(msg) {
    const path = msg.path;
    if (!compDefs.has(path) && scripts.files[path]) {
      try {
        runScript(path);
      } catch (err) {
        report(`load ${path}`, err);
      }
    }
    const def = compDefs.get(path);
    const rec = { id: msg.id, path, isPage: false, def: def || normalize({}), owner: msg.owner, seq: 0, bindings: msg.bindings || {}, dataset: msg.dataset || {}, elemId: msg.elemId || '', classes: msg.classes || [] };
    if (!def) warn(`Component is not found in path "${path}" (using by "${instances.get(msg.owner)?.path}")`);
    rec.inst = baseInstance(rec);
    initComponent(rec, rec.def);
    rec.inst.id = rec.elemId;
    rec.inst.dataset = rec.dataset;
    instances.set(rec.id, rec);
    rec.early = [];
    lifecycle(rec, 'created');
    applyProps(rec, msg.props || {}, true);
    lifecycle(rec, 'attached');
    const early = rec.early;
    rec.early = null;
    post({ t: 'componentReady', id: rec.id, data: viewData(rec) });
    for (const cb of early) timers.setTimeout(() => call(rec.inst, cb, [], 'setData callback'), 0);
  }

  function applyProps(rec, props, initial) {
    const changed = [];
    for (const [name, value] of Object.entries(props)) {
      const spec = rec.def.properties[name];
      if (!spec) continue;
      const old = rec.inst.data[name];
      const next = coerce(spec, clone(value));
      if (initial && JSON.stringify(next) === JSON.stringify(old)) continue;
      rec.inst.data[name] = next;
      changed.push([name, next, old]);
    }
    for (const [name, next, old] of changed) {
      const obs = rec.def.properties[name].observer;
      const fn = typeof obs === 'string' ? rec.inst[obs] : obs;
      if (typeof fn === 'function') call(rec.inst, fn, [next, old, [name]], `${rec.path} property ${name} observer`);
    }
    if (changed.length) runObservers(rec, changed.map(([name]) => [name]));
  }

  function runObservers(rec, keyPaths) {
    if (!rec.def) return;
    for (const { paths, fn } of rec.def.observers) {
      const parsed = paths.map((p) => (p === '**' ? [] : parsePath(p.replace(/\.\*\*$/, ''))));
      const hit = parsed.some((p) => keyPaths.some((k) => overlaps(p, k)));
      if (hit) call(rec.inst, fn, parsed.map((p) => getPath(rec.inst.data, p)), `${rec.path} observer "${paths.join(', ')}"`);
    }
  }

  function select(rec, selector, all) {
    const sel = String(selector).trim();
    const found = [];
    for (const r of instances.values()) {
      if (r.owner !== rec.id || r.isPage) continue;
      const ok = (sel.startsWith('#') && r.elemId === sel.slice(1)) || (sel.startsWith('.') && r.classes.includes(sel.slice(1)));
      if (ok) found.push(r.def && r.def.exportFn ? call(r.inst, r.def.exportFn, [], `${r.path}.export`) : r.inst);
    }
    return all ? found : found[0] ?? null;
  }

  // -- setData --
  // `seen`: the last keystroke (the view's `inputSeq`) handled before this data was made;
  // the view tells a late echo of typing from the page's own change by it (view: isEcho)
  function setData(rec, patch, cb, seen = lastInput) {
    if (patch === null || typeof patch !== 'object') {
      report('setData', new realm.TypeError('setData expects an object'));
      return;
    }
    const at = hrNow();
    for (const key of Object.keys(patch)) {
      if (patch[key] === undefined) warn(`Setting data field "${key}" to undefined is invalid.`);
    }
    const json = JSON.stringify(patch);
    const pure = pureTest(rec);
    // pure data fields (options.pureDataPattern) are the instance's only: never sent to the view
    const shown = pure === null ? json : JSON.stringify(viewPart(patch, pure));
    const bytes = Buffer.byteLength(shown);
    if (bytes > MAX_SET_DATA_BYTES) {
      report('setData', new realm.Error(overLimitText(bytes)));
      return;
    }
    const cloned = realm.JSON.parse(json);
    const keys = [];
    const old = {};
    if (rec.def) for (const key of Object.keys(cloned)) if (rec.def.properties[key]) old[key] = rec.inst.data[key];
    for (const key of Object.keys(cloned)) {
      setPath(rec.inst.data, key, cloned[key]);
      keys.push(parsePath(key));
    }
    if (rec.early) {
      // created/attached: the view has no instance yet; componentReady carries this data
      if (typeof cb === 'function') rec.early.push(cb);
    } else {
      const seq = ++rec.seq;
      if (typeof cb === 'function') callbacks.set(`${rec.id}:${seq}`, cb);
      const input = seen > 0 ? `,"input":${seen}` : '';
      postRaw(`{"t":"setData","id":${JSON.stringify(rec.id)},"seq":${seq},"at":${at},"bytes":${bytes}${input},"patch":${shown}}`);
    }
    if (rec.def) {
      for (const k of keys) {
        const spec = k.length === 1 ? rec.def.properties[k[0]] : undefined;
        if (spec && spec.observer) {
          const fn = typeof spec.observer === 'string' ? rec.inst[spec.observer] : spec.observer;
          if (typeof fn === 'function') call(rec.inst, fn, [rec.inst.data[k[0]], old[k[0]], k], `${rec.path} property observer`);
        }
      }
      runObservers(rec, keys);
    }
  }

  function pureTest(rec) {
    const pattern = rec.def && rec.def.options ? rec.def.options.pureDataPattern : undefined;
    return pattern && typeof pattern.test === 'function' ? pattern : null;
  }

  function viewPart(data, pure) {
    const out = {};
    for (const key of Object.keys(data)) {
      pure.lastIndex = 0;
      if (!pure.test(String(parsePath(key)[0]))) out[key] = data[key];
    }
    return out;
  }

  /** What the view gets of an instance's data at creation. */
  const viewData = (rec) => {
    const pure = pureTest(rec);
    return pure === null ? rec.inst.data : viewPart(rec.inst.data, pure);
  };

  // the AppData panel's edit: the instance's own setData, as if the page called it
  function inspectSetData(msg) {
    const rec = instances.get(msg.id);
    if (!rec) { warn(`AppData: instance ${msg.id} no longer exists`); return; }
    try {
      rec.inst.setData(msg.data || {});
    } catch (err) {
      report('AppData setData', err);
    }
  }

  // -- events --
  function event(msg) {
    if (msg.inputSeq > lastInput) lastInput = msg.inputSeq;
    const rec = instances.get(msg.id);
    let ok = true;
    if (!rec) {
      warn(`an event for instance ${msg.id}, which no longer exists`);
    } else {
      const fn = rec.inst[msg.handler];
      if (typeof fn !== 'function') {
        warn(`Component "${rec.path}" does not have a method "${msg.handler}" to handle event "${msg.event && msg.event.type}".`);
      } else {
        const input = msg.event && msg.event.type === 'input';
        const typed = input && msg.event.detail ? msg.event.detail.value : undefined;
        try {
          const ret = fn.call(rec.inst, msg.event);
          if (input) inputReturn(msg, ret, typed);
        } catch (err) {
          ok = false;
          report(`${rec.path}.${msg.handler}`, err);
        }
      }
    }
    post({ t: 'eventDone', id: msg.id, handler: msg.handler, ok });
  }

  // a bindinput handler's return value replaces the input's text: a string, or {value, cursor}
  // (the platform's documented forms); `typed` lets the view skip an unchanged or stale answer
  function inputReturn(msg, ret, typed) {
    let value = ret;
    let cursor;
    if (ret !== null && typeof ret === 'object' && typeof ret.value === 'string') {
      value = ret.value;
      if (typeof ret.cursor === 'number') cursor = ret.cursor;
    }
    if (typeof value !== 'string') return;
    const out = { t: 'inputReturn', id: msg.id, nodeRef: msg.nodeRef, value };
    if (cursor !== undefined) out.cursor = cursor;
    if (typeof typed === 'string') out.typed = typed;
    post(out);
  }

  // The event goes to the handler bound on the component's tag in its owner's template; with
  // `bubbles` + `composed` it goes on across component boundaries (the owner's own tag in its
  // owner…) until a `catch` binding stops it.
  function triggerEvent(rec, name, detail, opts = {}) {
    const ev = new realm.Object();
    Object.assign(ev, {
      type: name, timeStamp: Math.round(hrNow() * 1000), detail: clone(detail === undefined ? {} : detail),
      target: { id: rec.elemId, dataset: rec.dataset }, currentTarget: { id: rec.elemId, dataset: rec.dataset }, mark: {},
    });
    let here = rec;
    while (here && !here.isPage) {
      const binding = here.bindings[name];
      const owner = instances.get(here.owner);
      if (binding && owner) {
        ev.currentTarget = { id: here.elemId, dataset: here.dataset };
        const fn = owner.inst[binding.handler];
        if (typeof fn !== 'function') {
          warn(`Component "${owner.path}" does not have a method "${binding.handler}" to handle event "${name}".`);
        } else {
          call(owner.inst, fn, [ev], `${owner.path}.${binding.handler}`);
        }
        if (binding.catch) return;
      }
      if (!(opts && opts.bubbles && opts.composed)) return;
      here = owner;
    }
  }

  // -- the view's messages --
  function firstRender(msg) {
    const rec = instances.get(msg.id);
    if (!rec || rec.readyDone) return;
    rec.readyDone = true;
    if (rec.isPage) lifecycle(rec, 'onReady');
    if (rec.def) for (const fn of rec.def.lifetimes.ready || []) call(rec.inst, fn, [], `${rec.path}.ready`);
  }

  function applied(msg) {
    const key = `${msg.id}:${msg.seq}`;
    const cb = callbacks.get(key);
    if (!cb) return;
    callbacks.delete(key);
    const rec = instances.get(msg.id);
    call(rec ? rec.inst : undefined, cb, [], 'setData callback');
  }

  function componentProps(msg) {
    const rec = instances.get(msg.id);
    if (!rec) return;
    // the new values reach the component's own render as a setData (observers run inside)
    const patch = new realm.Object();
    for (const [name, value] of Object.entries(msg.props || {})) {
      const spec = rec.def.properties[name];
      if (spec && JSON.stringify(coerce(spec, value)) !== JSON.stringify(rec.inst.data[name])) patch[name] = coerce(spec, value);
    }
    if (Object.keys(patch).length) setData(rec, patch, undefined, Number(msg.input) || 0);
  }

  function detach(rec) {
    if (rec.def) for (const fn of rec.def.lifetimes.detached || []) call(rec.inst, fn, [], `${rec.path}.detached`);
    instances.delete(rec.id);
    for (const k of callbacks.keys()) if (k.startsWith(`${rec.id}:`)) callbacks.delete(k);
    for (const child of [...instances.values()]) if (child.owner === rec.id) detach(child);
  }

  function componentDetach(msg) {
    const rec = instances.get(msg.id);
    if (rec) detach(rec);
  }

  // -- the page stack --
  function ensureDefined(route) {
    if (pageDefs.has(route)) return true;
    if (!scripts.pages.has(route)) return false;
    try {
      runScript(route);
    } catch (err) {
      report(`load ${route}`, err);
      return false;
    }
    if (!pageDefs.has(route)) {
      report(`load ${route}`, new realm.Error(`${scripts.files[route]}: the page did not call Page() or Component()`));
      return false;
    }
    return true;
  }

  function hide(rec) {
    lifecycle(rec, 'onHide');
    post({ t: 'pageHide', id: rec.id });
  }

  function unload(rec) {
    lifecycle(rec, 'onUnload');
    if (rec.def) for (const fn of rec.def.lifetimes.detached || []) call(rec.inst, fn, [], `${rec.path}.detached`);
    post({ t: 'pageDestroy', id: rec.id });
    detach(rec);
  }

  function showTop() {
    const top = stack[stack.length - 1];
    if (!top) return;
    post({ t: 'pageShow', id: top.id });
    lifecycle(top, 'onShow');
  }

  function open(route, query) {
    const rec = createPage(route, query);
    stack.push(rec);
    return rec;
  }

  const { nav, parseUrl } = makeNavigation({
    realm, stack, scripts, tabPages, timers, warn, call, hrNow, ensureDefined, open, unload, hide, showTop,
  });

  function getCurrentPages() {
    const out = new realm.Array();
    for (const rec of stack) out.push(rec.inst);
    return out;
  }

  // -- launch --
  function launch(entry, query) {
    const options = new realm.Object();
    Object.assign(options, { path: entry, query, scene: 1001, referrerInfo: {}, apiCategory: 'default' });
    if (appInstance) {
      for (const hook of ['onLaunch', 'onShow']) {
        if (typeof appInstance[hook] === 'function') call(appInstance, appInstance[hook], [options], `App.${hook}`);
      }
    }
    if (!ensureDefined(entry)) return false;
    open(entry, query);
    return true;
  }

  function appError(message) {
    if (appInstance && typeof appInstance.onError === 'function') {
      try {
        appInstance.onError(message);
      } catch {
        // an onError that throws must not loop
      }
    }
  }

  // a background switch: the top page first on hide, the app first on show (platform order)
  function appVisibility(visible, msg) {
    const top = stack[stack.length - 1];
    if (!visible) {
      if (top) lifecycle(top, 'onHide');
      if (appInstance && typeof appInstance.onHide === 'function') call(appInstance, appInstance.onHide, [], 'App.onHide');
      return;
    }
    const options = clone(msg.options || {});
    if (appInstance && typeof appInstance.onShow === 'function') call(appInstance, appInstance.onShow, [options], 'App.onShow');
    if (top) lifecycle(top, 'onShow');
  }

  function setWx(wx) {
    wxRef = wx;
  }

  /** An instance (page or component) by id, for automation's `automation` messages. */
  function instanceOf(id) {
    const rec = instances.get(id);
    return rec ? rec.inst : null;
  }

  return {
    globals: { App, getApp, Page, Component, Behavior, getCurrentPages },
    nav, launch, event, firstRender, applied, componentProps, componentDetach, createComponent,
    appError, setWx, appVisibility, parseUrl, instanceOf, inspectSetData,
  };
}
