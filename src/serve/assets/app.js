/* Safer dashboard: small progressive enhancements; every page works without this file. */
/* global document, window */
'use strict';

(function () {
  // Sortable tables: <table class="sortable"> with <th data-sort="num|text">; cells may carry data-value.
  function cellValue(row, index, type) {
    const cell = row.cells[index];
    if (!cell) return type === 'num' ? -Infinity : '';
    const raw = cell.hasAttribute('data-value') ? cell.getAttribute('data-value') : cell.textContent;
    if (type === 'num') {
      const n = Number(String(raw).replace(/[,%+\s]/g, '').replace('\u2212', '-'));
      return Number.isFinite(n) && raw !== '' ? n : -Infinity;
    }
    return String(raw).trim().toLowerCase();
  }

  function sortBy(table, th) {
    const index = Array.prototype.indexOf.call(th.parentNode.children, th);
    const type = th.getAttribute('data-sort');
    const descending = th.getAttribute('aria-sort') !== 'descending' && (th.getAttribute('aria-sort') === 'ascending' || type === 'num');
    const asc = th.getAttribute('aria-sort') === 'descending' ? true : !descending;
    table.querySelectorAll('th[data-sort]').forEach(function (other) { other.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    const body = table.tBodies[0];
    const rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      const x = cellValue(a, index, type);
      const y = cellValue(b, index, type);
      const c = x < y ? -1 : x > y ? 1 : 0;
      return asc ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  document.querySelectorAll('table.sortable').forEach(function (table) {
    table.querySelectorAll('th[data-sort]').forEach(function (th) {
      const label = th.innerHTML;
      const name = th.textContent.trim();
      th.innerHTML = '';
      const button = document.createElement('button');
      button.type = 'button';
      button.innerHTML = label;
      // the accessible name holds the visible column name (WCAG 2.5.3 label in name)
      button.setAttribute('aria-label', 'Sort by ' + name);
      button.addEventListener('click', function () { sortBy(table, th); });
      th.appendChild(button);
    });
  });

  // Table search: tables of more than 8 rows get a search box that hides the rows not matching
  // every word typed (the count of rows shown is announced).
  let searchId = 0;
  document.querySelectorAll('table.data').forEach(function (table) {
    const body = table.tBodies[0];
    if (!body || body.rows.length <= 8 || !table.id) return;
    const wrap = table.closest('.table-wrap');
    if (!wrap) return;
    searchId += 1;
    const box = document.createElement('div');
    box.className = 'table-search no-print';
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'search';
    input.id = 'table-search-' + searchId;
    input.setAttribute('aria-controls', table.id);
    label.htmlFor = input.id;
    const caption = table.querySelector('caption');
    label.textContent = 'Search ' + (caption ? caption.textContent.trim() : 'this table');
    const status = document.createElement('span');
    status.className = 'note';
    status.setAttribute('role', 'status');
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(status);
    wrap.parentNode.insertBefore(box, wrap);
    input.addEventListener('input', function () {
      const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      Array.prototype.forEach.call(body.rows, function (row) {
        const text = row.textContent.toLowerCase();
        const match = words.every(function (w) { return text.indexOf(w) >= 0; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = words.length ? shown + ' of ' + body.rows.length + ' rows' : '';
    });
  });

  // Boxes wider than the screen (tables, the risk matrix): a visible cue, a shadow at the cut edge,
  // and keyboard scrolling (the box becomes a focusable, named region only while it overflows).
  function markOverflow() {
    document.querySelectorAll('.table-wrap, .matrix-scroll').forEach(function (box) {
      const over = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle('overflows', over);
      let cue = box.previousElementSibling && box.previousElementSibling.classList.contains('scroll-cue') ? box.previousElementSibling : null;
      if (over) {
        if (!cue) {
          cue = document.createElement('p');
          cue.className = 'scroll-cue';
          const table = box.querySelector('table');
          const hidden = table ? Array.prototype.filter.call(table.tHead ? table.tHead.rows[0].cells : [], function (th) { return th.getBoundingClientRect().right > box.getBoundingClientRect().right + 1; }).length : 0;
          cue.textContent = hidden > 0 ? hidden + ' more column' + (hidden === 1 ? '' : 's') + ': scroll sideways' : 'Scroll sideways for the rest';
          box.parentNode.insertBefore(cue, box);
        }
        box.setAttribute('tabindex', '0');
        box.setAttribute('role', 'region');
        const caption = box.querySelector('caption');
        const heading = box.closest('section') ? box.closest('section').querySelector('h2') : null;
        box.setAttribute('aria-label', (caption ? caption.textContent : heading ? heading.textContent : 'Table') + ' (scrolls sideways)');
      } else {
        if (cue) cue.remove();
        if (box.getAttribute('role') === 'region') { box.removeAttribute('tabindex'); box.removeAttribute('role'); box.removeAttribute('aria-label'); }
      }
    });
  }
  markOverflow();
  window.addEventListener('resize', markOverflow);

  // Ward maps: hover shows the ward's name and value, and highlights its row in the ward table.
  document.querySelectorAll('.map-wrap').forEach(function (wrap) {
    const tip = wrap.querySelector('.tooltip');
    const tableId = wrap.getAttribute('data-table');
    const table = tableId ? document.getElementById(tableId) : null;
    const unit = wrap.getAttribute('data-unit') || '';
    function rowOf(code) {
      return table ? table.querySelector('tr[data-code="' + code.replace(/[^A-Za-z0-9_-]/g, '') + '"]') : null;
    }
    function clear() {
      wrap.querySelectorAll('path.active').forEach(function (p) { p.classList.remove('active'); });
      if (table) table.querySelectorAll('tr.highlight').forEach(function (r) { r.classList.remove('highlight'); });
    }
    function show(path, event) {
      clear();
      path.classList.add('active');
      const name = path.getAttribute('data-name') || path.getAttribute('data-code');
      const value = path.getAttribute('data-value');
      const row = rowOf(path.getAttribute('data-code') || '');
      if (row) row.classList.add('highlight');
      const count = row ? row.getAttribute('data-count') : null;
      tip.innerHTML = '';
      const strong = document.createElement('strong');
      strong.textContent = name;
      tip.appendChild(strong);
      const line = document.createElement('span');
      line.className = 'tip-value';
      line.textContent = value === '' || value === null ? 'no data' : Number(value).toLocaleString('en-GB', { maximumFractionDigits: 2 }) + (unit ? ' ' + unit : '');
      tip.appendChild(line);
      if (count !== null) {
        const c = document.createElement('span');
        c.textContent = ' \u00b7 ' + Number(count).toLocaleString('en-GB') + ' in 12 months';
        tip.appendChild(c);
      }
      const box = wrap.getBoundingClientRect();
      const x = event && event.clientX ? event.clientX - box.left : path.getBoundingClientRect().left - box.left + path.getBoundingClientRect().width / 2;
      const y = event && event.clientY ? event.clientY - box.top : path.getBoundingClientRect().top - box.top + path.getBoundingClientRect().height / 2;
      tip.style.left = Math.max(70, Math.min(box.width - 70, x)) + 'px';
      tip.style.top = y + 'px';
      tip.hidden = false;
    }
    wrap.querySelectorAll('path[data-code]').forEach(function (path) {
      path.setAttribute('tabindex', '0');
      path.addEventListener('mousemove', function (e) { show(path, e); });
      path.addEventListener('focus', function () { show(path, null); });
      // drill-through: a ward on the map opens the ward's page (the link in its table row)
      function open() {
        const row = rowOf(path.getAttribute('data-code') || '');
        const link = row ? row.querySelector('a[href*="/wards/"]') : null;
        if (link) window.location.href = link.getAttribute('href');
        else if (row) row.scrollIntoView({ behavior: 'smooth', block: 'center' });
      }
      path.addEventListener('click', open);
      path.addEventListener('keydown', function (e) { if (e.key === 'Enter') open(); });
    });
    wrap.addEventListener('mouseleave', function () { tip.hidden = true; clear(); });
    if (table) {
      table.querySelectorAll('tr[data-code]').forEach(function (row) {
        row.addEventListener('mouseenter', function () {
          const path = wrap.querySelector('path[data-code="' + row.getAttribute('data-code') + '"]');
          if (path) show(path, null);
        });
      });
    }
  });

  // Area and period selectors: navigate as soon as one changes (the form's button does it without JS).
  document.querySelectorAll('form.selectors').forEach(function (form) {
    form.querySelectorAll('select').forEach(function (select) {
      select.addEventListener('change', function () { form.submit(); });
    });
    const button = form.querySelector('button');
    if (button) button.classList.add('hide-js');
  });

  document.querySelectorAll('select[data-autosubmit]').forEach(function (select) {
    select.addEventListener('change', function () { select.form.submit(); });
  });

  // Long actions (uploads, report generation): show that they are running.
  document.querySelectorAll('form[data-busy]').forEach(function (form) {
    form.addEventListener('submit', function () {
      const button = form.querySelector('button[type="submit"]');
      if (button && !form.hasAttribute('data-download')) {
        button.disabled = true;
        button.textContent = form.getAttribute('data-busy');
      }
    });
  });

  // Report downloads: made in the background with the time it has taken shown (Word and PDF take
  // up to about 20 s on a busy server), then saved; an error falls back to the ordinary form post,
  // whose page says what went wrong.
  document.querySelectorAll('form[data-download]').forEach(function (form) {
    const status = form.querySelector('.report-progress');
    let fallback = false;
    form.addEventListener('submit', function (event) {
      const submitter = event.submitter;
      if (fallback || !status || !window.fetch || !submitter || submitter.value !== 'attachment') return;
      event.preventDefault();
      const data = new URLSearchParams(new FormData(form));
      data.set(submitter.name, submitter.value);
      const format = (form.querySelector('input[name=format]:checked') || {}).value || '';
      const label = format === 'pdf' ? 'the PDF' : format === 'docx' ? 'the Word document' : 'the document';
      const started = Date.now();
      const buttons = form.querySelectorAll('button[type=submit]');
      buttons.forEach(function (b) { b.disabled = true; });
      status.hidden = false;
      const tick = function () {
        const s = Math.round((Date.now() - started) / 1000);
        status.textContent = 'Making ' + label + '… ' + s + ' s' + (format === 'html' ? '' : ' (usually 5 to 20 s)');
      };
      tick();
      const timer = window.setInterval(tick, 1000);
      const done = function () { window.clearInterval(timer); buttons.forEach(function (b) { b.disabled = false; }); };
      fetch(form.action, { method: 'POST', body: data, credentials: 'same-origin' })
        .then(function (r) {
          if (!r.ok) throw new Error('status ' + r.status);
          const name = /filename="([^"]+)"/.exec(r.headers.get('content-disposition') || '');
          return r.blob().then(function (blob) { return { blob: blob, name: name ? name[1] : 'report' }; });
        })
        .then(function (file) {
          done();
          const url = URL.createObjectURL(file.blob);
          const a = document.createElement('a');
          a.href = url;
          a.download = file.name;
          document.body.appendChild(a);
          a.click();
          a.remove();
          window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
          status.textContent = file.name + ' is ready (' + Math.round((Date.now() - started) / 1000) + ' s): saved to your downloads.';
        })
        .catch(function () {
          done();
          fallback = true;
          status.textContent = '';
          form.requestSubmit(submitter);
        });
    });
  });

  // "Preparing the Assessment" page: follow the progress, reload when ready.
  const preparing = document.querySelector('[data-progress-url]');
  if (preparing) {
    const url = new URL(preparing.getAttribute('data-progress-url'), window.location.href);
    const bar = preparing.querySelector('.progress-bar span');
    const label = preparing.querySelector('.progress-label');
    const poll = function () {
      fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (r) { return r.json(); })
        .then(function (p) {
          if (p.ready || p.error) { window.location.reload(); return; }
          if (bar && p.total) bar.style.width = Math.round((100 * p.done) / p.total) + '%';
          if (label) label.textContent = p.label ? 'Working on: ' + p.label : '';
          window.setTimeout(poll, 700);
        })
        .catch(function () { window.setTimeout(poll, 2000); });
    };
    window.setTimeout(poll, 500);
  }
})();
