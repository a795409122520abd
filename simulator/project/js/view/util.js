// Small helpers the view's modules share.
(function (ns) {
  'use strict';

  const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

  // setData's path keys: `a.b[3].c`, and Taro's `a.[0]`; missing levels become objects/arrays
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

  ns.util = { now, setPath, safeJson, camel, plain, cssEscape };
})(globalThis.WxView = globalThis.WxView || {});
