// The Platform of the browser this build is for, chosen at build time: `vite build --mode firefox`
// (npm run build:firefox) makes MODE 'firefox', and the bundler drops the other branch.
import { chromePlatform } from './chrome';
import { firefoxPlatform } from './firefox';

export const createPlatform = import.meta.env.MODE === 'firefox' ? firefoxPlatform : chromePlatform;
