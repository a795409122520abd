// The platform's built-in components as DOM: one row per tag. A row may build inner parts
// (`create`), apply its documented attributes (`update`, called with the new and the previous
// attribute objects, after the generic ones: id/class/style/hidden/data-/mark:/bindings), act
// once its children are in place (`after`) and do something when tapped (`tap`).
// `r` is the element's record (see render.js): r.dom, r.box (where children go), r.attr.
(function (ns) {
  'use strict';

  function truthy(v) {
    // WXML boolean attributes: a bare attribute or any non-empty string is true, as on the phone.
    return v === true || (typeof v === 'string' && v !== '' && v !== 'false') || (typeof v === 'number' && v !== 0);
  }
  function changed(a, old, name) { return a[name] !== old[name]; }
  function flag(el, name, on) { if (on) el.setAttribute(name, ''); else el.removeAttribute(name); }

  const ICONS = {
    success: '\u2714', success_no_circle: '\u2713', info: '\u2139', warn: '!', waiting: '\u23F2',
    cancel: '\u2716', download: '\u2193', search: '\u2315', clear: '\u2715', circle: '\u25CB',
  };

  // <input>/<textarea>: the control inside a wx-* element; the page's value flows in only when
  // its `value` attribute changes (the platform's rule: typed text stays until data changes it).
  function textControl(kind) {
    return {
      create(r, view) {
        const c = view.doc.createElement(kind);
        r.dom.appendChild(c);
        r.control = c;
        r.keyCode = undefined;
        if (view.live) view.bindControl(r);
      },
      update(r, a, old, view) {
        const c = r.control;
        if (changed(a, old, 'value')) {
          const v = a.value == null ? '' : String(a.value);
          // the page's echo of a keystroke (v-model's batched setData, a bindinput's setData)
          // must not undo the keys typed since; its own changes (clear after send) apply
          if (!view.isEcho(r, v)) {
            if (c.value !== v) c.value = v;
            r.sent = null;
          }
        }
        if (changed(a, old, 'placeholder')) c.setAttribute('placeholder', a.placeholder == null ? '' : String(a.placeholder));
        if (changed(a, old, 'maxlength') || r.maxSet === undefined) {
          const n = a.maxlength === undefined ? 140 : Number(a.maxlength);
          r.maxlength = n;
          if (n >= 0) c.setAttribute('maxlength', String(n)); else c.removeAttribute('maxlength');
          r.maxSet = true;
        }
        if (changed(a, old, 'disabled')) flag(c, 'disabled', truthy(a.disabled));
        if (kind === 'input') {
          if (changed(a, old, 'password') || changed(a, old, 'type')) {
            c.setAttribute('type', truthy(a.password) ? 'password' : a.type === 'number' || a.type === 'digit' ? 'text' : 'text');
            if (a.type === 'number' || a.type === 'digit') c.setAttribute('inputmode', a.type === 'digit' ? 'decimal' : 'numeric');
          }
          if (changed(a, old, 'confirmType')) c.setAttribute('enterkeyhint', a.confirmType || 'done');
        } else if (changed(a, old, 'autoHeight')) {
          flag(r.dom, 'auto-height', truthy(a.autoHeight));
        }
        if (changed(a, old, 'focus') && truthy(a.focus) && typeof c.focus === 'function') c.focus();
      },
      after(r, a, old, view) { if (kind === 'textarea' && truthy(a.autoHeight)) view.fitHeight(r); },
      value(r) { return r.control.value; },
    };
  }

  function toggle(kind) {
    return {
      create(r, view) {
        const c = view.doc.createElement('span');
        c.className = 'wx-' + kind + '-input';
        r.dom.insertBefore(c, r.dom.firstChild);
        r.mark2 = c;
      },
      update(r, a, old) {
        if (changed(a, old, 'checked')) r.checked = truthy(a.checked);
        flag(r.dom, 'checked', r.checked);
        if (changed(a, old, 'disabled')) flag(r.dom, 'disabled', truthy(a.disabled));
        if (changed(a, old, 'color') && a.color) r.mark2.style.setProperty('--wx-color', String(a.color));
        if (kind === 'switch' && changed(a, old, 'type')) r.dom.setAttribute('type', a.type === 'checkbox' ? 'checkbox' : 'switch');
      },
      tap(r, view) {
        if (truthy(r.attr.disabled)) return;
        if (kind === 'radio') {
          if (r.checked) return;
          const group = view.closest(r, 'wx-radio-group');
          if (group) view.each(group, (x) => { if (x.tag === 'wx-radio' && x !== r) { x.checked = false; flag(x.dom, 'checked', false); } });
        } else {
          r.checked = !r.checked;
        }
        if (kind === 'radio') r.checked = true;
        flag(r.dom, 'checked', r.checked);
        if (kind === 'switch') { view.fire(r, 'change', { value: r.checked }); return; }
        const group = view.closest(r, kind === 'radio' ? 'wx-radio-group' : 'wx-checkbox-group');
        if (!group) return;
        const values = [];
        view.each(group, (x) => { if (x.tag === 'wx-' + kind && x.checked) values.push(x.attr.value == null ? '' : String(x.attr.value)); });
        view.fire(group, 'change', { value: kind === 'radio' ? values[0] : values });
      },
    };
  }

  const IMAGE_FIT = {
    scaleToFill: 'fill', aspectFit: 'contain', aspectFill: 'cover', widthFix: 'cover', heightFix: 'cover',
    top: 'none', bottom: 'none', center: 'none', left: 'none', right: 'none',
    'top left': 'none', 'top right': 'none', 'bottom left': 'none', 'bottom right': 'none',
  };

  // rich-text `nodes` as an array: [{name, attrs, children} | {type: 'text', text}].
  const RICH_ALLOWED = /^(a|abbr|address|article|aside|b|bdi|bdo|big|blockquote|br|caption|center|cite|code|col|colgroup|dd|del|div|dl|dt|em|fieldset|font|footer|h[1-6]|header|hr|i|img|ins|label|legend|li|mark|nav|ol|p|pre|q|rt|ruby|s|section|small|span|strong|sub|sup|table|tbody|td|tfoot|th|thead|tr|tt|u|ul)$/i;
  function richNodes(doc, nodes, parent, view) {
    for (const n of nodes || []) {
      if (!n) continue;
      if (n.type === 'text') { parent.appendChild(doc.createTextNode(decode(String(n.text || '')))); continue; }
      const name = String(n.name || '');
      if (!RICH_ALLOWED.test(name)) continue; // the platform drops tags it does not support
      const el = doc.createElement(name);
      const attrs = n.attrs || {};
      for (const k of Object.keys(attrs)) {
        if (/^on/i.test(k)) continue;
        const v = k === 'style' ? view.inlineStyle(String(attrs[k])) : String(attrs[k]);
        el.setAttribute(k, v);
      }
      richNodes(doc, n.children, el, view);
      parent.appendChild(el);
    }
  }
  function richString(doc, html, parent) {
    const tmp = doc.createElement('div');
    tmp.innerHTML = html;
    // no scripts and no inline handlers, as the platform's rich-text
    for (const bad of Array.from(tmp.querySelectorAll('script,style,iframe'))) bad.remove();
    for (const el of Array.from(tmp.querySelectorAll('*'))) {
      for (const at of Array.from(el.attributes)) if (/^on/i.test(at.name)) el.removeAttribute(at.name);
    }
    while (tmp.firstChild) parent.appendChild(tmp.firstChild);
  }

  const ENTITIES = { '&nbsp;': '\u00A0', '&lt;': '<', '&gt;': '>', '&amp;': '&', '&apos;': "'", '&ensp;': '\u2002', '&emsp;': '\u2003', '&quot;': '"' };
  function decode(s) { return s.indexOf('&') < 0 ? s : s.replace(/&(nbsp|lt|gt|amp|apos|ensp|emsp|quot);/g, (m) => ENTITIES[m]); }
  const SPACES = { ensp: '\u2002', emsp: '\u2003', nbsp: '\u00A0' };

  const TABLE = {
    view: {},
    block: {},
    slot: {
      update(r, a, old, view) { view.fillSlot(r, a.name == null ? '' : String(a.name)); },
    },
    text: {
      // how the text children are shown: `decode` turns entities into characters, `space` keeps
      // runs of spaces as ensp/emsp/nbsp
      textMode(a) {
        const dec = truthy(a.decode);
        const sp = SPACES[a.space];
        if (!dec && !sp) return null;
        return (s) => { if (dec) s = decode(s); if (sp) s = s.replace(/ /g, sp); return s; };
      },
      update(r, a, old) {
        if (changed(a, old, 'userSelect') || changed(a, old, 'selectable')) flag(r.dom, 'selectable', truthy(a.userSelect) || truthy(a.selectable));
      },
    },
    input: textControl('input'),
    textarea: textControl('textarea'),
    button: {
      create(r, view) {
        const spin = view.doc.createElement('span');
        spin.className = 'wx-loading';
        r.spinner = spin;
      },
      update(r, a, old) {
        if (changed(a, old, 'type')) r.dom.setAttribute('type', a.type === 'primary' || a.type === 'warn' ? a.type : 'default');
        if (changed(a, old, 'size')) r.dom.setAttribute('size', a.size === 'mini' ? 'mini' : 'default');
        if (changed(a, old, 'plain')) flag(r.dom, 'plain', truthy(a.plain));
        if (changed(a, old, 'disabled')) flag(r.dom, 'disabled', truthy(a.disabled));
        if (changed(a, old, 'loading')) {
          flag(r.dom, 'loading', truthy(a.loading));
          if (truthy(a.loading)) r.dom.insertBefore(r.spinner, r.dom.firstChild);
          else if (r.spinner.parentNode) r.spinner.remove();
        }
      },
      tap(r, view) {
        const a = r.attr;
        if (truthy(a.disabled)) return;
        if (a.formType === 'submit' || a.formType === 'reset') {
          const form = view.closest(r, 'wx-form');
          if (form) view.formAction(form, a.formType);
        }
        if (a.openType) view.notice({ t: 'openType', id: r.inst.id, openType: String(a.openType) });
      },
      blocksTap(r) { return truthy(r.attr.disabled); },
    },
    'scroll-view': {
      create(r, view) {
        r.lowerArmed = true;
        r.upperArmed = true;
        if (view.live) view.bindScroll(r);
      },
      update(r, a, old) {
        if (changed(a, old, 'scrollX')) flag(r.dom, 'scroll-x', truthy(a.scrollX));
        if (changed(a, old, 'scrollY')) flag(r.dom, 'scroll-y', truthy(a.scrollY));
      },
      after(r, a, old, view) {
        if (changed(a, old, 'scrollTop') && a.scrollTop != null && a.scrollTop !== '') {
          view.scrollBox(r, { top: view.length(a.scrollTop) }, truthy(a.scrollWithAnimation));
        }
        if (changed(a, old, 'scrollLeft') && a.scrollLeft != null && a.scrollLeft !== '') {
          view.scrollBox(r, { left: view.length(a.scrollLeft) }, truthy(a.scrollWithAnimation));
        }
        if (changed(a, old, 'scrollIntoView') && a.scrollIntoView) {
          view.scrollIntoView(r, String(a.scrollIntoView), truthy(a.scrollWithAnimation));
        }
      },
    },
    image: {
      create(r, view) {
        const img = view.doc.createElement('img');
        img.setAttribute('draggable', 'false');
        r.dom.appendChild(img);
        r.img = img;
        if (view.live) view.bindImage(r);
      },
      update(r, a, old, view) {
        if (changed(a, old, 'src')) {
          const src = a.src == null ? '' : String(a.src);
          if (src) r.img.setAttribute('src', view.resolveUrl(r.inst, src)); else r.img.removeAttribute('src');
        }
        if (changed(a, old, 'mode') || r.modeSet === undefined) {
          const mode = IMAGE_FIT[a.mode] ? a.mode : 'scaleToFill';
          r.dom.setAttribute('mode', mode);
          r.img.style.setProperty('object-fit', IMAGE_FIT[mode]);
          if (IMAGE_FIT[mode] === 'none') r.img.style.setProperty('object-position', mode);
          r.modeSet = true;
        }
      },
    },
    icon: {
      update(r, a, old) {
        if (changed(a, old, 'type')) { r.dom.setAttribute('type', String(a.type || '')); r.dom.textContent = ICONS[a.type] || ''; }
        if (changed(a, old, 'size')) r.dom.style.setProperty('font-size', (a.size == null ? 23 : parseFloat(a.size)) + 'px');
        if (changed(a, old, 'color')) { if (a.color) r.dom.style.setProperty('color', String(a.color)); else r.dom.style.removeProperty('color'); }
      },
    },
    'rich-text': {
      ownsChildren: true,
      update(r, a, old, view) {
        if (!changed(a, old, 'nodes')) return;
        while (r.dom.firstChild) r.dom.firstChild.remove();
        if (typeof a.nodes === 'string') richString(view.doc, a.nodes, r.dom);
        else if (Array.isArray(a.nodes)) richNodes(view.doc, a.nodes, r.dom, view);
        view.textTouched();
      },
    },
    navigator: {
      tap(r, view) {
        const a = r.attr;
        view.notice({
          t: 'navigate', id: r.inst.id, url: a.url == null ? '' : String(a.url),
          openType: a.openType || 'navigate', delta: a.delta == null ? 1 : Number(a.delta),
        });
      },
    },
    form: {},
    label: {
      tap(r, view) {
        const target = r.attr.for ? view.byId(r.inst, String(r.attr.for)) : view.firstControl(r);
        if (target && target !== r) view.activate(target);
      },
    },
    switch: toggle('switch'),
    checkbox: toggle('checkbox'),
    'checkbox-group': {},
    radio: toggle('radio'),
    'radio-group': {},
  };

  TABLE.progress = {
    create(r, view) {
      const bar = view.doc.createElement('span');
      bar.className = 'wx-progress-bar';
      const fill = view.doc.createElement('span');
      fill.className = 'wx-progress-fill';
      bar.appendChild(fill);
      r.dom.insertBefore(bar, r.dom.firstChild);
      r.fill = fill;
      r.bar = bar;
    },
    update(r, a, old) {
      const pct = Math.max(0, Math.min(100, Number(a.percent) || 0));
      r.fill.style.setProperty('width', pct + '%');
      if (changed(a, old, 'activeColor') || changed(a, old, 'color')) {
        const c = a.activeColor || a.color;
        if (c) r.fill.style.setProperty('background-color', String(c));
      }
      if (changed(a, old, 'strokeWidth')) r.bar.style.setProperty('height', (parseFloat(a.strokeWidth) || 6) + 'px');
      if (truthy(a.showInfo)) r.dom.setAttribute('info', pct + '%'); else r.dom.removeAttribute('info');
    },
  };
  // Built-ins this view draws as plain containers (children shown, no behaviour of their own):
  // known to the platform, so no "undeclared component" warning.
  for (const name of [
    'swiper', 'swiper-item', 'movable-area', 'movable-view', 'cover-view', 'cover-image', 'slider',
    'picker', 'picker-view', 'picker-view-column', 'editor', 'video', 'audio', 'camera', 'map',
    'canvas', 'web-view', 'ad', 'official-account', 'open-data', 'page-meta', 'navigation-bar',
    'root-portal', 'match-media', 'keyboard-accessory', 'grid-view', 'list-view', 'sticky-header',
    'sticky-section', 'share-element', 'functional-page-navigator', 'live-player', 'live-pusher',
    'voip-room', 'channel-live', 'channel-video', 'wxs', 'template', 'import', 'include',
  ]) if (!TABLE[name]) TABLE[name] = {};

  ns.builtins = { TABLE, truthy, decode };
})(globalThis.WxView = globalThis.WxView || {});
