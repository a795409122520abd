// ES-module syntax → CommonJS, keeping every line where it was (so stacks name the right
// line): imports become `require`s in place, exports become getters declared on line 1.
// Enough for what DevTools' enhanced compile accepts in page code; not a full parser.
const IMPORT_FROM = /^([ \t]*)import\s+([\w$*{][^;]*?)\s+from\s+(['"])([^'"\n]+)\3[ \t]*;?/gm;
const IMPORT_BARE = /^([ \t]*)import\s+(['"])([^'"\n]+)\2[ \t]*;?/gm;
const EXPORT_FROM = /^([ \t]*)export\s+(\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s+from\s+(['"])([^'"\n]+)\3[ \t]*;?/gm;
const EXPORT_LIST = /^([ \t]*)export\s+\{([^}]*)\}[ \t]*;?/gm;
const EXPORT_DECL = /^([ \t]*)export\s+(default\s+)?((?:async\s+)?function\s*\*?\s*([\w$]+)|class\s+([\w$]+)|(?:const|let|var)\s+([\w$]+))/gm;
const EXPORT_DEFAULT = /^([ \t]*)export\s+default\s+/gm;

const lines = (text) => '\n'.repeat((text.match(/\n/g) || []).length);

export function esmToCommonJs(code) {
  if (!/^[ \t]*(import|export)\b/m.test(code)) return { header: '', body: code };
  const getters = [];
  let n = 0;
  const temp = () => `__wxsim_m${n++}`;
  const named = (list) => list.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const [from, to] = s.split(/\s+as\s+/);
    return [from.trim(), (to || from).trim()];
  });
  code = code.replace(EXPORT_FROM, (m, ind, what, q, spec) => {
    const mod = temp();
    if (what.startsWith('*')) {
      const as = what.match(/as\s+([\w$]+)/);
      if (as) getters.push([as[1], mod]);
      else getters.push(['*', mod]);
    } else {
      for (const [from, to] of named(what.slice(1, -1))) getters.push([to, `${mod}.${from}`]);
    }
    return `${ind}var ${mod} = require('${spec}');${lines(m)}`;
  });
  code = code.replace(IMPORT_FROM, (m, ind, clause, q, spec) => {
    const mod = temp();
    const parts = [`var ${mod} = require('${spec}');`];
    const ns = clause.match(/\*\s+as\s+([\w$]+)/);
    const braces = clause.match(/\{([^}]*)\}/);
    const def = clause.match(/^([\w$]+)/);
    if (def) parts.push(`var ${def[1]} = ${mod} && ${mod}.__esModule ? ${mod}.default : ${mod};`);
    if (ns) parts.push(`var ${ns[1]} = ${mod};`);
    if (braces) {
      for (const [from, to] of named(braces[1].replace(/\btype\s+/g, ''))) parts.push(`var ${to} = ${mod}.${from};`);
    }
    return ind + parts.join(' ') + lines(m);
  });
  code = code.replace(IMPORT_BARE, (m, ind, q, spec) => `${ind}require('${spec}');${lines(m)}`);
  code = code.replace(EXPORT_LIST, (m, ind, list) => {
    for (const [from, to] of named(list)) getters.push([to, from]);
    return ind + lines(m);
  });
  code = code.replace(EXPORT_DECL, (m, ind, dflt, decl, fnName, className, varName) => {
    const name = fnName || className || varName;
    getters.push([dflt ? 'default' : name, name]);
    return ind + decl;
  });
  code = code.replace(EXPORT_DEFAULT, (m, ind) => `${ind}exports.default = `);
  const header = ['Object.defineProperty(exports, "__esModule", { value: true });'];
  for (const [name, expr] of getters) {
    if (name === '*') header.push(`Object.keys(${expr}).forEach(function (k) { if (k !== 'default' && !(k in exports)) Object.defineProperty(exports, k, { enumerable: true, get: function () { return ${expr}[k]; } }); });`);
    else header.push(`Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, get: function () { return ${expr}; } });`);
  }
  // `export *` needs its module loaded first: those getters run lazily except the star ones
  const stars = header.filter((h) => h.startsWith('Object.keys('));
  const rest = header.filter((h) => !h.startsWith('Object.keys('));
  return { header: rest.join(' '), body: code + (stars.length ? `\n;${stars.join(' ')}` : '') };
}
