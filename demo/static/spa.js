// A two-step single-page sign-in: the user name first, then the form is re-rendered for the password.
const root = document.getElementById('spa');
const el = (tag, props, ...children) => {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
};
const labelled = (text, input) => el('label', {}, `${text} `, input);

function render(step, username) {
  const form = el('form', { id: 'signin', method: 'post', action: '/login' });
  form.append(el('input', { type: 'hidden', name: 'from', value: '/spa' }));
  if (step === 'username') {
    const input = el('input', { id: 'username', name: 'username', autocomplete: 'username', required: true });
    input.value = username;
    form.append(labelled('User name', input), el('button', { type: 'submit' }, 'Next'));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      render('password', input.value);
    });
  } else {
    const shown = el('input', { id: 'username', name: 'username', autocomplete: 'username', readOnly: true });
    shown.value = username;
    const password = el('input', {
      id: 'password',
      name: 'password',
      type: 'password',
      autocomplete: 'current-password',
      required: true,
    });
    const back = el('button', { type: 'button' }, 'Back');
    back.addEventListener('click', () => render('username', username));
    form.append(
      labelled('User name', shown),
      labelled('Password', password),
      el('button', { type: 'submit' }, 'Sign in'),
      back,
    );
  }
  // Replaces the whole form, as many identity providers' pages do between steps.
  root.replaceChildren(form);
  form.querySelector('input:not([type=hidden])')?.focus();
}
render('username', '');
