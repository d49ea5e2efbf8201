// DOM tests (happy-dom, jsdom) never paint, so Preact's effect scheduler falls back to a 35 ms timer
// after each render. A test file that ends within that window leaves the timer behind, and the
// effect then runs after the environment is torn down ("document is not defined"), failing the run
// at random. Here effects run in a microtask right after the render instead: same order, no timer.
import { options } from 'preact';

options.requestAnimationFrame = (callback) => queueMicrotask(callback);
