// Reading the view: queries (createSelectorQuery, automation), the visible text, WXML of a
// node, the WXML panel's tree and highlight, the CSS per stylesheet, an error over the page.
// Mixed into View.
(function (ns) {
  'use strict';

  const { NONE } = ns.patch;
  const { plain } = ns.util;

  const BLOCK_TAGS = new Set([
    'WX-VIEW', 'WX-BUTTON', 'WX-SCROLL-VIEW', 'WX-FORM', 'WX-NAVIGATOR', 'WX-RICH-TEXT', 'WX-IMAGE',
    'DIV', 'P', 'LI', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'PRE', 'BLOCKQUOTE', 'TR', 'BR',
  ]);

  ns.Inspect = {
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
    },

    on_text(msg) {
      // an error shown over the page is what a person sees then
      const overlay = this.doc.querySelector('wx-error');
      const value = overlay ? overlay.textContent : this.top ? this.visibleText(this.top.box) : '';
      this.send({ t: 'result', q: msg.q, value });
    },

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
    },

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
    },

    // the CSS each stylesheet produced for the current device (the WXSS inspector, tests)
    on_styles(msg) {
      const value = {};
      for (const path in this.sheets) value[path] = this.sheets[path].el.textContent;
      this.send({ t: 'result', q: msg.q, value });
    },

    // a compile or load error shown over the page, as DevTools does (message null: hide it)
    on_showError(msg) {
      let box = this.doc.querySelector('wx-error');
      if (msg.message == null) { if (box) box.remove(); return; }
      if (!box) { box = this.doc.createElement('wx-error'); this.doc.body.appendChild(box); }
      const where = msg.file ? msg.file + (msg.line ? ':' + msg.line + (msg.column ? ':' + msg.column : '') : '') : '';
      box.textContent = (where ? where + '\n' : '') + String(msg.message);
    },

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
    },

    // WXML selectors → DOM: tag names get their wx- prefix, classes inside a component its prefix
    selector(sel, scope) {
      let out = sel.replace(/(^|[\s>+~,(])([a-z][a-z0-9-]*)(?![\w-]*\s*=)/g, (m, pre, tag) => {
        if (tag.startsWith('wx-')) return m;
        return pre + 'wx-' + tag;
      });
      if (scope && scope.prefix) out = out.replace(/\.(-?[_a-zA-Z][\w-]*)/g, (_, c) => '.' + scope.prefix + c);
      return out;
    },

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
    },

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
    },

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
  };
})(globalThis.WxView = globalThis.WxView || {});
