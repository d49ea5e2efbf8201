// The PDF.js worker, bundled with the extension (no remote code): the polyfill first, then the
// worker, which listens on this worker's port by itself.
import './with-resolvers';
import 'pdfjs-dist/legacy/build/pdf.worker.min.mjs';
