// setData's data model: path keys (`list[3].text`, `a.b`), JSON cloning, the size limit.
export const MAX_SET_DATA_BYTES = 1048576;
/** The platform's text when one setData is over the limit (mpvue#1519 quotes it). */
export const overLimitText = (bytes) => `invokeWebviewMethod 数据传输长度为 ${bytes} 已经超过最大长度 ${MAX_SET_DATA_BYTES}`;

export function parsePath(path) {
  const parts = [];
  String(path).replace(/([^.[\]]+)|\[(\d+)\]/g, (_, key, index) => {
    parts.push(index !== undefined ? Number(index) : key);
    return '';
  });
  return parts;
}

export function setPath(root, path, value) {
  const parts = parsePath(path);
  let node = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i];
    if (node[key] === null || typeof node[key] !== 'object') node[key] = typeof parts[i + 1] === 'number' ? [] : {};
    node = node[key];
  }
  node[parts[parts.length - 1]] = value;
}

export function getPath(root, parts) {
  let node = root;
  for (const key of parts) {
    if (node === null || node === undefined) return undefined;
    node = node[key];
  }
  return node;
}

/** One path covers the other (`a` and `a.b`, `list[0]` and `list`). */
export function overlaps(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (String(a[i]) !== String(b[i])) return false;
  return true;
}
