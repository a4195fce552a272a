// Benchmark only: the importer in a module Web Worker. The file is read with
// FileReaderSync in slices (no yielding: the page's main thread is not involved)
// and pushed into the same importer as the page's, built the same way.
import init, { WorkerImport } from '/bench-worker/bench_import_worker.js';

const CHUNK = 4 << 20;

onmessage = async (e) => {
  const file = e.data;
  const t0 = performance.now();
  await init();
  const ready = performance.now();
  const importer = new WorkerImport();
  const reader = new FileReaderSync();
  let pushMs = 0;
  for (let at = 0; at < file.size; at += CHUNK) {
    const bytes = new Uint8Array(reader.readAsArrayBuffer(file.slice(at, at + CHUNK)));
    const t = performance.now();
    importer.push(bytes);
    pushMs += performance.now() - t;
  }
  const rows = importer.finish();
  postMessage({ initMs: ready - t0, pushMs, workerMs: performance.now() - t0, rows });
};
