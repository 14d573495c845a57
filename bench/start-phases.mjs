// The preload of `npm run bench:start -- --phases` (`node --import`): one JSON line per step of a
// start to $SWITCHBOARD_START_PHASES, with the time since the process began, its CPU ms and the
// GC ms seen so far. The agent there is the SDK client, whose first three POSTs are initialize,
// notifications/initialized and tools/list. GC pauses are counted as the observer hears of
// them, which can be a step late.
import { appendFileSync } from 'node:fs';
import http from 'node:http';
import Module from 'node:module';
import { PerformanceObserver, performance } from 'node:perf_hooks';

const file = process.env.SWITCHBOARD_START_PHASES;
if (file) {
  let gc = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gc += entry.duration;
  }).observe({ entryTypes: ['gc'] });
  const note = (phase) => {
    const cpu = process.cpuUsage();
    const line = { phase, ms: performance.now(), cpu: (cpu.user + cpu.system) / 1000, gc };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  };
  note('node ready');
  const load = Module._load;
  Module._load = function (request, ...rest) {
    const entry = /headless\.cjs$/.test(request);
    if (entry) Module._load = load;
    const result = load.call(this, request, ...rest);
    if (entry) note('entry module ran');
    return result;
  };
  const emit = http.Server.prototype.emit;
  const names = ['initialize', 'initialized', 'first tools/list'];
  let posts = 0;
  http.Server.prototype.emit = function (event, ...args) {
    if (event === 'listening') note('listening');
    if (event === 'request' && args[0].method === 'POST' && posts < names.length) {
      const name = names[posts++];
      if (name === 'initialize') note('initialize received');
      args[1].once('finish', () => note(`${name} answered`));
    }
    return emit.call(this, event, ...args);
  };
}
