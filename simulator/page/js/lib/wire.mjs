// Values across the wire: functions by id, ArrayBuffers as base64, a Date as {$date: ms}, host
// objects by handle.
// `realm` holds the constructors page code sees (page mode: this realm; project mode: the
// vm context's), so `res.data instanceof ArrayBuffer` holds in page code.
export const HANDLE = Symbol('wxsim.handle');

export function makeWire(realm) {
  const NodeBuffer = globalThis.Buffer;
  const fnById = new Map();
  const idByFn = new WeakMap();
  let nextFnId = 1;

  function isBuffer(v, name) {
    return Object.prototype.toString.call(v) === `[object ${name}]`;
  }

  function toWire(v) {
    if (typeof v === 'function') {
      let id = idByFn.get(v);
      if (id === undefined) {
        id = nextFnId++;
        idByFn.set(v, id);
        fnById.set(id, v);
      }
      return { $fn: id };
    }
    if (isBuffer(v, 'ArrayBuffer')) return { $ab: NodeBuffer.from(v).toString('base64') };
    if (isBuffer(v, 'Date')) return { $date: v.getTime() }; // storage keeps Dates, as the platform does
    if (ArrayBuffer.isView(v)) {
      return { $ab: NodeBuffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
    }
    if (Array.isArray(v)) return v.map(toWire);
    if (v !== null && typeof v === 'object') {
      if (v[HANDLE] !== undefined) return { $h: v[HANDLE] };
      const out = {};
      for (const k of Object.keys(v)) if (v[k] !== undefined) out[k] = toWire(v[k]);
      return out;
    }
    return v;
  }

  function arrayBuffer(b) {
    const ab = new realm.ArrayBuffer(b.length);
    new realm.Uint8Array(ab).set(b);
    return ab;
  }

  /** In place (the containers were made by the realm's JSON.parse): `$ab` → ArrayBuffer. */
  function fromWire(v) {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = fromWire(v[i]);
      return v;
    }
    if (v !== null && typeof v === 'object') {
      if (typeof v.$ab === 'string') return arrayBuffer(NodeBuffer.from(v.$ab, 'base64'));
      if (typeof v.$date === 'number' && Object.keys(v).length === 1) return new realm.Date(v.$date);
      for (const k of Object.keys(v)) v[k] = fromWire(v[k]);
      return v;
    }
    return v;
  }

  return { toWire, fromWire, fnById, arrayBuffer };
}
