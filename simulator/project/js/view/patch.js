// The `$gwx` tree to DOM, patched in place. `$gwx` (with __webview_engine_version__ 0.02)
// returns `virtual` nodes for wx:for (items keyed by wx:key: `wxKey`) and wx:if (branch number:
// `wxVkey`); we flatten them into each element's child list, giving every child a key path so
// that a keyed item, or an if-branch, keeps its DOM across renders and only what changed is
// written. Each DOM element we create carries its record in `dom.__wx`.
(function (ns) {
  'use strict';

  const EMPTY = Object.freeze({});
  const NONE = Object.freeze([]);

  // A child's key segment: its wx:key, its if-branch, or its position.
  function segment(c, j) {
    if (c !== null && typeof c === 'object' && c.tag === 'virtual') {
      if (c.wxKey !== undefined) return 'k' + String(c.wxKey);
      if (c.wxVkey !== undefined) return j + 'v' + c.wxVkey;
    }
    return '' + j;
  }

  function flatten(children, prefix, out, seen) {
    for (let j = 0; j < children.length; j++) {
      const c = children[j];
      if (c === undefined || c === null) continue;
      let k = prefix + segment(c, j);
      if (seen.has(k)) { // duplicate wx:key values: keep them apart, by position
        let n = 1;
        while (seen.has(k + '#' + n)) n++;
        k = k + '#' + n;
      }
      if (typeof c !== 'object') { seen.add(k); out.push({ k, text: String(c) }); continue; }
      if (c.tag === 'virtual') { flatten(c.children || NONE, k + '/', out, seen); continue; }
      seen.add(k);
      out.push({ k, v: c });
    }
    return out;
  }

  // Mixed into View: createEl/updateEl/patchList/removeRec. `ctx` is one render:
  // {inst, textChanged, mutations, nodes}.
  const Patch = {
    patchList(ctx, parent, oldKids, vchildren, textFn) {
      return this.patchFlat(ctx, parent, oldKids, flatten(vchildren, '', [], new Set()), textFn);
    },

    patchFlat(ctx, parent, oldKids, list, textFn) {
      const byKey = new Map();
      for (const r of oldKids) byKey.set(r.k, r);
      const out = new Array(list.length);
      for (let i = 0; i < list.length; i++) {
        const n = list[i];
        let r = byKey.get(n.k);
        if (r !== undefined && (n.v ? r.tag === n.v.tag : r.tag === '#text')) {
          byKey.delete(n.k);
          if (n.v) this.updateEl(ctx, r, n.v);
          else this.updateText(ctx, r, n.text, textFn);
        } else {
          r = n.v ? this.createEl(ctx, n) : this.createText(ctx, n, textFn);
        }
        out[i] = r;
      }
      for (const r of byKey.values()) this.removeRec(ctx, r);
      // place in order, back to front, moving only what is out of place
      let before = null;
      for (let i = out.length - 1; i >= 0; i--) {
        const d = out[i].dom;
        if (d.parentNode !== parent || d.nextSibling !== before) {
          parent.insertBefore(d, before);
          ctx.mutations++;
        }
        before = d;
      }
      return out;
    },

    createText(ctx, n, textFn) {
      ctx.textChanged = true;
      ctx.mutations++;
      return { k: n.k, tag: '#text', text: n.text, dom: this.doc.createTextNode(textFn ? textFn(n.text) : n.text) };
    },

    updateText(ctx, r, text, textFn) {
      if (r.text === text && !textFn) return;
      const shown = textFn ? textFn(text) : text;
      if (r.dom.data !== shown) {
        r.dom.data = shown;
        ctx.textChanged = true;
        ctx.mutations++;
      }
      r.text = text;
    },

    createEl(ctx, n) {
      const v = n.v;
      const name = v.tag.slice(3);
      const compPath = ctx.inst.using[name];
      const el = this.doc.createElement(v.tag);
      const r = {
        k: n.k, tag: v.tag, dom: el, box: el, attr: EMPTY, kids: NONE, inst: ctx.inst,
        b: compPath ? null : ns.builtins.TABLE[name] || null, on: null, dataset: EMPTY, mark: null,
      };
      el.__wx = r;
      ctx.mutations++;
      if (compPath) {
        this.createHost(ctx, r, compPath, v);
        return r;
      }
      if (!r.b) this.unknownTag(ctx.inst, name);
      else if (r.b.create) r.b.create(r, this);
      this.updateEl(ctx, r, v);
      return r;
    },

    updateEl(ctx, r, v) {
      ctx.nodes++;
      const a = v.attr || EMPTY;
      const old = r.attr;
      this.genericAttrs(ctx, r, a, old);
      if (r.comp) {
        this.updateHost(ctx, r, v, a);
        r.attr = a;
        return;
      }
      if (r.b && r.b.update) r.b.update(r, a, old, this);
      r.attr = a;
      if (!(r.b && r.b.ownsChildren)) {
        const tf = r.b && r.b.textMode ? r.b.textMode(a) : null;
        r.kids = this.patchList(ctx, r.box, r.kids, v.children || NONE, tf);
      }
      if (r.b && r.b.after) r.b.after(r, a, old, this);
    },

    // id, class, style, hidden, data-*, mark:*, event bindings: the same for every tag.
    genericAttrs(ctx, r, a, old) {
      let data = false;
      let marks = false;
      let binds = false;
      const el = r.dom;
      const visit = (k, val) => {
        if (k === 'id') {
          if (val == null || val === '') el.removeAttribute('id'); else el.setAttribute('id', String(val));
        } else if (k === 'class') {
          el.setAttribute('class', this.classesOf(ctx.inst, val));
        } else if (k === 'style') {
          el.setAttribute('style', val == null ? '' : this.inlineStyle(String(val)));
        } else if (k === 'hidden') {
          if (ns.builtins.truthy(val)) el.setAttribute('hidden', ''); else el.removeAttribute('hidden');
          ctx.textChanged = true;
        } else if (k.startsWith('data-')) {
          data = true;
          if (val == null || typeof val === 'object') el.removeAttribute(k); else el.setAttribute(k, String(val));
        } else if (k.startsWith('mark:')) {
          marks = true;
          return;
        } else if (BINDING.test(k)) {
          binds = true;
          return;
        } else {
          return;
        }
        ctx.mutations++;
      };
      for (const k in a) { if (old[k] !== a[k]) visit(k, a[k]); }
      for (const k in old) { if (!(k in a)) visit(k, undefined); }
      if (data) r.dataset = datasetOf(a);
      if (marks) r.mark = marksOf(a);
      if (binds) r.on = bindingsOf(a);
    },

    removeRec(ctx, r) {
      this.detachWithin(r);
      if (this.refs.size) for (const [ref, x] of this.refs) if (x === r || r.dom.contains(x.dom)) this.refs.delete(ref);
      if (r.dom.parentNode) r.dom.parentNode.removeChild(r.dom);
      ctx.mutations++;
      ctx.textChanged = true;
    },

    // every component instance inside a removed subtree gets componentDetach (owner first)
    detachWithin(r) {
      if (r.comp) {
        this.detachComponent(r.comp);
        for (const k of r.comp.kids) this.detachWithin(k);
        for (const name in r.slots) for (const k of r.slots[name].kids) this.detachWithin(k);
        return;
      }
      if (r.kids) for (const k of r.kids) this.detachWithin(k);
    },
  };

  const BINDING = /^(bind|catch|capture-bind|capture-catch|mut-bind):?(.+)$/;

  // `data-foo-bar` → fooBar; upper case letters in the name are lowered first (platform rule).
  function datasetOf(a) {
    const out = {};
    for (const k in a) {
      if (!k.startsWith('data-')) continue;
      const name = k.slice(5).toLowerCase().replace(/-([a-z])/g, (_, c) => c.toUpperCase());
      out[name] = a[k];
    }
    return out;
  }

  function marksOf(a) {
    let out = null;
    for (const k in a) if (k.startsWith('mark:')) (out = out || {})[k.slice(5)] = a[k];
    return out;
  }

  function bindingsOf(a) {
    let on = null;
    for (const k in a) {
      const m = BINDING.exec(k);
      if (!m || a[k] == null || a[k] === '') continue;
      on = on || { bubble: {}, capture: {} };
      const kind = m[1];
      const entry = { handler: String(a[k]), catch: kind.endsWith('catch'), mut: kind === 'mut-bind' };
      (kind.startsWith('capture') ? on.capture : on.bubble)[m[2]] = entry;
    }
    return on;
  }

  ns.patch = { Patch, flatten, EMPTY, NONE };
})(globalThis.WxView = globalThis.WxView || {});
