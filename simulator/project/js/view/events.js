// The view's events: a person's tap/long press/typing/scrolling as the platform's event
// objects (bubbling, capture, catch, mut-bind, marks, retargeting at component edges), the
// host's tap/input/scrollTo requests, and the built-ins' default actions. Mixed into View.
(function (ns) {
  'use strict';

  const { truthy } = ns.builtins;
  const { now, cssEscape } = ns.util;

  // Events that bubble (and have a capture phase), as the platform lists them.
  const BUBBLING = new Set([
    'touchstart', 'touchmove', 'touchcancel', 'touchend', 'tap', 'longpress', 'longtap',
    'transitionend', 'animationstart', 'animationiteration', 'animationend', 'touchforcechange',
  ]);

  ns.Events = {
    on_tap(msg) {
      const r = this.target(msg);
      if (!r) return;
      this.activate(r, null, !!msg.long);
      this.send({ t: 'done', q: msg.q, ok: true });
    },

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
    },

    // a bindinput handler returned a string: it becomes the input's value (platform rule).
    // `typed` is the value its event carried: returning it unchanged (uni-app's v-model does,
    // every key) changes nothing, and a changed text is for that keystroke only: when the
    // person typed on since, the newer keystroke's own answer follows.
    on_inputReturn(msg) {
      const r = this.refs.get(msg.nodeRef);
      if (!r || !r.control || r.dom.isConnected === false) return;
      const c = r.control;
      const value = String(msg.value);
      if (msg.typed !== undefined && (value === msg.typed || c.value !== msg.typed)) return;
      c.value = value;
      if (typeof msg.cursor === 'number' && msg.cursor >= 0 && typeof c.setSelectionRange === 'function') {
        c.setSelectionRange(msg.cursor, msg.cursor);
      }
    },

    on_scrollTo(msg) {
      const page = msg.id != null ? this.instances.get(String(msg.id)) : this.top;
      if (!page) {
        if (msg.q !== undefined) this.send({ t: 'done', q: msg.q, ok: false, error: 'no such page' });
        return;
      }
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
      // pageScrollTo's success: the host waits for this answer (without it: fail after 10 s)
      if (msg.q !== undefined) this.send({ t: 'done', q: msg.q, ok: true });
    },

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
    },

    recordOf(node) {
      for (let n = node; n; n = n.parentNode) if (n.__wx && n.__wx.dom === n) return n.__wx;
      return null;
    },

    parentRec(r) { return this.recordOf(r.dom.parentNode); },

    closest(r, tag) {
      for (let x = r; x; x = this.parentRec(x)) if (x.tag === tag) return x;
      return null;
    },

    each(r, fn) {
      for (const el of Array.from(r.dom.querySelectorAll('*'))) if (el.__wx && el.__wx.dom === el) fn(el.__wx);
    },

    byId(inst, id) {
      const el = inst.box.querySelector('#' + cssEscape(id));
      return el ? this.recordOf(el) : null;
    },

    firstControl(r) {
      const el = r.dom.querySelector('wx-checkbox, wx-radio, wx-switch, wx-button, wx-input, wx-textarea');
      return el ? el.__wx : null;
    },

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
    },

    center(r) {
      if (typeof r.dom.getBoundingClientRect !== 'function') return { x: 0, y: 0 };
      const b = r.dom.getBoundingClientRect();
      return { x: (b.left || 0) + (b.width || 0) / 2, y: (b.top || 0) + (b.height || 0) / 2 };
    },

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
    },

    emit(target, cur, h, base) {
      const owner = cur.inst;
      const type = base.type;
      // the target as the handler's owner sees it: the host of a component it cannot look into
      let t = target;
      for (let x = target; x; x = this.parentRec(x)) if (x.inst === owner) { t = x; break; }
      const event = Object.assign({}, base, { target: this.nodeInfo(t), currentTarget: this.nodeInfo(cur) });
      const msg = { t: 'event', id: owner.id, handler: h.handler, event };
      // numbers a keystroke so the logic layer can say which ones its setData had seen
      if (this.inputSeq && type === 'input' && target.control) msg.inputSeq = this.inputSeq;
      // the element whose handler runs (the window counts a tap on a button after typing as
      // a send); not part of the platform's event object
      if (cur.tag) msg.tag = String(cur.tag).replace(/^wx-/, '');
      if (target.control) {
        // lets the logic layer answer with inputReturn for this element
        if (!target.ref) { target.ref = 'n' + ++this.seq; this.refs.set(target.ref, target); }
        msg.nodeRef = target.ref;
      }
      this.send(msg);
    },

    nodeInfo(r) {
      const id = r.attr && r.attr.id != null ? String(r.attr.id) : '';
      return { id, dataset: r.dataset || {}, offsetLeft: r.dom.offsetLeft || 0, offsetTop: r.dom.offsetTop || 0 };
    },

    focusControl(r) {
      if (this.focused === r) return;
      if (this.focused && this.focused.control) this.fire(this.focused, 'blur', { value: this.focused.control.value });
      this.focused = r;
      if (typeof r.control.focus === 'function' && this.live) r.control.focus();
      this.fire(r, 'focus', { value: r.control.value, height: 0 });
    },

    // a keystroke: the bindinput event, numbered; what the page was told is kept per control
    // (r.sent: {seq, value}) so a late setData echoing it cannot undo the keys typed since
    // (builtins.js textControl, isEcho)
    controlInput(r) {
      const c = r.control;
      const value = c.value;
      const cursor = typeof c.selectionStart === 'number' ? c.selectionStart : value.length;
      this.keystrokes = (this.keystrokes || 0) + 1;
      const seq = this.keystrokes;
      this.inputSeq = seq; // for emit: the event message carries it
      let told;
      try {
        told = this.fire(r, 'input', { value, cursor, keyCode: r.keyCode });
      } finally {
        this.inputSeq = 0;
      }
      if (told) {
        (r.sent = r.sent || []).push({ seq, value });
        if (r.sent.length > 100) r.sent.shift();
      }
      if (r.tag === 'wx-textarea' && truthy(r.attr.autoHeight)) this.fitHeight(r);
    },

    // Is `v`, now the control's `value` in the data, the page's echo of a keystroke? The
    // logic layer stamps each setData with the last keystroke it had handled (`input`); the
    // value that keystroke carried is what the page last saw from the control. An echo of it
    // leaves the control alone (the person may have typed on), as a device's native input
    // keeps its own text; any other value is the page's own change and is applied.
    isEcho(r, v) {
      const seen = this.inputSeen || 0;
      const sent = r.sent;
      if (!seen || !sent || !sent.length) return false;
      let i = sent.length - 1;
      while (i >= 0 && sent[i].seq > seen) i--;
      if (i < 0) return false;
      if (i > 0) sent.splice(0, i); // older keystrokes can no longer be echoed
      return sent[0].value === v;
    },

    fitHeight(r) {
      if (!this.live) return;
      const c = r.control;
      c.style.height = 'auto';
      c.style.height = c.scrollHeight + 'px';
    },

    bindControl(r) {
      const c = r.control;
      c.addEventListener('keydown', (e) => {
        r.keyCode = e.keyCode;
        if (e.key === 'Enter' && r.tag === 'wx-input') this.fire(r, 'confirm', { value: c.value });
      });
      c.addEventListener('input', () => this.controlInput(r));
      c.addEventListener('focus', () => { if (this.focused !== r) { this.focused = r; this.fire(r, 'focus', { value: c.value, height: 0 }); } });
      c.addEventListener('blur', () => { if (this.focused === r) this.focused = null; this.fire(r, 'blur', { value: c.value, cursor: c.selectionStart || 0 }); });
    },

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
    },

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
    },

    scrollBox(r, to, animate) {
      if (to.top !== undefined) r.scrollTarget = to.top;
      if (this.live && typeof r.dom.scrollTo === 'function') {
        r.dom.scrollTo(Object.assign({}, to, { behavior: animate ? 'smooth' : 'auto' }));
      } else {
        if (to.top !== undefined) r.dom.scrollTop = to.top;
        if (to.left !== undefined) r.dom.scrollLeft = to.left;
      }
    },

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
    },

    scroller() { return this.doc.scrollingElement || this.doc.documentElement; },

    formAction(form, kind) {
      const value = {};
      this.each(form, (x) => {
        const name = x.attr.name;
        if (name == null || name === '') return;
        if (kind === 'reset') {
          if (x.control) { x.control.value = ''; x.sent = null; }
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
    },

    notice(msg) { this.send(msg); },

    textTouched() { if (this.ctx) this.ctx.textChanged = true; }
  };
})(globalThis.WxView = globalThis.WxView || {});
