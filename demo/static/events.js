// The strict-CSP demo page's own script: lists the widget's events and any CSP violation, without innerHTML.
const log = (kind, detail) => {
  const li = document.createElement('li');
  li.dataset.kind = kind;
  li.textContent = `${kind} ${JSON.stringify(detail)}`;
  const list = document.getElementById('log');
  if (list) list.append(li);
  else document.addEventListener('DOMContentLoaded', () => document.getElementById('log')?.append(li));
};
window.regainEvents = [];
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  const v = { directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample };
  window.cspViolations.push(v);
  log('csp-violation', v);
});
for (const type of ['regain:done', 'regain:cancel', 'regain:error']) {
  document.addEventListener(type, (e) => {
    window.regainEvents.push({ type, detail: e.detail });
    log(type, e.detail);
  });
}
