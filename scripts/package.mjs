// `npm run package` (after both builds): the three release files in release/.
// - parley-<version>-chrome.zip: dist/ as the Chrome Web Store takes it (manifest at the root).
// - parley-<version>-firefox.zip: dist-firefox/ through `web-ext build`, as addons.mozilla.org
//   takes it.
// - parley-<version>-source.zip: every file git tracks or would track (not ignored), as it is in
//   the work tree, with SOURCE-BUILD.md at the root: addons.mozilla.org asks for the sources of a
//   bundled add-on and the steps that rebuild it.
// The version is package.json's; a build whose manifest says otherwise is stale and refused.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import JSZip from 'jszip';
import webExt from 'web-ext';

/**
 * Files under `dir`, as paths relative to it with forward slashes, sorted.
 * @param {string} dir
 */
function filesUnder(dir) {
  /** @type {string[]} */
  const files = [];
  const walk = (/** @type {string} */ at) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(relative(dir, path).split('\\').join('/'));
    }
  };
  walk(dir);
  return files.sort();
}

/**
 * Writes a zip of `files` (paths relative to `root`) to `target`.
 * @param {string} root
 * @param {string[]} files
 * @param {string} target
 */
async function writeZip(root, files, target) {
  const zip = new JSZip();
  for (const file of files) zip.file(file, readFileSync(join(root, file)));
  const bytes = await zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 9 },
  });
  writeFileSync(target, bytes);
}

/**
 * @param {string} dir a build directory
 * @param {string} version the version it must carry
 * @param {string} command the command that makes it
 */
function checkBuild(dir, version, command) {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`${dir} has no build: run \`${command}\`.`);
  const built = JSON.parse(readFileSync(manifestPath, 'utf8')).version;
  if (built !== version) {
    throw new Error(
      `${dir} is version ${built}, package.json says ${version}: run \`${command}\` again.`,
    );
  }
}

/**
 * @param {{ root: string; out?: string }} options
 * @returns {Promise<{ chrome: string; firefox: string; source: string }>}
 */
export async function packageRelease({ root, out = join(root, 'release') }) {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const dist = join(root, 'dist');
  const distFirefox = join(root, 'dist-firefox');
  checkBuild(dist, version, 'npm run build');
  checkBuild(distFirefox, version, 'npm run build:firefox');
  if (!existsSync(join(root, 'SOURCE-BUILD.md'))) throw new Error('SOURCE-BUILD.md is missing.');

  mkdirSync(out, { recursive: true });
  const names = {
    chrome: join(out, `parley-${version}-chrome.zip`),
    firefox: join(out, `parley-${version}-firefox.zip`),
    source: join(out, `parley-${version}-source.zip`),
  };
  for (const file of Object.values(names)) rmSync(file, { force: true });

  await writeZip(dist, filesUnder(dist), names.chrome);
  await webExt.cmd.build(
    {
      sourceDir: distFirefox,
      artifactsDir: out,
      filename: `parley-${version}-firefox.zip`,
      overwriteDest: true,
    },
    { shouldExitProgram: false, showReadyMessage: false },
  );
  // What git tracks or would (untracked but not ignored): no build output, no node_modules.
  const sources = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  )
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(root, file)));
  await writeZip(root, [...new Set(sources)].sort(), names.source);
  return names;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = resolve(import.meta.dirname, '..');
  packageRelease({ root }).then(
    (files) => {
      for (const file of Object.values(files)) console.log(`wrote ${relative(root, file)}`);
    },
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
