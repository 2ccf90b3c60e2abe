// Layer rule from DESIGN.md: dependencies point inward only.
// src/domain imports nothing outside src/domain (and a few pure libraries);
// src/app imports only src/domain and src/app.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const pureLibraries = new Set(['luxon', 'libphonenumber-js/max', 'libphonenumber-js', 'node:crypto']);
const rules = [
  { layer: 'src/domain', allowed: ['src/domain'], libraries: pureLibraries },
  { layer: 'src/app', allowed: ['src/domain', 'src/app'], libraries: pureLibraries },
];

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (path.endsWith('.ts')) yield path;
  }
}

const problems = [];
for (const rule of rules) {
  const dir = join(root, rule.layer);
  for (const file of files(dir)) {
    const text = readFileSync(file, 'utf8');
    const imports = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)];
    for (const m of imports) {
      const spec = m[1] ?? m[2];
      const line = text.slice(0, m.index).split('\n').length;
      const where = `${relative(root, file)}:${line}`;
      if (spec.startsWith('.')) {
        const target = relative(root, resolve(dirname(file), spec));
        if (!rule.allowed.some((a) => target === a || target.startsWith(a + '/'))) {
          problems.push(`${where} ${rule.layer} must not import ${target}`);
        }
      } else if (!rule.libraries.has(spec)) {
        problems.push(`${where} ${rule.layer} must not import the package '${spec}'`);
      }
    }
  }
}
if (problems.length) {
  console.error(`Layer rule broken (${problems.length}):\n` + problems.join('\n'));
  process.exit(1);
}
console.log('layers: ok');
