/* linegate dashboard: the trace page. One search box finds a unit serial, a carrier, a lot or a
 * component serial (GET /api/trace/search); a unit page shows its as-built tree, operations,
 * labels, holds, refusals and timeline; a where-used page lists every unit containing a lot or
 * component with its status and last station, exportable as CSV. Routes live in the URL hash
 * (#/unit/S, #/where-used?lot=L, #/search?q=Q) so every view can be linked and bookmarked.
 * Every value goes into the page as text, never as HTML. */
/* global document, window, fetch, URLSearchParams */
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);

  const h = window.linegateDom.h;

  const enc = encodeURIComponent;
  const when = (iso) => (iso ? new Date(iso).toLocaleString([], { hour12: false }) : '–');
  const unitLink = (serial) => h('a', { href: '#/unit/' + enc(serial), class: 'mono' }, serial);
  const usedLink = (key, value) =>
    h('a', { href: '#/where-used?' + key + '=' + enc(value), class: 'mono' }, value);
  const STATUS_CLASS = { completed: 'ok', scrapped: 'fault', voided: 'fault', 'in-process': 'warn' };
  const statusChip = (s) => h('span', { class: 'chip ' + (STATUS_CLASS[s] || '') }, s);

  async function getJson(path) {
    const res = await fetch(path, { headers: { accept: 'application/json' } });
    const body = await res.json().catch(() => ({}));
    return { status: res.status, body };
  }

  function show(...nodes) {
    $('trace-body').replaceChildren(...nodes);
  }

  function message(text) {
    show(h('p', { class: 'empty', id: 'trace-message' }, text));
  }

  function failed(status, body) {
    message(body.error || 'The gateway did not answer (' + status + ').');
  }

  function table(head, rows, attrs) {
    return h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        attrs || { class: 'grid-table' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            head.map((c) => h('th', null, c)),
          ),
        ),
        h('tbody', null, rows),
      ),
    );
  }

  function section(title, count, ...content) {
    return h(
      'section',
      { class: 'panel trace-section' },
      h('h2', null, title, count === undefined ? null : h('span', { class: 'meta' }, ' ' + count)),
      content,
    );
  }

  function params(p) {
    const entries = Object.entries(p || {});
    if (entries.length === 0) return '–';
    return entries
      .map(([k, v]) => k + ' ' + (typeof v === 'object' ? JSON.stringify(v) : String(v)))
      .join(' · ');
  }

  function componentTree(components) {
    if (!components || components.length === 0) return h('p', { class: 'empty' }, 'No components recorded');
    return h(
      'ul',
      { class: 'tree' },
      components.map((c) => {
        const id = c.serial ? usedLink('serial', c.serial) : c.lot ? usedLink('lot', c.lot) : '–';
        const facts = [
          c.serial && c.lot ? 'lot ' + c.lot : null,
          c.partNumber ? 'part ' + c.partNumber : null,
          c.gtin ? 'GTIN ' + c.gtin : null,
          c.quantity !== undefined && c.quantity !== 1 ? '× ' + c.quantity : null,
          c.station ? 'at ' + c.station : null,
          c.time ? when(c.time) : null,
        ].filter(Boolean);
        const own = c.components && c.components.length > 0;
        return h(
          'li',
          { 'data-component': c.serial || c.lot },
          h('span', { class: 'tag' }, c.serial ? 'serial' : 'lot'),
          ' ',
          id,
          own && c.serial
            ? [' ', h('a', { href: '#/unit/' + enc(c.serial), class: 'sub-link' }, 'its unit')]
            : null,
          h('span', { class: 'facts-inline' }, facts.join(' · ')),
          own ? componentTree(c.components) : null,
        );
      }),
    );
  }

  function eventDetail(e) {
    const d = e.data || {};
    switch (e.type) {
      case 'label.printed':
        return (
          (d.printer || '') +
          (d.reprint ? ' · reprint: ' + (d.reason || '') + ' by ' + (d.operator || '?') : '')
        );
      case 'label.failed':
        return (d.printer || '') + ' · ' + (d.code || '') + (d.error ? ': ' + d.error : '');
      case 'operation.completed':
        return (d.result || '') + ' · ' + params(d.parameters);
      case 'component.consumed': {
        const c = d.component || {};
        return [c.serial, c.lot && 'lot ' + c.lot].filter(Boolean).join(' · ');
      }
      case 'unit.refused':
        return (d.reasons || []).map((r) => (typeof r === 'string' ? r : r.text || r.code)).join('; ');
      default:
        return ['carrier', 'reason', 'code', 'trigger']
          .map((k) => d[k])
          .filter(Boolean)
          .join(' · ');
    }
  }

  function unitPage(u) {
    const events = u.events || [];
    const ops = events.filter((e) => e.type === 'operation.completed');
    const labels = events.filter((e) => e.type === 'label.printed' || e.type === 'label.failed');
    const refusals = events.filter((e) => e.type === 'unit.refused');
    const holds = Array.isArray(u.holds) ? u.holds : [];
    const head = h(
      'section',
      { class: 'panel unit-head', 'data-unit': u.serial },
      h('div', { class: 'unit-serial mono' }, u.serial),
      h(
        'div',
        { class: 'unit-facts' },
        statusChip(u.status),
        h('span', null, 'Part ', h('b', null, u.partNumber || '–')),
        h('span', null, 'Work order ', h('b', null, u.workOrder || '–')),
        h('span', null, 'Carrier ', u.carrier ? h('b', { class: 'mono' }, u.carrier) : h('b', null, 'none')),
        h('a', { href: '/api/units/' + enc(u.serial) + '/passport', class: 'sub-link' }, 'passport (JSON)'),
      ),
      holds.length > 0
        ? h(
            'div',
            { class: 'hold-banner', id: 'unit-holds' },
            h('b', null, 'On hold: '),
            holds
              .map((x) => (x.reason || 'hold') + (x.by ? ' (by ' + x.by + ', ' + when(x.time) + ')' : ''))
              .join('; '),
          )
        : null,
    );
    const opRows = ops.map((e) =>
      h(
        'tr',
        null,
        h('td', null, e.station || '–'),
        h('td', null, when(e.time)),
        h(
          'td',
          null,
          h('span', { class: 'chip ' + (e.data.result === 'fail' ? 'fault' : 'ok') }, e.data.result || '–'),
        ),
        h('td', { class: 'wrap' }, params(e.data.parameters)),
      ),
    );
    const labelRows = labels.map((e) =>
      h(
        'tr',
        null,
        h('td', null, when(e.time)),
        h('td', null, e.data.printer || '–'),
        h(
          'td',
          null,
          e.type === 'label.failed'
            ? h('span', { class: 'chip fault' }, 'failed ' + (e.data.code || ''))
            : h(
                'span',
                { class: 'chip ' + (e.data.reprint ? 'warn' : 'ok') },
                e.data.reprint ? 'reprint' : 'printed',
              ),
        ),
        h(
          'td',
          { class: 'wrap' },
          e.data.reprint ? (e.data.reason || '') + ' · ' + (e.data.operator || '') : '',
        ),
      ),
    );
    const timeline = events
      .slice()
      .reverse()
      .map((e) =>
        h(
          'tr',
          { 'data-seq': e.seq },
          h('td', null, when(e.time)),
          h(
            'td',
            null,
            h(
              'span',
              { class: 'chip' + (/failed|refused|scrapped|voided/.test(e.type) ? ' fault' : '') },
              e.type,
            ),
          ),
          h('td', null, e.station || ''),
          h('td', { class: 'wrap' }, eventDetail(e)),
        ),
      );
    return [
      head,
      section('As built', (u.components || []).length + ' components', componentTree(u.components)),
      section(
        'Operations',
        ops.length,
        ops.length
          ? table(['Station', 'Time', 'Result', 'Parameters'], opRows)
          : h('p', { class: 'empty' }, 'No operations recorded'),
      ),
      section(
        'Labels',
        labels.length,
        labels.length
          ? table(['Time', 'Printer', 'Outcome', 'Reprint reason · operator'], labelRows)
          : h('p', { class: 'empty' }, 'No label printed'),
      ),
      refusals.length
        ? section(
            'Refusals',
            refusals.length,
            h(
              'ul',
              { class: 'plain' },
              refusals.map((e) =>
                h('li', null, when(e.time) + ' at ' + (e.station || '?') + ': ' + eventDetail(e)),
              ),
            ),
          )
        : null,
      section(
        'Timeline',
        events.length + ' events',
        table(['Time', 'Event', 'Station', 'Detail'], timeline, { class: 'grid-table', id: 'timeline' }),
      ),
    ];
  }

  async function showUnit(serial) {
    message('Loading ' + serial + '…');
    const { status, body } = await getJson('/api/units/' + enc(serial));
    if (status === 404) return message('No unit has serial ' + serial + '.');
    if (status !== 200) return message('The gateway did not answer (' + status + ').');
    show(...unitPage(body).filter(Boolean));
  }

  async function showWhereUsed(key, value) {
    message('Looking for units containing ' + value + '…');
    const q = key + '=' + enc(value);
    const { status, body } = await getJson('/api/where-used/units?' + q);
    if (status !== 200) return failed(status, body);
    const rows = body.units.map((r) =>
      h(
        'tr',
        { 'data-serial': r.serial },
        h('td', null, unitLink(r.serial)),
        h('td', null, statusChip(r.status)),
        h('td', null, r.partNumber || '–'),
        h('td', null, r.workOrder || '–'),
        h('td', null, r.lastStation || '–'),
        h('td', null, r.lastEvent || '–'),
        h('td', null, when(r.lastTime)),
      ),
    );
    show(
      h(
        'section',
        { class: 'panel unit-head' },
        h('div', { class: 'unit-serial mono' }, (key === 'lot' ? 'Lot ' : 'Component ') + value),
        h(
          'div',
          { class: 'unit-facts' },
          h(
            'span',
            { id: 'where-used-count' },
            body.units.length + (body.units.length === 1 ? ' unit contains it' : ' units contain it'),
          ),
          h(
            'a',
            {
              href: '/api/where-used/units?' + q + '&format=csv',
              download: '',
              id: 'csv-link',
              class: 'button',
            },
            'Export CSV',
          ),
        ),
      ),
      body.units.length
        ? section(
            'Where used',
            undefined,
            table(['Unit', 'Status', 'Part', 'Work order', 'Last station', 'Last event', 'When'], rows, {
              class: 'grid-table',
              id: 'where-used',
            }),
          )
        : h('p', { class: 'empty' }, 'No unit contains ' + value + '.'),
    );
  }

  async function search(q) {
    message('Searching ' + q + '…');
    const { status, body } = await getJson('/api/trace/search?q=' + enc(q));
    if (status !== 200) return failed(status, body);
    if (body.kind === 'unit' || body.kind === 'carrier')
      return void window.location.replace('#/unit/' + enc(body.serial));
    if (body.kind === 'lot') return void window.location.replace('#/where-used?lot=' + enc(q));
    if (body.kind === 'component') return void window.location.replace('#/where-used?serial=' + enc(q));
    message('Nothing found for ' + q + ': no unit, carrier, lot or component has this number.');
  }

  function route() {
    const hash = window.location.hash;
    const open = hash.startsWith('#/');
    $('trace').hidden = !open;
    document.querySelector('main.grid').hidden = open;
    if (!open) return;
    const [path, query] = hash.slice(1).split('?');
    const p = new URLSearchParams(query || '');
    if (path.startsWith('/unit/')) return void showUnit(decodeURIComponent(path.slice('/unit/'.length)));
    if (path === '/where-used') {
      if (p.has('lot')) return void showWhereUsed('lot', p.get('lot'));
      if (p.has('serial')) return void showWhereUsed('serial', p.get('serial'));
    }
    if (path === '/search' && p.get('q')) return void search(p.get('q'));
    message('Type a unit serial, carrier, lot or component serial above.');
  }

  $('trace-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const q = $('trace-q').value.trim();
    if (q) window.location.hash = '#/search?q=' + enc(q);
  });
  window.addEventListener('hashchange', route);
  route();
})();
