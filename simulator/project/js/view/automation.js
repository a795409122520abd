// Automation's requests to the view (project-protocol.md, "Automation"): elements get handles
// that stay valid while their node is in the page, so miniprogram-automator's Element objects
// can act on exactly the node they found (tap, input as a person, read text/wxml/attributes).
//   {t:'autoFind', q, page?, within?, selector, all} → {t:'result', q, ok, value:[{elementId, tagName, nodeId?}]}
//   {t:'autoElement', q, elementId, op, …}          → {t:'result', q, ok, value} (ok:false + error)
(function (ns) {
  'use strict';
  const View = ns.View;
  let next = 1;

  Object.assign(View.prototype, {
    autoHandles() {
      if (!this.handles) this.handles = new Map();
      return this.handles;
    },

    autoHandle(r) {
      if (!r.autoId) {
        r.autoId = 'e' + next++;
        this.autoHandles().set(r.autoId, r);
      }
      const out = { elementId: r.autoId, tagName: r.tag.slice(3) };
      if (r.comp) out.nodeId = String(r.comp.id);
      return out;
    },

    autoRecord(id) {
      const r = this.autoHandles().get(String(id));
      if (!r) throw new Error(`no element with id ${id}`);
      if (!r.dom.isConnected) {
        this.handles.delete(String(id));
        throw new Error(`element ${id} (${r.tag.slice(3)}) is no longer in the page`);
      }
      return r;
    },

    // the page's own nodes first, then inside its components (as `tap`/`input` look)
    autoScopes(pageId) {
      const page = pageId != null ? this.instances.get(String(pageId)) : this.top;
      if (!page) throw new Error(pageId != null ? `page ${pageId} is not open` : 'no page is shown');
      const scopes = [page];
      for (const inst of this.instances.values()) if (!inst.isPage && inst.page === page) scopes.push(inst);
      return scopes;
    },

    on_autoFind(msg) {
      const found = [];
      const seen = new Set();
      const add = (el) => {
        const r = el.__wx && el.__wx.dom === el ? el.__wx : null;
        if (r && !seen.has(r)) { seen.add(r); found.push(r); }
      };
      if (msg.within != null) {
        const r = this.autoRecord(msg.within);
        const inst = r.comp || r.inst;
        for (const el of r.dom.querySelectorAll(this.selector(String(msg.selector), r.comp ? inst : r.inst))) add(el);
      } else {
        for (const scope of this.autoScopes(msg.page)) {
          for (const el of scope.box.querySelectorAll(this.selector(String(msg.selector), scope))) add(el);
          if (!msg.all && found.length) break;
        }
      }
      const list = msg.all ? found : found.slice(0, 1);
      this.send({ t: 'result', q: msg.q, ok: true, value: list.map((r) => this.autoHandle(r)) });
    },

    on_autoElement(msg) {
      const r = this.autoRecord(msg.elementId);
      const op = AUTO_OPS[msg.op];
      if (!op) throw new Error(`unknown element op ${JSON.stringify(msg.op)}`);
      const value = op.call(this, r, msg);
      this.send({ t: 'result', q: msg.q, ok: true, value: value === undefined ? null : value });
    },

    autoInput(r, value, confirm) {
      let c = r;
      if (!c.control) {
        const inner = c.dom.querySelector('wx-input, wx-textarea');
        c = inner && inner.__wx;
      }
      if (!c || !c.control) throw new Error(`${r.tag.slice(3)} is not an input or textarea`);
      if (c.attr.disabled === true || c.attr.disabled === 'true' || c.attr.disabled === '') throw new Error(`${r.tag.slice(3)} is disabled`);
      if (this.focused !== c) this.focusControl(c);
      let text = String(value);
      if (c.maxlength >= 0) text = text.slice(0, c.maxlength);
      c.control.value = text;
      c.keyCode = text.length ? text.charCodeAt(text.length - 1) : 8;
      this.controlInput(c);
      if (confirm) this.fire(c, 'confirm', { value: c.control.value });
    },

    autoRect(r) {
      const b = typeof r.dom.getBoundingClientRect === 'function' ? r.dom.getBoundingClientRect() : null;
      return b ? { left: b.left || 0, top: b.top || 0, width: b.width || 0, height: b.height || 0 } : { left: 0, top: 0, width: 0, height: 0 };
    },

    autoDomProperty(r, name) {
      switch (name) {
        case 'innerText': case 'textContent': return this.visibleText(r.dom);
        case 'value': return r.control ? r.control.value : r.checked !== undefined ? r.checked : null;
        case 'offsetWidth': return this.autoRect(r).width;
        case 'offsetHeight': return this.autoRect(r).height;
        default: {
          const v = r.dom[name];
          return v === undefined || typeof v === 'function' || (v !== null && typeof v === 'object') ? null : v;
        }
      }
    },

    autoProperty(r, name) {
      if (name === '__propPublic') {
        const out = {};
        const props = r.comp ? r.comp.data || {} : r.attr;
        for (const k in props) out[k] = true;
        if (r.control || r.checked !== undefined) out.value = true;
        return out;
      }
      if (r.comp) return (r.comp.data || {})[name] === undefined ? null : r.comp.data[name];
      if (name === 'value' && (r.control || r.checked !== undefined)) return this.autoDomProperty(r, 'value');
      return r.attr[name] === undefined ? null : r.attr[name];
    },

    autoWindowProperty(name) {
      // 'document.documentElement.scrollWidth' and the like, read from this document; without
      // layout (headless) the page's scroll position is the one it last asked for
      // (wx.pageScrollTo) and other box sizes are 0
      const parts = String(name).split('.');
      const last = parts[parts.length - 1];
      if (!this.live && (last === 'scrollTop' || last === 'scrollLeft')) {
        return last === 'scrollTop' && this.top ? Number(this.top.scrollTop) || 0 : 0;
      }
      let node = { document: this.doc, window: { innerWidth: this.device.windowWidth, innerHeight: this.device.windowHeight } };
      for (const part of parts) {
        if (node === null || node === undefined) break;
        node = node[part];
      }
      if (node === undefined && LAYOUT.test(last)) return 0;
      return node === undefined || typeof node === 'function' || (node !== null && typeof node === 'object') ? null : node;
    },

    on_autoWindow(msg) {
      const value = (msg.names || []).map((n) => this.autoWindowProperty(n));
      this.send({ t: 'result', q: msg.q, ok: true, value });
    },
  });

  const LAYOUT = /^(scroll|client|offset)(Top|Left|Width|Height)$/;
  const touchesOf = (m) => ({ touches: m.touches || [], changedTouches: m.changedTouches || m.touches || [] });

  const AUTO_OPS = {
    tap(r) { this.activate(r); },
    input(r, m) { this.autoInput(r, m.value, m.confirm === true); },
    trigger(r, m) { this.fire(r, String(m.type), m.detail || {}); },
    touch(r, m) { this.fire(r, String(m.type), {}, touchesOf(m)); },
    wxml(r, m) { return this.wxml(r, m.outer === true); },
    offset(r) { const b = this.autoRect(r); const s = this.scroller(); return { left: b.left + (s.scrollLeft || 0), top: b.top + (s.scrollTop || 0) }; },
    domProperties(r, m) { return (m.names || []).map((n) => this.autoDomProperty(r, n)); },
    properties(r, m) { return (m.names || []).map((n) => this.autoProperty(r, n)); },
    attributes(r, m) {
      return (m.names || []).map((n) => {
        const v = r.attr[n];
        if (v !== undefined && (v === null || typeof v !== 'object')) return String(v);
        const d = r.dom.getAttribute(n);
        return d === null ? null : d;
      });
    },
    styles(r, m) { return (m.names || []).map((n) => (r.dom.style && r.dom.style[n]) || ''); },
  };
})(globalThis.WxView = globalThis.WxView || {});
