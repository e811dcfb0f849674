/**
 * electron-builder.yml: parsed with js-yaml, validated with electron-builder's own schema check, and held to
 * the installer requirements of issue 5 (targets, asar + unpacked ngrok, only this platform's ngrok, fuses).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');
const config = load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, any>;

/** electron-builder's app-builder-lib, resolved the way electron-builder resolves it (a transitive package). */
const requireFromBuilder = createRequire(createRequire(path.join(ROOT, 'package.json')).resolve('electron-builder'));
const appBuilderLib = path.dirname(requireFromBuilder.resolve('app-builder-lib/package.json'));
const requireFromLib = createRequire(path.join(appBuilderLib, 'package.json'));

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own configuration schema', async () => {
    const { validateConfiguration } = requireFromLib('./out/util/config/config.js') as {
      validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(): void }): Promise<void>;
    };
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
    await expect(
      validateConfiguration({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } }, { isEnabled: false, add: () => undefined }),
    ).rejects.toThrow(/configuration object that does not match/);
  });

  it('names the app and its icon', () => {
    expect(config.appId).toBe('dev.knitsync.companion');
    expect(config.productName).toBe('Knit Sync Companion');
    expect(config.directories.buildResources).toBe('build');
    for (const platform of ['linux', 'mac', 'win']) {
      expect(existsSync(path.join(ROOT, config[platform].icon))).toBe(true);
    }
    const png = readFileSync(path.join(ROOT, 'build/icon.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512); // width: macOS needs 512+
  });

  it('builds AppImage + deb, dmg, nsis', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
  });

  it('ships only the built app, in an asar, with the ngrok native module unpacked', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/electron/**', 'dist/renderer/**', 'package.json']));
    expect(config.files.some((f: string) => /^(electron|renderer|shared|test)\//.test(f))).toBe(false);
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/@ngrok/**');
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('dist/electron/main.cjs');
  });

  it('includes only the current platform’s @ngrok package', () => {
    const { minimatch } = requireFromLib('minimatch') as { minimatch: (p: string, pattern: string, o?: object) => boolean };
    const rule = (config.files as string[]).find((f) => f.startsWith('!node_modules/@ngrok/'))!;
    // electron-builder expands ${platform} to process.platform and ${arch} to the target arch.
    const excluded = (pkg: string, platform: string, arch: string) =>
      minimatch(`node_modules/@ngrok/${pkg}/ngrok.node`, rule.slice(1).replace('${platform}', platform).replace('${arch}', arch), { dot: true });
    expect(excluded('ngrok-linux-x64-gnu', 'linux', 'x64')).toBe(false);
    expect(excluded('ngrok-darwin-arm64', 'linux', 'x64')).toBe(true);
    expect(excluded('ngrok-win32-x64-msvc', 'linux', 'x64')).toBe(true);
    expect(excluded('ngrok-linux-arm64-gnu', 'linux', 'x64')).toBe(true);
    expect(excluded('ngrok-darwin-arm64', 'darwin', 'arm64')).toBe(false);
    expect(excluded('ngrok-win32-x64-msvc', 'win32', 'x64')).toBe(false);
    expect(excluded('ngrok', 'linux', 'x64')).toBe(false);
  });

  it('sets every Electron fuse', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('`npm run dist` builds first, then runs electron-builder with this file', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.dist).toMatch(/build:renderer.*build:electron.*electron-builder --config electron-builder\.yml/);
  });
});
