/* linegate dashboard: renders the snapshots the gateway pushes over /api/stream (server-sent
 * events). Plain browser JavaScript, no build step, nothing loaded from elsewhere. Every value is
 * put in the page as text (never as HTML), since serials and scans come from devices. */
/* global document, window, EventSource */
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  // shared with trace.js (loaded after this file)
  window.linegateDom = { h: (...args) => h(...args) };
  const RESULT_TEXT = {
    0: 'OK',
    1: 'No serial available',
    2: 'Printer fault',
    3: 'Storage fault',
    4: 'Station not ready',
    5: 'Unit refused',
    9: 'Internal error',
  };
  const PRINTER_FLAGS = [
    ['paperOut', 'Paper out'],
    ['ribbonOut', 'Ribbon out'],
    ['headOpen', 'Head open'],
    ['paused', 'Paused'],
    ['bufferFull', 'Buffer full'],
  ];
  let labelId;
  let lastSeq = 0;

  /** Builds an element; children are nodes or strings (always text). */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.className = v;
      else el.setAttribute(k, String(v));
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      el.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return el;
  }

  const fact = (label, value, bad) =>
    h('span', null, label + ' ', h('b', { class: bad ? 'bad' : '' }, value));
  const time = (iso) => (iso ? new Date(iso).toLocaleTimeString([], { hour12: false }) : '–');
  const num = (n) => (typeof n === 'number' ? n.toLocaleString('en-US') : '–');

  function ms(n) {
    if (typeof n !== 'number') return '–';
    if (n < 10) return n.toFixed(1) + ' ms';
    if (n < 1000) return Math.round(n) + ' ms';
    return (n / 1000).toFixed(2) + ' s';
  }

  function age(msAge) {
    const s = Math.floor((msAge || 0) / 1000);
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + 'm ' + (s % 60) + 's';
    if (s < 86400) return Math.floor(s / 3600) + 'h ' + Math.floor((s % 3600) / 60) + 'm';
    return Math.floor(s / 86400) + 'd ' + Math.floor((s % 86400) / 3600) + 'h';
  }

  function renderHealth(snap) {
    const el = $('health');
    const failing = snap.health.failing;
    el.className = 'health ' + (snap.health.ok ? 'ok' : 'fault');
    el.textContent = snap.health.ok
      ? 'All systems normal'
      : failing.length +
        (failing.length === 1 ? ' problem: ' : ' problems: ') +
        failing.map((f) => f.part + ' — ' + f.state).join(' · ');
    el.title = el.textContent;
    $('gateway').textContent = snap.gatewayId;
  }

  function stationCard(s) {
    const failed = s.lastResult !== undefined && s.lastResult !== 0;
    const pillClass = !s.ok ? 'fault' : /running|serving|waiting for the PLC/.test(s.state) ? 'warn' : 'ok';
    const facts = [];
    if (s.kind === 'start') {
      if (s.lastResult !== undefined) {
        const text = RESULT_TEXT[s.lastResult] || 'Result ' + s.lastResult;
        facts.push(
          fact('Result', failed ? text + (s.lastCode ? ' (' + s.lastCode + ')' : '') : text, failed),
        );
        facts.push(fact('Cycle', ms(s.lastCycleMs)));
        facts.push(fact('At', time(s.lastAt)));
      }
      facts.push(fact('Cycles', num(s.cycles)));
      if (s.failures > 0) facts.push(fact('Failed', num(s.failures), true));
    } else if (s.counts) {
      for (const [k, v] of Object.entries(s.counts))
        facts.push(fact(k[0].toUpperCase() + k.slice(1), num(v), k === 'refused' && v > 0));
      if (s.lastRefusal) facts.push(fact('Last refused', s.lastRefusal, true));
    }
    return h(
      'article',
      { class: 'card ' + (s.ok ? 'ok' : 'fault'), 'data-station': s.id },
      h(
        'div',
        { class: 'head' },
        h('span', { class: 'id' }, s.id),
        h('span', { class: 'tag' }, s.kind),
        h('span', { class: 'pill ' + pillClass, title: s.state }, s.state),
      ),
      s.waitingSerial
        ? h(
            'div',
            { class: 'serial waiting', title: 'reserved, waiting for the retry' },
            s.waitingSerial,
            h('span', { class: 'serial-note' }, 'in progress'),
          )
        : h(
            'div',
            {
              class: 'serial' + (s.lastSerial ? '' : ' none'),
              title: s.kind === 'start' ? 'last unit started' : 'unit here',
            },
            s.lastSerial || 'no unit yet',
          ),
      s.advice ? h('div', { class: 'advice' }, s.advice) : null,
      h('div', { class: 'facts' }, facts),
      s.refusal
        ? h(
            'div',
            { class: 'refusal', title: s.refusal.reason },
            h('b', null, 'Refused ' + s.refusal.serial + ' ' + time(s.refusal.at) + ': '),
            s.refusal.reason,
          )
        : null,
    );
  }

  // Holds: listed for everyone; placing and releasing need the API token (kept for this tab only).
  const token = () => window.sessionStorage.getItem('linegate-token') || '';

  async function api(method, path, body) {
    const res = await window.fetch(path, {
      method,
      headers: { authorization: 'Bearer ' + token(), 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    const answer = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(answer.error || 'the gateway answered ' + res.status);
    return answer;
  }

  function holdRow(hold) {
    const [kind, value] = Object.entries(hold.scope)[0];
    const release = h('button', { type: 'button', class: 'release' }, 'Release');
    release.onclick = () => {
      const reason = window.prompt('Why is hold on ' + kind + ' ' + value + ' released?');
      if (!reason) return;
      const by = $('hold-by').value || 'dashboard';
      api('POST', '/api/holds/' + encodeURIComponent(hold.id) + '/release', { reason, by })
        .then(loadHolds)
        .catch(holdError);
    };
    return h(
      'div',
      { class: 'row hold', 'data-hold': hold.id },
      h('span', { class: 'name' }, kind + ' ' + value),
      h(
        'span',
        { class: 'state', title: hold.reason },
        hold.reason + ' · ' + hold.by + ' · ' + time(hold.time),
      ),
      h('span', { class: 'chip' }, hold.units.length + ' units'),
      release,
    );
  }

  function holdError(err) {
    $('hold-msg').textContent = err.message;
  }

  function loadHolds() {
    return window
      .fetch('/api/holds')
      .then((r) => r.json())
      .then((body) => {
        $('holds').replaceChildren(...body.holds.map(holdRow));
        $('holds-empty').hidden = body.holds.length > 0;
      })
      .catch(() => undefined);
  }

  function setUpHolds() {
    $('hold-token').value = token();
    $('hold-token').onchange = (e) => window.sessionStorage.setItem('linegate-token', e.target.value);
    $('hold-form').onsubmit = (e) => {
      e.preventDefault();
      window.sessionStorage.setItem('linegate-token', $('hold-token').value);
      const body = { reason: $('hold-reason').value, by: $('hold-by').value };
      body[$('hold-kind').value] = $('hold-value').value;
      api('POST', '/api/holds', body)
        .then((placed) => {
          $('hold-msg').textContent = 'Hold placed: ' + placed.units.length + ' units held now';
          return loadHolds();
        })
        .catch(holdError);
    };
    loadHolds();
    window.setInterval(loadHolds, 3000);
  }

  function deviceRow(d) {
    const chips = [];
    if (d.printer) {
      const on = PRINTER_FLAGS.filter(([k]) => d.printer[k]);
      // A silent printer reports nothing: its last flags are not news that the media is fine.
      if (on.length === 0 && d.ok) chips.push(h('span', { class: 'chip ok' }, 'Media OK'));
      else if (on.length === 0)
        chips.push(h('span', { class: 'chip fault' }, 'No answer: out of paper or head open? Check media'));
      for (const [, text] of on) chips.push(h('span', { class: 'chip fault' }, text));
      if (d.printer.formatsInBuffer > 0)
        chips.push(h('span', { class: 'chip' }, d.printer.formatsInBuffer + ' in buffer'));
    }
    for (const [k, v] of Object.entries(d.counters || {})) {
      if (/Ms$|At$|attempts/.test(k)) continue;
      chips.push(h('span', null, k + ' ' + num(v)));
    }
    return h(
      'div',
      { class: 'row', 'data-device': d.kind + ':' + d.name },
      h('span', { class: 'dot ' + (d.ok ? 'ok' : 'fault') }),
      h(
        'div',
        { class: 'title' },
        h('span', { class: 'name' }, d.name),
        h('span', { class: 'tag' }, d.kind),
        h('span', { class: 'state ' + (d.ok ? 'ok' : 'fault'), title: d.state }, d.state),
      ),
      chips.length > 0 ? h('div', { class: 'sub' }, chips) : null,
    );
  }

  function renderChart(series) {
    const now = series.length ? series[series.length - 1][0] : 0;
    // The window grows from one minute to five as samples accumulate after a start.
    const span = Math.min(5 * 60000, Math.max(60000, series.length ? now - series[0][0] : 0));
    const shown = series.filter((p) => p[0] >= now - span);
    const max = Math.max(5, ...shown.map((p) => p[1]));
    const x = (t) => ((300 * (t - (now - span))) / span).toFixed(1);
    const y = (v) => (78 - (74 * v) / max).toFixed(1);
    const pts = shown.map((p) => x(p[0]) + ',' + y(p[1]));
    $('ob-line').setAttribute('d', pts.length > 1 ? 'M' + pts.join('L') : '');
    $('ob-area').setAttribute(
      'd',
      pts.length > 1 ? 'M' + x(shown[0][0]) + ',78L' + pts.join('L') + 'L' + x(now) + ',78Z' : '',
    );
    $('ob-max').textContent = 'max ' + num(max);
    $('ob-span').textContent = 'last ' + Math.round(span / 60000) + ' min';
  }

  function renderOutbox(o) {
    if (!o) {
      $('outbox-state').textContent = 'no upstream configured';
      return;
    }
    const depthFig = $('ob-depth');
    depthFig.textContent = num(o.depth);
    depthFig.parentElement.className = 'figure' + (o.depth > 1000 ? ' fault' : o.depth > 50 ? ' warn' : '');
    const ageFig = $('ob-age');
    ageFig.textContent = age(o.oldestAgeMs);
    ageFig.parentElement.className =
      'figure' + (o.oldestAgeMs > 600000 ? ' fault' : o.oldestAgeMs > 60000 ? ' warn' : '');
    $('ob-sent').textContent = num(o.sent);
    $('ob-extra').replaceChildren(
      fact('failed attempts', num(o.failed), o.failed > 0),
      fact('dead-lettered', num(o.deadLettered), o.deadLettered > 0),
    );
    $('outbox-state').textContent = o.depth === 0 ? 'up to date' : 'delivering';
    $('ob-sinks').replaceChildren(
      ...o.sinks.map((s) =>
        h(
          'div',
          { class: 'row' },
          h('span', { class: 'dot ' + (s.ok ? 'ok' : 'fault') }),
          h(
            'div',
            { class: 'title' },
            h('span', { class: 'name' }, s.name),
            h('span', { class: 'state ' + (s.ok ? 'ok' : 'fault') }, s.state),
          ),
        ),
      ),
    );
    renderChart(o.series);
  }

  function eventRow(e) {
    const fresh = e.seq > lastSeq && lastSeq > 0;
    const bad = /failed|scrapped|voided/.test(e.type);
    const sub = [e.station, e.detail].filter(Boolean).join(' · ');
    return h(
      'div',
      { class: 'ev' + (fresh ? ' fresh' : ''), 'data-seq': e.seq },
      h('span', { class: 'ev-time' }, time(e.time)),
      h('span', { class: 'chip' + (bad ? ' fault' : '') }, e.type),
      h('span', { class: 'ev-serial' }, e.serial || ''),
      sub ? h('span', { class: 'ev-sub', title: sub }, sub) : null,
    );
  }

  function renderEvents(events) {
    $('events').replaceChildren(...events.map(eventRow));
    $('events-empty').hidden = events.length > 0;
    if (events.length) lastSeq = events[0].seq;
  }

  function renderLabel(label) {
    const img = $('label-img');
    if (!label) {
      img.hidden = true;
      $('label-empty').hidden = false;
      $('label-meta').textContent = '';
      return;
    }
    $('label-meta').textContent = [label.serial, label.printer, time(label.at)].filter(Boolean).join(' · ');
    if (label.id === labelId) return;
    labelId = label.id;
    img.onload = () => {
      img.hidden = false;
      $('label-empty').hidden = true;
    };
    img.onerror = () => {
      img.hidden = true;
      $('label-empty').hidden = false;
      $('label-empty').textContent = 'Preview unavailable';
    };
    img.src = '/api/labels/last.png?label=' + encodeURIComponent(label.id);
  }

  function render(snap) {
    renderHealth(snap);
    $('stations').replaceChildren(...snap.stations.map(stationCard));
    $('devices').replaceChildren(...snap.devices.map(deviceRow));
    if (snap.devices.length === 0)
      $('devices').replaceChildren(h('p', { class: 'empty' }, 'No devices configured'));
    renderOutbox(snap.outbox);
    renderEvents(snap.events);
    renderLabel(snap.label);
  }

  function setConnection(state) {
    const text = { live: 'Live', connecting: 'Connecting', lost: 'Reconnecting' }[state];
    $('conn-dot').className = 'dot ' + (state === 'live' ? 'ok' : state === 'lost' ? 'fault' : 'warn');
    $('conn-text').textContent = text;
    document.body.classList.toggle('stale', state !== 'live');
  }

  function connect() {
    setConnection('connecting');
    const source = new EventSource('/api/stream');
    source.addEventListener('snapshot', (e) => {
      setConnection('live');
      render(JSON.parse(e.data));
    });
    source.onerror = () => {
      setConnection('lost');
      // The browser retries by itself unless the server refused (e.g. 503 while stopping).
      if (source.readyState === EventSource.CLOSED) window.setTimeout(connect, 3000);
    };
  }

  function tick() {
    $('clock').textContent = new Date().toLocaleTimeString([], { hour12: false });
  }

  tick();
  window.setInterval(tick, 1000);
  setUpHolds();
  connect();
})();
