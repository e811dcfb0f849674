/** The product's version, from package.json (one source). */
import pkg from '../../package.json' with { type: 'json' };

export const APP_VERSION: string = pkg.version;
export const APP_NAME = 'knit-sync-companion';
