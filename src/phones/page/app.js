// Podium's phone page: join with the PIN, then follow the room. Every piece of text from the
// deck or from people is put on the page as text (textContent), never as markup.
'use strict';

(function () {
  var main = document.getElementById('main');
  var offline = document.getElementById('offline');
  var deckName = document.getElementById('deck');
  var me = document.getElementById('me');
  var meName = document.getElementById('me-name');

  var state = null;        // the latest state from the laptop
  var rendered = '';       // the state last drawn, as JSON
  var screen = '';         // which screen is up, to move focus only when it changes
  var drafts = {};         // typed text and chosen scores, kept across redraws
  var notes = {};          // the status line under each form
  var chosen = {};         // options picked but not yet sent (multiple choice, anonymous vote)
  var events = null;
  var joinValues = { pin: '', name: '' };
  var LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

  // ---- building the page ------------------------------------------------------------------

  // el('p', {class: 'x'}, 'text', child, ...): strings become text nodes, never markup.
  function el(tag, props) {
    var node = document.createElement(tag);
    var key;
    props = props || {};
    for (key in props) {
      if (!Object.prototype.hasOwnProperty.call(props, key)) continue;
      var value = props[key];
      if (value === null || value === undefined || value === false) continue;
      if (key === 'text') node.textContent = value;
      else if (key === 'class') node.className = value;
      else if (key.indexOf('on') === 0) node.addEventListener(key.slice(2), value);
      else if (key === 'value') node.value = value;
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (var i = 2; i < arguments.length; i++) add(node, arguments[i]);
    return node;
  }

  function add(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { add(node, c); }); return; }
    node.appendChild(typeof child === 'string' || typeof child === 'number'
      ? document.createTextNode(String(child)) : child);
  }

  function heading(text) {
    return el('h1', { id: 'screen-heading', tabindex: '-1', text: text });
  }

  function status(key) {
    var note = notes[key] || { text: '', kind: '' };
    return el('p', { class: 'status ' + note.kind, role: 'status', id: 'status-' + key, text: note.text });
  }

  function setNote(key, text, kind) {
    notes[key] = { text: text, kind: kind || '' };
    var node = document.getElementById('status-' + key);
    if (node) {
      node.textContent = text;
      node.className = 'status ' + (kind || '');
    }
  }

  // Replaces the page's content. Focus moves to the heading when the screen is a new one, and
  // stays where it was on a redraw of the same screen.
  function draw(key, nodes) {
    var focusedId = document.activeElement && document.activeElement.id;
    var selection = null;
    var active = document.activeElement;
    if (active && (active.tagName === 'TEXTAREA' || active.tagName === 'INPUT')) {
      try { selection = [active.selectionStart, active.selectionEnd]; } catch (e) { selection = null; }
    }
    while (main.firstChild) main.removeChild(main.firstChild);
    add(main, nodes);
    if (key !== screen) {
      screen = key;
      var h = document.getElementById('screen-heading');
      if (h) h.focus();
    } else if (focusedId) {
      var again = document.getElementById(focusedId);
      if (again) {
        again.focus();
        if (selection && again.setSelectionRange) {
          try { again.setSelectionRange(selection[0], selection[1]); } catch (e) { /* not text */ }
        }
      }
    }
  }

  function setOffline(lost) {
    offline.hidden = !lost;
  }

  // ---- talking to the laptop --------------------------------------------------------------

  function api(method, path, body) {
    var options = { method: method, headers: {}, credentials: 'same-origin', cache: 'no-store' };
    if (body !== undefined) {
      options.headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(body);
    }
    return fetch(path, options).then(function (response) {
      return response.text().then(function (text) {
        var data = {};
        try { data = text ? JSON.parse(text) : {}; } catch (e) { data = {}; }
        return { status: response.status, data: data || {} };
      });
    });
  }

  var UNREACHABLE = 'Cannot reach the laptop. Check that this phone is on the room\u2019s Wi-Fi, then try again.';

  function listen() {
    stopListening();
    if (!window.EventSource) { poll(''); return; }
    events = new EventSource('/api/events');
    events.addEventListener('state', function (event) {
      setOffline(false);
      try { show(JSON.parse(event.data)); } catch (e) { /* a broken event is skipped */ }
    });
    events.addEventListener('gone', function () {
      stopListening();
      showJoin('This phone is no longer joined (the session changed). Join again.');
    });
    events.onopen = function () { setOffline(false); };
    events.onerror = function () {
      setOffline(true);
      if (events && events.readyState === 2) {
        // Refused, not just lost: find out why.
        stopListening();
        setTimeout(recheck, 2000);
      }
    };
  }

  function stopListening() {
    if (events) { events.close(); events = null; }
  }

  // Long polling, for a browser without server-sent events.
  function poll(tag) {
    fetch('/api/state?since=' + encodeURIComponent(tag), { credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) {
        if (response.status === 401) { showJoin('Join again: this phone is no longer joined.'); return null; }
        var next = (response.headers.get('ETag') || '').replace(/"/g, '');
        return response.json().then(function (data) { setOffline(false); show(data); poll(next); });
      })
      .catch(function () { setOffline(true); setTimeout(function () { poll(''); }, 2000); });
  }

  function recheck() {
    api('GET', '/api/state').then(function (r) {
      if (r.status === 200) { setOffline(false); show(r.data); listen(); }
      else if (r.status === 401) { setOffline(false); showJoin('Join again: this phone is no longer joined.'); }
      else setTimeout(recheck, 3000);
    }, function () { setTimeout(recheck, 3000); });
  }

  // ---- joining ----------------------------------------------------------------------------

  function pinFromLink() {
    var match = /(?:^#|&)pin=(\d{6})/.exec(window.location.hash || '');
    if (match) {
      // The PIN came in the QR code's link; it is not kept in the address bar.
      try { history.replaceState(null, '', window.location.pathname); } catch (e) { /* old browser */ }
      return match[1];
    }
    return '';
  }

  function showJoin(error) {
    state = null;
    rendered = '';
    me.hidden = true;
    var errorBox = el('p', { class: 'error', role: 'alert', id: 'join-error', text: error || '' });
    var pin = el('input', {
      id: 'pin', name: 'pin', type: 'tel', inputmode: 'numeric', autocomplete: 'one-time-code',
      class: 'pin', maxlength: '6', pattern: '[0-9]*', required: true, 'aria-describedby': 'pin-hint',
      value: joinValues.pin
    });
    var name = el('input', {
      id: 'name', name: 'name', type: 'text', autocomplete: 'name', autocapitalize: 'words',
      maxlength: '100', required: true, 'aria-describedby': 'name-hint', value: joinValues.name
    });
    var button = el('button', { type: 'submit', class: 'btn', id: 'join', text: 'Join' });
    var form = el('form', { novalidate: true, onsubmit: function (event) {
      event.preventDefault();
      joinValues.pin = pin.value.replace(/\D/g, '');
      joinValues.name = name.value.trim();
      if (joinValues.pin.length !== 6) { fail('Type the 6-digit PIN shown on the projector.', pin); return; }
      if (!joinValues.name) { fail('Type your name as it is on the list, or your email.', name); return; }
      button.disabled = true;
      button.textContent = 'Joining\u2026';
      join({ pin: joinValues.pin, name: joinValues.name }, function (message, field) {
        button.disabled = false;
        button.textContent = 'Join';
        fail(message, field === 'pin' ? pin : name);
      });
    } },
      el('label', { for: 'pin', text: 'PIN' }),
      el('p', { class: 'hint', id: 'pin-hint', text: 'The 6 digits on the projector.' }),
      pin,
      el('label', { for: 'name', text: 'Your name' }),
      el('p', { class: 'hint', id: 'name-hint', text: 'As it is on the list, or your email.' }),
      name,
      errorBox,
      button);
    function fail(message, field) {
      errorBox.textContent = message;
      if (field) field.focus();
    }
    draw('join', [heading('Join the session'), form]);
    if (!error) (joinValues.pin ? name : pin).focus();
  }

  // Sends a join; `fail(message, field)` shows what to fix on the form it came from.
  function join(body, fail) {
    api('POST', '/api/join', body).then(function (r) {
      var message = r.data.message || '';
      if (r.status === 200 || r.status === 202) { start(); return; }
      if (r.status === 300) { showChoose(body, r.data.choose || [], r.data.email); return; }
      if (r.status === 404) { showNotFound(body); return; }
      if (r.status === 403) { fail(message || 'That PIN is not right.', 'pin'); return; }
      fail(message || 'Joining did not work (' + r.status + '). Try again.', 'name');
    }, function () { fail(UNREACHABLE, 'name'); });
  }

  function showChoose(body, labels, askEmail) {
    var error = el('p', { class: 'error', role: 'alert', id: 'choose-error' });
    var buttons = labels.map(function (label, i) {
      return el('button', { type: 'button', class: 'choice', id: 'choice-' + i, onclick: function () {
        join({ pin: body.pin, name: body.name, choice: label }, function (message) { error.textContent = message; });
      } }, label);
    });
    draw('choose', [
      heading('Which one is you?'),
      el('p', { text: 'More than one person on the list has that name.' }),
      el('div', { role: 'group', 'aria-labelledby': 'screen-heading' }, buttons),
      askEmail ? el('p', { class: 'note', text: 'Not listed here? Go back and type your email instead of your name.' }) : null,
      error,
      el('button', { type: 'button', class: 'btn secondary', id: 'back', text: 'Back', onclick: function () { showJoin(); } })
    ]);
  }

  function showNotFound(body) {
    var error = el('p', { class: 'error', role: 'alert', id: 'walk-in-error' });
    draw('not-found', [
      heading('Not on the list'),
      el('p', {}, 'No one called \u201c', el('strong', { text: body.name }), '\u201d is on this session\u2019s list.'),
      el('p', { text: 'Check the spelling, or try your email. If you are new today, ask to be let in.' }),
      el('button', { type: 'button', class: 'btn', id: 'retype', text: 'Type it again', onclick: function () { showJoin(); } }),
      el('button', { type: 'button', class: 'btn secondary', id: 'walk-in', text: 'Ask to be let in', onclick: function () {
        join({ pin: body.pin, name: body.name, walk_in: true }, function (message) { error.textContent = message; });
      } }),
      error
    ]);
  }

  function leave() {
    stopListening();
    api('POST', '/api/leave').then(function () { showJoin(); }, function () { showJoin(); });
  }

  function confirmLeave() {
    draw('leave', [
      heading('Not you?'),
      el('p', { text: 'Leave on this phone, then join with your own name.' }),
      el('button', { type: 'button', class: 'btn', id: 'leave', text: 'Leave', onclick: leave }),
      el('button', { type: 'button', class: 'btn secondary', id: 'stay', text: 'Stay', onclick: function () {
        var last = state;
        rendered = '';
        screen = '';
        if (last) show(last);
      } })
    ]);
  }

  // ---- the room ---------------------------------------------------------------------------

  function show(next) {
    state = next;
    var json = JSON.stringify(next);
    if (json === rendered) return;
    rendered = json;
    deckName.textContent = next.title || 'Podium';
    me.hidden = next.status !== 'joined' || !next.name;
    meName.textContent = next.name || '';
    if (next.status === 'waiting') { showWaiting(next); return; }
    if (next.status === 'turned_away') { showTurnedAway(); return; }
    if (next.item) { showItem(next); return; }
    if (next.roleplay) { showRolePlay(next.roleplay); return; }
    draw('idle', [
      heading(next.name ? 'You\u2019re in, ' + next.name : 'You\u2019re in'),
      el('p', { text: 'Questions appear here when the facilitator shows them. Keep this page open; it updates by itself.' })
    ]);
  }

  function showWaiting(next) {
    draw('waiting', [
      heading('Waiting to be let in'),
      el('p', {}, 'The facilitator has been asked to let in ', el('strong', { text: next.name || '' }), '.'),
      el('p', { text: 'Keep this page open. It changes by itself once they do.' }),
      el('button', { type: 'button', class: 'btn secondary', id: 'cancel', text: 'Cancel', onclick: leave })
    ]);
  }

  function showTurnedAway() {
    draw('turned-away', [
      heading('Not let in'),
      el('p', { text: 'The facilitator did not let this phone in. If that is a mistake, tell them, then try again.' }),
      el('button', { type: 'button', class: 'btn', id: 'again', text: 'Try again', onclick: leave })
    ]);
  }

  var KIND_LABEL = { Poll: 'Poll', Quiz: 'Quiz', Rating: 'Rating', FreeText: 'Your words' };

  function showItem(next) {
    var item = next.item;
    var key = 'item-' + item.id;
    var parts = [el('p', { class: 'kind', text: KIND_LABEL[item.kind] || item.kind }), heading(item.prompt)];
    if (!item.open) {
      parts.push(el('p', { class: 'note', text: 'This question is closed.' }));
      parts.push(yourAnswer(item, next.answer));
    } else if (item.kind === 'Rating') {
      parts.push(ratingForm(item, next.answer, key));
    } else if (item.kind === 'FreeText') {
      parts.push(textForm(item, next.answer, key));
    } else if (item.anonymous || item.multiple) {
      parts.push(pickThenSend(item, next.answer, key));
    } else {
      parts.push(tapToAnswer(item, next.answer, key));
    }
    if (item.open) parts.push(status(key));
    if (next.results) parts.push(results(item, next.results, next.answer));
    draw(key, parts);
  }

  function optionLabel(item, i) {
    return LETTERS.charAt(i % 26) + '. ' + item.options[i];
  }

  function choiceContent(item, i) {
    return [el('span', { class: 'letter', 'aria-hidden': 'true', text: LETTERS.charAt(i % 26) }), el('span', { text: item.options[i] })];
  }

  // A single-choice poll or quiz: one tap answers, another tap changes it.
  function tapToAnswer(item, answer, key) {
    var current = answer && typeof answer.option === 'number' ? answer.option : -1;
    var buttons = item.options.map(function (_, i) {
      return el('button', {
        type: 'button', class: 'choice', id: 'option-' + i, 'aria-pressed': String(i === current),
        onclick: function () {
          buttons.forEach(function (b, j) { b.setAttribute('aria-pressed', String(i === j)); });
          send(key, { item: item.id, option: i }, 'Saved: ' + optionLabel(item, i) + '. You can change it until the question closes.');
        }
      }, choiceContent(item, i));
    });
    return [
      el('p', { class: 'hint', id: key + '-how', text: current >= 0 ? 'Tap another answer to change yours.' : 'Tap your answer.' }),
      el('div', { role: 'group', 'aria-labelledby': 'screen-heading', 'aria-describedby': key + '-how' }, buttons)
    ];
  }

  // Several options, or an anonymous vote (which cannot be changed): pick, then send.
  function pickThenSend(item, answer, key) {
    var voted = answer && answer.voted;
    if (item.anonymous && voted) {
      return el('p', { class: 'note', text: 'Your anonymous vote is in. No one can see who voted for what, so it cannot be changed.' });
    }
    var picked = chosen[key] || (answer && answer.options ? answer.options.slice() : []);
    chosen[key] = picked;
    var multiple = item.multiple;
    var inputs = item.options.map(function (_, i) {
      var box = el('input', {
        type: multiple ? 'checkbox' : 'radio', name: key, id: 'option-' + i, value: String(i)
      });
      box.checked = picked.indexOf(i) >= 0;
      var label = el('label', { class: 'choice' + (box.checked ? ' checked' : ''), for: 'option-' + i },
        box, el('span', { text: optionLabel(item, i) }));
      box.addEventListener('change', function () {
        if (multiple) {
          var at = picked.indexOf(i);
          if (box.checked && at < 0) picked.push(i);
          if (!box.checked && at >= 0) picked.splice(at, 1);
        } else {
          picked.length = 0;
          picked.push(i);
        }
        item.options.forEach(function (_, j) {
          var other = document.getElementById('option-' + j);
          if (other) other.parentNode.className = 'choice' + (other.checked ? ' checked' : '');
        });
      });
      return label;
    });
    var how = multiple ? 'Choose all that apply, then send.' : 'Choose one, then send your vote.';
    if (item.anonymous) how += ' The vote is anonymous: it cannot be changed once sent.';
    return [
      el('fieldset', { 'aria-describedby': key + '-how' },
        el('legend', { class: 'visually-hidden', text: item.prompt }),
        el('p', { class: 'hint', id: key + '-how', text: how }),
        inputs),
      el('button', { type: 'button', class: 'btn', id: 'send', text: item.anonymous ? 'Send vote' : 'Send', onclick: function () {
        if (!picked.length) { setNote(key, 'Choose an option first.', 'bad'); return; }
        var body = { item: item.id };
        if (multiple) body.options = picked.slice().sort(function (a, b) { return a - b; });
        else body.option = picked[0];
        send(key, body, item.anonymous ? 'Vote sent. Thank you.' : 'Saved. You can change it until the question closes.');
      } })
    ];
  }

  function ratingForm(item, answer, key) {
    var current = answer && typeof answer.rating === 'number' ? answer.rating : null;
    var buttons = [];
    var labels = item.labels || null;
    for (var n = item.min; n <= item.max; n++) {
      (function (value) {
        var spoken = String(value);
        if (labels && value === item.min) spoken += ', ' + labels[0];
        if (labels && value === item.max) spoken += ', ' + labels[1];
        buttons.push(el('button', {
          type: 'button', class: 'choice', id: 'rating-' + value, 'aria-pressed': String(value === current),
          'aria-label': spoken,
          onclick: function () {
            buttons.forEach(function (b) { b.setAttribute('aria-pressed', String(b.id === 'rating-' + value)); });
            send(key, { item: item.id, rating: value }, 'Saved: ' + value + '. You can change it until the question closes.');
          }
        }, String(value)));
      })(n);
    }
    return [
      el('p', { class: 'hint', id: key + '-how', text: 'Tap a number from ' + item.min + ' to ' + item.max + '.' }),
      el('div', { class: 'scale', role: 'group', 'aria-labelledby': 'screen-heading', 'aria-describedby': key + '-how' }, buttons),
      labels ? el('div', { class: 'ends', 'aria-hidden': 'true' },
        el('span', { text: item.min + ': ' + labels[0] }), el('span', { text: item.max + ': ' + labels[1] })) : null
    ];
  }

  function textForm(item, answer, key) {
    var saved = answer && typeof answer.text === 'string' ? answer.text : '';
    var max = item.max_length || 1000;
    if (!(key in drafts)) drafts[key] = saved;
    var count = el('p', { class: 'count', id: key + '-count', 'aria-live': 'off' });
    var box = el('textarea', { id: 'answer-text', maxlength: String(max), rows: '5', 'aria-describedby': key + '-count' });
    box.value = drafts[key];
    function counted() { count.textContent = Array.from(box.value).length + ' of ' + max + ' characters'; }
    box.addEventListener('input', function () { drafts[key] = box.value; counted(); });
    counted();
    return [
      el('label', { for: 'answer-text', text: saved ? 'Your answer (edit and send again to change it)' : 'Your answer' }),
      box, count,
      el('button', { type: 'button', class: 'btn', id: 'send', text: saved ? 'Send changes' : 'Send', onclick: function () {
        if (!box.value.trim()) { setNote(key, 'Write something first.', 'bad'); box.focus(); return; }
        send(key, { item: item.id, text: box.value }, 'Saved. You can change it until the question closes.');
      } })
    ];
  }

  function yourAnswer(item, answer) {
    if (!answer) return el('p', { text: 'You did not answer.' });
    if (answer.voted) return el('p', { text: 'Your anonymous vote was counted.' });
    var text = '';
    if (typeof answer.option === 'number') text = optionLabel(item, answer.option);
    else if (answer.options) text = answer.options.map(function (i) { return optionLabel(item, i); }).join('; ');
    else if (typeof answer.rating === 'number') text = String(answer.rating);
    else if (typeof answer.text === 'string') text = answer.text;
    return el('div', {}, el('h2', { text: 'Your answer' }), el('p', { class: 'multiline', text: text }));
  }

  function send(key, body, saved) {
    setNote(key, 'Sending\u2026', '');
    api('POST', '/api/answer', body).then(function (r) {
      if (r.status === 200) { delete chosen[key]; setNote(key, saved, 'good'); return; }
      if (r.status === 202) { setNote(key, 'Received. ' + (r.data.message || 'The laptop saves it as soon as it can.'), 'warn'); return; }
      if (r.status === 401) { showJoin('Join again: this phone is no longer joined.'); return; }
      setNote(key, 'Not saved: ' + (r.data.message || 'error ' + r.status + '.'), 'bad');
    }, function () { setNote(key, 'Not sent. ' + UNREACHABLE, 'bad'); });
  }

  function results(item, shown, answer) {
    var list = el('ul', { class: 'bars' });
    var total = shown.respondents || 0;
    var counts = shown.counts || [];
    var most = Math.max.apply(null, counts.concat([1]));
    counts.forEach(function (count, i) {
      var label = shown.kind === 'scale' ? String(shown.min + i) : optionLabel(item, i);
      var right = shown.correct === i;
      var mine = answer && (answer.option === i || (answer.options && answer.options.indexOf(i) >= 0) ||
        (shown.kind === 'scale' && answer.rating === shown.min + i));
      var percent = total ? Math.round(100 * count / total) : 0;
      var fill = el('div', { class: 'fill' });
      fill.style.width = (100 * count / most) + '%';
      list.appendChild(el('li', { class: right ? 'right' : '' },
        el('div', { class: 'bar-text' },
          el('span', {}, label,
            right ? el('span', { class: 'tag right', text: ' \u2714 right answer' }) : null,
            mine ? el('span', { class: 'tag', text: ' (yours)' }) : null),
          el('span', { class: 'n', text: count + ' (' + percent + '%)' })),
        el('div', { class: 'bar', 'aria-hidden': 'true' }, fill)));
    });
    var summary = total === 1 ? '1 answer' : total + ' answers';
    if (shown.kind === 'scale' && total) summary += ', average ' + shown.mean.toFixed(1);
    var verdict = null;
    if (typeof shown.correct === 'number' && answer && typeof answer.option === 'number') {
      verdict = el('p', { class: 'note', text: answer.option === shown.correct
        ? 'You got it right.' : 'Not this time: the right answer is ' + optionLabel(item, shown.correct) + '.' });
    }
    return el('section', { 'aria-labelledby': 'results-heading' },
      el('h2', { id: 'results-heading', text: 'Results' }),
      el('p', { class: 'hint', text: summary }),
      verdict, list);
  }

  // ---- role-play --------------------------------------------------------------------------

  function showRolePlay(rp) {
    var key = 'rp-' + rp.id + '-' + rp.round;
    var parts = [
      el('p', { class: 'kind', text: 'Role-play \u00b7 round ' + rp.round + ' of ' + rp.rounds }),
      heading(rp.title)
    ];
    var part = rp.part;
    if (!part) {
      parts.push(el('p', { text: 'You are not in a group for this role-play. Ask the facilitator if you should be.' }));
    } else {
      parts.push(el('p', { text: 'Group ' + part.group + '. You play:' }));
      parts.push(el('p', { class: 'role', text: part.role }));
      parts.push(el('h2', { text: part.private ? 'Your private brief' : 'Your brief' }));
      if (part.private) parts.push(el('p', { class: 'private', text: 'Only you see this. Do not show it to the others.' }));
      parts.push(el('div', { class: 'brief', text: part.brief }));
    }
    parts.push(el('details', {}, el('summary', { text: 'The scenario' }), el('p', { class: 'multiline', text: rp.scenario })));
    if (part && part.sheet) parts.push(scoreSheet(rp, part.sheet, key));
    draw(key, parts);
  }

  function scoreSheet(rp, sheet, key) {
    var draft = drafts[key];
    if (!draft) {
      draft = {
        scores: sheet.rubric.map(function (_, i) { return sheet.saved ? sheet.saved.scores[i] : 0; }),
        comment: sheet.saved ? sheet.saved.comment : ''
      };
      drafts[key] = draft;
    }
    var criteria = sheet.rubric.map(function (criterion, c) {
      var buttons = [];
      for (var n = 1; n <= sheet.scale; n++) {
        (function (value) {
          buttons.push(el('button', {
            type: 'button', class: 'choice', id: 'score-' + c + '-' + value,
            'aria-pressed': String(draft.scores[c] === value), disabled: !sheet.open,
            onclick: function () {
              draft.scores[c] = value;
              buttons.forEach(function (b, j) { b.setAttribute('aria-pressed', String(j + 1 === value)); });
            }
          }, String(value)));
        })(n);
      }
      return el('fieldset', { class: 'criterion', 'aria-describedby': 'describe-' + c },
        el('legend', { text: criterion.name }),
        el('p', { class: 'hint', id: 'describe-' + c, text: criterion.describe }),
        el('div', { class: 'scale' }, buttons));
    });
    var comment = el('textarea', { id: 'sheet-comment', maxlength: '1000', rows: '4', disabled: !sheet.open });
    comment.value = draft.comment;
    comment.addEventListener('input', function () { draft.comment = comment.value; });
    var noteKey = key + '-sheet';
    return el('section', { 'aria-labelledby': 'sheet-heading' },
      el('h2', { id: 'sheet-heading', text: 'Score sheet for ' + sheet.seller }),
      el('p', { class: 'hint', text: 'You observe ' + sheet.seller + ' in round ' + rp.round + '. Score each point from 1 (weak) to ' + sheet.scale + ' (strong).' }),
      criteria,
      el('label', { for: 'sheet-comment', text: 'Comment (optional)' }),
      comment,
      sheet.open ? el('button', { type: 'button', class: 'btn', id: 'save-sheet', text: sheet.saved ? 'Save changes' : 'Save score sheet', onclick: function () {
        if (draft.scores.indexOf(0) >= 0) { setNote(noteKey, 'Score every point first.', 'bad'); return; }
        setNote(noteKey, 'Saving\u2026', '');
        api('POST', '/api/score', { item: rp.id, round: rp.round, scores: draft.scores, comment: draft.comment }).then(function (r) {
          if (r.status === 200) { setNote(noteKey, 'Score sheet saved. You can change it during this round.', 'good'); return; }
          if (r.status === 202) { setNote(noteKey, 'Received. ' + (r.data.message || ''), 'warn'); return; }
          setNote(noteKey, 'Not saved: ' + (r.data.message || 'error ' + r.status + '.'), 'bad');
        }, function () { setNote(noteKey, 'Not sent. ' + UNREACHABLE, 'bad'); });
      } }) : el('p', { class: 'note', text: 'Score sheets for this round are closed.' }),
      status(noteKey));
  }

  // ---- start ------------------------------------------------------------------------------

  function start() {
    api('GET', '/api/state').then(function (r) {
      if (r.status === 200) { show(r.data); listen(); }
      else showJoin();
    }, function () { showJoin(UNREACHABLE); });
  }

  document.getElementById('not-me').addEventListener('click', confirmLeave);
  joinValues.pin = pinFromLink();
  start();
})();
