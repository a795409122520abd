// Custom components as the view layer holds them: a host element per instance (the view picks
// the ids), props and bindings sent to the logic layer, the owner's children in slot holders,
// the component's template rendered once the logic layer made the instance, style scopes
// (class prefix, apply-shared, externalClasses, virtualHost). Mixed into View.
(function (ns) {
  'use strict';

  const { EMPTY, NONE } = ns.patch;
  const { camel } = ns.util;

  ns.Components = {
    on_componentReady(msg) {
      const c = this.instances.get(String(msg.id));
      if (!c) return;
      c.data = msg.data || {};
      c.ready = true;
      this.applyOptions(c, msg.options, msg.externalClasses);
      this.render(c);
      this.maybeFirst(c);
    },

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
    },

    updateHost(ctx, r, v, a) {
      const props = propsOf(a);
      const json = JSON.stringify(props);
      if (json !== r.comp.lastProps) {
        r.comp.lastProps = json;
        // props from a setData that had seen keystroke N: the component's setData says so too
        const msg = { t: 'componentProps', id: r.comp.id, props };
        if (this.inputSeen) msg.input = this.inputSeen;
        this.send(msg);
      }
      this.patchSlots(ctx, r, v.children || NONE);
    },

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
    },

    holder(r, name) {
      let h = r.slots[name];
      if (!h) {
        h = r.slots[name] = { el: this.doc.createElement('wx-slot-content'), kids: NONE };
        if (name) h.el.setAttribute('name', name);
      }
      return h;
    },

    fillSlot(slotRec, name) {
      const host = slotRec.inst.host;
      if (!host) return;
      const h = this.holder(host, name);
      if (h.el.parentNode !== slotRec.dom) slotRec.dom.appendChild(h.el);
    },

    detachComponent(c) {
      if (!this.instances.has(c.id)) return;
      this.instances.delete(c.id);
      this.send({ t: 'componentDetach', id: c.id });
      if (c.parent && c.parent.pending.delete(c.id)) this.maybeFirst(c.parent);
    },

    prefixFor(path) { return path.replace(/[^A-Za-z0-9]+/g, '-') + '--'; },

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
    },

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
    },

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
  };

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
})(globalThis.WxView = globalThis.WxView || {});
