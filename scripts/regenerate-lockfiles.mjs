// `npm run lock`: rewrite both lockfiles so that `npm ci` accepts them and a fresh clone's
// `npm install` leaves them untouched. Run it after any change to a package.json (a merge that
// adds a devDependency, a new dependency of the library). `--fresh` resolves every version anew.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const angular = join(root, 'examples', 'angular');
const fresh = process.argv.includes('--fresh');
const npm = (cwd, ...args) => execFileSync('npm', args, { cwd, stdio: 'inherit', shell: process.platform === 'win32' });
const lockOf = (dir) => readFileSync(join(dir, 'package-lock.json'), 'utf8');

function install(dir) {
  if (fresh) {
    rmSync(join(dir, 'package-lock.json'), { force: true });
    rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
  }
  npm(dir, 'install', '--no-audit', '--no-fund');
}

function forgetLibraryCopy(lockPath) {
  const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
  for (const key of Object.keys(lock.packages)) {
    if (key === 'node_modules/miro-rx' || key.startsWith('node_modules/miro-rx/')) delete lock.packages[key];
  }
  writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
}

install(root);
// The example installs the built library as a copy (install-links), and npm keeps whatever the
// lockfile says about that copy (its dependencies, peers) even after the library's package.json
// changes: forget the copy, in node_modules and in the lockfile, so npm records it anew.
npm(root, 'run', 'build');
rmSync(join(angular, 'node_modules', 'miro-rx'), { recursive: true, force: true });
if (!fresh) forgetLibraryCopy(join(angular, 'package-lock.json'));
install(angular);

// A second install must change nothing, or a newcomer's first command would dirty the tree.
for (const dir of [root, angular]) {
  const before = lockOf(dir);
  npm(dir, 'install', '--no-audit', '--no-fund');
  if (lockOf(dir) !== before) throw new Error(`npm install still rewrites ${join(dir, 'package-lock.json')}`);
}
console.log('Both lockfiles regenerated; a second npm install left them unchanged.');
