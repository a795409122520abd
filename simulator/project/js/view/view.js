// The view layer: one `View` per document, speaking the project protocol (docs: project-protocol).
// `handle(msg)` takes host → view messages; `send(msg)` (given) carries view → host ones.
// The same code runs in the window's QtWebEngine page (live: DOM listeners for a person's input)
// and in the headless Node view over linkedom (driven by tap/input messages only).
(function (ns) {
  'use strict';

  const { Patch, EMPTY, NONE } = ns.patch;
  const { TABLE, truthy } = ns.builtins;

  // Events that bubble (and have a capture phase), as the platform lists them.
  const BUBBLING = new Set([
    'touchstart', 'touchmove', 'touchcancel', 'touchend', 'tap', 'longpress', 'longtap',
    'transitionend', 'animationstart', 'animationiteration', 'animationend', 'touchforcechange',
  ]);
  const BLOCK_TAGS = new Set([
    'WX-VIEW', 'WX-BUTTON', 'WX-SCROLL-VIEW', 'WX-FORM', 'WX-NAVIGATOR', 'WX-RICH-TEXT', 'WX-IMAGE',
    'DIV', 'P', 'LI', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'PRE', 'BLOCKQUOTE', 'TR', 'BR',
  ]);
  const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

  function setPath(obj, path, value) {
    const parts = [];
    String(path).replace(/\[(\d+)\]|([^.[\]]+)/g, (_, idx, name) => { parts.push(idx !== undefined ? Number(idx) : name); return ''; });
    if (!parts.length) return;
    let cur = obj;
    for (let i = 0; i < parts.length - 1; i++) {
      let next = cur[parts[i]];
      if (next === null || typeof next !== 'object') {
        next = typeof parts[i + 1] === 'number' ? [] : {};
        cur[parts[i]] = next;
      }
      cur = next;
    }
    cur[parts[parts.length - 1]] = value;
  }

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

    // ---- protocol ------------------------------------------------------------------------
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

    // hover-class while pressed (a button's default: button-hover), kept hover-stay-time ms
    // after release, as the platform does; live only
    bindHover() {
      let held = null;
      const release = () => {
        if (!held) return;
        const { r, cls } = held;
        held = null;
        const stay = r.attr.hoverStayTime != null ? Number(r.attr.hoverStayTime) : r.tag === 'wx-button' ? 70 : 400;
        setTimeout(() => { for (const c of cls) r.dom.classList.remove(c); }, stay);
      };
      this.doc.addEventListener('pointerdown', (e) => {
        for (let r = this.recordOf(e.target); r; r = this.parentRec(r)) {
          let hc = r.attr.hoverClass;
          if (hc === undefined && r.tag === 'wx-button') hc = 'button-hover';
          if (hc === undefined || hc === 'none' || truthy(r.attr.disabled)) {
            if (truthy(r.attr.hoverStopPropagation)) break;
            continue;
          }
          const cls = this.classesOf(r.inst, hc).split(' ').filter(Boolean);
          for (const c of cls) r.dom.classList.add(c);
          held = { r, cls };
          break;
        }
      });
      this.doc.addEventListener('pointerup', release);
      this.doc.addEventListener('pointercancel', release);
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
      try {
        for (const key in patch) setPath(inst.data, key, patch[key]);
        if (inst.isPage || inst.ready) ctx = this.render(inst);
      } catch (err) {
        // the logic layer waits for this setData's `applied`: always answer
        ctx.error = (err && err.message) || String(err);
        this.send({ t: 'error', message: 'view: ' + ctx.error, stack: err && err.stack ? String(err.stack) : undefined });
      }
      const out = {
        t: 'applied', id: msg.id, seq: msg.seq, textChanged: ctx.textChanged, nodes: inst.nodes || 0,
        mutations: ctx.mutations, ms: now() - t0,
      };
      if (ctx.error) out.error = ctx.error;
      this.send(out);
    }

    on_componentReady(msg) {
      const c = this.instances.get(String(msg.id));
      if (!c) return;
      c.data = msg.data || {};
      c.ready = true;
      this.applyOptions(c, msg.options, msg.externalClasses);
      this.render(c);
      this.maybeFirst(c);
    }

    on_tap(msg) {
      const r = this.target(msg);
      if (!r) return;
      this.activate(r, null, !!msg.long);
      this.send({ t: 'done', q: msg.q, ok: true });
    }

    on_input(msg) {
      let r = this.target(msg);
      if (!r) return;
      if (!r.control) {
        const inner = r.dom.querySelector('wx-input, wx-textarea');
        r = inner && inner.__wx;
      }
      if (!r || !r.control) { this.send({ t: 'done', q: msg.q, ok: false, error: `${msg.selector} is not an input or textarea` }); return; }
      if (truthy(r.attr.disabled)) { this.send({ t: 'done', q: msg.q, ok: false, error: `${msg.selector} is disabled` }); return; }
      if (this.focused !== r) this.focusControl(r);
      let value = String(msg.value);
      if (r.maxlength >= 0) value = value.slice(0, r.maxlength);
      r.control.value = value;
      r.keyCode = value.length ? value.charCodeAt(value.length - 1) : 8;
      this.controlInput(r);
      if (msg.confirm) this.fire(r, 'confirm', { value: r.control.value });
      this.send({ t: 'done', q: msg.q, ok: true });
    }

    on_query(msg) {
      const scope = msg.id != null ? this.instances.get(String(msg.id)) : this.top;
      if (!scope) { this.send({ t: 'result', q: msg.q, value: msg.all ? [] : null }); return; }
      const root = scope.box;
      const sel = this.selector(String(msg.selector || '*'), scope);
      const fields = msg.fields || ['id', 'dataset'];
      if (msg.all) {
        const list = Array.from(root.querySelectorAll(sel)).filter((e) => e.__wx);
        this.send({ t: 'result', q: msg.q, value: list.map((e) => this.info(e.__wx, fields)) });
      } else {
        const list = Array.from(root.querySelectorAll(sel));
        const e = list.find((x) => x.__wx);
        this.send({ t: 'result', q: msg.q, value: e ? this.info(e.__wx, fields) : null });
      }
    }

    on_text(msg) {
      // an error shown over the page is what a person sees then
      const overlay = this.doc.querySelector('wx-error');
      const value = overlay ? overlay.textContent : this.top ? this.visibleText(this.top.box) : '';
      this.send({ t: 'result', q: msg.q, value });
    }

    on_scrollTo(msg) {
      const page = msg.id != null ? this.instances.get(String(msg.id)) : this.top;
      if (!page) return;
      let top = msg.scrollTop != null ? Number(msg.scrollTop) : 0;
      if (msg.selector) {
        const el = page.box.querySelector(this.selector(String(msg.selector), page));
        if (el && typeof el.getBoundingClientRect === 'function' && this.live) {
          top = el.getBoundingClientRect().top + (this.scroller().scrollTop || 0) + (Number(msg.offsetTop) || 0);
        }
      }
      page.scrollTop = top;
      if (this.live && page === this.top) {
        this.scroller().scrollTo({ top, behavior: msg.duration > 0 ? 'smooth' : 'auto' });
      }
    }

    // a bindinput handler returned a string: it becomes the input's value (platform rule)
    on_inputReturn(msg) {
      const r = this.refs.get(msg.nodeRef);
      if (r && r.control && r.dom.isConnected !== false) r.control.value = String(msg.value);
    }

    on_fullRender(msg) { this.fullRender = !!msg.on; }

    // a compile or load error shown over the page, as DevTools does (message null: hide it)
    on_showError(msg) {
      let box = this.doc.querySelector('wx-error');
      if (msg.message == null) { if (box) box.remove(); return; }
      if (!box) { box = this.doc.createElement('wx-error'); this.doc.body.appendChild(box); }
      const where = msg.file ? msg.file + (msg.line ? ':' + msg.line + (msg.column ? ':' + msg.column : '') : '') : '';
      box.textContent = (where ? where + '\n' : '') + String(msg.message);
    }

    // the WXML panel: the shown page's element tree as the developer wrote it (components
    // with their own template inside, slot content where the slot is), each node with an
    // `nid` that `highlight` takes
    on_tree(msg) {
      const page = msg.id != null ? this.instances.get(String(msg.id)) : this.top;
      const node = (r) => {
        if (r.tag === '#text') return { text: r.text };
        if (!r.nid) r.nid = ++this.seq;
        const out = { nid: r.nid, tag: r.tag.slice(3), attrs: plain(r.attr) };
        if (r.comp) {
          out.component = { id: r.comp.id, path: r.comp.path };
          out.children = r.comp.kids.map(node);
        } else if (r.tag === 'wx-slot') {
          const host = r.inst.host;
          const h = host && host.slots[r.attr.name == null ? '' : String(r.attr.name)];
          out.children = h ? h.kids.map(node) : [];
        } else {
          out.children = (r.kids || NONE).map(node);
        }
        return out;
      };
      this.send({ t: 'result', q: msg.q, value: page ? page.kids.map(node) : [] });
    }

    // outline an element of the tree in the page (hover in the WXML panel); nid null: none
    on_highlight(msg) {
      let box = this.doc.querySelector('wx-highlight');
      const el = msg.nid == null ? null : Array.from(this.doc.querySelectorAll('*')).find((e) => e.__wx && e.__wx.dom === e && e.__wx.nid === msg.nid);
      if (!el) { if (box) box.remove(); if (msg.q !== undefined) this.send({ t: 'done', q: msg.q, ok: msg.nid == null }); return; }
      if (!box) { box = this.doc.createElement('wx-highlight'); this.doc.body.appendChild(box); }
      if (typeof el.getBoundingClientRect === 'function') {
        const b = el.getBoundingClientRect();
        const sc = this.scroller();
        box.setAttribute('style', `left:${b.left + (sc.scrollLeft || 0)}px;top:${b.top + (sc.scrollTop || 0)}px;width:${b.width}px;height:${b.height}px`);
      }
      if (typeof el.scrollIntoView === 'function' && this.live && msg.reveal) el.scrollIntoView({ block: 'nearest' });
      if (msg.q !== undefined) this.send({ t: 'done', q: msg.q, ok: true });
    }

    // the CSS each stylesheet produced for the current device (the WXSS inspector, tests)
    on_styles(msg) {
      const value = {};
      for (const path in this.sheets) value[path] = this.sheets[path].el.textContent;
      this.send({ t: 'result', q: msg.q, value });
    }

    // ---- instances and rendering -----------------------------------------------------------
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

    // ---- custom components -----------------------------------------------------------------
    createHost(ctx, r, path, v) {
      const a = v.attr || EMPTY;
      const id = 'c' + ++this.seq;
      const comp = this.instance({
        id, path, isPage: false, data: null, box: r.dom, parent: ctx.inst, host: r, ready: false,
        prefix: this.prefixFor(path), using: this.components[path] || {}, page: ctx.inst.page,
      });
      if (this.styles[path] !== undefined && !this.sheets[path]) this.sheet(path, comp.prefix, true);
      r.comp = comp;
      r.slots = {};
      this.genericAttrs(ctx, r, a, EMPTY);
      r.attr = a;
      ctx.nodes++;
      this.patchSlots(ctx, r, v.children || NONE);
      const props = propsOf(a);
      comp.lastProps = JSON.stringify(props);
      if (!ctx.inst.first) ctx.inst.pending.add(id);
      this.send({
        t: 'componentCreate', id, owner: ctx.inst.id, path, props, bindings: hostBindings(r),
        dataset: r.dataset, slotted: (v.children || NONE).length > 0,
        // for the logic layer's selectComponent('#id' / '.class')
        elemId: a.id == null ? '' : String(a.id), classes: String(a.class || '').split(/\s+/).filter(Boolean),
      });
    }

    updateHost(ctx, r, v, a) {
      const props = propsOf(a);
      const json = JSON.stringify(props);
      if (json !== r.comp.lastProps) {
        r.comp.lastProps = json;
        this.send({ t: 'componentProps', id: r.comp.id, props });
      }
      this.patchSlots(ctx, r, v.children || NONE);
    }

    // the owner's children of a component go into one holder per slot name; the component's
    // <slot> elements take the holders in (fillSlot)
    patchSlots(ctx, r, children) {
      const list = ns.patch.flatten(children, '', [], new Set());
      const parts = {};
      for (const n of list) {
        const name = n.v && n.v.attr && n.v.attr.slot != null ? String(n.v.attr.slot) : '';
        (parts[name] = parts[name] || []).push(n);
      }
      for (const name in parts) this.holder(r, name);
      for (const name in r.slots) {
        const h = r.slots[name];
        h.kids = this.patchFlat(ctx, h.el, h.kids, parts[name] || NONE, null);
      }
    }

    holder(r, name) {
      let h = r.slots[name];
      if (!h) {
        h = r.slots[name] = { el: this.doc.createElement('wx-slot-content'), kids: NONE };
        if (name) h.el.setAttribute('name', name);
      }
      return h;
    }

    fillSlot(slotRec, name) {
      const host = slotRec.inst.host;
      if (!host) return;
      const h = this.holder(host, name);
      if (h.el.parentNode !== slotRec.dom) slotRec.dom.appendChild(h.el);
    }

    detachComponent(c) {
      if (!this.instances.has(c.id)) return;
      this.instances.delete(c.id);
      this.send({ t: 'componentDetach', id: c.id });
      if (c.parent && c.parent.pending.delete(c.id)) this.maybeFirst(c.parent);
    }

    prefixFor(path) { return path.replace(/[^A-Za-z0-9]+/g, '-') + '--'; }

    // Classes as the component's style scope sees them: its own get its prefix (isolated, the
    // default); with apply-shared/shared/addGlobalClass they keep their plain name too, so page
    // and app styles reach them; an external class (externalClasses) takes the owner's classes
    // given on the host element (`custom-class="…"`).
    classesOf(inst, val) {
      if (val == null) return '';
      // a class bound to an array (uni-app's output) is its items joined
      const s = Array.isArray(val) ? val.flat(Infinity).filter((c) => c != null && c !== '').join(' ') : String(val);
      if (!inst.prefix) return s;
      const out = [];
      for (const c of s.split(/\s+/)) {
        if (!c) continue;
        if (inst.external && inst.external.indexOf(c) >= 0) {
          const host = inst.host;
          const given = host ? host.attr[c] !== undefined ? host.attr[c] : host.attr[camel(c)] : undefined;
          if (given != null && given !== '') out.push(this.classesOf(host.inst, given));
          continue;
        }
        out.push(inst.prefix + c);
        if (inst.shared) out.push(c);
      }
      return out.join(' ');
    }

    // style options of a component: its .json (boot `options`) and its Component() definition
    // (componentReady `options`, `externalClasses`)
    applyOptions(c, opts, external) {
      const o = Object.assign({}, this.options[c.path] || {}, opts || {});
      const iso = o.styleIsolation;
      c.shared = iso === 'apply-shared' || iso === 'shared' || iso === 'page-apply-shared' || o.addGlobalClass === true;
      const ext = external || o.externalClasses;
      c.external = Array.isArray(ext) && ext.length ? ext.map(String) : null;
      // virtualHost: no box of its own (display: contents; child combinators still see it)
      if (o.virtualHost === true) c.host.dom.setAttribute('virtual-host', ''); else c.host.dom.removeAttribute('virtual-host');
    }

    unknownTag(inst, name) {
      const key = inst.path + '|' + name;
      if (this.warned.has(key)) return;
      this.warned.add(key);
      this.send({
        t: 'warn',
        message: `<${name}> is neither a built-in component nor declared in usingComponents of ${inst.path}`,
        file: inst.path + '.wxml',
      });
    }

    // ---- styles ----------------------------------------------------------------------------
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

    // ---- events ----------------------------------------------------------------------------
    recordOf(node) {
      for (let n = node; n; n = n.parentNode) if (n.__wx && n.__wx.dom === n) return n.__wx;
      return null;
    }

    parentRec(r) { return this.recordOf(r.dom.parentNode); }

    closest(r, tag) {
      for (let x = r; x; x = this.parentRec(x)) if (x.tag === tag) return x;
      return null;
    }

    each(r, fn) {
      for (const el of Array.from(r.dom.querySelectorAll('*'))) if (el.__wx && el.__wx.dom === el) fn(el.__wx);
    }

    byId(inst, id) {
      const el = inst.box.querySelector('#' + cssEscape(id));
      return el ? this.recordOf(el) : null;
    }

    firstControl(r) {
      const el = r.dom.querySelector('wx-checkbox, wx-radio, wx-switch, wx-button, wx-input, wx-textarea');
      return el ? el.__wx : null;
    }

    // a person's tap: touchstart, touchend, tap, then what the built-in does when tapped; a long
    // press (held over 350 ms) fires longpress and longtap before touchend, and no tap when a
    // longpress handler ran (platform rule)
    activate(r, point, long, started) {
      const p = point || this.center(r);
      const touch = { identifier: 0, pageX: p.x, pageY: p.y, clientX: p.x, clientY: p.y, force: 1 };
      if (!started) this.fire(r, 'touchstart', {}, { touches: [touch], changedTouches: [touch] });
      let held = false;
      if (long === true) {
        held = this.fire(r, 'longpress', { x: p.x, y: p.y }, { touches: [touch], changedTouches: [touch] });
        this.fire(r, 'longtap', { x: p.x, y: p.y }, { touches: [touch], changedTouches: [touch] });
      } else if (long === 'held') {
        held = true;
      }
      this.fire(r, 'touchend', {}, { touches: [], changedTouches: [touch] });
      if (held) return;
      let blocked = false;
      for (let x = r; x; x = this.parentRec(x)) if (x.b && x.b.blocksTap && x.b.blocksTap(x)) blocked = true;
      if (!blocked) this.fire(r, 'tap', { x: p.x, y: p.y }, { touches: [touch], changedTouches: [touch] });
      for (let x = r; x; x = this.parentRec(x)) {
        if (x.b && x.b.tap) { x.b.tap(x, this); break; }
        if (x.control) { this.focusControl(x); break; }
      }
    }

    center(r) {
      if (typeof r.dom.getBoundingClientRect !== 'function') return { x: 0, y: 0 };
      const b = r.dom.getBoundingClientRect();
      return { x: (b.left || 0) + (b.width || 0) / 2, y: (b.top || 0) + (b.height || 0) / 2 };
    }

    fire(target, type, detail, extra) {
      const path = [];
      const stop = target.inst.page ? target.inst.page.box : null;
      if (BUBBLING.has(type)) {
        for (let n = target.dom; n && n !== stop; n = n.parentNode) if (n.__wx && n.__wx.dom === n) path.push(n.__wx);
      } else {
        path.push(target);
      }
      let mark = null;
      for (const r of path) if (r.mark) for (const k in r.mark) if (!mark || !(k in mark)) (mark = mark || {})[k] = r.mark[k];
      const page = target.inst.page;
      const base = {
        type, timeStamp: Math.round(now() - (page && page.createdAt ? page.createdAt : 0)),
        detail: detail || {}, mark: mark || {},
      };
      if (extra) Object.assign(base, extra);
      let stopped = false;
      let mutDone = false;
      let ran = false;
      for (let i = path.length - 1; i >= 0 && !stopped; i--) {
        const h = path[i].on && path[i].on.capture[type];
        if (h) { this.emit(target, path[i], h, base); ran = true; if (h.catch) stopped = true; }
      }
      for (let i = 0; i < path.length && !stopped; i++) {
        const h = path[i].on && path[i].on.bubble[type];
        if (!h) continue;
        if (h.mut) { if (mutDone) continue; mutDone = true; }
        this.emit(target, path[i], h, base);
        ran = true;
        if (h.catch) stopped = true;
      }
      return ran;
    }

    emit(target, cur, h, base) {
      const owner = cur.inst;
      // the target as the handler's owner sees it: the host of a component it cannot look into
      let t = target;
      for (let x = target; x; x = this.parentRec(x)) if (x.inst === owner) { t = x; break; }
      const event = Object.assign({}, base, { target: this.nodeInfo(t), currentTarget: this.nodeInfo(cur) });
      const msg = { t: 'event', id: owner.id, handler: h.handler, event };
      if (target.control) {
        // lets the logic layer answer with inputReturn for this element
        if (!target.ref) { target.ref = 'n' + ++this.seq; this.refs.set(target.ref, target); }
        msg.nodeRef = target.ref;
      }
      this.send(msg);
    }

    nodeInfo(r) {
      const id = r.attr && r.attr.id != null ? String(r.attr.id) : '';
      return { id, dataset: r.dataset || {}, offsetLeft: r.dom.offsetLeft || 0, offsetTop: r.dom.offsetTop || 0 };
    }

    focusControl(r) {
      if (this.focused === r) return;
      if (this.focused && this.focused.control) this.fire(this.focused, 'blur', { value: this.focused.control.value });
      this.focused = r;
      if (typeof r.control.focus === 'function' && this.live) r.control.focus();
      this.fire(r, 'focus', { value: r.control.value, height: 0 });
    }

    controlInput(r) {
      const c = r.control;
      (r.typed = r.typed || []).push(c.value);
      if (r.typed.length > 50) r.typed.shift();
      const cursor = typeof c.selectionStart === 'number' ? c.selectionStart : c.value.length;
      this.fire(r, 'input', { value: c.value, cursor, keyCode: r.keyCode });
      if (r.tag === 'wx-textarea' && truthy(r.attr.autoHeight)) this.fitHeight(r);
    }

    fitHeight(r) {
      if (!this.live) return;
      const c = r.control;
      c.style.height = 'auto';
      c.style.height = c.scrollHeight + 'px';
    }

    bindControl(r) {
      const c = r.control;
      c.addEventListener('keydown', (e) => {
        r.keyCode = e.keyCode;
        if (e.key === 'Enter' && r.tag === 'wx-input') this.fire(r, 'confirm', { value: c.value });
      });
      c.addEventListener('input', () => this.controlInput(r));
      c.addEventListener('focus', () => { if (this.focused !== r) { this.focused = r; this.fire(r, 'focus', { value: c.value, height: 0 }); } });
      c.addEventListener('blur', () => { if (this.focused === r) this.focused = null; this.fire(r, 'blur', { value: c.value, cursor: c.selectionStart || 0 }); });
    }

    bindScroll(r) {
      let lastTop = 0;
      let lastLeft = 0;
      r.dom.addEventListener('scroll', () => {
        const el = r.dom;
        this.fire(r, 'scroll', {
          scrollLeft: el.scrollLeft, scrollTop: el.scrollTop, scrollHeight: el.scrollHeight,
          scrollWidth: el.scrollWidth, deltaX: lastLeft - el.scrollLeft, deltaY: lastTop - el.scrollTop,
        });
        lastTop = el.scrollTop;
        lastLeft = el.scrollLeft;
        const lower = r.attr.lowerThreshold != null ? this.length(r.attr.lowerThreshold) : 50;
        const upper = r.attr.upperThreshold != null ? this.length(r.attr.upperThreshold) : 50;
        const atLower = el.scrollTop + el.clientHeight >= el.scrollHeight - lower;
        if (atLower && r.lowerArmed) this.fire(r, 'scrolltolower', { direction: 'bottom' });
        r.lowerArmed = !atLower;
        const atUpper = el.scrollTop <= upper;
        if (atUpper && r.upperArmed) this.fire(r, 'scrolltoupper', { direction: 'top' });
        r.upperArmed = !atUpper;
      });
    }

    bindImage(r) {
      r.img.addEventListener('load', () => {
        const w = r.img.naturalWidth;
        const h = r.img.naturalHeight;
        if (r.attr.mode === 'widthFix' && w) r.dom.style.height = (r.dom.clientWidth * h) / w + 'px';
        if (r.attr.mode === 'heightFix' && h) r.dom.style.width = (r.dom.clientHeight * w) / h + 'px';
        this.fire(r, 'load', { width: w, height: h });
      });
      r.img.addEventListener('error', () => {
        this.fire(r, 'error', { errMsg: 'GET ' + r.img.getAttribute('src') + ' failed' });
        this.send({ t: 'warn', message: 'image failed to load: ' + r.attr.src, file: r.inst.path + '.wxml' });
      });
    }

    scrollBox(r, to, animate) {
      if (to.top !== undefined) r.scrollTarget = to.top;
      if (this.live && typeof r.dom.scrollTo === 'function') {
        r.dom.scrollTo(Object.assign({}, to, { behavior: animate ? 'smooth' : 'auto' }));
      } else {
        if (to.top !== undefined) r.dom.scrollTop = to.top;
        if (to.left !== undefined) r.dom.scrollLeft = to.left;
      }
    }

    scrollIntoView(r, id, animate) {
      const el = r.dom.querySelector('#' + cssEscape(id));
      if (!el) return;
      r.scrolledInto = id;
      if (!this.live) return;
      const box = r.dom.getBoundingClientRect();
      const t = el.getBoundingClientRect();
      const horizontal = truthy(r.attr.scrollX) && !truthy(r.attr.scrollY);
      const to = horizontal ? { left: r.dom.scrollLeft + t.left - box.left } : { top: r.dom.scrollTop + t.top - box.top };
      this.scrollBox(r, to, animate);
    }

    scroller() { return this.doc.scrollingElement || this.doc.documentElement; }

    formAction(form, kind) {
      const value = {};
      this.each(form, (x) => {
        const name = x.attr.name;
        if (name == null || name === '') return;
        if (kind === 'reset') {
          if (x.control) x.control.value = '';
          if (x.checked !== undefined) x.checked = false;
          return;
        }
        if (x.control) value[name] = x.control.value;
        else if (x.tag === 'wx-switch') value[name] = !!x.checked;
        else if (x.tag === 'wx-checkbox-group' || x.tag === 'wx-radio-group') {
          const vals = [];
          this.each(x, (y) => { if ((y.tag === 'wx-checkbox' || y.tag === 'wx-radio') && y.checked) vals.push(y.attr.value == null ? '' : String(y.attr.value)); });
          value[name] = x.tag === 'wx-radio-group' ? vals[0] || '' : vals;
        }
      });
      this.fire(form, kind, kind === 'submit' ? { value } : {});
    }

    notice(msg) { this.send(msg); }
    textTouched() { if (this.ctx) this.ctx.textChanged = true; }

    // ---- inspection ------------------------------------------------------------------------
    target(msg) {
      const page = this.top;
      if (!page) { this.send({ t: 'done', q: msg.q, ok: false, error: 'no page is shown' }); return null; }
      if (msg.selector == null && msg.handler != null) {
        // the first element (document order) whose tap runs this handler, e.g. the send button
        for (const el of Array.from(page.box.querySelectorAll('*'))) {
          const r = el.__wx;
          if (!r || r.dom !== el || !r.on) continue;
          const h = r.on.bubble.tap || r.on.capture.tap;
          if (h && h.handler === msg.handler) return r;
        }
        this.send({ t: 'done', q: msg.q, ok: false, error: `no element's tap runs ${msg.handler}` });
        return null;
      }
      // the page first, then inside its components (their classes carry a prefix), as a person
      // points at what they see
      const scopes = msg.id != null ? [this.instances.get(String(msg.id))].filter(Boolean) : [page];
      if (msg.id == null) for (const inst of this.instances.values()) if (!inst.isPage && inst.page === page) scopes.push(inst);
      let r = null;
      for (const scope of scopes) {
        const el = scope.box.querySelector(this.selector(String(msg.selector), scope));
        if (el) { r = this.recordOf(el); break; }
      }
      if (!r) { this.send({ t: 'done', q: msg.q, ok: false, error: `no element matches ${msg.selector}` }); return null; }
      return r;
    }

    // WXML selectors → DOM: tag names get their wx- prefix, classes inside a component its prefix
    selector(sel, scope) {
      let out = sel.replace(/(^|[\s>+~,(])([a-z][a-z0-9-]*)(?![\w-]*\s*=)/g, (m, pre, tag) => {
        if (tag.startsWith('wx-')) return m;
        return pre + 'wx-' + tag;
      });
      if (scope && scope.prefix) out = out.replace(/\.(-?[_a-zA-Z][\w-]*)/g, (_, c) => '.' + scope.prefix + c);
      return out;
    }

    info(r, fields) {
      const out = {};
      for (const f of fields) {
        switch (f) {
          case 'id': out.id = r.attr.id != null ? String(r.attr.id) : ''; break;
          case 'dataset': out.dataset = r.dataset || {}; break;
          case 'tagName': out.tagName = r.tag.slice(3); break;
          case 'text': out.text = this.visibleText(r.dom); break;
          case 'wxml': out.wxml = this.wxml(r, false); break;
          case 'outerWxml': out.outerWxml = this.wxml(r, true); break;
          case 'attributes': out.attributes = plain(r.attr); break;
          case 'style': out.style = r.dom.getAttribute('style') || ''; break;
          case 'html': out.html = r.dom.innerHTML; break;
          case 'bindings': {
            const b = {};
            if (r.on) for (const phase of ['capture', 'bubble']) for (const type in r.on[phase]) b[type] = r.on[phase][type].handler;
            out.bindings = b;
            break;
          }
          case 'value': out.value = r.control ? r.control.value : r.checked !== undefined ? r.checked : null; break;
          case 'properties': out.properties = r.comp ? r.comp.data : Object.assign(plain(r.attr), r.control ? { value: r.control.value } : {}); break;
          case 'instance': out.instance = r.comp ? r.comp.id : null; break;
          case 'scrollIntoView': out.scrollIntoView = r.scrolledInto || null; break;
          case 'rect': case 'size': {
            const b = typeof r.dom.getBoundingClientRect === 'function' ? r.dom.getBoundingClientRect() : null;
            const rect = { left: 0, top: 0, right: 0, bottom: 0, width: 0, height: 0 };
            if (b) for (const k in rect) rect[k] = b[k] || 0;
            if (f === 'rect') out.rect = rect; else out.size = { width: rect.width, height: rect.height };
            break;
          }
          case 'scrollOffset':
            out.scrollOffset = {
              scrollLeft: r.dom.scrollLeft || 0, scrollTop: r.dom.scrollTop || 0,
              scrollWidth: r.dom.scrollWidth || 0, scrollHeight: r.dom.scrollHeight || 0,
            };
            break;
          default: break;
        }
      }
      return out;
    }

    wxml(r, outer) {
      const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
      const inner = () => {
        let s = '';
        const kids = r.comp ? r.comp.kids : r.kids || NONE;
        for (const k of kids) s += k.tag === '#text' ? esc(k.text) : this.wxml(k, true);
        return s;
      };
      if (!outer) return inner();
      if (r.tag === '#text') return esc(r.text);
      const name = r.tag.slice(3);
      let attrs = '';
      for (const k in r.attr) {
        const v = r.attr[k];
        if (v === undefined || typeof v === 'object') continue;
        attrs += ` ${k}="${esc(v)}"`;
      }
      return `<${name}${attrs}>${inner()}</${name}>`;
    }

    // what a person sees: text, without hidden subtrees, styles or spinners; blocks on own lines
    visibleText(root) {
      const parts = [];
      const walk = (n) => {
        for (let c = n.firstChild; c; c = c.nextSibling) {
          if (c.nodeType === 3) { parts.push(c.data); continue; }
          if (c.nodeType !== 1) continue;
          const tag = c.tagName;
          if (tag === 'STYLE' || tag === 'SCRIPT' || tag === 'WX-INPUT' || tag === 'WX-TEXTAREA') continue;
          if (c.hasAttribute('hidden') || c.getAttribute('class') === 'wx-loading') continue;
          const block = BLOCK_TAGS.has(tag);
          if (block) parts.push('\u0001');
          walk(c);
          if (block) parts.push('\u0001');
        }
      };
      walk(root);
      // block edges become one line break; the text's own line breaks and spaces are kept
      return parts.join('').replace(/\u0001+/g, '\n').replace(/^\n+|\n+$/g, '');
    }
  }

  Object.assign(View.prototype, Patch);

  const NOT_PROPS = /^(id|class|style|hidden|slot|data-|mark:|generic:|\$wxs:|(bind|catch|capture-bind|capture-catch|mut-bind):?)/;
  function propsOf(a) {
    const out = {};
    for (const k in a) if (!NOT_PROPS.test(k)) out[k] = a[k];
    return out;
  }

  function hostBindings(r) {
    const out = {};
    if (!r.on) return out;
    for (const name in r.on.capture) out[name] = { handler: r.on.capture[name].handler, capture: true, catch: r.on.capture[name].catch };
    for (const name in r.on.bubble) {
      const h = r.on.bubble[name];
      out[name] = { handler: h.handler, capture: false, catch: h.catch, mut: h.mut };
    }
    return out;
  }

  function safeJson(a) { try { return JSON.stringify(a); } catch (_) { return String(a); } }

  function camel(name) { return name.replace(/-([a-z])/g, (_, ch) => ch.toUpperCase()); }

  function plain(a) {
    const out = {};
    for (const k in a) if (a[k] !== undefined) out[k] = a[k];
    return out;
  }

  function cssEscape(id) {
    return id.replace(/([^\w-])/g, '\\$1').replace(/^(\d)/, '\\3$1 ');
  }

  ns.View = View;
  ns.setPath = setPath;
})(globalThis.WxView = globalThis.WxView || {});
