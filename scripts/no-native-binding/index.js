// @sylphx/gust-server loads this optional native binding in a try/catch and falls back to JS.
// The published 0.1.7 does not exist on the registry, which makes `npm ci` refuse the lock file;
// this stand-in keeps the lock complete and sends the server down its fallback path.
throw new Error('@sylphx/gust-napi: no native binding (Switchboard stand-in)');
