// Wallboard's page script: keeps <body data-live> true, the stream alive and the "… ago" stamps current, and runs
// refresh and polling. htmx does every swap; sources named are htmx.org@4.0.1 dist/htmx.js and dist/ext/hx-sse.js.
(() => {
  const body = document.body, $$ = s => document.querySelectorAll(s), on = (t, n, f) => t?.addEventListener(n, f);
  const conn = document.querySelector('[hx-sse\\:connect]'), poll = document.querySelector('[data-poll]');
  const btn = document.querySelector('[data-action="refresh"]'), url = poll?.dataset.poll || btn?.dataset.url;
  const gap = +(poll ? poll.dataset.pollMs : body.dataset.heartbeatMs) || 15000; // the longest normal silence
  const skew = Date.parse(body.dataset.now) - Date.now() || 0, now = () => Date.now() + skew; // the server's clock
  const clock = tz => new Intl.DateTimeFormat('en-GB', {timeZone: tz, timeStyle: 'medium'});
  let hms; try { hms = clock(body.dataset.tz || undefined); } catch { hms = clock(); } // a zone this browser lacks
  let last = now(), fails = 0, timer = 0, dog = 0, etag = poll?.dataset.etag || '';
  const put = (e, s) => { if (e.textContent !== s) e.textContent = s; };
  const ago = s => s < 60 ? `${s} s` : s < 3600 ? `${s / 60 | 0} min` : s < 172800 ? `${s / 3600 | 0} h` : `${s / 86400 | 0} d`;
  const held = s => s < 60 ? '<1m' : s < 3600 ? `${s / 60 | 0}m` : s >= 172800 ? `${s / 86400 | 0}d`
    : `${s / 3600 | 0}h` + (s % 3600 < 60 ? '' : ` ${s % 3600 / 60 | 0}m`); // as the server words it
  function paint() { // relative times from <time datetime>, every second and after every swap
    const t = now(), secs = e => Math.max(0, (t - Date.parse(e.getAttribute('datetime'))) / 1000 | 0);
    for (const e of $$('time.stamp[datetime]')) put(e, `updated ${ago(secs(e))} ago`);
    for (const e of $$('time.check-for[datetime]')) put(e, `for ${held(secs(e))}`);
    for (const e of $$('[data-live-last]')) put(e, hms.format(last));
    for (const e of $$('[data-live-quiet]')) put(e, ago((t - last) / 1000 | 0));
  }
  const set = s => { body.dataset.live = s; paint(); };
  // No message for three heartbeats (pings count) is stale. hx-sse has no liveness check, and a frozen server holds a
  // stream open: half a heartbeat later, cancel its reader, and hx-sse reconnects with Last-Event-ID.
  const quiet = () => { body.dataset.live === 'live' && set('stale'); dog = setTimeout(unstick, gap / 2); };
  const unstick = () => sse()?.reader?.cancel(); // its read() then ends, as if the server had ended the stream
  const alive = () => { last = now(); fails = 0; set('live'); clearTimeout(dog); dog = setTimeout(quiet, 3 * gap); };
  const down = n => set(n >= 3 || !navigator.onLine ? 'offline' : 'reconnecting');
  const sse = () => conn?._htmx?.sse; // hx-sse's connection (handleSSEResponse: api.htmxProp(element).sse)
  // hx-sse retries only a stream that once opened. A failed first connect (network error, timeout, a proxy's 502,
  // a 200 that is no stream) ends its request without a connection: re-process the element to connect again.
  const backoff = () => Math.min(15000, 500 * 2 ** fails) * (0.7 + Math.random() * 0.6); // as hx-sse's, capped at 15 s
  const retry = () => { timer = 0; htmx.process(conn, true); };
  const again = () => { clearTimeout(timer); timer = setTimeout(retry, backoff()); };
  const kick = () => sse() ? sse().delayCanceller?.() : timer && (clearTimeout(timer), retry()); // skip the backoff
  on(conn, 'htmx:finally:request', () => sse() || (down(++fails), again()));
  on(document, 'htmx:sse:before:connection', e => e.detail.connection.attempt && down(e.detail.connection.attempt));
  on(document, 'htmx:sse:after:connection', alive);
  on(document, 'htmx:sse:after:message', alive); // pings too: named events end here as well
  on(document, 'htmx:sse:error', e => down(Math.max(1, e.detail.connection?.attempt || 0)));
  on(document, 'htmx:sse:close', () => conn?.isConnected && (down(++fails), again())); // its loop gave up
  on(document, 'htmx:after:swap', paint); // a morph puts the server's absolute stamps back
  on(conn, 'ended', () => location.reload()); // access revoked or expired: the server says so on the page
  on(window, 'offline', () => set('offline')); on(window, 'online', () => conn && kick());
  setInterval(paint, 1000); paint(); // now too: the server wrote absolute times
  async function load(conditional) { // every widget over plain HTTP; htmx.swap runs their <hx-partial>s
    const headers = conditional && etag ? {'If-None-Match': etag} : {};
    const r = await fetch(url, {headers, cache: 'no-store', signal: AbortSignal.timeout(Math.min(gap, 10000))});
    if (r.status === 304) return; else if (!r.ok) throw new Error(`GET ${url}: ${r.status}`);
    etag = r.headers.get('ETag') || '';
    await htmx.swap({text: await r.text(), swap: 'none', sourceElement: body});
  }
  on(btn, 'click', async () => {
    btn.disabled = true; btn.setAttribute('aria-busy', 'true');
    try { await load(false); delete btn.dataset.failed; poll ? alive() : (last = now(), kick()); }
    catch { btn.dataset.failed = 'true'; } finally { btn.disabled = false; btn.removeAttribute('aria-busy'); }
  });
  if (poll) { const tick = () => load(true).then(alive, () => down(++fails)); tick(); setInterval(tick, gap); }
})();
