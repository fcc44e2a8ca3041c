'use strict';
// The page of the login demo. Every button calls the demo server's /api/, which calls the sidecar.
// WebAuthn JSON goes through unchanged: options from the sidecar into parse*OptionsFromJSON(), and
// credential.toJSON() back to the sidecar.

const $ = (id) => document.getElementById(id);
let seq = 0;

async function api(path, body = {}) {
  const response = await fetch('/api/' + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const data = await response.json();
  if (!response.ok) {
    throw new Error(data.error || response.statusText);
  }
  return data;
}

function report(state, text) {
  const status = $('status');
  status.textContent = text;
  status.dataset.state = state;
  status.dataset.seq = String(++seq);
}

/** Runs an action, showing "Working…" while it runs and its message or error afterwards. */
async function run(work) {
  $('status').dataset.state = 'busy';
  $('status').textContent = 'Working…';
  try {
    report('ok', await work());
  } catch (e) {
    report('error', e.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : e.message);
  }
}

function on(id, work) {
  $(id).addEventListener('click', () => run(work));
}

function render(session) {
  const stage = session.stage;
  $('signed-out').hidden = stage !== 'SIGNED_OUT';
  $('second-factor').hidden = stage !== 'SECOND_FACTOR';
  $('signed-in').hidden = stage !== 'SIGNED_IN';
  $('who').textContent = stage === 'SIGNED_IN' ? session.username : '';
  $('stage').textContent =
    stage === 'SECOND_FACTOR' ? `(${session.username}: second factor needed)` : '';
  const factors = session.factors || [];
  $('factor-summary').textContent =
    factors.map((f) => `${f.label} (${f.type === 'TOTP' ? 'authenticator app' : 'security key'})`)
      .join(', ');
  $('factors').replaceChildren(...factors.map(factorItem));
  if (stage !== 'SIGNED_IN') {
    $('totp-enroll').hidden = true;
  }
}

function factorItem(factor) {
  const item = document.createElement('li');
  item.dataset.factorId = factor.id;
  item.dataset.type = factor.type;
  const label = document.createElement('span');
  label.className = 'label';
  label.textContent = factor.label;
  const used = factor.lastUsedAt ? `, last used ${factor.lastUsedAt}` : '';
  const remove = document.createElement('button');
  remove.className = 'remove';
  remove.textContent = 'Remove';
  remove.addEventListener('click', () =>
    run(async () => {
      const session = await api('factors/remove', { factorId: factor.id });
      render(session);
      return `Removed '${factor.label}'`;
    }));
  item.append(label, ` (${factor.type}${used}) `, remove);
  return item;
}

function requireWebAuthnJson() {
  if (!window.PublicKeyCredential || !PublicKeyCredential.parseCreationOptionsFromJSON) {
    throw new Error('This browser lacks WebAuthn Level 3 JSON support (parse*OptionsFromJSON)');
  }
}

async function signInWithKey() {
  requireWebAuthnJson();
  const start = await api('webauthn/authenticate/start');
  const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(JSON.parse(start.options));
  const credential = await navigator.credentials.get({ publicKey });
  const session = await api('webauthn/authenticate/finish', {
    credential: JSON.stringify(credential.toJSON()),
  });
  render(session);
  return session.message;
}

function credentials() {
  return { username: $('username').value, password: $('password').value };
}

on('signup', async () => {
  const session = await api('signup', credentials());
  $('password').value = '';
  render(session);
  return session.message;
});

on('signin', async () => {
  const session = await api('signin', credentials());
  $('password').value = '';
  render(session);
  return session.message;
});

on('passkey-signin', signInWithKey);
on('key-verify', signInWithKey);

on('totp-verify', async () => {
  const session = await api('totp/verify', { code: $('totp-code').value });
  $('totp-code').value = '';
  render(session);
  return session.message;
});

on('cancel', async () => {
  render(await api('signout'));
  return 'Signed out';
});

on('signout', async () => {
  render(await api('signout'));
  return 'Signed out';
});

on('totp-begin', async () => {
  const begun = await api('totp/begin', { label: $('totp-label').value });
  // The sidecar's SVG is shown as an image, so no markup of it ever runs in the page.
  $('totp-qr').src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(begun.qrSvg);
  $('totp-secret').textContent = begun.secret;
  $('totp-enroll').hidden = false;
  return begun.message;
});

on('totp-confirm', async () => {
  const session = await api('totp/confirm', { code: $('totp-confirm-code').value });
  $('totp-confirm-code').value = '';
  $('totp-enroll').hidden = true;
  render(session);
  return session.message;
});

on('key-register', async () => {
  requireWebAuthnJson();
  const start = await api('webauthn/register/start');
  const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(JSON.parse(start.options));
  const credential = await navigator.credentials.create({ publicKey });
  const session = await api('webauthn/register/finish', {
    credential: JSON.stringify(credential.toJSON()),
    label: $('key-label').value,
  });
  render(session);
  return session.message;
});

run(async () => {
  const session = await api('session');
  render(session);
  return session.stage === 'SIGNED_OUT' ? 'Ready: sign in or sign up' : 'Welcome back';
});
