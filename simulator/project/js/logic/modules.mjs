// The platform's CommonJS inside the page's vm context: `require` relative to the file,
// `module.exports`/`exports`, `miniprogram_npm/` packages, cycles as CommonJS allows (a
// partly-run module's exports), TypeScript with its types stripped (lines kept) and ES-module
// syntax turned into CommonJS (lines kept) as DevTools' enhanced compile does. No Node
// built-in is reachable: a name that is not a project file is "not defined", as on the phone.
import vm from 'node:vm';
import fs from 'node:fs';
import path from 'node:path';
import { isBuiltin, stripTypeScriptTypes } from 'node:module';
import { esmToCommonJs } from './esm.mjs';

const DYNAMIC_IMPORT = /(^|[^.\w$])import\s*\(/g;
const EXTS = ['', '.js', '.ts', '/index.js', '/index.ts', '.json'];

export function makeModules({ root, ctx, realm }) {
  const cache = new Map();
  const rel = (abs) => path.relative(root, abs).split(path.sep).join('/');

  // `import()` cannot reach Node's loader: every call site gets this instead (the platform has
  // no dynamic import either); vm's own hook would need --experimental-vm-modules
  const refuseImport = (specifier) =>
    realm.Promise.reject(new realm.Error(`import('${specifier}') is not available in a mini-program: use require()`));

  function findFile(base) {
    for (const ext of EXTS) {
      const candidate = base + ext;
      if (!candidate.startsWith(root + path.sep)) continue;
      try {
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not this one
      }
    }
    return null;
  }

  function resolve(spec, fromFile) {
    const dir = path.dirname(fromFile);
    if (spec.startsWith('./') || spec.startsWith('../')) return findFile(path.resolve(dir, spec));
    if (spec.startsWith('/')) return findFile(path.join(root, spec));
    if (spec.startsWith('node:') || isBuiltin(spec)) return null;
    // a package built by DevTools' "build npm", from the file's folder up to the root
    for (let d = dir; d.startsWith(root); d = path.dirname(d)) {
      const npm = path.join(d, 'miniprogram_npm', spec);
      const found = findFile(npm) || mainOf(npm);
      if (found) return found;
      if (d === root) break;
    }
    return findFile(path.resolve(dir, spec)); // the platform also reads a bare path as relative
  }

  function mainOf(dir) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      return pkg.main ? findFile(path.resolve(dir, pkg.main)) : null;
    } catch {
      return null;
    }
  }

  function source(abs) {
    let code = fs.readFileSync(abs, 'utf8');
    if (abs.endsWith('.ts')) {
      try {
        code = stripTypeScriptTypes(code, { mode: 'strip' }); // types become spaces: lines kept
      } catch (err) {
        // enums and namespaces need code generated; lines may then move a little
        if (err && err.code === 'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX') code = stripTypeScriptTypes(code, { mode: 'transform' });
        else throw err;
      }
    }
    return esmToCommonJs(code.replace(DYNAMIC_IMPORT, '$1__wxsim_import('));
  }

  function makeRequire(fromFile) {
    const require = (spec) => {
      if (typeof spec !== 'string') throw new realm.TypeError('require args must be a string');
      const abs = resolve(spec, fromFile);
      if (abs === null) {
        const guess = spec.startsWith('.') ? rel(path.resolve(path.dirname(fromFile), spec)) : spec;
        const why = spec.startsWith('node:') || isBuiltin(spec) ? " (Node's built-in modules do not exist in a mini-program)" : '';
        throw new realm.Error(`module "${guess}.js" is not defined, require args is '${spec}'${why}`);
      }
      return load(abs);
    };
    return require;
  }

  /** Run a project file once; its exports (a cycle gets the partial ones). */
  function load(abs) {
    const cached = cache.get(abs);
    if (cached) return cached.exports;
    const module = new realm.Object();
    module.exports = new realm.Object();
    module.id = rel(abs);
    cache.set(abs, module);
    if (abs.endsWith('.json')) {
      module.exports = realm.JSON.parse(fs.readFileSync(abs, 'utf8'));
      return module.exports;
    }
    const { header, body } = source(abs);
    // the wrapper and the ESM header share line 1 with the file's first line: lines are kept
    const wrapped = `(function (require, module, exports, __filename, __dirname, __wxsim_import) {${header}${body}\n})`;
    let fn;
    try {
      fn = new vm.Script(wrapped, { filename: rel(abs) }).runInContext(ctx);
    } catch (err) {
      if (err && err.name === 'SyntaxError') err.file = rel(abs);
      cache.delete(abs);
      throw err;
    }
    try {
      fn.call(module.exports, makeRequire(abs), module, module.exports, rel(abs), rel(path.dirname(abs)), refuseImport);
    } catch (err) {
      cache.delete(abs);
      throw err;
    }
    return module.exports;
  }

  return { load, resolve, rel };
}
