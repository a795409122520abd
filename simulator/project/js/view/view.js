// The view layer: one `View` per document, speaking the project protocol (docs: project-protocol).
// `handle(msg)` takes host → view messages; `send(msg)` (given) carries view → host ones.
// The same code runs in the window's QtWebEngine page (live: DOM listeners for a person's input)
// and in the headless Node view over linkedom (driven by tap/input messages only).
// This file: boot, pages, setData and rendering, stylesheets; the rest is mixed in from
// patch.js, components.js, events.js and inspect.js.
(function (ns) {
  'use strict';

  const { Patch, NONE } = ns.patch;
  const { now, setPath, safeJson } = ns.util;

  class View {
    constructor({ doc, send, mount, live }) {
      this.doc = doc;
      this.send = send;
      this.mount = mount || doc.body;
      this.live = !!live;
      this.instances = new Map();
      this.pages = [];
      this.top = null;
      this.seq = 0;
      this.templates = Object.create(null);
      this.sheets = Object.create(null);
      this.warned = new Set();
      this.fullRender = false; // benchmark baseline: rebuild a page's DOM on every setData
      this.ctx = null;
      this.device = { windowWidth: 375, windowHeight: 667, pixelRatio: 2, ios: false };
      this.base = '';
      this.options = {};
      this.refs = new Map();
    }

    handle(msg) {
      const fn = this['on_' + msg.t];
      if (!fn) { this.send({ t: 'error', message: 'view: unknown message ' + JSON.stringify(msg.t) }); return; }
      try {
        fn.call(this, msg);
      } catch (err) {
        const message = typeof err === 'string' ? err : (err && err.message) || String(err);
        if (msg.q !== undefined) this.send({ t: msg.t === 'query' || msg.t === 'text' ? 'result' : 'done', q: msg.q, ok: false, error: message, value: null });
        else this.send({ t: 'error', message, stack: err && err.stack ? String(err.stack) : undefined });
      }
    }

    on_boot(msg) {
      // keep the compiler's globals in this function's scope; engine 0.02 keeps wx:key/wx:if
      const win = { __webview_engine_version__: 0.02 };
      const run = new Function('window', 'console', 'var $gwx, __WXML_GLOBAL__, $gwn, $gwl, wh, gra, grb;\n' + msg.gwx + '\n;return $gwx;');
      this.gwx = run(win, this.templateConsole());
      this.styles = msg.styles || {};
      this.components = msg.components || {};
      this.options = msg.options || {};
      this.windowConfig = msg.window || {};
      this.base = msg.base || '';
      if (msg.device) this.setDevice(msg.device);
      this.installBaseStyle();
      if (this.live && !this.hoverBound) { this.hoverBound = true; this.bindHover(); }
      if (this.styles.app) this.sheet('app', '', true);
      this.send({ t: 'booted' });
    }

    // what templates print (WXS console.log, $gwx's warnings) goes to the host as `log`; a
    // template warning ("WXMLRT_$gwx:…", e.g. a wx:for without wx:key) once, not per render
    templateConsole() {
      const seen = new Set();
      const out = {};
      for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
        out[level] = (...args) => {
          const message = args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : safeJson(a))).join(' ');
          if (message.startsWith('WXMLRT_')) { if (seen.has(message)) return; seen.add(message); }
          this.send({ t: 'log', level, message, source: 'wxml' });
        };
      }
      return out;
    }

    setDevice(d) {
      this.device = {
        windowWidth: d.windowWidth || 375, windowHeight: d.windowHeight || 667,
        pixelRatio: d.pixelRatio || 2, ios: !!d.ios || /ios|iphone/i.test(d.platform || ''),
      };
      for (const key in this.sheets) this.sheets[key].refresh();
      // rpx inside style attributes follow the new width too
      const restyle = (list) => {
        for (const r of list) {
          if (r.tag === '#text') continue;
          if (r.attr && typeof r.attr.style === 'string') r.dom.setAttribute('style', this.inlineStyle(r.attr.style));
          if (r.kids) restyle(r.kids);
          if (r.slots) for (const n in r.slots) restyle(r.slots[n].kids);
        }
      };
      for (const inst of this.instances.values()) restyle(inst.kids);
    }

    on_device(msg) { this.setDevice(msg.device || msg); }

    on_pageCreate(msg) {
      const box = this.doc.createElement('wx-page');
      box.setAttribute('route', msg.route);
      this.mount.appendChild(box);
      const page = this.instance({
        id: msg.id, path: msg.route, isPage: true, data: msg.data || {}, box, parent: null,
        prefix: '', using: this.components[msg.route] || {},
      });
      page.page = page;
      page.createdAt = now();
      page.sheet = this.styles[msg.route] !== undefined ? this.sheet(msg.route, '', false) : null;
      this.pages.push(page);
      this.show(page);
      this.render(page);
      this.maybeFirst(page);
    }

    on_pageShow(msg) { const p = this.instances.get(String(msg.id)); if (p) this.show(p); }

    on_pageHide(msg) {
      const p = this.instances.get(String(msg.id));
      if (p && this.top === p) { p.box.style.setProperty('display', 'none'); if (p.sheet) p.sheet.enable(false); }
    }

    on_pageDestroy(msg) {
      const p = this.instances.get(String(msg.id));
      if (!p) return;
      // the logic layer unloads the page and its components itself: no componentDetach here
      this.forget(p);
      p.box.remove();
      this.pages = this.pages.filter((x) => x !== p);
      if (this.top === p) { this.top = null; if (this.pages.length) this.show(this.pages[this.pages.length - 1]); }
    }

    on_setData(msg) {
      const inst = this.instances.get(String(msg.id));
      if (!inst) { this.send({ t: 'applied', id: msg.id, seq: msg.seq, textChanged: false, nodes: 0, error: 'no such instance' }); return; }
      const t0 = now();
      const patch = msg.patch || {};
      let ctx = { textChanged: false, nodes: 0, mutations: 0 };
      // the last keystroke the logic layer had handled when it sent this (builtins: isEcho)
      this.inputSeen = Number(msg.input) || 0;
      try {
        for (const key in patch) setPath(inst.data, key, patch[key]);
        if (inst.isPage || inst.ready) ctx = this.render(inst);
      } catch (err) {
        // the logic layer waits for this setData's `applied`: always answer
        ctx.error = (err && err.message) || String(err);
        this.send({ t: 'error', message: 'view: ' + ctx.error, stack: err && err.stack ? String(err.stack) : undefined });
      } finally {
        this.inputSeen = 0;
      }
      const out = {
        t: 'applied', id: msg.id, seq: msg.seq, textChanged: ctx.textChanged, nodes: inst.nodes || 0,
        mutations: ctx.mutations, ms: now() - t0,
      };
      if (ctx.error) out.error = ctx.error;
      this.send(out);
    }

    on_fullRender(msg) { this.fullRender = !!msg.on; }

    instance(fields) {
      const inst = Object.assign({
        kids: NONE, pending: new Set(), first: false, rendered: false, ready: true, nodes: 0,
      }, fields);
      this.instances.set(String(inst.id), inst);
      return inst;
    }

    template(path) {
      let fn = this.templates[path];
      if (fn === undefined) {
        fn = this.gwx ? this.gwx(path + '.wxml') || this.gwx('./' + path + '.wxml') || null : null;
        this.templates[path] = fn;
      }
      return fn;
    }

    render(inst) {
      const ctx = { inst, textChanged: false, mutations: 0, nodes: 0 };
      const fn = this.template(inst.path);
      if (!fn) {
        ctx.error = `template ${inst.path}.wxml was not compiled`;
        this.send({ t: 'error', message: ctx.error, file: inst.path + '.wxml' });
        return ctx;
      }
      let tree;
      try {
        tree = fn(inst.data, {}, {});
      } catch (err) {
        // e.g. "Dom limit exceeded, …" (16,000 nodes in one render, $gwx's own limit)
        ctx.error = typeof err === 'string' ? err : (err && err.message) || String(err);
        this.send({ t: 'error', message: ctx.error, file: inst.path + '.wxml' });
        return ctx;
      }
      const prev = this.ctx;
      this.ctx = ctx;
      try {
        if (this.fullRender && inst.kids.length) {
          for (const r of inst.kids) this.removeRec(ctx, r);
          inst.kids = NONE;
        }
        inst.kids = this.patchList(ctx, inst.box, inst.kids, tree.children || NONE, null);
      } finally {
        this.ctx = prev;
      }
      inst.rendered = true;
      inst.nodes = ctx.nodes;
      return ctx;
    }

    // firstRender once an instance and every component created by its first render are drawn
    maybeFirst(inst) {
      if (inst.first || !inst.rendered || inst.pending.size) return;
      inst.first = true;
      this.send({ t: 'firstRender', id: inst.id });
      if (inst.parent && inst.parent.pending.delete(String(inst.id))) this.maybeFirst(inst.parent);
    }

    show(page) {
      if (this.top && this.top !== page) {
        this.top.scrollTop = this.live ? this.scroller().scrollTop : this.top.scrollTop;
        this.top.box.style.setProperty('display', 'none');
        if (this.top.sheet) this.top.sheet.enable(false);
      }
      this.top = page;
      page.box.style.removeProperty('display');
      if (page.sheet) page.sheet.enable(true);
      if (this.live) this.scroller().scrollTop = page.scrollTop || 0;
    }

    forget(inst) {
      this.instances.delete(String(inst.id));
      const walk = (r) => {
        if (r.comp) { this.instances.delete(r.comp.id); for (const k of r.comp.kids) walk(k); for (const n in r.slots) for (const k of r.slots[n].kids) walk(k); }
        else if (r.kids) for (const k of r.kids) walk(k);
      };
      for (const r of inst.kids) walk(r);
    }

    sheet(path, suffix, on) {
      const el = this.doc.createElement('style');
      el.setAttribute('wxss', path);
      (this.doc.head || this.mount).appendChild(el);
      const view = this;
      const s = {
        el,
        refresh() {
          try {
            el.textContent = ns.styles.cssOf(view.styles[path], view.device, suffix);
          } catch (err) {
            view.send({ t: 'error', message: `${path}.wxss: ${err && err.message}`, file: path + '.wxss' });
          }
        },
        enable(yes) { if (yes) el.removeAttribute('media'); else el.setAttribute('media', 'not all'); },
      };
      s.refresh();
      s.enable(on);
      this.sheets[path] = s;
      return s;
    }

    installBaseStyle() {
      if (this.doc.querySelector('style[wxss="@base"]')) return;
      const el = this.doc.createElement('style');
      el.setAttribute('wxss', '@base');
      el.textContent = ns.BASE_CSS || '';
      const head = this.doc.head || this.mount;
      head.insertBefore(el, head.firstChild);
    }

    inlineStyle(text) { return ns.styles.inlineStyle(text, this.device); }

    length(v) {
      if (typeof v === 'number') return v;
      const s = String(v);
      if (s.endsWith('rpx')) return ns.styles.rpx(parseFloat(s), this.device);
      return parseFloat(s) || 0;
    }

    resolveUrl(inst, src) {
      if (/^(https?:|data:|blob:|wxfile:|file:)/i.test(src)) return src;
      const parts = src.startsWith('/') ? [] : inst.path.split('/').slice(0, -1);
      for (const p of src.replace(/^\/+/, '').split('/')) {
        if (p === '..') parts.pop(); else if (p && p !== '.') parts.push(p);
      }
      return this.base + parts.join('/');
    }
  }

  Object.assign(View.prototype, Patch, ns.Components, ns.Events, ns.Inspect);

  ns.View = View;
  ns.setPath = setPath;
})(globalThis.WxView = globalThis.WxView || {});
